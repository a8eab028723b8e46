"""Printed dates and the publication day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from backend.extraction.dates import (
    find_dates,
    iso_with_offset,
    naive_datetime,
    plausible_report_date,
    publication_time,
    zone_for,
)
from backend.extraction.report_builder import printed_date


@pytest.mark.parametrize(
    "text",
    [
        "Morning India | 27 January 2025",
        "3QFY25 results | January 27, 2025",
        "Result Update | 27 Jan 2025",
        "27-Jan-25",
        "Dated 2025-01-27",
        "27/01/2025",
        "Jan 27th, 2025",
    ],
)
def test_date_lines_in_house_formats(text: str) -> None:
    assert [found.value for found in find_dates(text)] == [date(2025, 1, 27)]


def test_numeric_dates_read_day_first_unless_told() -> None:
    assert find_dates("05/02/2025")[0].value == date(2025, 2, 5)
    assert find_dates("05/02/2025", month_first=True)[0].value == date(2025, 5, 2)


def test_utc_evening_mail_is_next_day_in_mumbai() -> None:
    sent = datetime(2025, 1, 16, 19, 5, tzinfo=UTC).astimezone(zone_for("Asia/Kolkata", 0))
    published = publication_time(None, sent)
    assert published is not None
    assert iso_with_offset(published) == "2025-01-17T00:35:00+05:30"


def test_new_york_evening_note_keeps_its_us_day() -> None:
    sent = datetime(2025, 1, 31, 0, 42, tzinfo=UTC).astimezone(zone_for(None, -300))
    published = publication_time(date(2025, 1, 30), sent)
    assert published is not None and published.date() == date(2025, 1, 30)
    assert iso_with_offset(published).endswith("-05:00")


def test_printed_date_on_another_day_gives_midnight_of_that_day() -> None:
    sent = datetime(2025, 2, 3, 8, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    published = publication_time(date(2025, 2, 1), sent)
    assert published is not None and iso_with_offset(published) == "2025-02-01T00:00:00+05:30"


def test_far_away_dates_are_not_the_report_date() -> None:
    assert plausible_report_date(date(2025, 1, 20), date(2025, 1, 23))
    assert not plausible_report_date(date(2025, 3, 31), date(2025, 1, 23))


def test_zoneless_forward_header_times() -> None:
    assert naive_datetime("Tuesday, March 4, 2025 6:30 PM") == datetime(2025, 3, 4, 18, 30)
    assert naive_datetime("Fri, 17 Jan 2025 at 00:35") == datetime(2025, 1, 17, 0, 35)


def test_a_share_price_caption_date_is_not_the_report_date() -> None:
    sent = datetime(2025, 10, 10, 7, 15, tzinfo=timezone(timedelta(hours=8)))
    lines = ["Hindustan Zinc (HZ IN)", "Outperform", "Share price (9 Oct 2025) Rs498.40", "", "10 October 2025"]
    assert printed_date(lines, sent) == date(2025, 10, 10)
