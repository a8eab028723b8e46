"""The scheduler's endpoint: enqueue the daily run of every user whose time has come."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from backend.api.auth import CronSecret
from backend.api.dependencies import Pool
from backend.api.documented_errors import EVERY_REQUEST, error_responses
from backend.api.replies import json_reply
from backend.jobs.schedule import DailyEnqueueSummary, enqueue_due_daily_runs

router = APIRouter(prefix="/api/jobs", tags=["scheduler"])


@router.post("/daily", response_model=DailyEnqueueSummary, dependencies=[CronSecret],
             responses=error_responses(*EVERY_REQUEST, 401, 403, 422, 429, 503))
def daily(db: Pool) -> Response:
    """Enqueue today's run of each due user, once per local day however often it is called.

    Needs the `x-cron-secret` header; closed (403) when the service has no secret configured.
    """
    return json_reply(enqueue_due_daily_runs(db, source="http"), DailyEnqueueSummary)
