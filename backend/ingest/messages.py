"""A raw message as a source hands it to the archive, before any parsing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawMessage:
    """The exact bytes of one message and where they came from.

    `source` is recorded in the snapshot and the index (`{"kind": "mbox", "ref": "inbox.mbox#12"}`).
    A source that knows better than the headers may give `message_id` / `thread_id` (Gmail's
    X-GM-MSGID and X-GM-THRID) and `received_at` (IMAP INTERNALDATE).
    """

    raw: bytes
    source: dict[str, str] = field(default_factory=dict)
    received_at: datetime | None = None
    message_id: str | None = None
    thread_id: str | None = None


@dataclass(frozen=True)
class SourceFailure:
    """A message a source could not even read (unreadable file, Outlook .msg, IMAP fetch error)."""

    ref: str
    reason: str
