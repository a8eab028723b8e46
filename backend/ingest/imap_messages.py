"""Turn one IMAP FETCH response into the raw message the archive takes.

`BODY.PEEK[]` returns the exact bytes of the message without setting the \\Seen flag (the
response names it `BODY[]`). Gmail adds its own permanent ids when asked: X-GM-MSGID names the
message across every label and X-GM-THRID its conversation, so the same mail seen under two
labels is archived once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from backend.ingest.messages import RawMessage, SourceFailure

GMAIL_CAPABILITY = "X-GM-EXT-1"

_BODY = b"BODY[]"
_INTERNALDATE = b"INTERNALDATE"
_GMAIL_MESSAGE_ID = b"X-GM-MSGID"
_GMAIL_THREAD_ID = b"X-GM-THRID"


def fetch_items(gmail: bool) -> list[bytes]:
    """What to ask the server for each message."""
    items = [b"BODY.PEEK[]", _INTERNALDATE]
    if gmail:
        items += [_GMAIL_MESSAGE_ID, _GMAIL_THREAD_ID]
    return items


def source_ref(account_key: str, folder: str, uidvalidity: int, uid: int) -> str:
    """A reference that names one message for as long as the folder keeps its UIDVALIDITY."""
    return f"{account_key}/{folder};UIDVALIDITY={uidvalidity};UID={uid}"


def message_from_fetch(ref: str, response: Mapping[bytes, Any]) -> RawMessage | SourceFailure:
    """The message of one FETCH response, or why it cannot be archived."""
    raw = response.get(_BODY)
    if not isinstance(raw, bytes):
        return SourceFailure(ref, "the IMAP server returned no message body")
    if not raw.strip():
        return SourceFailure(ref, "the IMAP server returned an empty message")
    gmail_message = response.get(_GMAIL_MESSAGE_ID)
    gmail_thread = response.get(_GMAIL_THREAD_ID)
    return RawMessage(
        raw=raw,
        source={"kind": "imap", "ref": ref},
        received_at=_as_utc(response.get(_INTERNALDATE)),
        message_id=None if gmail_message is None else f"gm-{gmail_message}",
        thread_id=None if gmail_thread is None else f"gm-{gmail_thread}",
    )


def _as_utc(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    # INTERNALDATE always carries its zone (RFC 3501); a naive value would come from a client
    # set to normalise times to local time, which the session turns off.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
