"""`brokerage-insights users ...`: users and API tokens from the command line."""

from __future__ import annotations

import hashlib

import psycopg
from click.testing import CliRunner
from fastapi.testclient import TestClient

from backend.cli.main import cli
from backend.jobs.run_control import enqueue_run
from tests.api.helpers import assert_error


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_add_a_user_and_make_a_token_that_the_api_accepts(cli_runner: CliRunner, database_url: str,
                                                          client: TestClient) -> None:
    added = cli_runner.invoke(cli, ["users", "add", "Analyst@Example.com", "--timezone", "Europe/London"])
    assert added.exit_code == 0, added.output
    assert "analyst@example.com" in added.output and "Europe/London" in added.output
    made = cli_runner.invoke(cli, ["users", "token", "analyst@example.com", "--label", "laptop"])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[0]
    assert token.startswith("bi_") and len(token) >= 40
    assert rows(database_url, "SELECT token_sha256, label FROM api_tokens") == [
        (hashlib.sha256(token.encode()).hexdigest(), "laptop")]
    assert client.get("/api/brokers", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listed = cli_runner.invoke(cli, ["users", "tokens", "analyst@example.com"])
    assert token[:8] in listed.output and token not in listed.output and "active" in listed.output


def test_a_user_id_can_adopt_mail_already_ingested(cli_runner: CliRunner, database_url: str) -> None:
    import psycopg_pool

    with psycopg_pool.ConnectionPool(database_url, min_size=1, max_size=1) as pool:
        enqueue_run(pool, "user_001")  # the id exists, without an email
    added = cli_runner.invoke(cli, ["users", "add", "pm@fund.example", "--user-id", "user_001"])
    assert added.exit_code == 0, added.output
    assert rows(database_url, "SELECT user_id, email FROM users") == [("user_001", "pm@fund.example")]


def test_refused_input_writes_nothing(cli_runner: CliRunner, database_url: str) -> None:
    assert cli_runner.invoke(cli, ["users", "add", "a@example.com"]).exit_code == 0
    for arguments, message in [
        (["users", "add", "a@example.com"], "already exists"),
        (["users", "add", "A@EXAMPLE.COM", "--user-id", "other"], "already exists"),
        (["users", "add", "not-an-email"], "invalid email"),
        (["users", "add", "b@example.com", "--timezone", "Mars/Olympus"], "invalid timezone"),
        (["users", "token", "nobody@example.com"], "not found"),
        (["users", "revoke-token", "a@example.com", "99"], "not found"),
    ]:
        result = cli_runner.invoke(cli, arguments)
        assert result.exit_code == 1 and message in result.output, (arguments, result.output)
    assert rows(database_url, "SELECT count(*) FROM users") == [(1,)]
    assert rows(database_url, "SELECT count(*) FROM api_tokens") == [(0,)]


def test_a_revoked_token_is_refused(cli_runner: CliRunner, client: TestClient) -> None:
    cli_runner.invoke(cli, ["users", "add", "a@example.com"])
    token = cli_runner.invoke(cli, ["users", "token", "a@example.com"]).stdout.strip()
    token_id = cli_runner.invoke(cli, ["users", "tokens", "a@example.com"]).output.split()[0]
    revoked = cli_runner.invoke(cli, ["users", "revoke-token", "a@example.com", token_id])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert_error(client.get("/api/brokers", headers={"Authorization": f"Bearer {token}"}), 401)
    assert "revoked" in cli_runner.invoke(cli, ["users", "tokens", "a@example.com"]).output
    assert "tokens 0" in cli_runner.invoke(cli, ["users", "list"]).output
