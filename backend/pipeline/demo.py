"""The demo job: the bundled demo mail ingested, extracted and summarised for one user.

This is the product's main job end to end (ingest -> archive -> extract -> dedupe -> run
tracking) on mail that ships with it, so a fresh install shows what it does with no setup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from psycopg.rows import class_row

from backend.archive.store import ArchiveStore
from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.demo import demo_emails_dir
from backend.ingest.files import open_sources, read_sources
from backend.jobs.run_control import enqueue_run
from backend.jobs.run_models import ExtractionRun
from backend.jobs.worker import new_worker_id
from backend.pipeline.extraction_run import process_next_run
from backend.pipeline.ingest import IngestSummary, ingest_messages


@dataclass(frozen=True)
class ReportRow:
    broker: str
    company_canonical: str
    report_type: str
    rating: str | None
    target_price: Decimal | None
    currency: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class DemoOutcome:
    ingest: IngestSummary
    run: ExtractionRun | None
    reports: list[ReportRow]


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.pipeline", "demo.sql"))


def run_demo(pool: Db, store: ArchiveStore, user_id: str, *, progress: Any = None, limit: int = 200) -> DemoOutcome:
    """Ingest the demo mail for `user_id`, extract it in this process, and list the reports."""
    sources = open_sources([demo_emails_dir()])
    ingested = ingest_messages(pool, user_id, read_sources(sources), store=store, progress=progress)
    run, _ = enqueue_run(pool, user_id, trigger_type="demo", requested_by="demo")
    finished = process_next_run(pool, worker_id=new_worker_id(), store=store, only_run_id=run.id)
    with transaction(pool) as conn, conn.cursor(row_factory=class_row(ReportRow)) as cur:
        reports = cur.execute(_queries()["report_table"], {"user_id": user_id, "limit": limit}).fetchall()
    return DemoOutcome(ingest=ingested, run=finished, reports=reports)
