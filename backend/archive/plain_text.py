"""Clean-up shared by every text the snapshot stores (plain bodies, converted HTML, attachment text).

The extractor reads text line by line, so the shape matters: one paragraph or list item per line
group, no trailing blanks, at most one blank line in a row, no invisible characters that split words.
"""

from __future__ import annotations

import re

# Invisible characters that mail templates use to pad preview text or that break word matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Unix newlines, no control or invisible characters, no trailing spaces, no blank-line runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def unflow(text: str, *, delsp: bool) -> str:
    """Join the soft line breaks of a format=flowed body (RFC 3676) into whole paragraphs."""
    out: list[str] = []
    pending = ""
    for raw_line in text.replace("\r\n", "\n").split("\n"):
        line = raw_line
        if line.startswith(" "):  # space-stuffing
            line = line[1:]
        flowed = line.endswith(" ") and line != "-- "
        if flowed:
            pending += line[:-1] if delsp else line
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return "\n".join(out)


def truncate(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut to at most `limit` characters at a line break when one is near; True when cut."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind("\n", max(0, limit - 2000), limit)
    return text[: cut if cut > 0 else limit], True
