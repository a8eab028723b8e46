"""Runs and uploads: the runs page with live progress and cancel buttons, a run's page, uploading mail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from backend.api.dependencies import Pool, Service
from backend.api.upload_intake import ingest_upload
from backend.jobs.run_control import cancel_run
from backend.jobs.run_fields import EXTRACTION_RUN_STATUSES
from backend.jobs.run_scope import RunScope
from backend.reports.paging import MAX_LIMIT, PageRequest
from backend.reports.runs import list_run_views, start_manual_run, user_run, user_run_events
from backend.web.formatting import query_string
from backend.web.pager import pager
from backend.web.session_user import CheckedForm, PageUser
from backend.web.templating import render

router = APIRouter(include_in_schema=False)

RUNS_PAGE_SIZE = 20


def runs_page_request(limit: int = RUNS_PAGE_SIZE, offset: int = 0) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


@router.get("/runs")
def runs(request: Request, user: PageUser, db: Pool, page: Annotated[PageRequest, Depends(runs_page_request)],
         status: str | None = None) -> Response:
    found = list_run_views(db, user.user_id, page, status=status or None)
    query = {"status": status} if status else {}
    return render(request, "runs.html", {
        "user": user, "nav": "runs", "runs": found, "status": status or "", "statuses": EXTRACTION_RUN_STATUSES,
        "pager": pager(found, "/runs", query, default_limit=RUNS_PAGE_SIZE),
        "twin": "/api/extraction/runs" + query_string({**query, "limit": page.limit, "offset": page.offset}),
    })


@router.post("/runs", dependencies=[CheckedForm])
def start_run(user: PageUser, db: Pool, reprocess: Annotated[bool, Form()] = False) -> Response:
    run = start_manual_run(db, user.user_id, RunScope(reprocess=reprocess), requested_by="dashboard")
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: int, user: PageUser, db: Pool) -> Response:
    run = user_run(db, user.user_id, run_id)
    events = user_run_events(db, user.user_id, run_id, PageRequest(limit=MAX_LIMIT))
    return render(request, "run.html", {"user": user, "nav": "runs", "run": run, "events": events.items,
                                        "twin": f"/api/extraction/runs/{run.id}/status"})


@router.get("/runs/{run_id}/card")
def run_card(request: Request, run_id: int, user: PageUser, db: Pool) -> Response:
    """A run's card of the runs page, polled every second while it runs (an ended run's card stops)."""
    run = user_run(db, user.user_id, run_id)
    return render(request, "_run_card.html", {"user": user, "run": run})


@router.post("/runs/{run_id}/cancel", dependencies=[CheckedForm])
def cancel(run_id: int, user: PageUser, db: Pool, back: Annotated[str, Form()] = "run") -> Response:
    cancel_run(db, run_id, user_id=user.user_id, requested_by="dashboard")
    return RedirectResponse("/runs" if back == "runs" else f"/runs/{run_id}", status_code=303)


@router.get("/upload")
def upload_page(request: Request, user: PageUser, state: Service) -> Response:
    return render(request, "upload.html", {"user": user, "nav": "upload", "outcome": None,
                                           "max_bytes": state.config.max_upload_bytes})


@router.post("/upload", dependencies=[CheckedForm])
def upload(request: Request, file: UploadFile, user: PageUser, state: Service) -> Response:
    outcome = ingest_upload(state.pool, state.store, user.user_id, file.filename, file.file,
                            max_bytes=state.config.max_upload_bytes)
    if outcome.run is not None:
        return RedirectResponse(f"/runs/{outcome.run.id}", status_code=303)
    return render(request, "upload.html", {"user": user, "nav": "upload", "outcome": outcome,
                                           "max_bytes": state.config.max_upload_bytes})
