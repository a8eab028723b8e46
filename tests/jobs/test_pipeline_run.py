"""Executing runs in-process: exact counters, dedupe on re-runs, reprocess, failures, events."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from psycopg_pool import ConnectionPool

from backend.archive.store import ArchiveStore
from backend.extraction import extract
from backend.jobs.run_control import enqueue_run, run_events
from backend.jobs.run_scope import RunScope
from backend.pipeline.extraction_run import process_next_run
from tests.jobs.helpers import ingest_corpus, query, run_row, store, table_counts


def execute(pool: ConnectionPool, user_id: str = "user_001", **scope: Any) -> dict[str, Any]:
    run, _ = enqueue_run(pool, user_id, scope=RunScope(**scope))
    finished = process_next_run(pool, worker_id="test-worker", store=store(), only_run_id=run.id)
    assert finished is not None and finished.id == run.id
    return finished.to_dict()


def expected_from_extractor(archive_store: ArchiveStore) -> tuple[int, set[str], int]:
    """What the pure extractor says the corpus holds: reports, distinct keys, points of kept rows."""
    reports = [report for archive_id in archive_store.snapshot_ids()
               for report in extract(archive_store.read_snapshot(archive_id)).reports]
    return len(reports), {report.duplicate_key for report in reports}, sum(len(r.key_points) for r in reports)


def test_counters_are_exact_on_the_dev_corpus(pool: ConnectionPool, database_url: str) -> None:
    assert ingest_corpus(pool, "user_001") == 83
    run = execute(pool)
    extracted, keys, _ = expected_from_extractor(store())
    assert run["status"] == "succeeded"
    assert run["archives_considered"] == run["archives_processed"] == 83
    assert run["reports_extracted"] == extracted
    assert run["reports_inserted"] == len(keys)
    assert run["reports_inserted"] + run["reports_updated"] == run["reports_extracted"]
    counts = table_counts(database_url)
    assert counts["reports"] == run["reports_inserted"]
    assert counts["points"] <= run["points_inserted"]  # a refreshed copy replaces its points
    assert counts["orphan_points"] == counts["duplicate_keys"] == 0
    assert query(database_url, "SELECT count(*) AS n FROM archive_ingest_index WHERE extracted_at IS NULL")[0]["n"] == 0
    assert set(run["meta"]["timings"]) == {"database_seconds", "extraction_seconds"}


def test_a_second_run_finds_nothing_new_and_reprocess_refreshes_in_place(
    pool: ConnectionPool, database_url: str
) -> None:
    ingest_corpus(pool, "user_001")
    first = execute(pool)
    ids_before = query(database_url, "SELECT id, duplicate_key, updated_at FROM extracted_reports ORDER BY id")

    second = execute(pool)
    assert (second["archives_considered"], second["reports_extracted"], second["reports_inserted"]) == (0, 0, 0)

    again = execute(pool, reprocess=True)
    assert again["archives_processed"] == 83
    assert again["reports_extracted"] == first["reports_extracted"]
    assert again["reports_inserted"] == 0
    assert again["reports_updated"] == again["reports_extracted"]
    ids_after = query(database_url, "SELECT id, duplicate_key, updated_at FROM extracted_reports ORDER BY id")
    assert [(row["id"], row["duplicate_key"]) for row in ids_after] == [
        (row["id"], row["duplicate_key"]) for row in ids_before]
    assert all(after["updated_at"] > before["updated_at"] for before, after in zip(ids_before, ids_after, strict=True))
    rows = query(database_url, "SELECT extraction_run_id FROM extracted_reports")
    run_ids = {row["extraction_run_id"] for row in rows}
    assert run_ids == {again["id"]}
    assert table_counts(database_url)["orphan_points"] == 0


def test_scope_by_broker_and_by_archive_ids(pool: ConnectionPool, database_url: str) -> None:
    ingest_corpus(pool, "user_001")
    clsa = execute(pool, broker="CLSA")
    assert clsa["archives_considered"] == 6
    brokers = {row["broker"] for row in query(database_url, "SELECT DISTINCT broker FROM extracted_reports")}
    assert brokers == {"CLSA"}
    one = query(database_url, "SELECT archive_id FROM archive_ingest_index WHERE broker = 'Nomura' LIMIT 1")[0]
    picked = execute(pool, archive_ids=(one["archive_id"],))
    assert picked["archives_considered"] == 1 and picked["reports_extracted"] >= 1


def test_users_do_not_see_each_others_archives(pool: ConnectionPool, database_url: str) -> None:
    ingest_corpus(pool, "user_001")
    run = execute(pool, user_id="user_002")
    assert run["archives_considered"] == 0
    assert table_counts(database_url)["reports"] == 0


def test_a_broken_archive_is_counted_and_the_run_goes_on(pool: ConnectionPool, database_url: str) -> None:
    ingest_corpus(pool, "user_001")
    archive_store = store()
    broken = sorted(archive_store.snapshot_ids())[0]
    archive_store.snapshot_path(broken).write_text("{ not json")
    run = execute(pool)
    assert run["status"] == "succeeded"
    assert run["archives_processed"] == 83
    assert run["meta"]["archives_failed"] == 1
    assert run["meta"]["failure_samples"][0]["archive_id"] == broken
    row = query(database_url, "SELECT extraction_error, extracted_at FROM archive_ingest_index "
                "WHERE archive_id = %(a)s", {"a": broken})[0]
    assert row["extraction_error"] and row["extracted_at"] is None  # a later run tries it again


def test_a_missing_archive_store_fails_the_run_with_a_code(pool: ConnectionPool, database_url: str) -> None:
    ingest_corpus(pool, "user_001")
    shutil.rmtree(store().root)
    run = execute(pool)
    assert run["status"] == "failed"
    assert run["error_code"] == "archive_unavailable"
    assert "does not exist" in run["error_message"]


def test_every_transition_is_recorded(pool: ConnectionPool, database_url: str) -> None:
    ingest_corpus(pool, "user_001")
    run = execute(pool)
    events = run_events(pool, run["id"])
    assert [(event.from_status, event.to_status) for event in events] == [
        (None, "queued"), ("queued", "running"), ("running", "succeeded")]
    assert events[1].worker_id == "test-worker" and events[1].attempt == 1
    assert events[0].occurred_at <= events[1].occurred_at <= events[2].occurred_at
    assert run_row(database_url, run["id"])["finished_at"] is not None


@pytest.mark.parametrize("user_id", ["user_001"])
def test_nothing_to_claim_returns_none(pool: ConnectionPool, user_id: str) -> None:
    assert process_next_run(pool, worker_id="idle", store=store()) is None


def test_an_extractor_bug_on_one_email_is_a_recorded_failure_not_an_extracted_email(
    pool: ConnectionPool, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_corpus(pool, "user_001")
    victim = sorted(store().snapshot_ids())[0]
    from backend.extraction import extractor

    real = extractor.extract_with

    def flaky(snapshot: Any, *args: Any) -> Any:
        if snapshot.archive_id == victim:
            raise RuntimeError("rule crashed")
        return real(snapshot, *args)

    monkeypatch.setattr(extractor, "extract_with", flaky)
    run = execute(pool)
    assert run["status"] == "succeeded" and run["meta"]["archives_failed"] == 1
    assert "internal_error: RuntimeError: rule crashed" in run["meta"]["failure_samples"][0]["error"]
    pending = query(database_url, "SELECT archive_id FROM archive_ingest_index WHERE extracted_at IS NULL")
    assert [row["archive_id"] for row in pending] == [victim]
