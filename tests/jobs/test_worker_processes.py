"""Real worker processes: sharing, crash recovery, lease fencing, shutdown."""

from __future__ import annotations

import itertools
import os
import signal
from collections import defaultdict

import pytest
from psycopg_pool import ConnectionPool

from backend.jobs.run_control import enqueue_run
from backend.jobs.run_scope import RunScope
from tests.jobs.helpers import (
    follow_output,
    ingest_generated,
    query,
    run_row,
    start_worker,
    stop_worker,
    table_counts,
    wait_for,
)

pytestmark = pytest.mark.slow

# Every worker reaps by its own lease, so all workers of a test share one. It is a few seconds, not
# one: on a loaded machine a heartbeat (a commit) or one archive's transaction can stall for a
# second, and a worker would then take the run from another that is merely slow. No backoff, so
# even such a take-back is retried at once.
FAST_RECOVERY = ("--lease-seconds", "3", "--backoff-seconds", "0", "--poll-interval", "0.05")


def assert_counters_match_tables(database_url: str, run_id: int) -> None:
    run = run_row(database_url, run_id)
    assert run["status"] == "succeeded"
    assert run["archives_processed"] == run["archives_considered"]
    counts = table_counts(database_url)
    assert counts["reports"] == run["reports_inserted"]
    assert run["reports_inserted"] + run["reports_updated"] == run["reports_extracted"]
    assert counts["duplicate_keys"] == counts["orphan_points"] == 0
    kept = query(database_url, "SELECT count(*) AS n FROM archive_ingest_index WHERE extraction_run_id = %(r)s "
                 "AND extracted_at IS NOT NULL", {"r": run_id})[0]["n"]
    assert kept == run["archives_considered"]


def test_four_worker_processes_run_200_runs_of_20_users_exactly_once(pool: ConnectionPool, database_url: str) -> None:
    users = [f"user-{index:02d}" for index in range(20)]
    for index, user in enumerate(users):
        ingest_generated(pool, user, 3, start=index * 3)
    run_ids = [enqueue_run(pool, user, scope=RunScope(reprocess=True))[0].id for _ in range(10) for user in users]

    worker = start_worker("--concurrency", "4", *FAST_RECOVERY)
    try:
        wait_for(lambda: query(database_url, "SELECT count(*) AS n FROM extraction_runs "
                                             "WHERE status = 'succeeded'")[0]["n"] == 200,
                 timeout=240, what="all 200 runs to succeed")
    finally:
        output = stop_worker(worker)
    assert worker.returncode == 0, output

    runs = query(database_url, "SELECT id, user_id, attempt, archives_processed FROM extraction_runs ORDER BY id")
    assert [run["id"] for run in runs] == sorted(run_ids)
    assert {run["attempt"] for run in runs} == {1}
    assert {run["archives_processed"] for run in runs} == {3}

    events = query(database_url, "SELECT e.run_id, r.user_id, e.from_status, e.to_status, e.worker_id, e.occurred_at "
                                 "FROM extraction_run_events e JOIN extraction_runs r ON r.id = e.run_id ORDER BY e.id")
    transitions: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for event in events:
        transitions[event["run_id"]].append((event["from_status"], event["to_status"]))
    assert all(steps == [(None, "queued"), ("queued", "running"), ("running", "succeeded")]
               for steps in transitions.values())
    assert len({event["worker_id"] for event in events if event["to_status"] == "running"}) == 4

    # Never two running runs of one user: each user's running spans follow one another.
    spans: dict[str, dict[int, list[object]]] = defaultdict(dict)
    for event in events:
        if event["to_status"] in ("running", "succeeded"):
            spans[event["user_id"]].setdefault(event["run_id"], []).append(event["occurred_at"])
    for user_spans in spans.values():
        ordered = sorted(user_spans.values())
        for earlier, later in itertools.pairwise(ordered):
            assert earlier[1] <= later[0], "two runs of one user overlapped"


def test_kill_9_mid_run_is_recovered_by_another_worker(pool: ConnectionPool, database_url: str) -> None:
    ingest_generated(pool, "user-1", 400)
    run, _ = enqueue_run(pool, "user-1")
    first = start_worker(*FAST_RECOVERY)
    try:
        wait_for(lambda: run_row(database_url, run.id)["archives_processed"] >= 20, what="the first worker to start")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        interrupted = run_row(database_url, run.id)
        assert interrupted["status"] == "running" and interrupted["archives_processed"] < 400

        second = start_worker(*FAST_RECOVERY)
        try:
            wait_for(lambda: run_row(database_url, run.id)["status"] == "succeeded", timeout=120,
                     what="the second worker to finish the run")
        finally:
            stop_worker(second)
    finally:
        stop_worker(first)

    recovered = run_row(database_url, run.id)
    assert recovered["attempt"] == 2
    assert recovered["archives_considered"] == recovered["archives_processed"] == 400
    assert_counters_match_tables(database_url, run.id)
    steps = [(event["to_status"], event["error_code"]) for event in query(
        database_url, "SELECT to_status, error_code FROM extraction_run_events WHERE run_id = %(r)s ORDER BY id",
        {"r": run.id})]
    assert steps == [("queued", None), ("running", None), ("queued", "worker_lost"), ("running", None),
                     ("succeeded", None)]


def test_a_worker_paused_past_its_lease_cannot_write_when_it_resumes(pool: ConnectionPool, database_url: str) -> None:
    ingest_generated(pool, "user-1", 600)
    run, _ = enqueue_run(pool, "user-1")
    stale = start_worker(*FAST_RECOVERY)
    stale_log = follow_output(stale)
    try:
        wait_for(lambda: run_row(database_url, run.id)["archives_processed"] >= 20, what="the first worker to start")
        os.kill(stale.pid, signal.SIGSTOP)  # frozen mid-run, perhaps inside an archive's transaction
        paused = run_row(database_url, run.id)
        assert paused["status"] == "running" and paused["attempt"] == 1, paused
        assert paused["archives_processed"] < 600, paused

        # No fixed sleep: the successor reaps the run as soon as the frozen worker's lease has
        # lapsed (and the server has ended the transaction it may be frozen in), then claims it.
        successor = start_worker(*FAST_RECOVERY)
        try:
            wait_for(lambda: run_row(database_url, run.id)["attempt"] == 2, what="the run to be taken over")
            os.kill(stale.pid, signal.SIGCONT)
            # It must find out by itself, before anything tells it to stop.
            wait_for(lambda: f"run {run.id}: lease lost" in stale_log.text(),
                     what="the resumed worker to notice it lost the run")
            wait_for(lambda: run_row(database_url, run.id)["status"] == "succeeded", timeout=120,
                     what="the successor to finish")
        finally:
            stop_worker(successor)
    finally:
        os.kill(stale.pid, signal.SIGCONT)
        stale_output = stop_worker(stale)

    assert stale.returncode == 0, stale_output  # it noticed and carried on, it did not crash
    assert f"run {run.id}: lease lost" in stale_output, stale_output
    assert "Traceback" not in stale_output, stale_output
    finished = run_row(database_url, run.id)
    assert finished["archives_considered"] == 600 and finished["archives_processed"] == 600
    assert_counters_match_tables(database_url, run.id)
    # The frozen attempt was taken back, not ended, and the run ended exactly once.
    events = query(database_url, "SELECT to_status, attempt, error_code FROM extraction_run_events "
                                 "WHERE run_id = %(r)s ORDER BY id", {"r": run.id})
    steps = [(event["to_status"], event["attempt"], event["error_code"]) for event in events]
    assert steps[:4] == [("queued", 0, None), ("running", 1, None), ("queued", 1, "worker_lost"),
                         ("running", 2, None)], steps
    assert [step for step in steps if step[0] in ("succeeded", "failed", "canceled")] == [steps[-1]], steps
    assert steps[-1][0] == "succeeded", steps


def test_sigterm_finishes_the_archive_and_requeues_without_spending_an_attempt(
    pool: ConnectionPool, database_url: str
) -> None:
    ingest_generated(pool, "user-1", 400)
    run, _ = enqueue_run(pool, "user-1")
    worker = start_worker()
    wait_for(lambda: run_row(database_url, run.id)["archives_processed"] >= 10, what="the worker to start")
    worker.send_signal(signal.SIGTERM)
    output = stop_worker(worker)
    assert worker.returncode == 0, output

    requeued = run_row(database_url, run.id)
    assert requeued["status"] == "queued" and requeued["attempt"] == 0 and requeued["worker_id"] is None
    assert 10 <= requeued["archives_processed"] < 400

    resumed = start_worker("--once")
    output = stop_worker(resumed, timeout=120, terminate=False)  # --once: it exits when the queue is empty
    assert resumed.returncode == 0, output
    finished = run_row(database_url, run.id)
    assert finished["attempt"] == 1
    assert finished["archives_processed"] == finished["archives_considered"] == 400
    assert_counters_match_tables(database_url, run.id)
