"""The streaming mbox reader."""

from __future__ import annotations

from pathlib import Path

from backend.demo.mailgen import generated_message, write_mbox, write_mbox_message
from backend.ingest.mbox import looks_like_mbox, read_mbox

BODY_WITH_FROM_LINES = (
    b"From: a@example.com\nSubject: quoting\nMessage-ID: <q@example.com>\n\n"
    b"First paragraph.\n\nFrom here on, margins improve.\n>From the archive.\nFrom 2025 onwards, Q4 matters.\n"
)


def test_reads_every_message_back_byte_for_byte(tmp_path: Path) -> None:
    mbox = tmp_path / "takeout.mbox"
    write_mbox(mbox, 200)
    messages = list(read_mbox(mbox))
    assert len(messages) == 200
    assert [message.raw for message in messages] == [generated_message(i) for i in range(200)]
    assert messages[7].source["kind"] == "mbox" and messages[7].source["ref"].endswith("#7")


def test_from_lines_in_bodies_neither_split_nor_stay_escaped(tmp_path: Path) -> None:
    mbox = tmp_path / "quotes"
    with mbox.open("wb") as handle:
        write_mbox_message(handle, BODY_WITH_FROM_LINES, "a@example.com")
        write_mbox_message(handle, generated_message(1), "b@example.com")
    assert looks_like_mbox(mbox)  # no .mbox suffix: recognised by its first line
    first, second = read_mbox(mbox)
    assert first.raw == BODY_WITH_FROM_LINES
    assert second.raw == generated_message(1)


def test_crlf_mbox(tmp_path: Path) -> None:
    mbox = tmp_path / "windows.mbox"
    mbox.write_bytes(
        b"From x@example.com Mon Jan 20 07:30:05 2025\r\nSubject: one\r\n\r\nbody one\r\n\r\n"
        b"From y@example.com Mon Jan 20 07:31:05 2025\r\nSubject: two\r\n\r\nbody two\r\n"
    )
    first, second = read_mbox(mbox)
    assert first.raw == b"Subject: one\r\n\r\nbody one\r\n"
    assert second.raw == b"Subject: two\r\n\r\nbody two\r\n"


def test_an_eml_is_not_taken_for_an_mbox(tmp_path: Path) -> None:
    eml = tmp_path / "note"
    eml.write_bytes(generated_message(0))
    assert not looks_like_mbox(eml)
