"""Across reports: a company's timeline over every broker, and brokers and companies with counts."""

from __future__ import annotations

from fastapi import APIRouter, Query
from starlette.responses import Response

from backend.api.auth import CurrentUser
from backend.api.dependencies import Paging, Pool
from backend.api.documented_errors import AUTHENTICATED_READ, error_responses
from backend.api.replies import json_reply
from backend.api.schemas import ListPage
from backend.reports.aggregates import company_timeline, list_brokers, list_companies
from backend.reports.models import BrokerCount, CompanyCount, CompanyTimeline
from backend.reports.paging import Page

router = APIRouter(prefix="/api", tags=["brokers and companies"], responses=error_responses(*AUTHENTICATED_READ))


@router.get("/companies/{name}/timeline", response_model=CompanyTimeline, responses=error_responses(404))
def timeline(name: str, user: CurrentUser, db: Pool) -> Response:
    """Every broker's rating and target price over time for one company, oldest first."""
    return json_reply(company_timeline(db, user.user_id, name), CompanyTimeline)


@router.get("/brokers", response_model=ListPage[BrokerCount])
def brokers(user: CurrentUser, db: Pool, page: Paging) -> Response:
    """Brokers with how many reports and companies, most reports first."""
    return json_reply(list_brokers(db, user.user_id, page), Page[BrokerCount])


@router.get("/companies", response_model=ListPage[CompanyCount])
def companies(
    user: CurrentUser,
    db: Pool,
    page: Paging,
    q: str | None = Query(None, description="Names containing this text (any case)"),
    broker: str | None = Query(None, description="Only companies this broker wrote on"),
) -> Response:
    """Companies (and sectors, themes) with how many reports and brokers, most reports first."""
    return json_reply(list_companies(db, user.user_id, page, q=q, broker=broker), Page[CompanyCount])
