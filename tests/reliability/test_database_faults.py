"""The database restarts and kills worker connections mid-run: nothing is lost or done twice."""

from __future__ import annotations

import time

import pytest
from psycopg_pool import ConnectionPool

from backend.jobs.run_control import enqueue_run
from backend.jobs.run_scope import RunScope
from backend.jobs.worker import WORKER_APPLICATION_NAME
from tests.jobs.helpers import ingest_generated, query, start_worker, stop_worker, table_counts, wait_for
from tests.reliability.servers import restart_database_server

pytestmark = pytest.mark.slow

WORKER_OPTIONS = ("--lease-seconds", "3", "--backoff-seconds", "0", "--poll-interval", "0.1")


def progress(url: str) -> int:
    return int(query(url, "SELECT coalesce(sum(archives_processed), 0) AS n FROM extraction_runs")[0]["n"])


def test_workers_survive_killed_connections_and_a_server_restart(
    pool: ConnectionPool, database_url: str, pg_server_url: str
) -> None:
    users = [f"user-{index}" for index in range(4)]
    for index, user in enumerate(users):
        ingest_generated(pool, user, 150, start=index * 150)
    run_ids = [enqueue_run(pool, user)[0].id for user in users]
    run_ids += [enqueue_run(pool, user, scope=RunScope(reprocess=True))[0].id for user in users]
    pool.close()  # the restart below would break its connections anyway

    workers = [start_worker(*WORKER_OPTIONS), start_worker(*WORKER_OPTIONS)]
    try:
        wait_for(lambda: progress(database_url) >= 100, what="the workers to get going")
        killed = query(database_url, "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity "
                                     "WHERE datname = current_database() AND application_name = %(app)s",
                       {"app": WORKER_APPLICATION_NAME})[0]["n"]
        assert killed >= 2, "each worker holds at least one connection"

        wait_for(lambda: progress(database_url) >= 500, timeout=120, what="progress after the killed connections")
        restart_database_server(pg_server_url)
        time.sleep(0.5)
        wait_for(lambda: query(database_url, "SELECT count(*) AS n FROM extraction_runs WHERE status IN "
                                             "('succeeded', 'failed', 'canceled')")[0]["n"] == len(run_ids),
                 timeout=240, what="every run to end after the restart")
    finally:
        outputs = [stop_worker(worker) for worker in workers]

    runs = query(database_url, "SELECT * FROM extraction_runs ORDER BY id")
    assert [run["status"] for run in runs] == ["succeeded"] * len(run_ids), outputs
    reprocess_runs = set(run_ids[len(users):])
    for run in runs:
        assert run["archives_processed"] == run["archives_considered"]
        # A reprocess run reads all of its user's mail; a "new mail" run that was taken back and
        # resumed after its user's reprocess run finds less left to do.
        assert run["archives_considered"] == 150 if run["id"] in reprocess_runs else run["archives_considered"] <= 150
        assert run["reports_inserted"] + run["reports_updated"] == run["reports_extracted"]
        endings = query(database_url, "SELECT count(*) AS n FROM extraction_run_events WHERE run_id = %(r)s "
                                      "AND to_status IN ('succeeded', 'failed', 'canceled')", {"r": run["id"]})
        assert endings[0]["n"] == 1, f"run {run['id']} ended more than once"
    pending = query(database_url, "SELECT count(*) AS n FROM archive_ingest_index WHERE extracted_at IS NULL")
    assert pending[0]["n"] == 0
    counts = table_counts(database_url)
    assert counts["reports"] == sum(run["reports_inserted"] for run in runs)
    assert counts["duplicate_keys"] == counts["orphan_points"] == 0
    assert any("database unavailable" in output or "lost" in output for output in outputs), outputs
