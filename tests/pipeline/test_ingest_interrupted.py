"""kill -9 in the middle of an mbox ingest: nothing half-written, and the next run completes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from backend.demo.mailgen import write_mbox
from tests.pipeline.helpers import archive_store, assert_archive_consistent, index_rows

MESSAGES = 1500


@pytest.mark.slow
def test_a_killed_mbox_ingest_resumes_without_duplicates_or_orphans(
    database_url: str, cli_runner: CliRunner, tmp_path: Path
) -> None:
    mbox = tmp_path / "takeout.mbox"
    write_mbox(mbox, MESSAGES)
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    log = tmp_path / "ingest.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", code, "ingest", "--user", "user_001", "--batch-size", "25", str(mbox)],
            env=os.environ.copy(), stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while len(index_rows(database_url)) < 200:
            assert process.poll() is None, f"the ingest ended before it was killed:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"the ingest made no progress:\n{log.read_text()}"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    store = archive_store()
    rows = index_rows(database_url)
    assert 200 <= len(rows) < MESSAGES, f"killed part way through ({len(rows)} rows):\n{log.read_text()}"
    for row in rows:  # every committed row has complete files
        assert json.loads(store.snapshot_path(row["archive_id"]).read_bytes())["archive_id"] == row["archive_id"]
        assert store.raw_path(row["meta"]["raw_sha256"]).exists()
    for archive_id in store.snapshot_ids():  # files written ahead of their row are complete too
        json.loads(store.snapshot_path(archive_id).read_bytes())

    result = cli_runner.invoke(cli, ["ingest", "--user", "user_001", str(mbox)])
    assert result.exit_code == 0, result.output
    assert f"seen {MESSAGES}, archived {MESSAGES - len(rows)}, already archived {len(rows)}" in result.output
    assert len(index_rows(database_url)) == MESSAGES
    assert_archive_consistent(database_url, store)
