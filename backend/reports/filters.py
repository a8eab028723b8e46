"""Filters of the feed and of the archive list, read from query-string values and checked once.

Values arrive as text (a query string, a dashboard form where an untouched field is empty) and
leave typed and bounded: empty means "no filter", text is length-limited and free of control
characters (PostgreSQL refuses NUL in text), dates are ISO dates read in the user's time zone,
and every value is bound as a parameter, never spliced into SQL.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from backend.errors import ValidationError
from backend.extraction.report_types import REPORT_TYPES

RATINGS = ("buy", "hold", "sell")
MAX_TEXT_LENGTH = 200
MAX_ID = 2**63 - 1


def _shown(value: str) -> str:
    """A refused value as the error message quotes it (a huge one is cut)."""
    return value if len(value) <= 60 else value[:60] + "..."


def clean_text(field: str, value: str | None, *, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """Stripped text, None when empty; refused when too long or holding control characters."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > max_length:
        raise ValidationError(field, _shown(value), f"must be at most {max_length} characters")
    if any(ord(character) < 32 for character in value):
        raise ValidationError(field, _shown(value), "must not contain control characters")
    return value


def one_of(field: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    value = clean_text(field, value)
    if value is not None and value not in allowed:
        raise ValidationError(field, _shown(value), f"must be one of {', '.join(allowed)}")
    return value


def parse_date(field: str, value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = clean_text(field, value, max_length=10)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, text, "must be a date as YYYY-MM-DD") from None


def parse_id(field: str, value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_ID:
        raise ValidationError(field, value, "must be a positive integer")
    return value


def day_bounds(start: date | None, end: date | None, timezone: str) -> tuple[datetime | None, datetime | None]:
    """[start of `start`, start of the day after `end`) in the user's zone, as UTC instants."""
    zone = ZoneInfo(timezone)
    since = datetime.combine(start, time.min, zone).astimezone(UTC) if start else None
    until = datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC) if end else None
    return since, until


def _date_range(published_from: str | date | None, published_to: str | date | None) -> tuple[date | None, date | None]:
    start, end = parse_date("from", published_from), parse_date("to", published_to)
    if start and end and start > end:
        raise ValidationError("from", start.isoformat(), f"must not be after to ({end.isoformat()})")
    return start, end


@dataclass(frozen=True)
class ReportFilters:
    broker: str | None = None
    company: str | None = None
    report_type: str | None = None
    rating: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    q: str | None = None
    run_id: int | None = None

    @classmethod
    def parse(
        cls,
        *,
        broker: str | None = None,
        company: str | None = None,
        report_type: str | None = None,
        rating: str | None = None,
        published_from: str | date | None = None,
        published_to: str | date | None = None,
        q: str | None = None,
        run_id: int | None = None,
    ) -> ReportFilters:
        start, end = _date_range(published_from, published_to)
        return cls(
            broker=clean_text("broker", broker),
            company=clean_text("company", company),
            report_type=one_of("report_type", report_type, REPORT_TYPES),
            rating=one_of("rating", rating, RATINGS),
            published_from=start,
            published_to=end,
            q=clean_text("q", q),
            run_id=parse_id("run_id", run_id),
        )

    def bind(self, timezone: str) -> dict[str, Any]:
        since, until = day_bounds(self.published_from, self.published_to, timezone)
        values = asdict(self)
        del values["published_from"], values["published_to"]
        return {**values, "since": since, "until": until}

    def query_values(self) -> dict[str, str]:
        """The filters as query-string values (for links that keep them), with the API's names."""
        names = {"published_from": "from", "published_to": "to"}
        return {names.get(key, key): str(value) for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True)
class ArchiveFilters:
    broker: str | None = None
    published_from: date | None = None
    published_to: date | None = None

    @classmethod
    def parse(
        cls,
        *,
        broker: str | None = None,
        published_from: str | date | None = None,
        published_to: str | date | None = None,
    ) -> ArchiveFilters:
        start, end = _date_range(published_from, published_to)
        return cls(broker=clean_text("broker", broker), published_from=start, published_to=end)
