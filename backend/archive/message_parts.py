"""The MIME tree of one message sorted into body parts, attachments and attached messages.

Parts are named like IMAP body sections ("1", "2.1"), so a defect can point at the part at fault.
The walk is bounded (MAX_PARTS leaves in all, MAX_MIME_DEPTH levels) so a hostile tree cannot hang
it, and attached message/rfc822 parts are walked as their own messages, for forward unwrapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import Message

from backend.archive.defects import DefectLog
from backend.archive.limits import MAX_MIME_DEPTH, MAX_PARTS
from backend.archive.mime import (
    content_type,
    filename,
    is_attachment_disposition,
    parse_embedded_message,
    payload_bytes,
    record_part_defects,
    reparse_multipart,
)


@dataclass(frozen=True)
class Leaf:
    path: str
    part: Message
    content_type: str
    filename: str | None


@dataclass
class MessageParts:
    plain: list[Leaf] = field(default_factory=list)  # text/plain body parts, in order
    html: list[Leaf] = field(default_factory=list)  # text/html body parts, in order
    attachments: list[Leaf] = field(default_factory=list)  # attached messages' own parts included
    attached: list[AttachedMessage] = field(default_factory=list)
    broken_text: list[Leaf] = field(default_factory=list)  # multiparts that could not be split


@dataclass(frozen=True)
class AttachedMessage:
    leaf: Leaf  # the message/rfc822 part itself (also listed among the outer attachments)
    message: Message
    parts: MessageParts


class _Budget:
    def __init__(self, limit: int) -> None:
        self.remaining = limit
        self.exhausted = False


def collect_parts(message: Message, defects: DefectLog) -> MessageParts:
    """Sort the parts of `message` (attached messages included, each with its own parts)."""
    parts = MessageParts()
    _visit(message, _body_path("", message), 0, parts, _Budget(MAX_PARTS), defects)
    return parts


def _visit(part: Message, path: str, depth: int, into: MessageParts, budget: _Budget, defects: DefectLog) -> None:
    shown = path or "message"
    if depth > MAX_MIME_DEPTH:
        defects.add("too_deep", f"more than {MAX_MIME_DEPTH} levels at part {shown}")
        return
    ctype = content_type(part)
    if ctype.startswith("multipart/") and not part.is_multipart():
        repaired = reparse_multipart(part, ctype)
        if repaired is not None:
            defects.add("broken_multipart", f"{ctype} boundary re-read without quotes in part {shown}")
            part = repaired
    if part.is_multipart() and ctype.startswith("multipart/"):
        record_part_defects(part, shown, defects)
        children = part.get_payload()
        for index, child in enumerate(children if isinstance(children, list) else [], start=1):
            if isinstance(child, Message):
                child_path = f"{path}.{index}" if path else str(index)
                _visit(child, child_path, depth + 1, into, budget, defects)
        return
    if budget.remaining <= 0:
        if not budget.exhausted:
            budget.exhausted = True
            defects.add("too_many_parts", f"more than {MAX_PARTS} parts: the rest skipped")
        return
    budget.remaining -= 1
    leaf = Leaf(path=shown, part=part, content_type=ctype, filename=filename(part))
    if ctype == "message/rfc822":
        _visit_attached_message(leaf, depth, into, budget, defects)
    elif ctype.startswith("multipart/"):
        # The parser found no boundary: keep the raw text rather than lose the body.
        defects.add("broken_multipart", f"{ctype} without usable boundary in part {shown}")
        into.broken_text.append(leaf)
    elif _is_body(leaf, part, into):
        (into.plain if ctype == "text/plain" else into.html).append(leaf)
    else:
        into.attachments.append(leaf)


def _body_path(message_path: str, message: Message) -> str:
    """Where a message's body sits in IMAP numbering: a multipart's children are <path>.N, a single part <path>.1."""
    if content_type(message).startswith("multipart/"):
        return message_path
    return f"{message_path}.1" if message_path else "1"


def _is_body(leaf: Leaf, part: Message, into: MessageParts) -> bool:
    if leaf.content_type not in ("text/plain", "text/html") or is_attachment_disposition(part):
        return False
    existing = into.plain if leaf.content_type == "text/plain" else into.html
    # A named inline text part is a file (notes.txt) unless the message has no body of that kind yet.
    return leaf.filename is None or not existing


def _visit_attached_message(leaf: Leaf, depth: int, into: MessageParts, budget: _Budget, defects: DefectLog) -> None:
    payload = leaf.part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, Message):
        inner = parse_embedded_message(payload_bytes(leaf.part, leaf.path, defects))
    else:
        record_part_defects(leaf.part, leaf.path, defects)
    if inner is None:
        into.attachments.append(leaf)
        return
    inner_parts = MessageParts()
    _visit(inner, _body_path(leaf.path, inner), depth + 1, inner_parts, budget, defects)
    into.attached.append(AttachedMessage(leaf=leaf, message=inner, parts=inner_parts))
    # The outer message lists the .eml and then its files, in document order: a PDF inside a
    # forwarded message is still a file the recipient received.
    into.attachments.append(leaf)
    into.attachments.extend(inner_parts.attachments)
