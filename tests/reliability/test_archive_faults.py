"""A full or read-only archive disk during ingest: a clear error, and nothing inconsistent left."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from tests.conftest import DEV_CORPUS
from tests.pipeline.helpers import archive_store, assert_archive_consistent, index_rows
from tests.reliability.servers import remount, small_filesystem


@pytest.fixture
def archive_mount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mount_point = tmp_path / "archive-disk"
    monkeypatch.setenv("BROKERAGE_INSIGHTS_ARCHIVE_DIR", str(mount_point))
    return mount_point


def test_a_full_archive_disk_stops_ingest_cleanly_and_resumes_after_space_is_freed(
    database_url: str, cli_runner: CliRunner, archive_mount: Path
) -> None:
    with small_filesystem(archive_mount, "700k"):
        command = ["ingest", "--user", "user_001", "--batch-size", "10", str(DEV_CORPUS / "emails")]
        full = cli_runner.invoke(cli, command)
        assert full.exit_code == 1
        assert full.output.strip().startswith("Error: the archive disk is full: cannot write"), full.output
        assert len(full.output.strip().splitlines()) == 1
        archived = len(index_rows(database_url))
        assert 0 < archived < 83
        assert_archive_consistent_allowing_unindexed(database_url)

        remount(archive_mount, "size=20m")
        resumed = cli_runner.invoke(cli, ["ingest", "--user", "user_001", str(DEV_CORPUS / "emails")])
        assert resumed.exit_code == 0, resumed.output
        assert f"seen 83, archived {83 - archived}, already archived {archived}" in resumed.output
        assert_archive_consistent(database_url, archive_store())


def test_a_read_only_archive_disk_is_a_clear_error_and_leaves_the_archive_consistent(
    database_url: str, cli_runner: CliRunner, archive_mount: Path
) -> None:
    files = sorted((DEV_CORPUS / "emails").glob("*.eml"))
    with small_filesystem(archive_mount, "20m"):
        first = cli_runner.invoke(cli, ["ingest", "--user", "user_001", *map(str, files[:40])])
        assert first.exit_code == 0, first.output
        remount(archive_mount, "ro")
        refused = cli_runner.invoke(cli, ["ingest", "--user", "user_001", *map(str, files)])
        assert refused.exit_code == 1
        assert "Error: the archive directory is not writable" in refused.output, refused.output
        assert len(index_rows(database_url)) == 40
        assert_archive_consistent(database_url, archive_store())

        remount(archive_mount, "rw")
        resumed = cli_runner.invoke(cli, ["ingest", "--user", "user_001", *map(str, files)])
        assert "seen 83, archived 43, already archived 40" in resumed.output
        assert_archive_consistent(database_url, archive_store())


def assert_archive_consistent_allowing_unindexed(url: str) -> None:
    """After a failed write: every index row has its files; files of the failed batch may lack a row."""
    store = archive_store()
    rows = index_rows(url)
    snapshots = set(store.snapshot_ids())
    assert {row["archive_id"] for row in rows} <= snapshots
    for row in rows:
        assert store.raw_path(row["meta"]["raw_sha256"]).exists()
    assert store.temporary_files() == []
