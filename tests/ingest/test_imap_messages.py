"""From one FETCH response to the message the archive takes; Gmail's ids; the account's identity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from backend.errors import ValidationError
from backend.ingest.imap_account import ImapAccount
from backend.ingest.imap_messages import fetch_items, message_from_fetch, source_ref
from backend.ingest.messages import RawMessage, SourceFailure

RAW = b"From: research@broker.example\r\nSubject: Initiating coverage\r\nMessage-ID: <a@b>\r\n\r\nBody\r\n"
IST = timezone(timedelta(hours=5, minutes=30))
REF = source_ref("me@gmail.com@imap.gmail.com:993", "[Gmail]/All Mail", 11, 42)


def test_a_gmail_response_gives_gmail_message_and_thread_ids() -> None:
    response = {
        b"SEQ": 7,
        b"BODY[]": RAW,
        b"INTERNALDATE": datetime(2025, 1, 16, 9, 0, tzinfo=IST),
        b"X-GM-MSGID": 1278455344230334865,
        b"X-GM-THRID": 1266894439832287888,
    }

    message = message_from_fetch(REF, response)

    assert message == RawMessage(
        raw=RAW,
        source={"kind": "imap", "ref": "me@gmail.com@imap.gmail.com:993/[Gmail]/All Mail;UIDVALIDITY=11;UID=42"},
        received_at=datetime(2025, 1, 16, 3, 30, tzinfo=UTC),
        message_id="gm-1278455344230334865",
        thread_id="gm-1266894439832287888",
    )


def test_other_servers_leave_identity_to_the_message_headers() -> None:
    message = message_from_fetch(REF, {b"BODY[]": RAW, b"INTERNALDATE": datetime(2025, 1, 16, 9, 0, tzinfo=IST)})

    assert isinstance(message, RawMessage)
    assert (message.message_id, message.thread_id) == (None, None)
    assert message.received_at == datetime(2025, 1, 16, 3, 30, tzinfo=UTC)


def test_gmail_ids_are_requested_only_from_gmail() -> None:
    assert fetch_items(gmail=True) == [b"BODY.PEEK[]", b"INTERNALDATE", b"X-GM-MSGID", b"X-GM-THRID"]
    assert fetch_items(gmail=False) == [b"BODY.PEEK[]", b"INTERNALDATE"]  # PEEK: stays unread


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        ({b"INTERNALDATE": datetime(2025, 1, 16, tzinfo=UTC)}, "the IMAP server returned no message body"),
        ({b"BODY[]": None}, "the IMAP server returned no message body"),
        ({b"BODY[]": b"\r\n"}, "the IMAP server returned an empty message"),
    ],
)
def test_a_message_the_server_cannot_deliver_is_a_failure_with_its_reference(
    response: dict[bytes, object], reason: str
) -> None:
    assert message_from_fetch(REF, response) == SourceFailure(REF, reason)


def test_the_account_key_and_repr_never_contain_the_password() -> None:
    account = ImapAccount("imap.example.com", 993, "me@example.com", "hunter2-secret")

    assert account.key == "me@example.com@imap.example.com:993"
    assert "hunter2-secret" not in repr(account)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"host": " "}, "host"), ({"port": 0}, "port"), ({"username": ""}, "username"), ({"folder": ""}, "folder")],
)
def test_an_incomplete_account_is_refused(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"host": "imap.example.com", "port": 993, "username": "me", "password": "p"}

    with pytest.raises(ValidationError) as raised:
        ImapAccount(**{**values, **changes})  # type: ignore[arg-type]

    assert raised.value.field == field
