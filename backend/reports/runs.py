"""Extraction runs as a user sees them: status, progress, what was asked for, and their events.

Thin read views over `backend.jobs.run_control`, which scopes every lookup to the user (another
user's run is "not found").
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.errors import NotFoundError
from backend.jobs.run_control import enqueue_run, get_run, list_runs, run_events
from backend.jobs.run_models import ExtractionRun, RunEvent
from backend.jobs.run_scope import RunScope
from backend.reports.paging import Page, PageRequest


@dataclass(frozen=True)
class RunView:
    id: int
    trigger_type: str
    trigger_ref: str | None
    status: str
    is_terminal: bool
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    archives_considered: int
    archives_processed: int
    archives_failed: int
    reports_extracted: int
    reports_inserted: int
    reports_updated: int
    points_inserted: int
    error_code: str | None
    error_message: str | None
    updated_at: datetime
    attempt: int
    cancel_requested_at: datetime | None
    requested_by: str | None
    scope: dict[str, Any]

    @property
    def progress_percent(self) -> int:
        """How far through its archives the run is (100 once it has ended)."""
        if self.is_terminal:
            return 100
        if self.archives_considered == 0:
            return 0
        return min(100, round(100 * self.archives_processed / self.archives_considered))

    @property
    def cancelable(self) -> bool:
        return not self.is_terminal and self.cancel_requested_at is None


_COPIED = {field.name for field in fields(RunView)} - {"is_terminal", "archives_failed", "requested_by", "scope"}


def run_view(run: ExtractionRun) -> RunView:
    return RunView(
        **{name: getattr(run, name) for name in _COPIED},
        is_terminal=run.is_terminal,
        archives_failed=int(run.meta.get("archives_failed") or 0),
        requested_by=run.meta.get("requested_by"),
        scope=RunScope.from_meta(run.meta).to_meta(),
    )


def list_run_views(db: Db, user_id: str, page: PageRequest, *, status: str | None = None) -> Page[RunView]:
    """The user's runs, newest first."""
    found = list_runs(db, user_id=user_id, status=status, limit=page.limit, offset=page.offset)
    return Page.of([run_view(run) for run in found.items], found.total, page)


def user_run(db: Db, user_id: str, run_id: int) -> RunView:
    return run_view(get_run(db, run_id, user_id=user_id))


def latest_user_run(db: Db, user_id: str) -> RunView:
    found = list_runs(db, user_id=user_id, limit=1)
    if not found.items:
        raise NotFoundError("extraction run", "latest")
    return run_view(found.items[0])


def user_run_events(db: Db, user_id: str, run_id: int, page: PageRequest) -> Page[RunEvent]:
    """Status transitions of one of the user's runs, oldest first (a run has a handful)."""
    return Page.slice_of(run_events(db, run_id, user_id=user_id), page)


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.reports", "runs.sql"))


def start_manual_run(db: Db, user_id: str, scope: RunScope, *, requested_by: str) -> RunView:
    """Queue a run the user asked for; archive ids must be the user's own (else not found)."""
    if scope.archive_ids:
        with transaction(db) as conn:
            rows = conn.execute(_queries()["known_archive_ids"],
                                {"user_id": user_id, "archive_ids": list(scope.archive_ids)}).fetchall()
        unknown = sorted(set(scope.archive_ids) - {row[0] for row in rows})
        if unknown:
            raise NotFoundError("archive", unknown[0])
    run, _ = enqueue_run(db, user_id, trigger_type="manual", scope=scope, requested_by=requested_by)
    return run_view(run)
