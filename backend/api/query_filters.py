"""Filters read from the query string, shared by the API and the dashboard pages.

Values arrive as text (a dashboard form leaves untouched fields empty); `ReportFilters.parse`
and `ArchiveFilters.parse` check them once and say which field is wrong.
"""

from __future__ import annotations

from fastapi import Query

from backend.reports.filters import ArchiveFilters, ReportFilters


def report_filters(
    broker: str | None = None,
    company: str | None = Query(None, description="Canonical company (or sector/theme) name"),
    report_type: str | None = None,
    rating: str | None = Query(None, description="buy, hold or sell"),
    published_from: str | None = Query(None, alias="from", description="First day (YYYY-MM-DD, your time zone)"),
    published_to: str | None = Query(None, alias="to", description="Last day, included (YYYY-MM-DD)"),
    q: str | None = Query(None, description="Full-text search over title, summary and key points"),
    run_id: int | None = Query(None, description="Only reports written by this run"),
) -> ReportFilters:
    return ReportFilters.parse(broker=broker, company=company, report_type=report_type, rating=rating,
                               published_from=published_from, published_to=published_to, q=q, run_id=run_id)


def archive_filters(
    broker: str | None = None,
    published_from: str | None = Query(None, alias="from", description="First day (YYYY-MM-DD)"),
    published_to: str | None = Query(None, alias="to", description="Last day, included (YYYY-MM-DD)"),
) -> ArchiveFilters:
    return ArchiveFilters.parse(broker=broker, published_from=published_from, published_to=published_to)
