"""Forwards are read as the broker's original: its sender, subject, date and text."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from backend.archive.dates import parse_mail_date
from backend.archive.snapshot import Snapshot
from tests.archive.samples import CORPUS_EMAILS, corpus_labels, corpus_snapshot, eml, snapshot_of


def _forward_files(marker: bytes) -> list[Path]:
    return [path for path in CORPUS_EMAILS if marker in path.read_bytes()]


def _original_of(forward_path: Path) -> Snapshot:
    """The other member of the forward's dedupe group: the broker's own e-mail."""
    group = corpus_labels()[forward_path.name]["dedupe_group"]
    (original,) = [
        path for path in CORPUS_EMAILS if path != forward_path and corpus_labels()[path.name]["dedupe_group"] == group
    ]
    return corpus_snapshot(original)


def _assert_same_original(forward_path: Path) -> Snapshot:
    snapshot = corpus_snapshot(forward_path)
    original = _original_of(forward_path)
    forwarded = snapshot.forwarded
    assert forwarded is not None
    assert forwarded.from_ is not None and original.from_ is not None
    assert forwarded.from_.address == original.from_.address
    assert forwarded.subject == original.subject
    assert forwarded.text
    return snapshot


def _shown_in_forwarders_zone(original: Snapshot, forwarder: Snapshot) -> datetime:
    assert original.date_utc and forwarder.utc_offset_minutes is not None
    moment = datetime.fromisoformat(original.date_utc) + timedelta(minutes=forwarder.utc_offset_minutes)
    return moment.replace(tzinfo=None, second=0)


def test_corpus_has_exactly_the_three_labelled_forwards() -> None:
    forwards = [path.name for path in CORPUS_EMAILS if corpus_snapshot(path).forwarded is not None]
    assert len(forwards) == 3  # Outlook FW:, Gmail Fwd:, attached .eml; the analyst's reply is not one


def test_outlook_inline_forward() -> None:
    (path,) = _forward_files(b"\nSent: ")
    snapshot = _assert_same_original(path)
    forwarded = snapshot.forwarded
    assert forwarded is not None and forwarded.via == "inline"
    # Outlook prints the time in the forwarder's zone with no offset: kept as written, not guessed.
    assert forwarded.date_header is not None and forwarded.date_header.endswith(("AM", "PM"))
    assert forwarded.date_utc is None and forwarded.utc_offset_minutes is None
    parsed = parse_mail_date(forwarded.date_header)
    assert parsed is not None
    assert parsed.local == _shown_in_forwarders_zone(_original_of(path), snapshot)
    assert "Sent:" not in forwarded.text and "Subject:" not in forwarded.text
    assert not forwarded.text.startswith("Rohan")  # the colleague's note above the block is not in it


def test_gmail_inline_forward() -> None:
    (path,) = _forward_files(b"---------- Forwarded message ---------")
    snapshot = _assert_same_original(path)
    forwarded = snapshot.forwarded
    assert forwarded is not None and forwarded.via == "inline"
    assert forwarded.date_header is not None and " at " in forwarded.date_header
    assert forwarded.date_utc is None and forwarded.utc_offset_minutes is None
    parsed = parse_mail_date(forwarded.date_header)
    assert parsed is not None
    assert parsed.local == _shown_in_forwarders_zone(_original_of(path), snapshot)


def test_forward_as_attached_eml() -> None:
    (path,) = _forward_files(b"Content-Type: message/rfc822")
    snapshot = _assert_same_original(path)
    forwarded = snapshot.forwarded
    original = _original_of(path)
    assert forwarded is not None and forwarded.via == "rfc822"
    assert forwarded.date_utc == original.date_utc
    assert forwarded.utc_offset_minutes == original.utc_offset_minutes == 330
    assert forwarded.text == original.html_text  # an HTML-only original, converted the same way
    (attached,) = [a for a in snapshot.attachments if a.content_type == "message/rfc822"]
    assert attached.filename and attached.filename.endswith(".eml") and attached.text_status == "skipped"


def test_reply_quoting_the_note_is_not_a_forward() -> None:
    replies = [path for path in CORPUS_EMAILS if b"\nSubject: RE:" in path.read_bytes()]
    assert replies
    assert all(corpus_snapshot(path).forwarded is None for path in replies)


def test_outlook_original_message_block_with_mailto_sender() -> None:
    raw = eml("""
        From: Colleague <colleague@example.com>
        Subject: FW: Infosys: strong quarter
        Date: Fri, 17 Jan 2025 09:12:00 +0530

        FYI, see below.

        -----Original Message-----
        From: Kotak Research [mailto:KIE.Research@kotak.com]
        Sent: Thursday, January 16, 2025 7:05 PM
        To: Colleague
        Subject: Infosys: strong quarter

        Infosys (INFO IN): ADD, Fair Value Rs 2,150.
        Guidance raised again.
        """)
    forwarded = snapshot_of(raw).forwarded
    assert forwarded is not None
    assert forwarded.from_ is not None
    assert (forwarded.from_.name, forwarded.from_.address) == ("Kotak Research", "kie.research@kotak.com")
    assert forwarded.subject == "Infosys: strong quarter"
    assert forwarded.date_header == "Thursday, January 16, 2025 7:05 PM"
    assert forwarded.text == "Infosys (INFO IN): ADD, Fair Value Rs 2,150.\nGuidance raised again."


def test_apple_mail_forward_with_offset_gets_a_utc_date() -> None:
    raw = eml("""
        From: Colleague <colleague@example.com>
        Subject: Fwd: Note
        Date: Fri, 17 Jan 2025 09:12:00 +0530

        Begin forwarded message:

        From: Nomura Research <research.asia@nomura.com>
        Subject: Tata Motors: JLR steady
        Date: January 30, 2025 at 6:10:38 AM GMT+5:30
        To: Colleague <colleague@example.com>

        Target price INR930.
        """)
    forwarded = snapshot_of(raw).forwarded
    assert forwarded is not None
    assert forwarded.utc_offset_minutes == 330
    assert forwarded.date_utc == "2025-01-30T00:40:38+00:00"


def test_forward_of_a_forward_reaches_the_innermost_original() -> None:
    raw = eml("""
        From: Second <second@example.com>
        Subject: Fwd: Fwd: Note
        Date: Fri, 17 Jan 2025 09:12:00 +0530

        Passing this on.

        ---------- Forwarded message ---------
        From: First <first@example.com>
        Date: Fri, Jan 17, 2025 at 8:00 AM
        Subject: Fwd: Note
        To: Second <second@example.com>

        Worth a read.

        ---------- Forwarded message ---------
        From: CLSA Research <india.research@clsa.com>
        Date: Fri, Jan 17, 2025 at 7:30 AM
        Subject: Tata Steel: downgrade to HOLD
        To: First <first@example.com>

        We downgrade Tata Steel to HOLD.
        """)
    forwarded = snapshot_of(raw).forwarded
    assert forwarded is not None and forwarded.from_ is not None
    assert forwarded.from_.address == "india.research@clsa.com"
    assert forwarded.text == "We downgrade Tata Steel to HOLD."


def test_attached_message_inside_an_attached_message() -> None:
    inner = "\n".join(
        [
            "From: Ambit Capital Research <research@ambit.co>",
            "Subject: Trent: initiation",
            "Date: Wed, 15 Jan 2025 07:05:18 +0530",
            "Content-Type: text/plain",
            "",
            "We initiate on Trent with a SELL.",
        ]
    )
    middle = "\n".join(
        [
            "From: First <first@example.com>",
            "Subject: FW: Trent: initiation",
            'Content-Type: multipart/mixed; boundary="m"',
            "",
            "--m",
            "Content-Type: text/plain",
            "",
            "see attached",
            "--m",
            "Content-Type: message/rfc822",
            "",
            inner,
            "--m--",
        ]
    )
    raw = eml(
        'From: Second <second@example.com>\nSubject: FW: FW: Trent\nContent-Type: multipart/mixed; boundary="o"\n\n'
        f"--o\nContent-Type: text/plain\n\nfyi\n--o\nContent-Type: message/rfc822\n\n{middle}\n--o--\n"
    )
    forwarded = snapshot_of(raw).forwarded
    assert forwarded is not None and forwarded.from_ is not None
    assert forwarded.via == "rfc822"
    assert forwarded.from_.address == "research@ambit.co"
    assert forwarded.utc_offset_minutes == 330
    assert forwarded.text == "We initiate on Trent with a SELL."
