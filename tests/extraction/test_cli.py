"""The extract, eval and bench extract commands, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from backend.extraction.evaluation import TARGETS
from tests.conftest import DEV_CORPUS
from tests.extraction.conftest import NOTE_BODY, mail_bytes


@pytest.fixture
def note_file(tmp_path: Path) -> Path:
    path = tmp_path / "note.eml"
    path.write_bytes(mail_bytes(subject="Havells India: Cables carry the quarter", body=NOTE_BODY))
    return path


def test_extract_prints_one_json_line_per_file(note_file: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", "--user", "user_009", "--json", str(note_file), str(note_file)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2
    assert set(lines[0]) == {"file", "is_research", "broker", "published_at", "reports"}
    report = lines[0]["reports"][0]
    assert (report["user_id"], report["company_canonical"], report["target_price"]) == (
        "user_009",
        "Havells India",
        1800,
    )


def test_extract_prints_a_readable_table(note_file: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(note_file)])
    assert result.exit_code == 0
    assert "Havells India | results_update | ADD" in result.output


def test_missing_inputs_are_clear_errors(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.eml")])
    assert missing.exit_code != 0 and "does not exist" in missing.output
    no_dir = CliRunner().invoke(cli, ["eval", str(tmp_path / "nothing")])
    assert no_dir.exit_code != 0 and "does not exist" in no_dir.output
    no_labels = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert no_labels.exit_code != 0 and "labels.json" in no_labels.output


def test_a_file_that_is_not_email_is_reported(tmp_path: Path, note_file: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", "--json", str(empty), str(note_file)])
    assert result.exit_code == 1
    assert "1 of 2 file(s) could not be read as email" in result.output
    assert '"is_research": true' in result.output


def test_a_broken_labels_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert result.exit_code != 0 and "labels.json" in result.output and "not valid JSON" in result.output


def test_every_option_has_help() -> None:
    for command in (["extract"], ["eval"], ["bench", "extract"]):
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        assert "--help" in result.output


def test_eval_on_the_dev_corpus_meets_every_target() -> None:
    result = CliRunner().invoke(cli, ["eval", str(DEV_CORPUS), "--json", "--misses"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["missed"] == [], payload["misses"]
    for name in TARGETS:
        assert name in payload["scores"]
    table = CliRunner().invoke(cli, ["eval", str(DEV_CORPUS), "--strict"])
    assert table.exit_code == 0 and "research_precision" in table.output


def test_bench_extract_prints_throughput(tmp_path: Path, note_file: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "extract", str(note_file.parent), "--repeat", "2"])
    assert result.exit_code == 0, result.output
    assert "emails/s" in result.output
