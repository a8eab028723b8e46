"""The run store against a real PostgreSQL: every function, every refusal, the lifecycle."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from backend.errors import ConflictError, InvalidTransitionError, NotFoundError, ValidationError
from backend.jobs.extraction_runs_store import (
    EXTRACTION_RUN_STATUSES,
    ExtractionRunStatus,
    create_extraction_run,
    get_extraction_run_by_id,
    get_extraction_run_status,
    get_latest_extraction_run_status_for_user,
    update_extraction_run,
)

Conn = psycopg.Connection[Any]


def rows(conn: Conn) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT * FROM extraction_runs ORDER BY id").fetchall()


def new_run(db: Any, **params: Any) -> Any:
    return create_extraction_run(db, {"user_id": "user-1", "trigger_type": "manual", **params})


def run_in(conn: Conn, status: str) -> int:
    run = new_run(conn)
    path = {"queued": [], "running": ["running"], "succeeded": ["running", "succeeded"],
            "failed": ["running", "failed"], "canceled": ["canceled"]}[status]
    for step in path:
        update_extraction_run(conn, run.id, {"status": step})
    return int(run.id)


def test_statuses_are_the_seed_five() -> None:
    assert EXTRACTION_RUN_STATUSES == ("queued", "running", "succeeded", "failed", "canceled")
    assert ExtractionRunStatus.QUEUED == "queued"


def test_create_with_defaults(conn: Conn) -> None:
    run = new_run(conn, trigger_ref="2025-01-20", meta={"source": "api/jobs/daily"})
    assert run.id > 0
    assert (run.user_id, run.trigger_type, run.trigger_ref, run.status) == ("user-1", "manual", "2025-01-20", "queued")
    assert run.meta == {"source": "api/jobs/daily"}
    assert run.started_at is None and run.finished_at is None
    assert run.archives_considered == run.points_inserted == 0
    assert get_extraction_run_by_id(conn, run.id) == run


def test_create_accepts_an_enum_status_and_stamps_a_started_run(conn: Conn) -> None:
    run = new_run(conn, status=ExtractionRunStatus.RUNNING, archives_considered=4)
    assert run.status == "running" and run.started_at is not None and run.finished_at is None
    assert run.archives_considered == 4


def test_create_keeps_given_timestamps_from_iso_strings(conn: Conn) -> None:
    run = new_run(conn, status="succeeded", started_at="2025-01-20T07:30:00+05:30",
                  finished_at=datetime(2025, 1, 20, 2, 5, tzinfo=UTC))
    assert run.started_at == datetime(2025, 1, 20, 2, 0, tzinfo=UTC)
    assert run.finished_at == datetime(2025, 1, 20, 2, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"trigger_type": "manual"}, "user_id"),
        ({"user_id": "", "trigger_type": "manual"}, "user_id"),
        ({"user_id": "   ", "trigger_type": "manual"}, "user_id"),
        ({"user_id": 7, "trigger_type": "manual"}, "user_id"),
        ({"user_id": "u"}, "trigger_type"),
        ({"user_id": "u", "trigger_type": ""}, "trigger_type"),
        ({"user_id": "u", "trigger_type": "manual", "status": "done"}, "status"),
        ({"user_id": "u", "trigger_type": "manual", "archives_considered": -1}, "archives_considered"),
        ({"user_id": "u", "trigger_type": "manual", "reports_inserted": 1.5}, "reports_inserted"),
        ({"user_id": "u", "trigger_type": "manual", "points_inserted": True}, "points_inserted"),
        ({"user_id": "u", "trigger_type": "manual", "reports_updated": 2**31}, "reports_updated"),
        ({"user_id": "u", "trigger_type": "manual", "meta": ["a"]}, "meta"),
        ({"user_id": "u", "trigger_type": "manual", "meta": "{}"}, "meta"),
        ({"user_id": "u", "trigger_type": "manual", "meta": {"when": datetime.now()}}, "meta"),
        ({"user_id": "u", "trigger_type": "manual", "meta": {1: "x"}}, "meta"),
        ({"user_id": "u", "trigger_type": "manual", "started_at": "yesterday"}, "started_at"),
        ({"user_id": "u", "trigger_type": "manual", "finished_at": 1700000000}, "finished_at"),
        ({"user_id": "u", "trigger_type": "manual", "trigger_ref": ""}, "trigger_ref"),
        ({"user_id": "u", "trigger_type": "manual", "userId": "u"}, "userId"),
        ({"user_id": "u", "trigger_type": "manual", "id": 5}, "id"),
    ],
)
def test_create_refuses_bad_params_and_writes_nothing(conn: Conn, params: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        create_extraction_run(conn, params)
    assert raised.value.field == field
    assert field in str(raised.value)
    assert rows(conn) == []


def test_create_refuses_a_non_mapping(conn: Conn) -> None:
    with pytest.raises(ValidationError, match="params"):
        create_extraction_run(conn, [("user_id", "u")])  # type: ignore[arg-type]


def test_update_counters_error_and_trigger_ref(conn: Conn) -> None:
    run_id = run_in(conn, "running")
    updated = update_extraction_run(conn, run_id, {
        "archives_considered": 10, "archives_processed": 9, "reports_extracted": 8,
        "reports_inserted": 6, "reports_updated": 2, "points_inserted": 30,
        "error_code": "archive_failed", "error_message": "one archive failed", "trigger_ref": "ref-2",
    })
    assert (updated.archives_considered, updated.archives_processed, updated.reports_extracted) == (10, 9, 8)
    assert (updated.reports_inserted, updated.reports_updated, updated.points_inserted) == (6, 2, 30)
    assert (updated.error_code, updated.error_message, updated.trigger_ref) == (
        "archive_failed", "one archive failed", "ref-2")
    cleared = update_extraction_run(conn, run_id, {"error_code": None, "error_message": None})
    assert cleared.error_code is None and cleared.error_message is None
    assert cleared.points_inserted == 30  # fields not named are left alone


def test_meta_patch_merges_and_meta_replaces(conn: Conn) -> None:
    run = new_run(conn, meta={"source": "cli", "nested": {"a": 1}})
    patched = update_extraction_run(conn, run.id, {"meta_patch": {"nested": {"b": 2}, "note": "x"}})
    assert patched.meta == {"source": "cli", "nested": {"b": 2}, "note": "x"}  # JSONB || is shallow
    replaced = update_extraction_run(conn, run.id, {"meta": {"only": True}})
    assert replaced.meta == {"only": True}


@pytest.mark.parametrize(
    ("updates", "field"),
    [
        ({"meta": {}, "meta_patch": {}}, "meta_patch"),
        ({"meta_patch": ["x"]}, "meta_patch"),
        ({"meta": None}, "meta"),
        ({"status": "paused"}, "status"),
        ({"status": None}, "status"),
        ({"archives_processed": -3}, "archives_processed"),
        ({"archives_processed": "3"}, "archives_processed"),
        ({"user_id": "someone-else"}, "user_id"),
        ({"created_at": "2025-01-01T00:00:00Z"}, "created_at"),
        ({"startedAt": "2025-01-01T00:00:00Z"}, "startedAt"),
        ({"started_at": "not a time"}, "started_at"),
        ({}, "updates"),
    ],
)
def test_update_refuses_bad_updates_and_writes_nothing(conn: Conn, updates: dict[str, Any], field: str) -> None:
    run_id = run_in(conn, "running")
    before = rows(conn)
    with pytest.raises(ValidationError) as raised:
        update_extraction_run(conn, run_id, updates)
    assert raised.value.field == field
    assert rows(conn) == before


@pytest.mark.parametrize("bad_id", [0, -1, "1", 1.0, True, None, 2**63])
def test_bad_run_ids_are_refused_everywhere(conn: Conn, bad_id: Any) -> None:
    for call in (
        lambda: update_extraction_run(conn, bad_id, {"status": "running"}),
        lambda: get_extraction_run_by_id(conn, bad_id),
        lambda: get_extraction_run_status(conn, bad_id),
    ):
        with pytest.raises(ValidationError, match="run_id"):
            call()


def test_unknown_runs(conn: Conn) -> None:
    assert get_extraction_run_by_id(conn, 424242) is None
    assert get_extraction_run_status(conn, 424242) is None
    with pytest.raises(NotFoundError, match="424242"):
        update_extraction_run(conn, 424242, {"status": "running"})


ALLOWED = {("queued", "running"), ("queued", "canceled"), ("running", "succeeded"),
           ("running", "failed"), ("running", "canceled")}


@pytest.mark.parametrize("current", EXTRACTION_RUN_STATUSES)
@pytest.mark.parametrize("requested", EXTRACTION_RUN_STATUSES)
def test_transitions(conn: Conn, current: str, requested: str) -> None:
    run_id = run_in(conn, current)
    before = rows(conn)
    if current == requested or (current, requested) in ALLOWED:
        assert update_extraction_run(conn, run_id, {"status": requested}).status == requested
    else:
        with pytest.raises(InvalidTransitionError) as raised:
            update_extraction_run(conn, run_id, {"status": requested})
        assert (raised.value.current, raised.value.requested) == (current, requested)
        assert rows(conn) == before


def test_lifecycle_stamps_started_finished_and_updated(conn: Conn) -> None:
    run = new_run(conn)
    running = update_extraction_run(conn, run.id, {"status": "running"})
    assert running.started_at is not None and running.finished_at is None
    assert running.updated_at > run.updated_at
    progressed = update_extraction_run(conn, run.id, {"archives_processed": 1})
    assert progressed.started_at == running.started_at
    assert progressed.updated_at > running.updated_at
    done = update_extraction_run(conn, run.id, {"status": "succeeded"})
    assert done.finished_at is not None and done.finished_at >= done.started_at  # type: ignore[operator]


def test_given_timestamps_win_over_the_automatic_ones(conn: Conn) -> None:
    run = new_run(conn)
    started = datetime(2025, 1, 20, 1, 0, tzinfo=UTC)
    running = update_extraction_run(conn, run.id, {"status": "running", "started_at": started.isoformat()})
    assert running.started_at == started
    failed = update_extraction_run(conn, run.id, {"status": "failed", "finished_at": started + timedelta(minutes=5),
                                                  "error_code": "boom", "error_message": "it broke"})
    assert failed.finished_at == started + timedelta(minutes=5)


def test_a_finished_run_keeps_its_outcome_but_takes_annotations(conn: Conn) -> None:
    run_id = run_in(conn, "succeeded")
    before = rows(conn)
    with pytest.raises(ConflictError, match="archives_processed"):
        update_extraction_run(conn, run_id, {"archives_processed": 99})
    assert rows(conn) == before
    noted = update_extraction_run(conn, run_id, {"meta_patch": {"reviewed_by": "ops"}})
    assert noted.meta == {"reviewed_by": "ops"} and noted.status == "succeeded"


def test_status_view(conn: Conn) -> None:
    run_id = run_in(conn, "running")
    update_extraction_run(conn, run_id, {"archives_considered": 3, "archives_processed": 1})
    status = get_extraction_run_status(conn, run_id)
    assert status is not None
    assert (status.id, status.status, status.is_terminal) == (run_id, "running", False)
    assert (status.archives_considered, status.archives_processed) == (3, 1)
    assert not hasattr(status, "meta")


def test_latest_status_for_a_user(conn: Conn) -> None:
    assert get_latest_extraction_run_status_for_user(conn, "user-1") is None
    first = new_run(conn)
    second = new_run(conn)
    new_run(conn, user_id="user-2")
    latest = get_latest_extraction_run_status_for_user(conn, "user-1")
    assert latest is not None and latest.id == second.id != first.id
    with pytest.raises(ValidationError, match="user_id"):
        get_latest_extraction_run_status_for_user(conn, "")


def test_works_with_a_pool(pool: ConnectionPool) -> None:
    run = new_run(pool)
    update_extraction_run(pool, run.id, {"status": "running"})
    status = get_extraction_run_status(pool, run.id)
    assert status is not None and status.status == "running"


def test_inside_a_callers_transaction_it_commits_with_the_caller(database_url: str) -> None:
    with psycopg.connect(database_url) as outer:  # not autocommit: the caller owns the transaction
        outer.execute("SELECT 1")
        run = new_run(outer)
        outer.rollback()
        assert get_extraction_run_by_id(outer, run.id) is None


def test_concurrent_meta_patches_from_two_connections_lose_nothing(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as setup:
        run_id = new_run(setup).id

    def patch_many(prefix: str) -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            for index in range(40):
                update_extraction_run(conn, run_id, {"meta_patch": {f"{prefix}{index}": index}})

    threads = [threading.Thread(target=patch_many, args=(prefix,)) for prefix in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with psycopg.connect(database_url) as conn:
        run = get_extraction_run_by_id(conn, run_id)
    assert run is not None and len(run.meta) == 80


def test_concurrent_endings_from_two_connections_one_wins(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as setup:
        run_id = run_in(setup, "running")
    first = psycopg.connect(database_url)
    second = psycopg.connect(database_url)
    try:
        first.execute("SELECT 1")  # open the caller's transaction: the store works in a savepoint
        update_extraction_run(first, run_id, {"status": "succeeded"})  # holds the row lock until commit
        outcome: dict[str, Any] = {}

        def fail_it() -> None:
            try:
                update_extraction_run(second, run_id, {"status": "failed"})
                second.commit()
                outcome["result"] = "failed"
            except InvalidTransitionError as error:
                outcome["result"] = error

        waiter = threading.Thread(target=fail_it)
        waiter.start()
        waiter.join(0.5)
        assert waiter.is_alive(), "the second update must wait for the first one's row lock"
        first.commit()
        waiter.join(10)
        assert isinstance(outcome["result"], InvalidTransitionError)
        assert outcome["result"].current == "succeeded"
    finally:
        first.close()
        second.close()
    with psycopg.connect(database_url) as conn:
        run = get_extraction_run_by_id(conn, run_id)
    assert run is not None and run.status == "succeeded"
