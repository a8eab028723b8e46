"""`doctor` finds each kind of inconsistency that tests create on purpose, and nothing on a clean system."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from psycopg_pool import ConnectionPool

from backend.cli.main import cli
from backend.jobs.run_control import enqueue_run
from backend.pipeline.extraction_run import process_next_run
from tests.jobs.helpers import ingest_corpus, ingest_generated, store


@pytest.fixture
def extracted(pool: ConnectionPool) -> ConnectionPool:
    ingest_corpus(pool, "user_001")
    run, _ = enqueue_run(pool, "user_001")
    process_next_run(pool, worker_id="w", store=store(), only_run_id=run.id)
    ingest_generated(pool, "user_002", 2)  # archived, never extracted
    return pool


def doctor(runner: CliRunner) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(cli, ["doctor", "--json"])
    assert result.output.startswith("{"), result.output
    document = json.loads(result.output)
    return result.exit_code, {finding["check"]: finding for finding in document["findings"]}


def sql(url: str, *statements: str, params: tuple[Any, ...] = ()) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement, params or None)  # type: ignore[arg-type]


def one(url: str, query: str) -> Any:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return row[0]


def test_a_consistent_system_is_healthy(extracted: ConnectionPool, cli_runner: CliRunner) -> None:
    code, findings = doctor(cli_runner)
    assert code == 0 and findings == {}
    text = cli_runner.invoke(cli, ["doctor"])
    assert text.exit_code == 0 and text.output.strip().endswith("0 finding(s): healthy")


def break_stuck_run(url: str) -> str:
    run_id = one(url, "INSERT INTO extraction_runs (user_id, trigger_type, status, worker_id, attempt, heartbeat_at) "
                      "VALUES ('user_001', 'manual', 'running', 'gone-worker', 1, now() - interval '10 minutes') "
                      "RETURNING id")
    return str(run_id)


def break_terminal_run(url: str) -> str:
    sql(url, "UPDATE extraction_runs SET finished_at = NULL")
    return str(one(url, "SELECT id FROM extraction_runs"))


def break_counters(url: str) -> str:
    sql(url, "UPDATE extraction_runs SET reports_inserted = reports_inserted + 1")
    return str(one(url, "SELECT id FROM extraction_runs"))


def break_points(url: str) -> str:
    sql(url, "SET session_replication_role = replica;"
             "INSERT INTO extracted_report_points (report_id, point_order, point_text) VALUES (987654, 0, 'lost')")
    return "point of missing report 987654"


def break_report_archive(url: str) -> str:
    archive_id = one(url, "SELECT archive_id FROM extracted_reports LIMIT 1")
    sql(url, "DELETE FROM archive_ingest_index WHERE archive_id = %s", params=(archive_id,))
    return str(archive_id)


def break_duplicates(url: str) -> str:
    sql(url, "ALTER TABLE extracted_reports DROP CONSTRAINT extracted_reports_user_id_duplicate_key_key",
        "INSERT INTO extracted_reports (archive_id, user_id, broker, company_canonical, report_type, title, "
        "duplicate_key) SELECT archive_id, user_id, broker, company_canonical, report_type, title, duplicate_key "
        "FROM extracted_reports ORDER BY id LIMIT 1")
    return str(one(url, "SELECT duplicate_key FROM extracted_reports ORDER BY id LIMIT 1"))


def break_snapshot(url: str) -> str:
    archive_id = one(url, "SELECT archive_id FROM archive_ingest_index WHERE user_id = 'user_002' LIMIT 1")
    store().snapshot_path(archive_id).unlink()
    return str(archive_id)


def break_raw(url: str) -> str:
    archive_id, sha = one(url, "SELECT ARRAY[archive_id, meta->>'raw_sha256'] FROM archive_ingest_index "
                               "WHERE user_id = 'user_002' LIMIT 1")
    store().raw_path(sha).unlink()
    return str(archive_id)


def break_index(url: str) -> str:
    archive_id = one(url, "SELECT archive_id FROM archive_ingest_index WHERE user_id = 'user_002' LIMIT 1")
    sql(url, "DELETE FROM archive_ingest_index WHERE archive_id = %s", params=(archive_id,))
    return str(archive_id)


def break_temporary(url: str) -> str:
    path = store().root / "snapshots" / "00" / ".tmp-999999999-a.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{")
    return str(path)


def break_migrations(url: str) -> str:
    sql(url, "UPDATE schema_migrations SET checksum = 'edited' WHERE name LIKE '002%'")
    return "002_create_archive_ingest_index.sql: edited"


@pytest.mark.parametrize(("check", "severity", "break_it"), [
    ("stuck_runs", "error", break_stuck_run),
    ("unfinished_terminal_runs", "error", break_terminal_run),
    ("inconsistent_counters", "error", break_counters),
    ("orphan_points", "error", break_points),
    ("reports_without_archive", "error", break_report_archive),
    ("duplicate_reports", "error", break_duplicates),
    ("index_without_snapshot", "error", break_snapshot),
    ("index_without_raw", "error", break_raw),
    ("snapshot_without_index", "warning", break_index),
    ("temporary_files", "warning", break_temporary),
    ("migrations", "error", break_migrations),
])
def test_each_inconsistency_is_reported(
    extracted: ConnectionPool, database_url: str, cli_runner: CliRunner,
    check: str, severity: str, break_it: Callable[[str], str],
) -> None:
    evidence = break_it(database_url)
    code, findings = doctor(cli_runner)
    assert check in findings, findings
    finding = findings[check]
    assert finding["severity"] == severity and finding["count"] >= 1
    assert any(evidence in sample for sample in finding["samples"]), finding
    assert code == (1 if severity == "error" else 0)
    text = cli_runner.invoke(cli, ["doctor"])
    assert f"{severity.upper()}: " in text.output and f"({check})" in text.output
