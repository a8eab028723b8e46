"""Dates as mail writes them, to an instant in UTC plus the writer's UTC offset.

Handles RFC 5322 dates with odd tails (`+0800 (SGT)`, `+08:00`, `GMT`, `EDT`), two-digit years,
and the forms mail clients print in a forwarded header block, which usually carry no offset at all:
Outlook `Thursday, January 16, 2025 7:05 PM`, Gmail `Thu, Jan 16, 2025 at 7:05 PM`, Apple Mail
`January 16, 2025 at 7:05:00 PM GMT+5:30`. A date without an offset gets no UTC time: guessing
the zone would silently move reports across days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz

_COMMENT = re.compile(r"\([^()]*\)")
_NUMERIC_ZONE = re.compile(r"(?:^|\s)(?:(?:GMT|UTC|UT)\s*)?([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)
_FOUR_DIGIT_ZONE = re.compile(r"\s([+-])(\d{2}):?(\d{2})$")
_NAMED_ZONE = re.compile(r"\s(GMT|UTC|UT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT)$", re.IGNORECASE)
_NAMED_OFFSETS = {
    "GMT": 0, "UTC": 0, "UT": 0, "Z": 0,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
}  # fmt: skip
_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_AT = re.compile(r"\s+at\s+", re.IGNORECASE)
_AM_PM = re.compile(r"(\d)\s*([AaPp])\.?\s*[Mm]\.?(?=\s|$)")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b", re.IGNORECASE)

# Client formats after the weekday and the word "at" are removed (English month names, as sent).
_CLIENT_FORMATS = (
    "%B %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M:%S %p",
    "%d %B %Y %I:%M %p",
    "%d %b %Y %I:%M %p",
    "%d %B, %Y %I:%M %p",
    "%B %d, %Y %H:%M",
    "%B %d, %Y %H:%M:%S",
    "%d %B %Y %H:%M",
    "%d %B %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
_MIN_YEAR, _MAX_YEAR = 1900, 2200
# "22 May 2025 07:05:40", what a Date header holds once its weekday and zone are split off
_RFC_5322_LOCAL = re.compile(
    r"^(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) (\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}


@dataclass(frozen=True)
class ParsedDate:
    local: datetime  # wall-clock time as written, naive
    offset_minutes: int | None  # None when the text carries no offset, or "-0000" (offset unknown)
    utc_known: bool  # False when no zone at all was written: no UTC instant can be derived

    @property
    def utc_iso(self) -> str | None:
        if not self.utc_known:
            return None
        shifted = self.local - timedelta(minutes=self.offset_minutes or 0)
        return shifted.replace(tzinfo=UTC).isoformat()


def parse_mail_date(value: str | None) -> ParsedDate | None:
    """Parse a Date header or a forwarded block's date line; None when it is not a date."""
    if not value:
        return None
    text = " ".join(_COMMENT.sub(" ", value).split()).strip(" ,;")
    if not text:
        return None
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    rest, offset, utc_known = _split_zone(text)
    local = _parse_local(rest)
    if local is None or not _MIN_YEAR <= local.year <= _MAX_YEAR:
        return None
    return ParsedDate(local=local, offset_minutes=offset, utc_known=utc_known)


def _split_zone(text: str) -> tuple[str, int | None, bool]:
    """(text without its zone, offset in minutes, whether a zone was written at all)."""
    match = _FOUR_DIGIT_ZONE.search(text)
    if match is None and re.search(r"(?:GMT|UTC|UT)\s*[+-]\d", text, re.IGNORECASE):
        match = _NUMERIC_ZONE.search(text)  # "GMT+5:30", "UTC-05:00"
    if match is not None:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes > 59:
            return text[: match.start()], None, False
        offset = (hours * 60 + minutes) * (-1 if sign == "-" else 1)
        if offset == 0 and sign == "-":  # "-0000": the time is UTC, the sender's zone is unknown
            return text[: match.start()], None, True
        return text[: match.start()], offset, True
    named = _NAMED_ZONE.search(text)
    if named is not None:
        return text[: named.start()], _NAMED_OFFSETS[named.group(1).upper()], True
    return text, None, False


def _parse_local(text: str) -> datetime | None:
    cleaned = _WEEKDAY_PREFIX.sub("", text)
    cleaned = _ORDINAL.sub(r"\1", _AT.sub(" ", cleaned))
    cleaned = _AM_PM.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}M", cleaned).strip(" ,")
    standard = _RFC_5322_LOCAL.match(cleaned)
    if standard is not None:  # the common case, read without trying every client format
        day, month, year, hour, minute, second = standard.groups()
        try:
            return datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second or 0))
        except ValueError:
            return None
    for fmt in _CLIENT_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)  # naive: the zone was split off above
        except ValueError:
            continue
    if re.search(r"\d\s*[AP]M\b", cleaned):
        return None  # parsedate_tz would silently drop AM/PM and misread the hour
    fields = parsedate_tz(text)
    if fields is None:
        return None
    try:
        return datetime(*fields[:6])  # naive by design: the offset is kept apart
    except (ValueError, OverflowError):
        return None


def _parse_iso(text: str) -> ParsedDate | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        return None
    offset = moment.utcoffset()
    if offset is None:
        return ParsedDate(local=moment, offset_minutes=None, utc_known=False)
    return ParsedDate(
        local=moment.replace(tzinfo=None),
        offset_minutes=int(offset.total_seconds() // 60),
        utc_known=True,
    )
