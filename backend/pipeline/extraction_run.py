"""Execute one extraction run: choose its archives, extract each, persist it, count exactly.

Each archive is one transaction: its reports (upserted on duplicate_key), their points, the
archive's "extracted" mark and the run's counters commit together, the counters through a fenced
update, so a worker that lost its lease commits nothing. One archive that cannot be extracted is
counted and sampled in the run's meta and the run goes on; only an error that stops the whole run
(the archive store is gone) fails it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

import psycopg

from backend.archive.store import ArchiveStore
from backend.config import Settings
from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.dedupe.persist import persist_extraction
from backend.errors import LeaseLostError
from backend.extraction import extract
from backend.jobs import lease as leases
from backend.jobs.lease import Lease
from backend.jobs.lease_keeper import LeaseKeeper
from backend.jobs.run_models import ExtractionRun
from backend.jobs.run_scope import RunScope

DEFAULT_LEASE_SECONDS = 30.0

# Errors of one archive's data (bad snapshot, an extractor bug on odd text, a value the schema
# refuses). Connection trouble and a lost lease are not among them: they stop the run instead.
_ARCHIVE_DATA_ERRORS = (psycopg.errors.DataError, psycopg.errors.IntegrityError)

_log = logging.getLogger(__name__)


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.pipeline", "extraction_run.sql"))


def process_next_run(
    pool: Db,
    *,
    worker_id: str,
    store: ArchiveStore | None = None,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    stop: threading.Event | None = None,
    only_run_id: int | None = None,
) -> ExtractionRun | None:
    """Claim one queued run and execute it; returns the run as it ended (None: nothing to do).

    A run given back because of `stop` (shutdown) is returned queued.
    """
    lease = leases.claim_next_run(pool, worker_id, only_run_id=only_run_id)
    if lease is None:
        return None
    store = store or ArchiveStore(Settings.from_env().archive_dir)
    with LeaseKeeper(pool, lease, lease_seconds=lease_seconds, stop=stop) as keeper:
        try:
            return execute_run(pool, lease, store, keeper)
        except psycopg.OperationalError:
            # The database went away mid-run. Give the run back without spending its attempt,
            # if it can be reached again; otherwise the reaper takes it back when the lease lapses.
            _release_quietly(pool, lease)
            raise


@dataclass
class _Timings:
    """Where a run's time goes (kept in its meta: an operator's first question about a slow run)."""

    database: float = 0.0
    extraction: float = 0.0

    @contextmanager
    def measure(self, part: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            setattr(self, part, getattr(self, part) + time.perf_counter() - started)

    def meta(self) -> dict[str, Any]:
        return {"timings": {"database_seconds": round(self.database, 3),
                            "extraction_seconds": round(self.extraction, 3)}}


def execute_run(pool: Db, lease: Lease, store: ArchiveStore, keeper: LeaseKeeper) -> ExtractionRun | None:
    """Run a claimed run to its end; None when the lease was lost on the way."""
    run = lease.run
    if not store.root.is_dir():
        return _finish(pool, lease, "failed", "archive_unavailable",
                       f"the archive directory {store.root} does not exist")
    timings = _Timings()
    try:
        with timings.measure("database"):
            pending = _archives_to_extract(pool, run)
            keeper.note(leases.set_considered(pool, lease, run.archives_processed + len(pending)))
        for archive_id in pending:
            if keeper.lost:
                return None
            if keeper.cancel_requested:
                return leases.finish(pool, lease, "canceled", meta_patch=timings.meta())
            if keeper.shutdown.is_set():
                return leases.release(pool, lease)
            keeper.note(_process_archive(pool, lease, store, archive_id, timings))
        return leases.finish(pool, lease, "succeeded", meta_patch=timings.meta())
    except LeaseLostError:
        _log.warning("run %s: lease lost, stopping without further writes", run.id)
        return None


def _process_archive(pool: Db, lease: Lease, store: ArchiveStore, archive_id: str, timings: _Timings) -> bool:
    """Extract and persist one archive; returns whether a cancel of the run was requested."""
    try:
        with timings.measure("extraction"):
            result = extract(store.read_snapshot(archive_id))
    except Exception as error:  # any failure of one email's data must not stop the run
        return _failed(pool, lease, archive_id, f"{type(error).__name__}: {error}")
    # The extractor never raises on odd text; a bug inside it shows up as this reason instead,
    # and such an email must be tried again by a later run, not marked as extracted.
    internal = [reason for reason in result.reasons if reason.startswith("internal_error")]
    if internal:
        return _failed(pool, lease, archive_id, internal[0])
    try:
        with timings.measure("database"), transaction(pool) as conn:
            outcome = persist_extraction(conn, archive_id, result, run_id=lease.run_id)
            return leases.add_progress(conn, lease, asdict(outcome))
    except _ARCHIVE_DATA_ERRORS as error:
        return _failed(pool, lease, archive_id, f"{type(error).__name__}: {error}")


def _failed(pool: Db, lease: Lease, archive_id: str, reason: str) -> bool:
    _log.warning("run %s: archive %s not extracted: %s", lease.run_id, archive_id, reason)
    return leases.add_failure(pool, lease, archive_id, reason)


def _archives_to_extract(pool: Db, run: ExtractionRun) -> list[str]:
    scope = RunScope.from_meta(run.meta)
    parameters = {"user_id": run.user_id, "run_id": run.id, "broker": scope.broker,
                  "archive_ids": list(scope.archive_ids), "reprocess": scope.reprocess}
    with transaction(pool) as conn:
        return [row[0] for row in conn.execute(_queries()["archives_to_extract"], parameters)]


def _release_quietly(pool: Db, lease: Lease) -> None:
    try:
        if leases.release(pool, lease) is None:
            _log.warning("run %s: lease lost while the database was away; another worker has it", lease.run_id)
    except psycopg.Error as error:
        _log.warning("run %s: could not give the run back (%s); the reaper will", lease.run_id, error)


def _finish(pool: Db, lease: Lease, status: str, error_code: str, error_message: str) -> ExtractionRun | None:
    try:
        return leases.finish(pool, lease, status, error_code=error_code, error_message=error_message)
    except LeaseLostError:
        return None
