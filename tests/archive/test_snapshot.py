"""Snapshot identity, JSON form and the refusal of input that is not email."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from backend.archive.snapshot import Snapshot, archive_id_for, build_snapshot, generated_message_id
from backend.errors import NotMimeError, SnapshotFormatError
from tests.archive.samples import CORPUS_EMAILS, corpus_snapshot, eml, snapshot_of

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_archive_id_is_stable_and_per_user() -> None:
    first = archive_id_for("user_001", "abc@kotak.com")
    assert re.fullmatch(r"a[0-9a-f]{32}", first)
    assert first == archive_id_for("user_001", "abc@kotak.com")
    assert first != archive_id_for("user_002", "abc@kotak.com")


def test_message_id_loses_brackets_and_whitespace() -> None:
    raw = eml("""
        From: a@example.com
        Message-ID:
         < 3b898725b714e2e3.075c74a7d3@ambit.co >
        Subject: id

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.message_id == "3b898725b714e2e3.075c74a7d3@ambit.co"
    assert snapshot.archive_id == archive_id_for("user_test", snapshot.message_id)


def test_missing_message_id_is_derived_from_the_bytes() -> None:
    raw = eml("""
        From: a@example.com
        Subject: no id

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.message_id == f"sha256-{hashlib.sha256(raw).hexdigest()}@generated"
    assert snapshot.message_id == generated_message_id(raw)
    assert snapshot_of(raw).archive_id == snapshot.archive_id
    assert any(entry.startswith("missing_message_id") for entry in snapshot.defects)


def test_thread_and_list_headers() -> None:
    raw = eml("""
        From: a@example.com
        Subject: RE: Infosys
        Message-ID: <reply@kotak.com>
        In-Reply-To: <question@example.com>
        References: <root@kotak.com> <question@example.com>
        List-Id: KIE Research <kie-research.kotak.com>
        List-Unsubscribe: <https://kotak.example/unsub?id=1>, <mailto:unsub@kotak.com>
        X-Mailer: Microsoft Outlook 16.0

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.thread_id == "root@kotak.com"
    assert snapshot.headers == {
        "list-id": "KIE Research <kie-research.kotak.com>",
        "list-unsubscribe": "<https://kotak.example/unsub?id=1>, <mailto:unsub@kotak.com>",
        "in-reply-to": "<question@example.com>",
        "references": "<root@kotak.com> <question@example.com>",
        "x-mailer": "Microsoft Outlook 16.0",
    }


def test_in_reply_to_is_the_thread_when_there_are_no_references() -> None:
    raw = eml("From: a@example.com\nSubject: re\nIn-Reply-To: <q@example.com>\n\nbody\n")
    assert snapshot_of(raw).thread_id == "q@example.com"


def test_outlook_msg_file_is_refused_with_a_clear_error() -> None:
    with pytest.raises(NotMimeError, match=r"Outlook \.msg") as refused:
        build_snapshot(OLE2_HEADER, user_id="u", source={"kind": "upload", "ref": "note.msg"})
    assert "note.msg" in str(refused.value)


@pytest.mark.parametrize("raw", [b"", b"\r\n \r\n"])
def test_empty_input_is_refused(raw: bytes) -> None:
    with pytest.raises(NotMimeError, match="empty input"):
        build_snapshot(raw, user_id="u", source={"kind": "file", "ref": "empty.eml"})


def test_text_that_is_not_mail_still_gives_a_snapshot() -> None:
    snapshot = snapshot_of(b"just some words, no headers at all")
    assert snapshot.subject == "" and snapshot.from_ is None
    assert any(entry.startswith("no_headers") for entry in snapshot.defects)


@pytest.mark.parametrize("path", CORPUS_EMAILS[:20], ids=lambda p: p.name)
def test_json_round_trip_is_exact(path: Path) -> None:
    snapshot = corpus_snapshot(path)
    data = json.loads(json.dumps(snapshot.to_dict()))
    assert "from" in data and "from_" not in data
    assert data["schema_version"] == 1
    assert Snapshot.from_dict(data) == snapshot
    assert Snapshot.from_dict(data).to_dict() == snapshot.to_dict()


def test_round_trip_keeps_forwarded_and_attachments() -> None:
    (path,) = [p for p in CORPUS_EMAILS if b"Content-Type: message/rfc822" in p.read_bytes()]
    snapshot = corpus_snapshot(path)
    assert snapshot.forwarded is not None and snapshot.attachments
    assert Snapshot.from_dict(json.loads(json.dumps(snapshot.to_dict()))) == snapshot


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"schema_version": 2}, "schema_version"),
        ({"subject": None}, "subject"),
        ({"raw_size": "12"}, "raw_size"),
        ({"to": [{"name": "x"}]}, "address"),
    ],
)
def test_corrupt_stored_snapshot_names_the_field(change: dict[str, object], field: str) -> None:
    data = corpus_snapshot(CORPUS_EMAILS[0]).to_dict()
    data.update(change)
    with pytest.raises(SnapshotFormatError, match=field):
        Snapshot.from_dict(data)
