"""The daily schedule: due by each user's local clock, one run per user per local day."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from psycopg_pool import ConnectionPool

from backend.cli.main import cli
from backend.errors import ValidationError
from backend.jobs.schedule import enqueue_due_daily_runs, set_schedule
from tests.jobs.helpers import query


def daily_runs(url: str) -> list[tuple[str, str]]:
    rows = query(url, "SELECT user_id, trigger_ref FROM extraction_runs WHERE trigger_type = 'daily-cron' "
                      "ORDER BY user_id, trigger_ref")
    return [(row["user_id"], row["trigger_ref"]) for row in rows]


def test_due_by_the_users_local_time(pool: ConnectionPool, database_url: str) -> None:
    set_schedule(pool, "mumbai", hour=7)  # Asia/Kolkata by default
    set_schedule(pool, "new-york", timezone="America/New_York", hour=7, minute=30)
    set_schedule(pool, "paused", enabled=False)

    early = enqueue_due_daily_runs(pool, now=datetime(2025, 1, 20, 1, 0, tzinfo=UTC))  # 06:30 IST, 20:00 NY
    assert (early.due_users, early.enqueued, early.not_yet_due) == (1, 1, 1)
    assert daily_runs(database_url) == [("new-york", "2025-01-19")]  # still the 19th in New York

    summary = enqueue_due_daily_runs(pool, now=datetime(2025, 1, 20, 1, 31, tzinfo=UTC))  # 07:01 IST
    assert (summary.enqueued, summary.already_enqueued) == (1, 1)
    assert ("mumbai", "2025-01-20") in daily_runs(database_url)

    late = enqueue_due_daily_runs(pool, now=datetime(2025, 1, 20, 16, 0, tzinfo=UTC))  # 21:30 IST, 11:00 NY
    assert (late.enqueued, late.already_enqueued) == (1, 1)
    assert daily_runs(database_url) == [("mumbai", "2025-01-20"), ("new-york", "2025-01-19"),
                                        ("new-york", "2025-01-20")]

    next_day = enqueue_due_daily_runs(pool, now=datetime(2025, 1, 21, 2, 0, tzinfo=UTC))  # 07:30 IST, 21:00 NY
    assert (next_day.enqueued, next_day.already_enqueued) == (1, 1)
    assert ("mumbai", "2025-01-21") in daily_runs(database_url)
    assert len(daily_runs(database_url)) == 4


def test_five_concurrent_schedulers_enqueue_one_run_per_user(pool: ConnectionPool, database_url: str) -> None:
    users = [f"user-{index:02d}" for index in range(12)]
    for index, user in enumerate(users):
        set_schedule(pool, user, timezone=("Asia/Kolkata", "Europe/London", "Asia/Singapore")[index % 3], hour=6)
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    schedulers = [
        subprocess.Popen([sys.executable, "-c", code, "schedule", "daily", "--at", "2025-01-20T12:00:00+0000"],
                         env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(5)
    ]
    outputs = [scheduler.communicate(timeout=60)[0] for scheduler in schedulers]
    assert all(scheduler.returncode == 0 for scheduler in schedulers), outputs
    assert daily_runs(database_url) == [(user, "2025-01-20") for user in users]
    enqueued = sum(int(output.split("enqueued ")[1].split(",")[0]) for output in outputs)
    assert enqueued == len(users)


def test_schedule_settings_are_validated(pool: ConnectionPool) -> None:
    with pytest.raises(ValidationError, match="timezone"):
        set_schedule(pool, "u1", timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="hour"):
        set_schedule(pool, "u1", hour=24)


def test_schedule_commands(database_url: str, cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["schedule", "set", "--user", "u1", "--hour", "6", "--minute", "45",
                                     "--timezone", "Asia/Singapore"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "u1: daily run on at 06:45 Asia/Singapore"
    shown = cli_runner.invoke(cli, ["schedule", "show"])
    assert "u1" in shown.output and "06:45 Asia/Singapore" in shown.output
    daily = cli_runner.invoke(cli, ["schedule", "daily", "--at", "2025-01-20T00:00:00+0000"])
    assert "due users 1: enqueued 1" in daily.output
    again = cli_runner.invoke(cli, ["schedule", "daily", "--at", "2025-01-20T03:00:00+0000"])
    assert "enqueued 0, already enqueued 1" in again.output
    bad = cli_runner.invoke(cli, ["schedule", "set", "--user", "u1", "--timezone", "Nowhere/City"])
    assert bad.exit_code == 1 and "invalid timezone" in bad.output
