"""Reading pages: the research feed, a report, companies and a company's chart, an archived email.

Each handler reads with the same function as its JSON twin (named in the page's footer link)
and renders; the twin answers the same session, so the link works in the browser.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from backend.api.dependencies import Pool, Store
from backend.api.query_filters import report_filters
from backend.extraction.report_types import REPORT_TYPES
from backend.reports.aggregates import company_timeline, list_brokers, list_companies
from backend.reports.archives import archive_detail
from backend.reports.feed import get_report, list_reports
from backend.reports.filters import RATINGS, ReportFilters
from backend.reports.paging import MAX_LIMIT, PageRequest
from backend.web.chart import company_chart
from backend.web.formatting import path_part, query_string
from backend.web.pager import pager
from backend.web.session_user import PageUser
from backend.web.templating import render

router = APIRouter(include_in_schema=False)

FEED_PAGE_SIZE = 25
COMPANIES_PAGE_SIZE = 50


def feed_page(limit: int = FEED_PAGE_SIZE, offset: int = 0) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


def companies_page(limit: int = COMPANIES_PAGE_SIZE, offset: int = 0) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


@router.get("/")
def feed(request: Request, user: PageUser, db: Pool, filters: Annotated[ReportFilters, Depends(report_filters)],
         page: Annotated[PageRequest, Depends(feed_page)]) -> Response:
    reports = list_reports(db, user.user_id, filters, page, timezone=user.timezone)
    query = filters.query_values()
    return render(request, "feed.html", {
        "user": user, "nav": "feed", "reports": reports, "filters": filters, "query": query,
        "pager": pager(reports, "/", query, default_limit=FEED_PAGE_SIZE),
        "brokers": list_brokers(db, user.user_id, PageRequest(limit=MAX_LIMIT)).items,
        "report_types": REPORT_TYPES, "ratings": RATINGS,
        "twin": "/api/extracted-reports" + query_string({**query, "limit": page.limit, "offset": page.offset}),
    })


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: int, user: PageUser, db: Pool) -> Response:
    report = get_report(db, user.user_id, report_id)
    return render(request, "report.html", {"user": user, "nav": "feed", "report": report,
                                           "twin": f"/api/extracted-reports/{report.id}"})


@router.get("/companies")
def companies(request: Request, user: PageUser, db: Pool, page: Annotated[PageRequest, Depends(companies_page)],
              q: Annotated[str | None, Query()] = None) -> Response:
    found = list_companies(db, user.user_id, page, q=q)
    query = {"q": q.strip()} if q and q.strip() else {}
    return render(request, "companies.html", {
        "user": user, "nav": "companies", "companies": found, "q": query.get("q", ""),
        "pager": pager(found, "/companies", query, default_limit=COMPANIES_PAGE_SIZE),
        "twin": "/api/companies" + query_string({**query, "limit": page.limit, "offset": page.offset}),
    })


@router.get("/companies/{name}")
def company_page(request: Request, name: str, user: PageUser, db: Pool) -> Response:
    timeline = company_timeline(db, user.user_id, name)
    return render(request, "company.html", {
        "user": user, "nav": "companies", "timeline": timeline, "chart": company_chart(timeline, user.timezone),
        "feed_url": "/" + query_string({"company": timeline.company}),
        "twin": f"/api/companies/{path_part(timeline.company)}/timeline",
    })


@router.get("/archives/{archive_id}")
def archive_page(request: Request, archive_id: str, user: PageUser, db: Pool, store: Store) -> Response:
    detail = archive_detail(db, store, user.user_id, archive_id)
    return render(request, "archive.html", {"user": user, "nav": "", "detail": detail,
                                            "twin": f"/api/email-archives/{detail.entry.archive_id}"})

