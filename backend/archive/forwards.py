"""The original message inside a forward: an attached .eml, or an inline "FW:"/"Fwd:" block.

A colleague's forward must still be read as the broker's note: its sender, subject and date are
the original's, found either in an attached message/rfc822 part or in the header block a mail
client prints above an inline forward (Outlook "-----Original Message-----" or a rule followed by
From/Sent/To/Subject, Gmail "---------- Forwarded message ---------", Apple Mail "Begin forwarded
message:"), which quotequail recognises. A forward of a forward is unwrapped down to the innermost
original, up to MAX_FORWARD_DEPTH layers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import quotequail

from backend.archive.addresses import addresses_in_header, first_address, parse_address_list
from backend.archive.bodies import BodyText, body_text
from backend.archive.dates import parse_mail_date
from backend.archive.defects import DefectLog
from backend.archive.headers import header_text
from backend.archive.limits import MAX_BODY_CHARS, MAX_FORWARD_DEPTH, MAX_FORWARD_SCAN_LINES
from backend.archive.message_parts import AttachedMessage, MessageParts
from backend.archive.model import ForwardedMessage
from backend.archive.plain_text import normalize_text, truncate

_OUTLOOK_MAILTO = re.compile(r"\s*\[mailto:([^\]\s]+)\]", re.IGNORECASE)
# A forwarded header block always has a From line (in one of the languages quotequail reads);
# checking for one first spares the full line-by-line scan on the many mails that have none.
_FROM_LINE = re.compile(r"^[ \t>*]*(?:from|von|de|van|från|от кого)[ \t*]*:", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class _Layer:
    forwarded: ForwardedMessage
    body: BodyText  # the original's own body, searched for a further forward layer
    parts: MessageParts


def unwrap_forward(body: BodyText, parts: MessageParts, defects: DefectLog) -> ForwardedMessage | None:
    """The innermost original of a forwarded message, or None when the message is not a forward."""
    found: ForwardedMessage | None = None
    for depth in range(MAX_FORWARD_DEPTH + 1):
        layer = _attached_original(parts, defects) or _inline_original(body, defects)
        if layer is None:
            return found
        if depth == MAX_FORWARD_DEPTH:
            defects.add("forward_depth", f"more than {MAX_FORWARD_DEPTH} forward layers")
            return found
        found, body, parts = layer.forwarded, layer.body, layer.parts
    return found


def _attached_original(parts: MessageParts, defects: DefectLog) -> _Layer | None:
    if not parts.attached:
        return None
    attached: AttachedMessage = parts.attached[0]
    message = attached.message
    inner_body = body_text(attached.parts, defects)
    date_header = header_text(message, "date", defects)
    parsed = parse_mail_date(date_header)
    if date_header and parsed is None:
        defects.add("bad_date", f"forwarded message date {date_header!r}")
    text, _ = truncate(inner_body.best, MAX_BODY_CHARS)
    forwarded = ForwardedMessage(
        from_=first_address(addresses_in_header(message, "from", defects)),
        to=addresses_in_header(message, "to", defects),
        subject=header_text(message, "subject", defects),
        date_header=date_header,
        date_utc=parsed.utc_iso if parsed else None,
        utc_offset_minutes=parsed.offset_minutes if parsed else None,
        text=text,
        via="rfc822",
    )
    return _Layer(forwarded=forwarded, body=inner_body, parts=attached.parts)


def _inline_original(body: BodyText, defects: DefectLog) -> _Layer | None:
    for text in (body.text_body, body.html_text):
        if not text:
            continue
        found = _unwrap_text(text)
        if found is not None:
            return _Layer(
                forwarded=_from_header_block(found, defects),
                body=BodyText(found.get("text", ""), ""),
                parts=MessageParts(),
            )
    return None


def _unwrap_text(text: str) -> dict[str, str] | None:
    if not _FROM_LINE.search(text):
        return None
    # quotequail's scan is quadratic in the number of "Name: value" lines, so it reads only the
    # head of the text, where a forward's header block sits; the lines below are the original's.
    lines = text.split("\n", MAX_FORWARD_SCAN_LINES)
    rest = lines.pop() if len(lines) > MAX_FORWARD_SCAN_LINES else None
    try:
        result = quotequail.unwrap("\n".join(lines))
    except Exception:  # a third-party heuristic on hostile text: no forward is better than no snapshot
        return None
    if not result or result.get("type") != "forward" or not result.get("from"):
        return None
    found = {key: str(value) for key, value in result.items()}
    if rest is not None and "text_bottom" not in found:
        found["text"] = f"{found.get('text', '')}\n{rest}"
    return found


def _from_header_block(found: dict[str, str], defects: DefectLog) -> ForwardedMessage:
    sender = parse_address_list(_OUTLOOK_MAILTO.sub(r" <\1>", found["from"]), field="from")
    recipients = parse_address_list(_OUTLOOK_MAILTO.sub(r" <\1>", found.get("to", "")), field="to")
    date_header = " ".join(found.get("date", "").split()) or None
    parsed = parse_mail_date(date_header)
    if date_header and parsed is None:
        defects.add("bad_date", f"forwarded block date {date_header!r}")
    subject = " ".join(found.get("subject", "").split()) or None
    text, _ = truncate(normalize_text(found.get("text", "")), MAX_BODY_CHARS)
    return ForwardedMessage(
        from_=first_address(sender),
        to=recipients,
        subject=subject,
        date_header=date_header,
        date_utc=parsed.utc_iso if parsed else None,
        utc_offset_minutes=parsed.offset_minutes if parsed else None,
        text=text,
        via="inline",
    )
