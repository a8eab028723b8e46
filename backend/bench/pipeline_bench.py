"""`bench pipeline`: end-to-end emails/s (archive -> extract -> persist) with 1..N workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click

from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.store import ArchiveStore
from backend.bench import bench
from backend.bench.scratch import scratch_database, scratch_folder
from backend.config import ARCHIVE_DIR_ENV, DATABASE_URL_ENV
from backend.db.connection import Db, open_pool, transaction
from backend.demo.mailgen import generated_message
from backend.ingest.messages import RawMessage
from backend.jobs.run_control import enqueue_run
from backend.pipeline.ingest import ingest_messages

_RESET = """
UPDATE archive_ingest_index SET extracted_at = NULL, extraction_run_id = NULL, extraction_error = NULL;
TRUNCATE extracted_report_points, extracted_reports;
DELETE FROM extraction_runs;
"""
_TIMINGS = """
SELECT count(*) FILTER (WHERE status = 'succeeded'), count(*),
       coalesce(sum((meta->'timings'->>'database_seconds')::float), 0),
       coalesce(sum((meta->'timings'->>'extraction_seconds')::float), 0),
       coalesce(sum(archives_processed), 0), coalesce(sum(reports_extracted), 0)
FROM extraction_runs
"""


@bench.command("pipeline")
@click.option("--emails", default=10_000, show_default=True, type=click.IntRange(1), help="Generated emails.")
@click.option("--users", default=10, show_default=True, type=click.IntRange(1), help="Users they are spread over.")
@click.option("--workers", default="1,2", show_default=True, help="Worker process counts to measure, comma-separated.")
def pipeline_benchmark(emails: int, users: int, workers: str) -> None:
    """Archive generated mail, then extract and persist it with each worker count; print emails/s."""
    counts = [int(part) for part in workers.split(",") if part.strip()]
    with scratch_folder() as folder, scratch_database() as url:
        store = ArchiveStore(folder / "archive")
        pool = open_pool(url, max_size=2)
        try:
            started = time.perf_counter()
            ingest_db = 0.0
            with PdfTextExtractor() as pdf_text:  # one PDF worker pool for every user's mail, as ingest does
                for user in range(users):
                    messages = (RawMessage(raw=generated_message(index), source={"kind": "file", "ref": str(index)})
                                for index in range(user, emails, users))
                    ingest_db += ingest_messages(
                        pool, f"bench-{user:03d}", messages, store=store, pdf_text=pdf_text
                    ).database_seconds
            ingest_seconds = time.perf_counter() - started
            click.echo(f"archive: {emails:,} emails in {ingest_seconds:.1f} s = "
                       f"{emails / ingest_seconds:,.0f} emails/s (database {ingest_db / ingest_seconds:.0%} of the "
                       "time), one process")
            for count in counts:
                _measure_extraction(pool, url, folder, users, emails, count, ingest_seconds)
        finally:
            pool.close()


def _measure_extraction(pool: Db, url: str, folder: Path, users: int, emails: int, workers: int,
                        ingest_seconds: float) -> None:
    with transaction(pool) as conn:
        conn.execute(_RESET)
    for user in range(users):
        enqueue_run(pool, f"bench-{user:03d}", trigger_type="bench")
    env = {**os.environ, DATABASE_URL_ENV: url, ARCHIVE_DIR_ENV: str(folder / "archive")}
    command = [sys.executable, "-c", "import sys; from backend.cli.main import cli; cli(sys.argv[1:])",
               "worker", "--once", "--no-schedule", "--poll-interval", "0.05", "--concurrency", str(workers)]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    with transaction(pool) as conn:
        row = conn.execute(_TIMINGS).fetchone()
    assert row is not None
    succeeded, total, database, extraction, archives, reports = row
    busy = database + extraction
    click.echo(
        f"extract+persist with {workers} worker(s): {archives:,} emails, {reports:,} reports in {seconds:.1f} s = "
        f"{archives / seconds:,.0f} emails/s; runs succeeded {succeeded}/{total}; "
        f"time in database {database / busy:.0%}, in extraction {extraction / busy:.0%}"
    )
    click.echo(f"end to end (archive + extract + persist) with {workers} worker(s): "
               f"{emails / (ingest_seconds + seconds):,.0f} emails/s")
