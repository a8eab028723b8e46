"""Ingest through the service layer and the CLI: every source kind, idempotence, robustness."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from backend.demo.mailgen import write_mbox_message
from tests.conftest import DEV_CORPUS, MIME_FIXTURES
from tests.pipeline.helpers import archive_store, assert_archive_consistent, index_rows
from tests.sources.test_files import make_maildir

CORPUS_FILES = sorted((DEV_CORPUS / "emails").glob("*.eml"))
LABELS = {label["file"].split("/")[-1]: label for label in json.loads((DEV_CORPUS / "labels.json").read_text())}


def corpus_mbox(path: Path) -> Path:
    with path.open("wb") as handle:
        for file in CORPUS_FILES:
            write_mbox_message(handle, file.read_bytes(), "research@example.com")
    return path


def ingest(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, ["ingest", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("kind", ["folder", "files", "mbox", "maildir"])
def test_each_source_kind_archives_the_dev_corpus_once(
    kind: str, database_url: str, cli_runner: CliRunner, tmp_path: Path
) -> None:
    sources = {
        "folder": lambda: [str(DEV_CORPUS / "emails")],
        "files": lambda: [str(path) for path in CORPUS_FILES],
        "mbox": lambda: [str(corpus_mbox(tmp_path / "corpus.mbox"))],
        "maildir": lambda: [str(make_maildir(tmp_path / "Maildir", CORPUS_FILES))],
    }[kind]()
    first = ingest(cli_runner, "--user", "user_001", *sources)
    assert "seen 83, archived 83, already archived 0" in first
    again = ingest(cli_runner, "--user", "user_001", *sources)
    assert "seen 83, archived 0, already archived 83" in again

    rows = index_rows(database_url)
    assert len(rows) == 83
    store = archive_store()
    assert_archive_consistent(database_url, store)
    # Faithful: the archived bytes are exactly the message as sent.
    by_sha = {hashlib.sha256(path.read_bytes()).hexdigest() for path in CORPUS_FILES}
    assert {row["meta"]["raw_sha256"] for row in rows} == by_sha
    assert {row["meta"]["source"]["kind"] for row in rows} == {"folder": {"file"}, "files": {"file"},
                                                               "mbox": {"mbox"}, "maildir": {"maildir"}}[kind]


def test_the_same_mail_from_another_source_adds_nothing(database_url: str, cli_runner: CliRunner,
                                                        tmp_path: Path) -> None:
    ingest(cli_runner, "--user", "user_001", str(DEV_CORPUS / "emails"))
    output = ingest(cli_runner, "--user", "user_001", str(corpus_mbox(tmp_path / "again.mbox")))
    assert "archived 0, already archived 83" in output
    assert len(index_rows(database_url)) == 83


def test_two_users_each_get_their_own_archive_entry(database_url: str, cli_runner: CliRunner) -> None:
    ingest(cli_runner, "--user", "user_001", str(CORPUS_FILES[0]))
    ingest(cli_runner, "--user", "user_002", str(CORPUS_FILES[0]))
    first, second = index_rows(database_url, "user_001"), index_rows(database_url, "user_002")
    assert len(first) == len(second) == 1
    assert first[0]["archive_id"] != second[0]["archive_id"]
    assert first[0]["message_id"] == second[0]["message_id"]
    assert archive_store().has_snapshot(second[0]["archive_id"])


def test_index_rows_carry_the_broker_of_the_original_sender(database_url: str, cli_runner: CliRunner) -> None:
    ingest(cli_runner, "--user", "user_001", str(DEV_CORPUS / "emails"))
    rows = index_rows(database_url)
    store = archive_store()
    by_file = {Path(row["meta"]["source"]["ref"]).name: row for row in rows}
    forwards = 0
    for name, label in LABELS.items():
        if not label["is_research"]:
            continue
        row = by_file[name]
        assert row["broker"] == label["broker"], name
        snapshot = store.read_snapshot(row["archive_id"])
        if snapshot.forwarded is not None:
            forwards += 1
            assert snapshot.from_ is not None and row["from_address"] == snapshot.from_.address
    assert forwards >= 3, "the corpus has Outlook, Gmail and attached-message forwards"


def test_every_hostile_fixture_is_archived_with_its_defects(database_url: str, cli_runner: CliRunner) -> None:
    output = ingest(cli_runner, "--user", "user_001", str(MIME_FIXTURES))
    assert "failures 0" in output
    fixtures = [path for path in MIME_FIXTURES.rglob("*") if path.suffix in (".eml", ".raw")]
    rows = index_rows(database_url)
    kept = {row["meta"]["raw_sha256"] for row in rows}
    kept |= {variant["sha256"] for row in rows for variant in row["meta"].get("variants", [])}
    store = archive_store()
    for path in fixtures:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        assert sha256 in kept, f"{path.name}: raw bytes must be archived"
        assert store.read_raw(sha256) == path.read_bytes()
    assert sum(bool(row["meta"]["defects"]) for row in rows) > 50
    assert_archive_consistent(database_url, store)
    again = ingest(cli_runner, "--user", "user_001", str(MIME_FIXTURES))
    assert "archived 0" in again and "other copies kept 0" in again


def test_an_outlook_msg_is_reported_and_the_rest_archived(database_url: str, cli_runner: CliRunner,
                                                          tmp_path: Path) -> None:
    shutil.copy(CORPUS_FILES[0], tmp_path / "note.eml")
    (tmp_path / "note.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = cli_runner.invoke(cli, ["ingest", "--user", "user_001", str(tmp_path)])
    assert result.exit_code == 1
    assert "note.msg: Outlook .msg file" in result.output
    assert "archived 1" in result.output
    assert len(index_rows(database_url)) == 1


def test_a_missing_path_is_a_one_line_error_and_nothing_is_written(database_url: str, cli_runner: CliRunner,
                                                                   tmp_path: Path) -> None:
    result = cli_runner.invoke(cli, ["ingest", "--user", "user_001", str(CORPUS_FILES[0]), str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [f"Error: cannot read mail source '{tmp_path / 'nope'}': "
                                                  "no such file or directory"]
    assert index_rows(database_url) == []


def test_ingest_requires_a_user(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["ingest", str(CORPUS_FILES[0])])
    assert result.exit_code == 2 and "--user" in result.output


def test_archive_list_and_show(database_url: str, cli_runner: CliRunner) -> None:
    ingest(cli_runner, "--user", "user_001", str(DEV_CORPUS / "emails"))
    listing = cli_runner.invoke(cli, ["archive", "list", "--user", "user_001", "--broker", "CLSA", "--limit", "3"])
    assert listing.exit_code == 0, listing.output
    lines = listing.output.strip().splitlines()
    assert lines[-1] == "3 of 6 message(s)"
    archive_id = lines[0].split()[0]
    shown = cli_runner.invoke(cli, ["archive", "show", archive_id])
    snapshot = json.loads(shown.output)
    assert snapshot["archive_id"] == archive_id and snapshot["user_id"] == "user_001"
    raw = cli_runner.invoke(cli, ["archive", "show", "--raw", archive_id])
    assert raw.stdout_bytes == archive_store().read_raw(snapshot["raw_sha256"])
    bad = cli_runner.invoke(cli, ["archive", "show", "../../etc/passwd"])
    assert bad.exit_code == 1 and "invalid archive_id" in bad.output


def test_extract_queues_an_after_ingest_run_for_new_mail(database_url: str, cli_runner: CliRunner) -> None:
    first = ingest(cli_runner, "--user", "user_001", "--extract", str(CORPUS_FILES[0]))
    assert "queued extraction run 1 (after-ingest)" in first
    again = ingest(cli_runner, "--user", "user_001", "--extract", str(CORPUS_FILES[0]))
    assert "nothing new archived: no extraction run queued" in again
    worker = cli_runner.invoke(cli, ["worker", "--once", "--no-schedule"])
    assert "1 run(s) executed" in worker.output
