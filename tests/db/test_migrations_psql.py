"""The seed's contract: plain `psql -f` applies each migration from the repository root, twice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from backend.db.migrator import apply_migrations, discover_migrations, migration_status
from tests.conftest import REPO_ROOT
from tests.db.catalog import describe_schema, table_names

SEED_TABLES = {"extraction_runs", "archive_ingest_index", "extracted_reports", "extracted_report_points"}


def psql_binary() -> str:
    found = shutil.which("psql")
    if found:
        return found
    # A fresh machine has no PostgreSQL client; the embedded server's wheel ships one.
    from backend.db.embedded import _pgserver

    return str(Path(_pgserver().utils.POSTGRES_VERSIONS[18]) / "psql")


def psql(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [psql_binary(), url, "-v", "ON_ERROR_STOP=1", *args],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )


def apply_with_psql(url: str, names: list[str]) -> None:
    for name in names:
        result = psql(url, "-f", f"backend/migrations/{name}")
        assert result.returncode == 0, result.stderr


def test_seed_files_exist_with_their_exact_names() -> None:
    names = [migration.name for migration in discover_migrations()]
    assert names[:4] == [
        "001_create_extraction_runs.sql",
        "002_create_archive_ingest_index.sql",
        "003_create_extracted_reports.sql",
        "004_create_extracted_report_points.sql",
    ]


def test_psql_applies_every_migration_twice_and_lists_the_tables(empty_database_url: str) -> None:
    names = [migration.name for migration in discover_migrations()]
    apply_with_psql(empty_database_url, names)
    first = describe_schema(empty_database_url)
    apply_with_psql(empty_database_url, names)
    assert describe_schema(empty_database_url) == first
    assert table_names(empty_database_url) >= SEED_TABLES
    # psql's \dt takes one pattern; the seed's tables are listed with an alternation pattern.
    listing = psql(
        empty_database_url, "-c",
        r"\dt (extraction_runs|extracted_reports|extracted_report_points|archive_ingest_index)",
    )
    assert listing.returncode == 0
    for table in SEED_TABLES:
        assert f" {table} " in listing.stdout


def test_a_failing_statement_leaves_nothing_behind(empty_database_url: str, tmp_path: Path) -> None:
    body = (REPO_ROOT / "backend/migrations/001_create_extraction_runs.sql").read_text()
    broken = tmp_path / "broken.sql"
    broken.write_text(body.replace("COMMIT;", "SELECT no_such_function();\nCOMMIT;"))
    result = psql(empty_database_url, "-f", str(broken))
    assert result.returncode != 0
    assert "extraction_runs" not in table_names(empty_database_url)


def test_runner_adopts_files_applied_by_hand(empty_database_url: str) -> None:
    names = [migration.name for migration in discover_migrations()]
    apply_with_psql(empty_database_url, names[:2])
    applied = apply_migrations(empty_database_url)
    assert applied == names
    import psycopg

    with psycopg.connect(empty_database_url) as conn:
        assert {state.state for state in migration_status(conn)} == {"applied"}
    assert table_names(empty_database_url) >= SEED_TABLES


@pytest.mark.parametrize("stop_after", [1, 3])
def test_runner_then_psql_then_runner_agree(empty_database_url: str, stop_after: int) -> None:
    names = [migration.name for migration in discover_migrations()]
    apply_with_psql(empty_database_url, names[:stop_after])
    apply_migrations(empty_database_url)
    apply_with_psql(empty_database_url, names)  # psql again on a runner-migrated database
    assert apply_migrations(empty_database_url) == []
