"""Extracted reports: the filtered, searchable feed and one report in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from starlette.responses import Response

from backend.api.auth import CurrentUser
from backend.api.dependencies import Paging, Pool
from backend.api.documented_errors import AUTHENTICATED_READ, error_responses
from backend.api.query_filters import report_filters
from backend.api.replies import json_reply
from backend.api.schemas import ListPage
from backend.reports.feed import get_report, list_reports
from backend.reports.filters import MAX_ID, ReportFilters
from backend.reports.models import ReportDetail, ReportSummary
from backend.reports.paging import Page

router = APIRouter(prefix="/api/extracted-reports", tags=["reports"], responses=error_responses(*AUTHENTICATED_READ))
Filters = Annotated[ReportFilters, Depends(report_filters)]
ReportId = Annotated[int, Path(description="Id of one of your reports",
                               json_schema_extra={"minimum": 1, "maximum": MAX_ID})]


@router.get("", response_model=ListPage[ReportSummary])
def feed(user: CurrentUser, db: Pool, filters: Filters, page: Paging) -> Response:
    """Your reports, newest first (undated last)."""
    return json_reply(list_reports(db, user.user_id, filters, page, timezone=user.timezone), Page[ReportSummary])


@router.get("/{report_id}", response_model=ReportDetail, responses=error_responses(404))
def report(report_id: ReportId, user: CurrentUser, db: Pool) -> Response:
    """One report with its key points, source email and the broker's previous call on the company."""
    return json_reply(get_report(db, user.user_id, report_id), ReportDetail)
