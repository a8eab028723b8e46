"""Rows of the read side, as the API returns them and the dashboard shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ReportSummary:
    """One report in the feed."""

    id: int
    broker: str
    company_canonical: str
    company_raw: str | None
    ticker: str | None
    report_type: str
    title: str
    summary: str | None
    rating: str | None
    previous_rating: str | None
    target_price: float | None
    previous_target_price: float | None
    currency: str | None
    published_at: datetime | None
    confidence: float | None
    archive_id: str
    extraction_run_id: int | None
    key_point_count: int


@dataclass(frozen=True)
class ReportPoint:
    point_order: int
    point_text: str
    point_type: str


@dataclass(frozen=True)
class ArchiveLink:
    """The email a report was read from."""

    archive_id: str
    subject: str | None
    from_address: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class PreviousCall:
    """The same broker's previous report on the same company that gave a rating or target."""

    report_id: int
    published_at: datetime | None
    rating: str | None
    target_price: float | None
    currency: str | None


@dataclass(frozen=True)
class ReportDetail(ReportSummary):
    """A report with everything its page shows: key points, source email, the broker's previous call."""

    rating_raw: str | None
    key_points: list[ReportPoint]
    archive: ArchiveLink | None
    previous_call: PreviousCall | None


@dataclass(frozen=True)
class TimelinePoint:
    report_id: int
    published_at: datetime
    report_type: str
    title: str
    rating: str | None
    target_price: float | None
    currency: str | None


@dataclass(frozen=True)
class BrokerSeries:
    broker: str
    points: list[TimelinePoint] = field(default_factory=list)


@dataclass(frozen=True)
class CompanyTimeline:
    """Every broker's ratings and targets over time for one company, oldest first."""

    company: str
    report_count: int
    series: list[BrokerSeries]


@dataclass(frozen=True)
class BrokerCount:
    broker: str
    reports: int
    companies: int
    latest_published_at: datetime | None


@dataclass(frozen=True)
class CompanyCount:
    company: str
    reports: int
    brokers: int
    latest_published_at: datetime | None
