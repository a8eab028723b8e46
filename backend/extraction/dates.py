"""Dates printed in research ("27 January 2025", "January 17, 2025", "11-Feb-25") and the
publication time of a report.

A report's own date line wins over the mail's Date header: a Kotak note stamped 19:05 UTC on
16 January is the 17 January report in Mumbai. Without a printed date the original message's
Date header is read in the broker's zone (the registry's zone for Indian houses, else the
sender's own UTC offset), never as a UTC day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# A report is dated at most this many days before, or one day after, the mail carrying it.
MAX_DAYS_BEFORE_MESSAGE = 10
MAX_DAYS_AFTER_MESSAGE = 1


@dataclass(frozen=True)
class PrintedDate:
    value: date
    start: int
    end: int


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    flags = re.IGNORECASE
    return (
        re.compile(rf"\b{_DAY}[\s-]+{_MONTH}\.?,?[\s-]+{_YEAR}\b", flags),
        re.compile(rf"\b{_MONTH}\.?\s+{_DAY},?\s+{_YEAR}\b", flags),
        re.compile(rf"\b{_DAY}-{_MONTH}-(?P<yy>\d{{2}})\b", flags),
        re.compile(r"\b(?P<year>(?:19|20)\d{2})[-/](?P<month>[01]?\d)[-/](?P<day>[0-3]?\d)\b"),
        re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<year>(?:19|20)\d{2})\b"),
    )


def _build(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, *, month_first: bool = False) -> list[PrintedDate]:
    """Every calendar date written in the text, in order of position.

    Numeric dates are read day first (Indian and British usage) unless `month_first` is set or
    the first number cannot be a month.
    """
    found: dict[int, PrintedDate] = {}
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("mon"):
                month = _MONTHS[groups["mon"].lower()[:3]]
                year = int(groups["year"]) if groups.get("year") else 2000 + int(groups["yy"])
                value = _build(year, month, int(groups["day"]))
            elif groups.get("month"):
                value = _build(int(groups["year"]), int(groups["month"]), int(groups["day"]))
            else:
                first, second = int(groups["a"]), int(groups["b"])
                day, month = (second, first) if month_first and first <= 12 else (first, second)
                value = _build(int(groups["year"]), month, day)
            if value is not None and match.start() not in found:
                found[match.start()] = PrintedDate(value, match.start(), match.end())
    return [found[start] for start in sorted(found)]


def naive_datetime(text: str) -> datetime | None:
    """A date and time written without a zone ("Tuesday, March 4, 2025 6:30 AM", "Fri, 17 Jan 2025 at 00:35")."""
    dates = find_dates(text)
    if not dates:
        return None
    day = dates[0].value
    time = re.search(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?", text[dates[0].end :])
    hour = minute = second = 0
    if time:
        hour, minute, second = int(time.group(1)), int(time.group(2)), int(time.group(3) or 0)
        meridian = (time.group(4) or "").lower().replace(".", "")
        if meridian == "pm" and hour < 12:
            hour += 12
        elif meridian == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or second > 59:
            hour = minute = second = 0
    return datetime(day.year, day.month, day.day, hour, minute, second)


def zone_for(tz_name: str | None, utc_offset_minutes: int | None) -> tzinfo:
    """The zone a broker's day is read in: its registry zone, else the sender's offset, else UTC."""
    if tz_name:
        try:
            return ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if utc_offset_minutes is not None:
        return timezone(timedelta(minutes=utc_offset_minutes))
    return UTC


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp as a timezone-aware datetime (naive values are taken as UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def plausible_report_date(candidate: date, sent_local: date | None) -> bool:
    """A printed date close enough to the sending day to be the report's own date."""
    if sent_local is None:
        return True
    delta = (candidate - sent_local).days
    return -MAX_DAYS_BEFORE_MESSAGE <= delta <= MAX_DAYS_AFTER_MESSAGE


def publication_time(printed: date | None, sent_local: datetime | None) -> datetime | None:
    """When the report was published, in the broker's zone.

    The sending time is kept when it falls on the printed day (or there is no printed date);
    a printed date on another day gives midnight of that day in the same zone.
    """
    if sent_local is None:
        if printed is None:
            return None
        return datetime(printed.year, printed.month, printed.day, tzinfo=UTC)
    if printed is None or printed == sent_local.date():
        return sent_local.replace(microsecond=0)
    return datetime(printed.year, printed.month, printed.day, tzinfo=sent_local.tzinfo)


def iso_with_offset(moment: datetime) -> str:
    """ISO 8601 with the zone's UTC offset as a fixed offset ("2025-01-17T00:35:51+05:30")."""
    offset = moment.utcoffset() or timedelta(0)
    fixed = moment.astimezone(timezone(offset))
    return fixed.isoformat(timespec="seconds")
