"""Raw RFC 5322 bytes to a `Snapshot`: the interface between the archive and extraction stages.

`build_snapshot` is a pure function of its arguments (no database, no network, no clock): the same
bytes and arguments always give an identical snapshot. It never raises on bad mail; whatever cannot
be read is listed in `Snapshot.defects`. Only input that is not email at all (empty, or an Outlook
.msg file) raises `NotMimeError`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from backend.archive.addresses import addresses_in_header, first_address
from backend.archive.attachments import build_attachment
from backend.archive.bodies import body_text
from backend.archive.dates import parse_mail_date
from backend.archive.defects import DefectLog
from backend.archive.forwards import unwrap_forward
from backend.archive.headers import (
    header_text,
    kept_headers,
    message_id_from,
    raw_header,
    received_date_text,
    thread_root,
)
from backend.archive.message_parts import collect_parts
from backend.archive.mime import parse_message
from backend.archive.model import SCHEMA_VERSION, Address, Attachment, ForwardedMessage, Snapshot
from backend.archive.pdf_text import PdfTextExtractor
from backend.errors import NotMimeError

__all__ = [
    "SCHEMA_VERSION",
    "Address",
    "Attachment",
    "ForwardedMessage",
    "PdfTextExtractor",
    "Snapshot",
    "archive_id_for",
    "build_snapshot",
    "generated_message_id",
]

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def archive_id_for(user_id: str, message_id: str) -> str:
    """Stable archive id of one message in one user's archive: "a" + 32 hex characters."""
    digest = hashlib.sha256(f"{user_id}\x00{message_id}".encode("utf-8", "surrogatepass"))
    return "a" + digest.hexdigest()[:32]


def generated_message_id(raw: bytes) -> str:
    """The id given to a message without a Message-ID header, derived from its bytes."""
    return f"sha256-{hashlib.sha256(raw).hexdigest()}@generated"


def build_snapshot(
    raw: bytes,
    *,
    user_id: str,
    source: dict[str, str],
    received_at: datetime | None = None,
    pdf_text: PdfTextExtractor | None = None,
) -> Snapshot:
    """Parse `raw` into a snapshot.

    `received_at` is the delivery time known to the mail source (IMAP INTERNALDATE...; a naive value
    is taken as UTC); without it the top Received header's stamp is used. PDF text is extracted only
    when `pdf_text` is given; otherwise PDF attachments are listed with text_status "skipped".
    """
    _refuse_non_email(raw, source)
    defects = DefectLog()
    message = parse_message(raw, defects)
    if not message.keys():
        defects.add("no_headers", "no RFC 5322 header block found")

    message_id = message_id_from(raw_header(message, "message-id"))
    if message_id is None:
        defects.add("missing_message_id", "id generated from the raw bytes")
        message_id = generated_message_id(raw)

    date_header = header_text(message, "date", defects)
    parsed_date = parse_mail_date(date_header)
    if date_header and parsed_date is None:
        defects.add("bad_date", f"date header {date_header!r}")
    elif parsed_date is not None and not parsed_date.utc_known:
        defects.add("date_without_zone", f"date header {date_header!r}")

    parts = collect_parts(message, defects)
    body = body_text(parts, defects)
    attachments = [build_attachment(leaf, defects, pdf_text) for leaf in parts.attachments]
    forwarded = unwrap_forward(body, parts, defects)

    return Snapshot(
        schema_version=SCHEMA_VERSION,
        archive_id=archive_id_for(user_id, message_id),
        user_id=user_id,
        source=dict(source),
        message_id=message_id,
        thread_id=thread_root(message),
        from_=first_address(addresses_in_header(message, "from", defects)),
        to=addresses_in_header(message, "to", defects),
        cc=addresses_in_header(message, "cc", defects),
        subject=header_text(message, "subject", defects) or "",
        date_header=date_header,
        date_utc=parsed_date.utc_iso if parsed_date else None,
        utc_offset_minutes=parsed_date.offset_minutes if parsed_date else None,
        received_at=_received_at(received_at, received_date_text(message)),
        text_body=body.text_body,
        html_text=body.html_text,
        attachments=attachments,
        forwarded=forwarded,
        defects=defects.entries(),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
        headers=kept_headers(message),
    )


def _refuse_non_email(raw: bytes, source: dict[str, str]) -> None:
    ref = source.get("ref", "") or source.get("kind", "input")
    if not raw.strip():
        raise NotMimeError(ref, "empty input")
    if raw.startswith(_OLE2_MAGIC[:4]):
        raise NotMimeError(ref, "Outlook .msg (OLE2 compound file), not RFC 5322 text; save it as .eml")


def _received_at(given: datetime | None, received_header_date: str | None) -> str | None:
    """The time given by the mail source wins; else the top Received header's stamp, in UTC."""
    if given is not None:
        moment = given if given.tzinfo is not None else given.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    parsed = parse_mail_date(received_header_date)
    return parsed.utc_iso if parsed else None
