"""Defensive access to a parsed message: parsing, part metadata, decoded payloads and part text.

`get_content()` of `policy.default` raises on real mail (KeyError for unknown types or a multipart
without its start boundary, LookupError for unknown charsets). Everything here decodes payloads
itself (`get_payload(decode=True)` handles base64, quoted-printable and x-uuencode leniently) and
turns every problem into a defect entry naming the part, never an exception.
"""

from __future__ import annotations

import email
import re
from email.feedparser import BytesFeedParser
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from email.policy import EmailPolicy, Policy
from functools import cache, lru_cache
from typing import Any

from backend.archive.charsets import decode_bytes, normalize_label
from backend.archive.defects import DefectLog
from backend.archive.headers import decode_header_value, raw_header
from backend.archive.limits import MAX_MESSAGE_BYTES, MAX_PARSED_HEADER_CHARS, MAX_PARSED_PARTS
from backend.archive.part_bytes import subtree_bytes
from backend.archive.plain_text import unflow

_HEADER_END = re.compile(rb"\r?\n\r?\n")
# Bytes fed to the parser between two checks of the part budget (the stdlib feeds 8 KiB at a time).
_FEED_BYTES = 16 * 1024
_BOUNDARY_PARAM = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_CONTENT_TYPE = re.compile(r"^\s*([a-z0-9!#$&^_.+-]+)/([a-z0-9!#$&^_.+-]+)", re.IGNORECASE)


class _BoundedPolicy(EmailPolicy):
    """`policy.default` that parses at most MAX_PARSED_HEADER_CHARS of a header value.

    The stdlib parses a structured header (Content-Type, Content-Disposition) again on every access,
    in time that grows faster than its length: a 50 MB Content-Type with a million parameters would
    take hours. Raw values stay whole; the snapshot reads them through `headers.raw_header`.
    """

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if isinstance(value, str) and len(value) > MAX_PARSED_HEADER_CHARS:
            value = value[:MAX_PARSED_HEADER_CHARS]
        if isinstance(value, str) and len(value) <= _CACHED_HEADER_CHARS:
            # Parsed headers are immutable; one Content-Type is asked for many times per part.
            return _parsed_header(self, name, value)
        return super().header_fetch_parse(name, value)


_CACHED_HEADER_CHARS = 512


@lru_cache(maxsize=4096)
def _parsed_header(policy: _BoundedPolicy, name: str, value: str) -> Any:
    return super(_BoundedPolicy, policy).header_fetch_parse(name, value)


@cache
def mail_policy() -> EmailPolicy:
    return _BoundedPolicy()


def parse_message(raw: bytes, defects: DefectLog) -> Message:
    """Parse raw RFC 5322 bytes; above the size limit or on parser failure, only the header block."""
    if len(raw) > MAX_MESSAGE_BYTES:
        defects.add("too_large", f"{len(raw)} bytes > limit {MAX_MESSAGE_BYTES}: headers only")
        return _parse_headers_only(raw)
    try:
        message, complete = _parse_within_part_budget(raw)
    except Exception as error:  # RecursionError on deep nesting, and worse: never lose the message
        defects.add("parse_failed", f"{type(error).__name__}: headers only")
        return _parse_headers_only(raw)
    if not complete:
        defects.add("too_many_parts", f"more than {MAX_PARSED_PARTS} MIME parts: the rest of the message not parsed")
    return message


def _parse_within_part_budget(raw: bytes) -> tuple[Message, bool]:
    """Parse incrementally and stop once MAX_PARSED_PARTS parts exist; (message, parsed whole).

    The stdlib spends about 0.3 ms on each part's headers, so 50 MB of tiny parts would take
    minutes; what was fed so far is closed into a message whose last part is cut.
    """
    created = 0

    def counting_factory(policy: Policy | None = None) -> Message:
        nonlocal created
        created += 1
        return EmailMessage(policy=policy or mail_policy())

    parser = BytesFeedParser(counting_factory, policy=mail_policy())
    for start in range(0, len(raw), _FEED_BYTES):
        parser.feed(raw[start : start + _FEED_BYTES])
        if created > MAX_PARSED_PARTS:
            return parser.close(), False
    return parser.close(), True


def parse_embedded_message(data: bytes) -> Message | None:
    """An attached message whose payload arrived encoded (base64 message/rfc822, against RFC 2046)."""
    try:
        return email.message_from_bytes(data, policy=mail_policy())
    except Exception:
        return None


def _parse_headers_only(raw: bytes) -> Message:
    match = _HEADER_END.search(raw, 0, min(len(raw), 1024 * 1024))
    head = raw[: match.end()] if match else raw[: 256 * 1024]
    try:
        return BytesHeaderParser(policy=mail_policy()).parsebytes(head)
    except Exception:
        return EmailMessage()


def reparse_multipart(part: Message, ctype: str) -> Message | None:
    """Split a multipart the parser could not, when its boundary was written unquoted with '='.

    `boundary=----=_Part_1` (no quotes) is invalid but common; the parser stops the boundary at
    the '=' and finds no part. Re-reading the body with the boundary quoted recovers the parts.
    """
    raw = raw_header(part, "content-type") or ""
    match = _BOUNDARY_PARAM.search(raw)
    payload = part.get_payload()
    if match is None or not isinstance(payload, str):
        return None
    boundary = match.group(1) or match.group(2)
    if f"--{boundary}" not in payload or boundary == part.get_boundary():
        return None
    head = f'Content-Type: {ctype}; boundary="{boundary}"\n\n'.encode("ascii", "replace")
    repaired = parse_embedded_message(head + payload.encode("utf-8", "surrogateescape"))
    return repaired if repaired is not None and repaired.is_multipart() else None


def content_type(part: Message) -> str:
    """Lower-case `type/subtype`; text/plain when absent or unreadable (RFC 2045 default)."""
    raw = raw_header(part, "content-type")
    if raw is None:
        return "message/rfc822" if _parent_is_digest(part) else "text/plain"
    match = _CONTENT_TYPE.match(decode_header_value(raw)[0])
    if match is None:
        return "text/plain"
    return f"{match.group(1)}/{match.group(2)}".lower()


def _parent_is_digest(part: Message) -> bool:
    # Inside multipart/digest the default type is message/rfc822; the stdlib records it this way.
    try:
        return part.get_default_type() == "message/rfc822"
    except Exception:
        return False


def is_attachment_disposition(part: Message) -> bool:
    raw = raw_header(part, "content-disposition")
    return raw is not None and raw.strip().lower().startswith("attachment")


def filename(part: Message) -> str | None:
    """The attachment's file name (RFC 2231 or RFC 2047 encoded names decoded), or None."""
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        return None
    return decode_header_value(str(name))[0] or None


def charset_label(part: Message) -> str | None:
    try:
        value = part.get_param("charset")
    except Exception:
        return None
    if isinstance(value, tuple):  # RFC 2231 form: (charset, language, value)
        value = value[2]
    return str(value) if value else None


def payload_bytes(part: Message, path: str, defects: DefectLog) -> bytes:
    """The decoded payload of a leaf part (b"" when there is none or it cannot be decoded)."""
    try:
        if part.is_multipart():
            children = part.get_payload()
            return b"\n".join(subtree_bytes(child) for child in children if isinstance(child, Message))
        data = part.get_payload(decode=True)
    except Exception as error:
        defects.add("undecodable_part", f"{type(error).__name__} in part {path}")
        return b""
    finally:
        record_part_defects(part, path, defects)
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8", "surrogateescape")
    return b""


def record_part_defects(part: Message, path: str, defects: DefectLog) -> None:
    for defect in getattr(part, "defects", ()):
        defects.add("mime_defect", f"{type(defect).__name__} in part {path}")


def part_text(part: Message, path: str, defects: DefectLog) -> str:
    """A text part decoded under its declared charset, with mislabels repaired and recorded."""
    return text_from_payload(part, payload_bytes(part, path, defects), path, defects)


def text_from_payload(part: Message, data: bytes, path: str, defects: DefectLog) -> str:
    """`data` (the decoded payload of `part`) as text under the part's declared charset."""
    label = charset_label(part)
    decoded = decode_bytes(data, label)
    shown = normalize_label(label) or "none"
    if decoded.problem == "undecodable_charset":
        defects.add("undecodable_charset", f"{shown} in part {path}")
    elif decoded.problem == "charset_mismatch":
        defects.add("charset_mismatch", f"declared {shown}, read as {decoded.codec} in part {path}")
    elif decoded.problem == "undecodable_bytes":
        defects.add("undecodable_bytes", f"{decoded.codec} in part {path}")
    text = decoded.text
    if _param(part, "format") == "flowed":
        text = unflow(text, delsp=_param(part, "delsp") == "yes")
    return text


def _param(part: Message, name: str) -> str:
    try:
        value = part.get_param(name)
    except Exception:
        return ""
    return str(value).strip().lower() if isinstance(value, str) else ""
