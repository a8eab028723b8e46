"""What users and operators do with runs: request one, cancel it, retry it, look at them.

Every function that takes `user_id` scopes the run to that user: a run of another user is
reported as not found, never acted on. Operators (CLI) pass `user_id=None`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from psycopg.types.json import Jsonb

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.db.rows import known_fields_row
from backend.errors import ConflictError, NotFoundError, ValidationError
from backend.jobs.run_fields import (
    EXTRACTION_RUN_STATUSES,
    validate_non_empty_text,
    validate_optional_text,
    validate_run_id,
)
from backend.jobs.run_models import ExtractionRun, RunEvent
from backend.jobs.run_scope import RunScope

DEFAULT_MAX_ATTEMPTS = 3
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class RunPage:
    items: list[ExtractionRun]
    total: int
    limit: int
    offset: int


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.jobs", "run_control.sql"))


def enqueue_run(
    pool: Db,
    user_id: str,
    *,
    trigger_type: str = "manual",
    trigger_ref: str | None = None,
    scope: RunScope | None = None,
    requested_by: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    retry_of: int | None = None,
    run_after: datetime | None = None,
) -> tuple[ExtractionRun, bool]:
    """Queue a run for a worker; returns (run, created).

    With a `trigger_ref` the same trigger enqueues once: the second call returns the first run and
    `created` False.
    """
    user_id = validate_non_empty_text("user_id", user_id)
    trigger_type = validate_non_empty_text("trigger_type", trigger_type)
    trigger_ref = validate_optional_text("trigger_ref", trigger_ref)
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or not 1 <= max_attempts <= 100:
        raise ValidationError("max_attempts", max_attempts, "must be an integer from 1 to 100")
    meta: dict[str, Any] = {"scope": (scope or RunScope()).to_meta()}
    if requested_by:
        meta["requested_by"] = requested_by
    parameters = {
        "user_id": user_id, "trigger_type": trigger_type, "trigger_ref": trigger_ref, "meta": Jsonb(meta),
        "max_attempts": max_attempts, "retry_of": retry_of, "run_after": run_after,
    }
    queries = _queries()
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        cur.execute(queries["ensure_user"], {"user_id": user_id})
        created = cur.execute(queries["enqueue"], parameters).fetchone()
        if created is not None:
            return created, True
        existing = cur.execute(queries["by_trigger"], parameters).fetchone()
    if existing is None:  # only possible if the run was deleted between the two statements
        raise ConflictError(f"run for trigger {trigger_type}/{trigger_ref} vanished while being enqueued")
    return existing, False


def cancel_run(
    pool: Db, run_id: int, *, user_id: str | None = None, requested_by: str, reason: str | None = None
) -> ExtractionRun:
    """Cancel a queued run at once, or ask the worker of a running run to stop at the next archive."""
    run_id = validate_run_id(run_id)
    cancel = {"requested_by": requested_by, "reason": reason, "requested_at": datetime.now(UTC).isoformat()}
    queries = _queries()
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        run = cur.execute(queries["lock_for_user"], {"run_id": run_id, "user_id": user_id}).fetchone()
        if run is None:
            raise NotFoundError("extraction run", run_id)
        if run.is_terminal:
            raise ConflictError(f"extraction run {run_id} has already ended ({run.status}); nothing to cancel")
        statement = "cancel_queued" if run.status == "queued" else "request_cancel_running"
        updated = cur.execute(queries[statement], {"run_id": run_id, "cancel": Jsonb(cancel)}).fetchone()
    assert updated is not None  # the row is locked by this transaction and was in that status
    return updated


def retry_run(pool: Db, run_id: int, *, user_id: str | None = None, requested_by: str) -> tuple[ExtractionRun, bool]:
    """Queue a new run with the scope of a failed or canceled one, linked to it (once per run)."""
    original = get_run(pool, run_id, user_id=user_id)
    if original.status not in ("failed", "canceled"):
        raise ConflictError(f"extraction run {run_id} is {original.status}: only failed or canceled runs are retried")
    return enqueue_run(
        pool, original.user_id, trigger_type="retry", trigger_ref=str(original.id),
        scope=RunScope.from_meta(original.meta), requested_by=requested_by,
        max_attempts=original.max_attempts, retry_of=original.id,
    )


def get_run(pool: Db, run_id: int, *, user_id: str | None = None) -> ExtractionRun:
    run_id = validate_run_id(run_id)
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        run = cur.execute(_queries()["select_for_user"], {"run_id": run_id, "user_id": user_id}).fetchone()
    if run is None:
        raise NotFoundError("extraction run", run_id)
    return run


def list_runs(
    pool: Db, *, user_id: str | None = None, status: str | None = None, limit: int = 50, offset: int = 0
) -> RunPage:
    if status is not None and status not in EXTRACTION_RUN_STATUSES:
        raise ValidationError("status", status, f"must be one of {', '.join(EXTRACTION_RUN_STATUSES)}")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationError("limit", limit, f"must be from 1 to {MAX_PAGE_SIZE}")
    if offset < 0:
        raise ValidationError("offset", offset, "must be >= 0")
    parameters = {"user_id": user_id, "status": status, "limit": limit, "offset": offset}
    queries = _queries()
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        items = cur.execute(queries["list_runs"], parameters).fetchall()
        counted = conn.execute(queries["count_runs"], parameters).fetchone()
    return RunPage(items=items, total=int(counted[0]) if counted else 0, limit=limit, offset=offset)


def run_events(pool: Db, run_id: int, *, user_id: str | None = None) -> list[RunEvent]:
    """Every status transition of the run, oldest first (NotFoundError for another user's run)."""
    get_run(pool, run_id, user_id=user_id)
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(RunEvent)) as cur:
        return cur.execute(_queries()["events"], {"run_id": run_id, "user_id": user_id}).fetchall()
