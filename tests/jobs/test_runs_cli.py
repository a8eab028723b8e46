"""The operator's commands: runs start/list/show/cancel/retry, worker --once, demo."""

from __future__ import annotations

import json

from click.testing import CliRunner
from psycopg_pool import ConnectionPool

from backend.cli.main import cli
from tests.conftest import DEV_CORPUS
from tests.jobs.helpers import ingest_corpus


def invoke(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_start_execute_list_and_show(pool: ConnectionPool, cli_runner: CliRunner) -> None:
    ingest_corpus(pool, "user_001")
    output = invoke(cli_runner, "runs", "start", "--user", "user_001", "--execute")
    assert "queued run 1 for user_001" in output
    assert "run 1 succeeded: archives 83/83" in output
    listing = invoke(cli_runner, "runs", "list", "--user", "user_001")
    assert listing.strip().splitlines()[-1] == "1 of 1 run(s)"
    shown = invoke(cli_runner, "runs", "show", "1")
    assert "queued -> running" in shown and "running -> succeeded" in shown
    document = json.loads(invoke(cli_runner, "runs", "show", "1", "--json"))
    assert document["run"]["status"] == "succeeded" and len(document["events"]) == 3


def test_worker_once_executes_queued_runs_then_exits(pool: ConnectionPool, cli_runner: CliRunner) -> None:
    ingest_corpus(pool, "user_001")
    invoke(cli_runner, "runs", "start", "--user", "user_001")
    invoke(cli_runner, "runs", "start", "--user", "user_001", "--reprocess")
    output = invoke(cli_runner, "worker", "--once", "--no-schedule")
    assert "worker stopped: 2 run(s) executed" in output
    assert "succeeded" in invoke(cli_runner, "runs", "list", "--status", "succeeded")


def test_cancel_and_retry(cli_runner: CliRunner, database_url: str) -> None:
    invoke(cli_runner, "runs", "start", "--user", "u1", "--broker", "CLSA")
    assert invoke(cli_runner, "runs", "cancel", "1", "--reason", "typo").strip() == "run 1 canceled"
    again = cli_runner.invoke(cli, ["runs", "cancel", "1"])
    assert again.exit_code == 1 and "already ended (canceled)" in again.output
    assert invoke(cli_runner, "runs", "retry", "1").strip() == "queued run 2 (retry of run 1)"
    assert invoke(cli_runner, "runs", "retry", "1").strip() == "already retried as run 2 (retry of run 1)"
    missing = cli_runner.invoke(cli, ["runs", "show", "99"])
    assert missing.exit_code == 1 and "extraction run 99 not found" in missing.output


def test_demo_runs_the_whole_job_and_adds_nothing_the_second_time(database_url: str, cli_runner: CliRunner) -> None:
    first = invoke(cli_runner, "demo")
    assert "ingest: seen 83, archived 83" in first
    assert "succeeded: archives 83/83" in first
    assert "Kotak Institutional Equities" in first and "INR" in first
    second = invoke(cli_runner, "demo")
    assert "archived 0, already archived 83" in second
    assert "archives 0/0, reports extracted 0" in second
    assert second.count(" report(s) for demo") == 1
    assert len(list((DEV_CORPUS / "emails").glob("*.eml"))) == 83
