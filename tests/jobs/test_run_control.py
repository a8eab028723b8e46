"""Requesting, cancelling, retrying and listing runs; users only ever reach their own runs."""

from __future__ import annotations

import pytest
from psycopg_pool import ConnectionPool

from backend.errors import ConflictError, NotFoundError, ValidationError
from backend.jobs import lease as leases
from backend.jobs.lease_keeper import LeaseKeeper
from backend.jobs.run_control import cancel_run, enqueue_run, get_run, list_runs, retry_run, run_events
from backend.jobs.run_scope import RunScope
from backend.pipeline.extraction_run import execute_run, process_next_run
from tests.jobs.helpers import ingest_corpus, store


def test_enqueue_keeps_the_scope_and_registers_the_user(pool: ConnectionPool, database_url: str) -> None:
    run, created = enqueue_run(pool, "user_001", scope=RunScope(reprocess=True, broker="CLSA"), requested_by="me")
    assert created and run.status == "queued" and run.attempt == 0
    assert run.meta == {"scope": {"reprocess": True, "broker": "CLSA", "archive_ids": []}, "requested_by": "me"}
    assert RunScope.from_meta(run.meta) == RunScope(reprocess=True, broker="CLSA")
    with pool.connection() as conn:
        assert conn.execute("SELECT user_id FROM users").fetchall() == [("user_001",)]


def test_a_trigger_reference_enqueues_once(pool: ConnectionPool) -> None:
    first, created = enqueue_run(pool, "u1", trigger_type="daily-cron", trigger_ref="2025-01-20")
    again, created_again = enqueue_run(pool, "u1", trigger_type="daily-cron", trigger_ref="2025-01-20")
    assert created and not created_again and again.id == first.id
    other_day, created_other = enqueue_run(pool, "u1", trigger_type="daily-cron", trigger_ref="2025-01-21")
    assert created_other and other_day.id != first.id


@pytest.mark.parametrize("scope", [
    {"archive_ids": ("../../etc/passwd",)}, {"archive_ids": ("a" + "0" * 31,)}, {"broker": " "},
])
def test_bad_scopes_are_refused(scope: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RunScope(**scope)  # type: ignore[arg-type]


def test_cancel_a_queued_run_ends_it_at_once(pool: ConnectionPool) -> None:
    run, _ = enqueue_run(pool, "u1")
    canceled = cancel_run(pool, run.id, requested_by="ops", reason="wrong scope")
    assert canceled.status == "canceled" and canceled.finished_at is not None
    assert canceled.meta["cancel"]["requested_by"] == "ops" and canceled.meta["cancel"]["reason"] == "wrong scope"
    assert process_next_run(pool, worker_id="w", store=store()) is None
    with pytest.raises(ConflictError, match="already ended"):
        cancel_run(pool, run.id, requested_by="ops")


def test_cancel_a_running_run_is_honoured_at_the_next_archive(pool: ConnectionPool) -> None:
    ingest_corpus(pool, "u1")
    run, _ = enqueue_run(pool, "u1")
    lease = leases.claim_next_run(pool, "w1")
    assert lease is not None and lease.run_id == run.id
    requested = cancel_run(pool, run.id, user_id="u1", requested_by="u1", reason="not needed")
    assert requested.status == "running" and requested.cancel_requested_at is not None
    with LeaseKeeper(pool, lease, lease_seconds=30) as keeper:
        ended = execute_run(pool, lease, store(), keeper)
    assert ended is not None and ended.status == "canceled"
    assert ended.archives_processed == 0 < ended.archives_considered
    assert [event.to_status for event in run_events(pool, run.id)] == ["queued", "running", "canceled"]


def test_another_users_run_is_not_found(pool: ConnectionPool) -> None:
    run, _ = enqueue_run(pool, "u1")
    for action in (
        lambda: cancel_run(pool, run.id, user_id="u2", requested_by="u2"),
        lambda: get_run(pool, run.id, user_id="u2"),
        lambda: run_events(pool, run.id, user_id="u2"),
        lambda: retry_run(pool, run.id, user_id="u2", requested_by="u2"),
    ):
        with pytest.raises(NotFoundError):
            action()
    assert get_run(pool, run.id).status == "queued"
    assert list_runs(pool, user_id="u2").total == 0


def test_retry_links_a_new_run_once(pool: ConnectionPool) -> None:
    run, _ = enqueue_run(pool, "u1", scope=RunScope(broker="Nomura"))
    with pytest.raises(ConflictError, match="only failed or canceled"):
        retry_run(pool, run.id, requested_by="ops")
    cancel_run(pool, run.id, requested_by="ops")
    retried, created = retry_run(pool, run.id, requested_by="ops")
    assert created and retried.retry_of == run.id and retried.trigger_type == "retry"
    assert RunScope.from_meta(retried.meta) == RunScope(broker="Nomura")
    again, created_again = retry_run(pool, run.id, requested_by="ops")
    assert not created_again and again.id == retried.id


def test_list_filters_and_pages(pool: ConnectionPool) -> None:
    ids = [enqueue_run(pool, "u1")[0].id for _ in range(5)]
    cancel_run(pool, ids[0], requested_by="ops")
    page = list_runs(pool, user_id="u1", limit=2, offset=1)
    assert page.total == 5 and [run.id for run in page.items] == [ids[3], ids[2]]
    assert [run.id for run in list_runs(pool, user_id="u1", status="canceled").items] == [ids[0]]
    assert list_runs(pool, user_id="u1", offset=50).items == []
    with pytest.raises(ValidationError, match="status"):
        list_runs(pool, status="done")
    with pytest.raises(ValidationError, match="limit"):
        list_runs(pool, limit=10_000)
