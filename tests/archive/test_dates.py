"""Dates as mail writes them: the sender's offset and the instant in UTC, never a guessed zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from backend.archive.dates import parse_mail_date
from backend.archive.snapshot import build_snapshot
from tests.archive.samples import codes, eml, snapshot_of


@pytest.mark.parametrize(
    ("written", "utc", "offset"),
    [
        ("Thu, 16 Jan 2025 19:05:51 +0000", "2025-01-16T19:05:51+00:00", 0),
        ("5 FEB 2025 09:30 +0530", "2025-02-05T04:00:00+00:00", 330),
        ("Fri, 17 Jan 2025 06:35:00 +0530", "2025-01-17T01:05:00+00:00", 330),
        ("Tue, 04 Feb 2025 10:00:50 +0800 (SGT)", "2025-02-04T02:00:50+00:00", 480),
        ("Mon, 20 Jan 2025 18:05:19 -0500", "2025-01-20T23:05:19+00:00", -300),
        ("Mon, 20 Jan 2025 18:05:19 +05:30", "2025-01-20T12:35:19+00:00", 330),
        ("20 Jan 25 18:05 GMT", "2025-01-20T18:05:00+00:00", 0),
        ("Mon, 20 Jan 2025 18:05:19 EST", "2025-01-20T23:05:19+00:00", -300),
        ("January 30, 2025 at 6:10:38 AM GMT+5:30", "2025-01-30T00:40:38+00:00", 330),
        ("2025-01-20T18:05:19+05:30", "2025-01-20T12:35:19+00:00", 330),
    ],
)
def test_dates_with_an_offset(written: str, utc: str, offset: int) -> None:
    parsed = parse_mail_date(written)
    assert parsed is not None
    assert (parsed.utc_iso, parsed.offset_minutes) == (utc, offset)


def test_minus_zero_zone_is_utc_with_an_unknown_offset() -> None:
    parsed = parse_mail_date("Thu, 16 Jan 2025 19:05:51 -0000")
    assert parsed is not None
    assert (parsed.utc_iso, parsed.offset_minutes) == ("2025-01-16T19:05:51+00:00", None)


@pytest.mark.parametrize(
    ("written", "local"),
    [
        ("Thursday, January 16, 2025 7:05 PM", datetime(2025, 1, 16, 19, 5)),
        ("Thu, Jan 16, 2025 at 7:05 PM", datetime(2025, 1, 16, 19, 5)),
        ("Thu, Jan 30, 2025 at 12:40 AM", datetime(2025, 1, 30, 0, 40)),
        ("Thursday, 16 January 2025 19:05", datetime(2025, 1, 16, 19, 5)),
        ("1/16/2025 7:05:00 PM", datetime(2025, 1, 16, 19, 5)),
        ("Thu, 16 Jan 2025 19:05:51", datetime(2025, 1, 16, 19, 5, 51)),
    ],
)
def test_client_dates_without_offset_keep_local_time_but_no_utc(written: str, local: datetime) -> None:
    parsed = parse_mail_date(written)
    assert parsed is not None
    assert parsed.local == local
    assert parsed.utc_iso is None and parsed.offset_minutes is None


@pytest.mark.parametrize(
    "written",
    ["", "<HR>", "Pn, 29 paX 2007 21:13:00 +0100", "Mon, 30 Jun 3609 15:33:50", "Sat, 30 Feb 2025 10:00:00 +0530",
     "Thu, 16 Jan 2025 25:05:51 +0000"],
)
def test_non_dates_are_refused(written: str) -> None:
    assert parse_mail_date(written) is None


def test_snapshot_date_fields_and_received_time() -> None:
    raw = eml("""
        Received: from mta.example.com by mx.example.com; Tue, 04 Feb 2025 02:01:15 +0000
        From: CLSA <research@clsa.com>
        Subject: dates
        Date: Tue, 04 Feb 2025 10:00:50 +0800 (SGT)

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.date_header == "Tue, 04 Feb 2025 10:00:50 +0800 (SGT)"
    assert snapshot.date_utc == "2025-02-04T02:00:50+00:00"
    assert snapshot.utc_offset_minutes == 480
    assert snapshot.received_at == "2025-02-04T02:01:15+00:00"


def test_received_time_given_by_the_source_wins() -> None:
    raw = eml("""
        Received: from mta.example.com by mx.example.com; Tue, 04 Feb 2025 02:01:15 +0000
        From: a@example.com
        Subject: dates

        body
        """)
    ist = timezone(timedelta(hours=5, minutes=30))
    snapshot = snapshot_of(raw)
    given = build_snapshot(
        raw, user_id="u", source={"kind": "imap", "ref": "INBOX/7"}, received_at=datetime(2025, 2, 4, 8, 0, tzinfo=ist)
    )
    assert snapshot.received_at == "2025-02-04T02:01:15+00:00"
    assert given.received_at == datetime(2025, 2, 4, 2, 30, tzinfo=UTC).isoformat()


def test_date_without_zone_gives_no_utc_and_is_recorded() -> None:
    raw = eml("""
        From: a@example.com
        Subject: dates
        Date: Tue, 04 Feb 2025 10:00:50

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.date_utc is None and snapshot.utc_offset_minutes is None
    assert "date_without_zone" in codes(snapshot)
