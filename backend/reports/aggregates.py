"""Across reports: one company's timeline over every broker, and brokers and companies with counts."""

from __future__ import annotations

from functools import cache
from itertools import groupby

from psycopg.rows import class_row, dict_row

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.errors import NotFoundError
from backend.reports.filters import clean_text
from backend.reports.models import BrokerCount, BrokerSeries, CompanyCount, CompanyTimeline, TimelinePoint
from backend.reports.paging import Page, PageRequest


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.reports", "aggregates.sql"))


def like_pattern(text: str) -> str:
    """A case-insensitive "contains" pattern in which the user's % and _ are literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def company_timeline(db: Db, user_id: str, company: str) -> CompanyTimeline:
    """Each broker's dated reports on `company`, oldest first (NotFoundError: no report on it)."""
    name = clean_text("company", company)
    if name is None:
        raise NotFoundError("company", company)
    parameters = {"user_id": user_id, "company": name}
    queries = _queries()
    with transaction(db) as conn:
        counted = conn.execute(queries["company_report_count"], parameters).fetchone()
        with conn.cursor(row_factory=dict_row) as cur:
            rows = cur.execute(queries["company_timeline"], parameters).fetchall()
    total = int(counted[0]) if counted else 0
    if total == 0:
        raise NotFoundError("company", name)
    series = [
        BrokerSeries(broker=broker, points=[TimelinePoint(**{k: v for k, v in row.items() if k != "broker"})
                                            for row in points])
        for broker, points in groupby(rows, key=lambda row: row["broker"])
    ]
    return CompanyTimeline(company=name, report_count=total, series=series)


def list_brokers(db: Db, user_id: str, page: PageRequest) -> Page[BrokerCount]:
    """Brokers with their report and company counts, most reports first."""
    parameters = {"user_id": user_id, **page.bind()}
    queries = _queries()
    with transaction(db) as conn, conn.cursor(row_factory=class_row(BrokerCount)) as cur:
        items = cur.execute(queries["list_brokers"], parameters).fetchall()
        counted = conn.execute(queries["count_brokers"], parameters).fetchone()
    return Page.of(items, int(counted[0]) if counted else 0, page)


def list_companies(
    db: Db, user_id: str, page: PageRequest, *, q: str | None = None, broker: str | None = None
) -> Page[CompanyCount]:
    """Companies (and sectors, themes) with their report and broker counts, most reports first.

    `q` keeps names containing it (any case); `broker` keeps companies that broker wrote on.
    """
    search = clean_text("q", q)
    parameters = {
        "user_id": user_id,
        "pattern": like_pattern(search) if search else None,
        "broker": clean_text("broker", broker),
        **page.bind(),
    }
    queries = _queries()
    with transaction(db) as conn, conn.cursor(row_factory=class_row(CompanyCount)) as cur:
        items = cur.execute(queries["list_companies"], parameters).fetchall()
        counted = conn.execute(queries["count_companies"], parameters).fetchone()
    return Page.of(items, int(counted[0]) if counted else 0, page)
