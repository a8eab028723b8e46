"""`ingest imap` end to end: Dovecot -> sync -> archive -> archive_ingest_index, and its errors."""

from __future__ import annotations

import psycopg
import pytest
from click.testing import CliRunner, Result

from backend.cli.context import ProductGroup
from backend.cli.ingest_imap_command import imap
from tests.ingest.dovecot import TEST_PASSWORD, ServerFolder
from tests.ingest.samples import CORPUS_FILES, corpus_messages

pytestmark = pytest.mark.imap

PASSWORD_VARIABLE = "BI_TEST_IMAP_PASSWORD"


def run_imap(runner: CliRunner, folder: ServerFolder, *options: str, password: str | None = TEST_PASSWORD) -> Result:
    """`ingest imap` as the product's command group runs it (same one-line error handling)."""
    group = ProductGroup(name="ingest", commands=[imap])
    arguments = [
        "imap",
        "--user", "u1",
        "--host", folder.server.host,
        "--port", str(folder.server.port),
        "--username", "analyst",
        "--password-env", PASSWORD_VARIABLE,
        "--folder", folder.name,
        "--no-ssl",
        *options,
    ]  # fmt: skip
    return runner.invoke(group, arguments, env={PASSWORD_VARIABLE: password})


def index_row_count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM archive_ingest_index WHERE user_id = 'u1'").fetchone()
    assert row is not None
    return int(row[0])


def test_the_corpus_is_archived_once_even_when_the_folder_is_rebuilt(
    database_url: str, cli_runner: CliRunner, imap_folder: ServerFolder
) -> None:
    messages = corpus_messages()
    imap_folder.append(messages)

    first = run_imap(cli_runner, imap_folder, "--batch-size", "25")

    assert first.exit_code == 0, first.output
    assert index_row_count(database_url) == len(CORPUS_FILES)
    uidvalidity = imap_folder.uidvalidity()
    assert first.output.splitlines()[-1] == (
        f"analyst@{imap_folder.server.host}:{imap_folder.server.port}/{imap_folder.name}: fetched {len(messages)}, "
        f"archived {len(messages)}, already archived 0, failures 0, uidvalidity {uidvalidity}, "
        f"last uid {len(messages)}"
    )

    again = run_imap(cli_runner, imap_folder)
    assert again.exit_code == 0, again.output
    assert "fetched 0, archived 0, already archived 0" in again.output

    imap_folder.recreate()
    imap_folder.append(messages)
    rebuilt = run_imap(cli_runner, imap_folder)

    assert rebuilt.exit_code == 0, rebuilt.output
    assert f"UIDVALIDITY of {imap_folder.name} changed from {uidvalidity} to" in rebuilt.output
    assert f"fetched {len(messages)}, archived 0, already archived {len(messages)}, failures 0" in rebuilt.output
    assert index_row_count(database_url) == len(CORPUS_FILES)


def test_a_wrong_password_exits_with_one_line_and_no_password(
    database_url: str, cli_runner: CliRunner, imap_folder: ServerFolder
) -> None:
    result = run_imap(cli_runner, imap_folder, password="sw0rdfish-wrong")

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: IMAP login to {imap_folder.server.host}:{imap_folder.server.port} refused for user 'analyst': "
        "[AUTHENTICATIONFAILED] Authentication failed."
    ]
    assert "sw0rdfish-wrong" not in result.output


def test_an_unreachable_server_exits_with_one_line(
    database_url: str, cli_runner: CliRunner, imap_folder: ServerFolder
) -> None:
    result = run_imap(cli_runner, imap_folder, "--port", "1")  # the later --port wins

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: cannot reach IMAP server {imap_folder.server.host}:1: could not connect: Connection refused"
    ]


def test_a_missing_folder_exits_with_one_line(
    database_url: str, cli_runner: CliRunner, imap_folder: ServerFolder
) -> None:
    result = run_imap(cli_runner, imap_folder, "--folder", "Archive/Nope")

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: IMAP folder 'Archive/Nope' not found in account "
        f"analyst@{imap_folder.server.host}:{imap_folder.server.port}"
    ]


def test_an_unset_password_variable_is_refused_before_connecting(
    cli_runner: CliRunner, imap_folder: ServerFolder
) -> None:
    result = run_imap(cli_runner, imap_folder, password=None)

    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for --password-env: environment variable {PASSWORD_VARIABLE} is not set"
    )


def test_every_option_is_explained_in_the_help() -> None:
    result = CliRunner().invoke(imap, ["--help"])

    assert result.exit_code == 0
    for parameter in imap.params:
        assert getattr(parameter, "help", None), f"{parameter.name} has no help text"
        assert parameter.opts[0] in result.output


def test_extract_queues_an_after_ingest_run_only_when_mail_is_new(
    database_url: str, cli_runner: CliRunner, imap_folder: ServerFolder
) -> None:
    imap_folder.append(corpus_messages()[:3])
    first = run_imap(cli_runner, imap_folder, "--extract")
    assert first.exit_code == 0, first.output
    assert "queued extraction run 1 (after-ingest)" in first.output
    again = run_imap(cli_runner, imap_folder, "--extract")
    assert "nothing new: no run queued" in again.output
    with psycopg.connect(database_url) as conn:
        runs = conn.execute("SELECT user_id, trigger_type, status FROM extraction_runs").fetchall()
    assert runs == [("u1", "after-ingest", "queued")]
