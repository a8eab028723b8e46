"""The migration runner: order, records, refusal of edited files, concurrency, and its commands."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from dataclasses import replace

import psycopg
import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from backend.db import migrator
from backend.db.migrator import MIGRATION_LOCK_KEY, Migration, apply_migrations, discover_migrations
from backend.errors import MigrationChecksumError, MigrationError
from tests.db.catalog import table_names


def recorded(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT name, checksum FROM schema_migrations ORDER BY name").fetchall()


def test_applies_in_order_and_records_name_and_checksum(empty_database_url: str) -> None:
    seen: list[str] = []
    applied = apply_migrations(empty_database_url, on_applied=seen.append)
    migrations = discover_migrations()
    assert applied == seen == [migration.name for migration in migrations]
    assert recorded(empty_database_url) == [(m.name, m.checksum) for m in migrations]
    assert apply_migrations(empty_database_url) == []


def test_refuses_when_an_applied_file_was_edited(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_migrations(empty_database_url)
    edited = [
        replace(m, sql=m.sql.replace("COMMIT;", "-- an afterthought\nCOMMIT;")) if m.name.startswith("002") else m
        for m in discover_migrations()
    ]
    monkeypatch.setattr(migrator, "discover_migrations", lambda: edited)
    with pytest.raises(MigrationChecksumError, match=re.escape("002_create_archive_ingest_index.sql")):
        apply_migrations(empty_database_url)


def test_edited_file_refusal_applies_nothing_new(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    migrations = discover_migrations()
    apply_migrations(empty_database_url)
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM schema_migrations WHERE name = %s", (migrations[-1].name,))
        conn.execute("UPDATE schema_migrations SET checksum = 'x' WHERE name = %s", (migrations[0].name,))
    with pytest.raises(MigrationChecksumError):
        apply_migrations(empty_database_url)
    assert migrations[-1].name not in dict(recorded(empty_database_url))


def test_refuses_a_database_migrated_by_a_newer_version(empty_database_url: str) -> None:
    apply_migrations(empty_database_url)
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (name, checksum) VALUES ('999_from_the_future.sql', 'x')")
    with pytest.raises(MigrationError, match=re.escape("999_from_the_future.sql")):
        apply_migrations(empty_database_url)


def test_a_failing_migration_rolls_back_and_keeps_earlier_ones(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = discover_migrations()
    broken = Migration("005_broken.sql", "BEGIN;\nCREATE TABLE half_done (id int);\nSELECT 1/0;\nCOMMIT;\n")
    monkeypatch.setattr(migrator, "discover_migrations", lambda: [*migrations, broken])
    with pytest.raises(psycopg.errors.DivisionByZero):
        apply_migrations(empty_database_url)
    assert [name for name, _ in recorded(empty_database_url)] == [m.name for m in migrations]
    assert "half_done" not in table_names(empty_database_url)


def test_a_file_without_its_transaction_envelope_is_rejected() -> None:
    with pytest.raises(MigrationError, match="BEGIN"):
        _ = Migration("005_bare.sql", "CREATE TABLE t (id int);").body


def test_a_runner_waits_for_another_holding_the_lock(empty_database_url: str) -> None:
    done = threading.Event()
    with psycopg.connect(empty_database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        worker = threading.Thread(target=lambda: (apply_migrations(empty_database_url), done.set()))
        worker.start()
        assert not done.wait(1.0), "the runner must wait while another holds the migration lock"
        assert "extraction_runs" not in table_names(empty_database_url)
        holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    worker.join(timeout=30)
    assert done.is_set()
    assert "extraction_runs" in table_names(empty_database_url)


def test_concurrent_runner_processes_all_succeed_once_each(empty_database_url: str) -> None:
    code = "import sys; from backend.db.migrator import apply_migrations; print(len(apply_migrations(sys.argv[1])))"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, empty_database_url], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    counts = [int(process.communicate(timeout=60)[0]) for process in processes]
    assert all(process.returncode == 0 for process in processes)
    assert sorted(counts) == [0, 0, 0, len(discover_migrations())]
    assert len(recorded(empty_database_url)) == len(discover_migrations())


def test_db_commands_migrate_then_report_status(
    empty_database_url: str, cli_runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    status = cli_runner.invoke(cli, ["db", "status"])
    assert status.exit_code == 0, status.output
    assert "0 applied, 4 pending" in status.output or "pending" in status.output

    migrate = cli_runner.invoke(cli, ["db", "migrate"])
    assert migrate.exit_code == 0, migrate.output
    assert "applied 001_create_extraction_runs.sql" in migrate.output

    again = cli_runner.invoke(cli, ["db", "migrate"])
    assert "nothing to apply" in again.output

    status = cli_runner.invoke(cli, ["db", "status"])
    assert " pending" not in status.output.splitlines()[0]
    assert f"{len(discover_migrations())} applied, 0 pending" in status.output


def test_db_migrate_reports_an_edited_file_as_a_one_line_error(
    database_url: str, cli_runner: CliRunner
) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_migrations SET checksum = 'x' WHERE name LIKE '003%'")
    result = cli_runner.invoke(cli, ["db", "migrate"])
    assert result.exit_code == 1
    assert "003_create_extracted_reports.sql was edited after it was applied" in result.output
    status = cli_runner.invoke(cli, ["db", "status"])
    assert status.exit_code == 1 and "edited" in status.output


def test_db_url_prints_the_url_in_use_without_its_password(
    cli_runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:s3cret@db.example:5432/research")
    result = cli_runner.invoke(cli, ["db", "url"])
    assert result.output.strip() == "postgresql://app:***@db.example:5432/research"
    shown = cli_runner.invoke(cli, ["db", "url", "--show-password"])
    assert "s3cret" in shown.output


def test_an_unreachable_server_is_a_clear_error(cli_runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2")
    result = cli_runner.invoke(cli, ["db", "migrate"])
    assert result.exit_code == 1
    assert "cannot connect to the database at postgresql://postgres@127.0.0.1:1/none" in result.output
    assert "Traceback" not in result.output
