"""Extraction runs: trigger, list, status, latest, cancel, events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path
from starlette.responses import Response

from backend.api.auth import CurrentUser
from backend.api.dependencies import Paging, Pool
from backend.api.documented_errors import AUTHENTICATED_READ, AUTHENTICATED_WRITE, error_responses
from backend.api.replies import json_reply
from backend.api.schemas import CancelRun, ListPage, TriggerRun
from backend.jobs.run_control import cancel_run
from backend.jobs.run_models import RunEvent
from backend.jobs.run_scope import RunScope
from backend.reports.filters import MAX_ID
from backend.reports.paging import Page
from backend.reports.runs import (
    RunView,
    latest_user_run,
    list_run_views,
    run_view,
    start_manual_run,
    user_run,
    user_run_events,
)

router = APIRouter(prefix="/api/extraction/runs", tags=["extraction runs"],
                   responses=error_responses(*AUTHENTICATED_READ))
RunId = Annotated[int, Path(description="Id of one of your runs", json_schema_extra={"minimum": 1, "maximum": MAX_ID})]


@router.post("", status_code=201, response_model=RunView,
             responses=error_responses(*AUTHENTICATED_WRITE, 404))
def trigger_run(body: TriggerRun, user: CurrentUser, db: Pool) -> Response:
    """Queue an extraction run (a worker executes it)."""
    scope = RunScope(reprocess=body.reprocess, broker=body.broker, archive_ids=tuple(body.archive_ids))
    return json_reply(start_manual_run(db, user.user_id, scope, requested_by="api"), RunView, status_code=201)


@router.get("", response_model=ListPage[RunView])
def list_user_runs(user: CurrentUser, db: Pool, page: Paging, status: str | None = None) -> Response:
    """Your runs, newest first; `status` keeps one status (queued, running, succeeded, failed, canceled)."""
    return json_reply(list_run_views(db, user.user_id, page, status=status or None), Page[RunView])


@router.get("/latest", response_model=RunView, responses=error_responses(404))
def latest_run(user: CurrentUser, db: Pool) -> Response:
    """Your most recently requested run."""
    return json_reply(latest_user_run(db, user.user_id), RunView)


@router.get("/{run_id}/status", response_model=RunView, responses=error_responses(404))
def run_status(run_id: RunId, user: CurrentUser, db: Pool) -> Response:
    """Status, progress counters and error of a run."""
    return json_reply(user_run(db, user.user_id, run_id), RunView)


@router.post("/{run_id}/cancel", response_model=RunView,
             responses=error_responses(*AUTHENTICATED_WRITE, 404, 409))
def cancel(run_id: RunId, user: CurrentUser, db: Pool, body: Annotated[CancelRun | None, Body()] = None) -> Response:
    """Cancel a queued run now, or ask a running one to stop at its next archive (409 once ended)."""
    reason = body.reason if body else None
    return json_reply(run_view(cancel_run(db, run_id, user_id=user.user_id, requested_by="api", reason=reason)),
                      RunView)


@router.get("/{run_id}/events", response_model=ListPage[RunEvent], responses=error_responses(404))
def events(run_id: RunId, user: CurrentUser, db: Pool, page: Paging) -> Response:
    """Every status transition of a run, oldest first."""
    return json_reply(user_run_events(db, user.user_id, run_id, page), Page[RunEvent])
