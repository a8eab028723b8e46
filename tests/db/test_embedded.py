"""With no DATABASE_URL the product starts, migrates and reuses an embedded PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from backend.db.embedded import is_running, stop_server
from tests.db.catalog import table_names


def postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


def run_cli_in_another_process(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_without_database_url_the_embedded_server_is_started_migrated_and_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_runner: CliRunner
) -> None:
    monkeypatch.delenv("DATABASE_URL")
    data_dir = tmp_path / "home"
    monkeypatch.setenv("BROKERAGE_INSIGHTS_DATA_DIR", str(data_dir))
    pgdata = data_dir / "postgres"
    try:
        migrate = cli_runner.invoke(cli, ["db", "migrate"])
        assert migrate.exit_code == 0, migrate.output
        assert "applied 004_create_extracted_report_points.sql" in migrate.output
        assert is_running(pgdata)
        first_pid = postmaster_pid(pgdata)

        url = cli_runner.invoke(cli, ["db", "url"]).output.strip()
        assert url.startswith("postgresql://") and "brokerage_insights" in url
        assert "extraction_runs" in table_names(url)

        # A second process finds the running server instead of starting another one.
        other = run_cli_in_another_process("db", "status")
        assert other.returncode == 0, other.stderr
        assert "0 pending" in other.stdout
        assert postmaster_pid(pgdata) == first_pid
        assert run_cli_in_another_process("db", "url").stdout.strip() == url

        with psycopg.connect(url) as conn:
            assert conn.execute("SHOW server_version_num").fetchone()[0] >= "160000"  # type: ignore[index]
    finally:
        stop_server(pgdata)
    assert not is_running(pgdata)
    assert cli_runner.invoke(cli, ["db", "stop"]).output.strip() == "the embedded server is not running"
