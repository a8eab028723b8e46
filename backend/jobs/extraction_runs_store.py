"""The extraction run store: create, update and read rows of `extraction_runs`.

Every function takes `pool`, the process's psycopg `ConnectionPool` or a single psycopg
`Connection`, and runs in one transaction of its own (a savepoint when the given connection is
already inside a transaction). Inputs are validated before any SQL runs (see `run_fields`);
status changes follow the lifecycle queued -> running -> succeeded | failed | canceled (and
queued -> canceled); a refused write raises and changes nothing.

    run = create_extraction_run(pool, {"user_id": "u1", "trigger_type": "manual"})
    update_extraction_run(pool, run.id, {"status": "running"})
    update_extraction_run(pool, run.id, {"archives_processed": 10, "meta_patch": {"note": "x"}})
    status = get_extraction_run_status(pool, run.id)
"""

from __future__ import annotations

from functools import cache
from typing import Any

from psycopg.types.json import Jsonb

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.db.rows import known_fields_row
from backend.errors import ConflictError, InvalidTransitionError, NotFoundError
from backend.jobs.run_fields import (
    ALLOWED_TRANSITIONS,
    COUNTER_FIELDS,
    EXTRACTION_RUN_STATUSES,
    TERMINAL_STATUSES,
    TERMINAL_UPDATE_FIELDS,
    TIMESTAMP_FIELDS,
    UPDATE_FIELDS,
    ExtractionRunStatus,
    validate_create,
    validate_non_empty_text,
    validate_run_id,
    validate_update,
)
from backend.jobs.run_models import ExtractionRun, ExtractionRunStatusView

__all__ = [
    "EXTRACTION_RUN_STATUSES",
    "ExtractionRun",
    "ExtractionRunStatus",
    "ExtractionRunStatusView",
    "create_extraction_run",
    "get_extraction_run_by_id",
    "get_extraction_run_status",
    "get_latest_extraction_run_status_for_user",
    "update_extraction_run",
]


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.jobs", "extraction_runs_store.sql"))


def create_extraction_run(pool: Db, params: dict[str, Any]) -> ExtractionRun:
    """Insert a run (status `queued` unless given) and return it as stored."""
    values = validate_create(params)
    row: dict[str, Any] = {
        "trigger_ref": None,
        "status": "queued",
        "requested_at": None,
        "error_code": None,
        "error_message": None,
        **dict.fromkeys(TIMESTAMP_FIELDS),
        **dict.fromkeys(COUNTER_FIELDS, 0),
        **values,
        "meta": Jsonb(values.get("meta", {})),
    }
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        created = cur.execute(_queries()["insert_run"], row).fetchone()
    assert created is not None  # INSERT ... RETURNING always yields the row
    return created


def update_extraction_run(pool: Db, run_id: int, updates: dict[str, Any]) -> ExtractionRun:
    """Apply `updates` to run `run_id` and return the run as stored afterwards.

    `meta` replaces the run's meta; `meta_patch` is merged into it (JSONB `||`). Becoming
    `running` sets `started_at` and ending sets `finished_at`, unless the update gives them.
    """
    run_id = validate_run_id(run_id)
    values = validate_update(updates)
    queries = _queries()
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        current = cur.execute(queries["lock_run"], {"run_id": run_id}).fetchone()
        if current is None:
            raise NotFoundError("extraction run", run_id)
        _check_lifecycle(current, values)
        updated = cur.execute(queries["update_run"], _update_parameters(run_id, current, values)).fetchone()
    assert updated is not None  # the row is locked by us, it cannot have vanished
    return updated


def get_extraction_run_by_id(pool: Db, run_id: int) -> ExtractionRun | None:
    """The full run, or None when there is no run with that id."""
    run_id = validate_run_id(run_id)
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        return cur.execute(_queries()["select_run"], {"run_id": run_id}).fetchone()


def get_extraction_run_status(pool: Db, run_id: int) -> ExtractionRunStatusView | None:
    """Status, timing, counters and error of a run, or None when it does not exist."""
    run = get_extraction_run_by_id(pool, run_id)
    return None if run is None else ExtractionRunStatusView.of(run)


def get_latest_extraction_run_status_for_user(pool: Db, user_id: str) -> ExtractionRunStatusView | None:
    """The status of the user's most recently created run, or None when the user has none."""
    user_id = validate_non_empty_text("user_id", user_id)
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        run = cur.execute(_queries()["latest_for_user"], {"user_id": user_id}).fetchone()
    return None if run is None else ExtractionRunStatusView.of(run)


def _check_lifecycle(current: ExtractionRun, values: dict[str, Any]) -> None:
    requested = values.get("status", current.status)
    if requested != current.status and requested not in ALLOWED_TRANSITIONS[current.status]:
        raise InvalidTransitionError(current.id, current.status, requested)
    if current.status in TERMINAL_STATUSES:
        frozen = sorted(set(values) - TERMINAL_UPDATE_FIELDS)
        if frozen:
            raise ConflictError(
                f"extraction run {current.id} has ended ({current.status}): "
                f"{', '.join(frozen)} can no longer change, only meta"
            )


def _update_parameters(run_id: int, current: ExtractionRun, values: dict[str, Any]) -> dict[str, Any]:
    """Bind parameters of `update_run`: each field's value and its set_<field> flag."""
    status = values.get("status", current.status)
    becomes_running = status == "running" and current.status != "running"
    ends = status in TERMINAL_STATUSES and current.status not in TERMINAL_STATUSES
    parameters: dict[str, Any] = {
        "run_id": run_id,
        "starts_now": becomes_running,
        "finishes_now": ends,
    }
    for field in sorted(UPDATE_FIELDS):
        value = values.get(field)
        parameters[f"set_{field}"] = field in values
        parameters[field] = Jsonb(value) if field in ("meta", "meta_patch") and value is not None else value
    return parameters
