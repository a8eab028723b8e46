"""The two body texts of a message: its text/plain body and its text/html body as text.

Both are kept when a message has both (multipart/alternative): the extractor prefers whichever reads
better, and a text-only copy of an HTML mail must be recognisable as the same report. Several inline
parts of one kind (Apple Mail splits a body around inline images) are joined in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.archive.defects import DefectLog
from backend.archive.html_text import html_to_text
from backend.archive.limits import MAX_BODY_CHARS, MAX_HTML_CHARS
from backend.archive.message_parts import Leaf, MessageParts
from backend.archive.mime import part_text
from backend.archive.plain_text import normalize_text, truncate


@dataclass(frozen=True)
class BodyText:
    text_body: str
    html_text: str

    @property
    def best(self) -> str:
        """The plain body when there is one, else the converted HTML."""
        return self.text_body or self.html_text


def body_text(parts: MessageParts, defects: DefectLog) -> BodyText:
    plain = [_decoded(leaf, defects) for leaf in [*parts.plain, *parts.broken_text]]
    text_body = _bounded(normalize_text("\n\n".join(text for text in plain if text.strip())), "text", defects)
    converted = [_converted_html(leaf, defects) for leaf in parts.html]
    html_text = _bounded(normalize_text("\n\n".join(text for text in converted if text)), "html", defects)
    return BodyText(text_body=text_body, html_text=html_text)


def _decoded(leaf: Leaf, defects: DefectLog) -> str:
    return part_text(leaf.part, leaf.path, defects)


def _converted_html(leaf: Leaf, defects: DefectLog) -> str:
    markup, cut = truncate(_decoded(leaf, defects), MAX_HTML_CHARS)
    if cut:
        defects.add("body_truncated", f"HTML above {MAX_HTML_CHARS} characters in part {leaf.path}")
    converted = html_to_text(markup)
    if converted.used_fallback:
        defects.add("html_fallback", f"part {leaf.path}")
    return converted.text


def _bounded(text: str, which: str, defects: DefectLog) -> str:
    kept, cut = truncate(text, MAX_BODY_CHARS)
    if cut:
        defects.add("body_truncated", f"{which} body above {MAX_BODY_CHARS} characters")
    return kept
