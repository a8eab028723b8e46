"""Shared set-up for run tests: archives to extract, worker processes, waiting on the database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from backend.archive.store import ArchiveStore
from backend.db.connection import Db
from backend.demo.mailgen import generated_messages
from backend.ingest.files import open_sources, read_sources
from backend.ingest.messages import RawMessage
from backend.pipeline.ingest import ingest_messages
from tests.conftest import DEV_CORPUS


def store() -> ArchiveStore:
    return ArchiveStore(Path(os.environ["BROKERAGE_INSIGHTS_ARCHIVE_DIR"]))


def ingest_corpus(pool: Db, user_id: str) -> int:
    summary = ingest_messages(pool, user_id, read_sources(open_sources([DEV_CORPUS / "emails"])), store=store())
    return summary.archived


def ingest_generated(pool: Db, user_id: str, count: int, start: int = 0) -> int:
    messages = (RawMessage(raw=raw, source={"kind": "file", "ref": f"generated-{start + index}"})
                for index, raw in enumerate(generated_messages(count, start)))
    return ingest_messages(pool, user_id, messages, store=store()).archived


def query(url: str, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(sql, params or {}).fetchall()  # type: ignore[arg-type]


def run_row(url: str, run_id: int) -> dict[str, Any]:
    return query(url, "SELECT * FROM extraction_runs WHERE id = %(id)s", {"id": run_id})[0]


def wait_for(condition: Callable[[], bool], timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def start_worker(*args: str) -> subprocess.Popen[str]:
    """A real worker process (`brokerage-insights worker ...`) on this test's database."""
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    return subprocess.Popen([sys.executable, "-c", code, "worker", "--no-schedule", *args],
                            env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


class WorkerOutput:
    """A worker's output read as it is written, so a test can wait for what the worker says."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self._stdout = process.stdout
        self._lines: list[str] = []
        self._thread = threading.Thread(target=self._read, name=f"output-of-{process.pid}", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stdout:
            self._lines.append(line)

    def text(self) -> str:
        return "".join(self._lines)

    def close(self) -> str:
        """All of the output, once the process has exited."""
        self._thread.join()
        return self.text()


_followed: dict[int, WorkerOutput] = {}


def follow_output(process: subprocess.Popen[str]) -> WorkerOutput:
    """Start reading a worker's output now; `stop_worker` still collects it at the end."""
    output = _followed[process.pid] = WorkerOutput(process)
    return output


def stop_worker(process: subprocess.Popen[str], timeout: float = 30, *, terminate: bool = True) -> str:
    """Collect a worker's output; with `terminate` first ask it to stop (SIGTERM)."""
    if terminate and process.poll() is None:
        process.terminate()
    followed = _followed.pop(process.pid, None)
    if followed is not None:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return followed.close()
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output or ""


def table_counts(url: str) -> dict[str, int]:
    row = query(url, """
        SELECT (SELECT count(*) FROM extracted_reports) AS reports,
               (SELECT count(*) FROM extracted_report_points) AS points,
               (SELECT count(*) FROM extracted_report_points p
                 WHERE NOT EXISTS (SELECT 1 FROM extracted_reports r WHERE r.id = p.report_id)) AS orphan_points,
               (SELECT count(*) FROM (SELECT user_id, duplicate_key FROM extracted_reports
                 GROUP BY 1, 2 HAVING count(*) > 1) d) AS duplicate_keys""")[0]
    return {key: int(value) for key, value in row.items()}
