"""The research feed (newest first, filtered, searched, paged) and one report in full."""

from __future__ import annotations

from dataclasses import asdict
from functools import cache

from psycopg.rows import class_row, dict_row

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.errors import NotFoundError
from backend.reports.filters import ReportFilters, parse_id
from backend.reports.models import ArchiveLink, PreviousCall, ReportDetail, ReportPoint, ReportSummary
from backend.reports.paging import Page, PageRequest


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.reports", "feed.sql"))


def list_reports(
    db: Db, user_id: str, filters: ReportFilters, page: PageRequest, *, timezone: str = "UTC"
) -> Page[ReportSummary]:
    """The user's reports matching `filters`, newest first (undated last; ties by id, newest first).

    Dates in `filters` are days in `timezone` (the user's).
    """
    parameters = {"user_id": user_id, **filters.bind(timezone), **page.bind()}
    queries = _queries()
    # Planned for each call's values (prepare=False): a prepared statement's generic plan cannot
    # drop the filters left empty ("%(broker)s IS NULL OR ...") and reads every row of the user.
    with transaction(db) as conn, conn.cursor(row_factory=class_row(ReportSummary)) as cur:
        items = cur.execute(queries["list_reports"], parameters, prepare=False).fetchall()
        if len(items) < page.limit and (items or page.offset == 0):
            total = page.offset + len(items)  # the last page: the total needs no count
        else:
            counted = conn.execute(queries["count_reports"], parameters, prepare=False).fetchone()
            total = int(counted[0]) if counted else 0
    return Page.of(items, total, page)


def get_report(db: Db, user_id: str, report_id: int) -> ReportDetail:
    """One of the user's reports with its key points, source email and the broker's previous call."""
    parse_id("report_id", report_id)
    queries = _queries()
    with transaction(db) as conn:
        with conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(queries["get_report"], {"report_id": report_id, "user_id": user_id}).fetchone()
        if row is None:
            raise NotFoundError("report", report_id)
        rating_raw = row.pop("rating_raw")
        report = ReportSummary(**row)
        with conn.cursor(row_factory=class_row(ReportPoint)) as cur:
            points = cur.execute(queries["report_points"], {"report_id": report_id}).fetchall()
        with conn.cursor(row_factory=class_row(ArchiveLink)) as cur:
            archive = cur.execute(queries["report_archive"],
                                  {"archive_id": report.archive_id, "user_id": user_id}).fetchone()
        with conn.cursor(row_factory=class_row(PreviousCall)) as cur:
            previous = cur.execute(queries["previous_call"], {
                "user_id": user_id, "broker": report.broker, "company": report.company_canonical,
                "published_at": report.published_at,
            }).fetchone() if report.published_at else None
    return ReportDetail(**asdict(report), rating_raw=rating_raw, key_points=points, archive=archive,
                        previous_call=previous)
