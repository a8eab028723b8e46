"""The archive snapshot: what the archive stage keeps of one message, and its JSON form.

The extraction stage reads only these dataclasses, never the raw MIME, so everything it needs
(decoded text, attachment text, the original of a forward, dates with their offsets) lives here.
`Snapshot.to_dict()` gives plain JSON types; `Snapshot.from_dict()` reads them back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.errors import SnapshotFormatError

SCHEMA_VERSION = 1

ATTACHMENT_TEXT_STATUSES = frozenset(
    {"extracted", "truncated", "not_text", "too_large", "failed", "encrypted", "skipped"}
)


@dataclass(frozen=True)
class Address:
    name: str
    address: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "address": self.address}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Address:
        return cls(name=_str(data, "name"), address=_str(data, "address"))


@dataclass(frozen=True)
class Attachment:
    filename: str | None
    content_type: str
    size: int
    sha256: str
    text: str | None
    text_status: str
    pages: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
            "text": self.text,
            "text_status": self.text_status,
            "pages": self.pages,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attachment:
        status = _str(data, "text_status")
        if status not in ATTACHMENT_TEXT_STATUSES:
            raise SnapshotFormatError("attachment.text_status", status, "unknown status")
        return cls(
            filename=_opt_str(data, "filename"),
            content_type=_str(data, "content_type"),
            size=_int(data, "size"),
            sha256=_str(data, "sha256"),
            text=_opt_str(data, "text"),
            text_status=status,
            pages=_opt_int(data, "pages"),
        )


@dataclass(frozen=True)
class ForwardedMessage:
    from_: Address | None
    to: list[Address]
    subject: str | None
    date_header: str | None
    date_utc: str | None
    utc_offset_minutes: int | None
    text: str
    via: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_.to_dict() if self.from_ else None,
            "to": [address.to_dict() for address in self.to],
            "subject": self.subject,
            "date_header": self.date_header,
            "date_utc": self.date_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "text": self.text,
            "via": self.via,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ForwardedMessage:
        via = _str(data, "via")
        if via not in ("inline", "rfc822"):
            raise SnapshotFormatError("forwarded.via", via, "expected 'inline' or 'rfc822'")
        return cls(
            from_=_opt_address(data, "from"),
            to=_addresses(data, "to"),
            subject=_opt_str(data, "subject"),
            date_header=_opt_str(data, "date_header"),
            date_utc=_opt_str(data, "date_utc"),
            utc_offset_minutes=_opt_int(data, "utc_offset_minutes"),
            text=_str(data, "text"),
            via=via,
        )


@dataclass(frozen=True)
class Snapshot:
    schema_version: int
    archive_id: str
    user_id: str
    source: dict[str, str]
    message_id: str
    thread_id: str | None
    from_: Address | None
    to: list[Address]
    cc: list[Address]
    subject: str
    date_header: str | None
    date_utc: str | None
    utc_offset_minutes: int | None
    received_at: str | None
    text_body: str
    html_text: str
    attachments: list[Attachment]
    forwarded: ForwardedMessage | None
    defects: list[str]
    raw_sha256: str
    raw_size: int
    headers: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "archive_id": self.archive_id,
            "user_id": self.user_id,
            "source": dict(self.source),
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "from": self.from_.to_dict() if self.from_ else None,
            "to": [address.to_dict() for address in self.to],
            "cc": [address.to_dict() for address in self.cc],
            "subject": self.subject,
            "date_header": self.date_header,
            "date_utc": self.date_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "received_at": self.received_at,
            "text_body": self.text_body,
            "html_text": self.html_text,
            "attachments": [attachment.to_dict() for attachment in self.attachments],
            "forwarded": self.forwarded.to_dict() if self.forwarded else None,
            "defects": list(self.defects),
            "raw_sha256": self.raw_sha256,
            "raw_size": self.raw_size,
            "headers": dict(self.headers),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise SnapshotFormatError("schema_version", version, f"this version reads {SCHEMA_VERSION}")
        forwarded = data.get("forwarded")
        return cls(
            schema_version=SCHEMA_VERSION,
            archive_id=_str(data, "archive_id"),
            user_id=_str(data, "user_id"),
            source=_str_map(data, "source"),
            message_id=_str(data, "message_id"),
            thread_id=_opt_str(data, "thread_id"),
            from_=_opt_address(data, "from"),
            to=_addresses(data, "to"),
            cc=_addresses(data, "cc"),
            subject=_str(data, "subject"),
            date_header=_opt_str(data, "date_header"),
            date_utc=_opt_str(data, "date_utc"),
            utc_offset_minutes=_opt_int(data, "utc_offset_minutes"),
            received_at=_opt_str(data, "received_at"),
            text_body=_str(data, "text_body"),
            html_text=_str(data, "html_text"),
            attachments=[Attachment.from_dict(item) for item in _list(data, "attachments")],
            forwarded=ForwardedMessage.from_dict(forwarded) if isinstance(forwarded, dict) else None,
            defects=[str(item) for item in _list(data, "defects")],
            raw_sha256=_str(data, "raw_sha256"),
            raw_size=_int(data, "raw_size"),
            headers=_str_map(data, "headers"),
        )


# Readers of the JSON form: each names the field at fault, so a corrupt stored snapshot is easy to find.


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise SnapshotFormatError(key, value, "expected a string")
    return value


def _opt_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else _str(data, key)


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise SnapshotFormatError(key, value, "expected an integer")
    return value


def _opt_int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return None if value is None else _int(data, key)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise SnapshotFormatError(key, value, "expected a list")
    return value


def _str_map(data: dict[str, Any], key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SnapshotFormatError(key, value, "expected an object of strings")
    return {str(k): v for k, v in value.items()}


def _opt_address(data: dict[str, Any], key: str) -> Address | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SnapshotFormatError(key, value, "expected an address object")
    return Address.from_dict(value)


def _addresses(data: dict[str, Any], key: str) -> list[Address]:
    items = _list(data, key)
    if not all(isinstance(item, dict) for item in items):
        raise SnapshotFormatError(key, items, "expected a list of address objects")
    return [Address.from_dict(item) for item in items]
