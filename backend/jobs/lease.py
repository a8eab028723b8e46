"""A worker's lease on a run: claim it, keep it alive, write through it, give it back.

The lease is (run id, worker id, attempt). Every statement that changes the run checks all three
and that the run is still running, so once the reaper has taken a run away (heartbeat lapsed) or
another attempt owns it, the old worker's writes match no row and it stops (`LeaseLostError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.db.rows import known_fields_row
from backend.errors import LeaseLostError
from backend.jobs.run_models import ExtractionRun


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.jobs", "lease.sql"))


@dataclass(frozen=True)
class Lease:
    run: ExtractionRun
    worker_id: str

    @property
    def run_id(self) -> int:
        return self.run.id

    @property
    def fence(self) -> dict[str, Any]:
        return {"run_id": self.run.id, "worker_id": self.worker_id, "attempt": self.run.attempt}


def claim_next_run(pool: Db, worker_id: str, *, only_run_id: int | None = None) -> Lease | None:
    """Take the oldest due queued run of a user with nothing running, or None when there is none.

    `only_run_id` claims that run only (a command that executes the run it just requested).

    One short transaction. Two workers may pick runs of the same user at the same moment; the
    partial unique index on running runs lets only one through, and the other skips that user.
    """
    queries = _queries()
    busy: list[str] = []
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        while True:
            candidate = conn.execute(
                queries["claim_candidate"], {"skip_users": busy, "only_run_id": only_run_id}
            ).fetchone()
            if candidate is None:
                return None
            run_id, user_id = candidate
            try:
                with conn.transaction():
                    run = cur.execute(queries["claim"], {"run_id": run_id, "worker_id": worker_id}).fetchone()
            except psycopg.errors.UniqueViolation:
                busy.append(user_id)
                continue
            assert run is not None  # the candidate row is locked by this transaction
            return Lease(run=run, worker_id=worker_id)


def heartbeat(pool: Db, lease: Lease) -> bool:
    """Extend the lease; returns whether a cancel was requested. Raises LeaseLostError."""
    return _fenced(pool, "heartbeat", lease)


def set_considered(pool: Db, lease: Lease, considered: int) -> bool:
    return _fenced(pool, "set_considered", lease, considered=considered)


def add_progress(conn: psycopg.Connection[Any], lease: Lease, counts: dict[str, int]) -> bool:
    """Count one processed archive, inside that archive's transaction; returns cancel requested."""
    row = conn.execute(_queries()["add_progress"], {**lease.fence, **counts}).fetchone()
    if row is None:
        raise LeaseLostError(lease.run_id, lease.worker_id, lease.run.attempt)
    return row[0] is not None


def add_failure(pool: Db, lease: Lease, archive_id: str, reason: str) -> bool:
    """Count an archive that could not be extracted, with a sample of why."""
    message = reason[:500]
    sample = {"archive_id": archive_id, "error": message}
    return _fenced(pool, "add_failure", lease, archive_id=archive_id, error=message, sample=Jsonb(sample))


def finish(pool: Db, lease: Lease, status: str, *, error_code: str | None = None,
           error_message: str | None = None, meta_patch: dict[str, Any] | None = None) -> ExtractionRun:
    """End the run (succeeded, failed or canceled) if this lease still holds it."""
    parameters = {**lease.fence, "status": status, "error_code": error_code, "error_message": error_message,
                  "meta_patch": Jsonb(meta_patch or {})}
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        run = cur.execute(_queries()["finish"], parameters).fetchone()
    if run is None:
        raise LeaseLostError(lease.run_id, lease.worker_id, lease.run.attempt)
    return run


def release(pool: Db, lease: Lease) -> ExtractionRun | None:
    """Requeue the run without spending its attempt (shutdown); None when the lease was lost."""
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        return cur.execute(_queries()["release"], lease.fence).fetchone()


def reap_stale_runs(pool: Db, *, lease_seconds: float, backoff_base: float = 5.0,
                    backoff_max: float = 300.0) -> list[ExtractionRun]:
    """Take back runs whose worker stopped heartbeating for `lease_seconds`; safe to run anywhere."""
    parameters = {"lease_seconds": lease_seconds, "backoff_base": backoff_base, "backoff_max": backoff_max}
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(ExtractionRun)) as cur:
        return cur.execute(_queries()["reap"], parameters).fetchall()


def _fenced(pool: Db, statement: str, lease: Lease, **parameters: Any) -> bool:
    with transaction(pool) as conn:
        row = conn.execute(_queries()[statement], {**lease.fence, **parameters}).fetchone()
    if row is None:
        raise LeaseLostError(lease.run_id, lease.worker_id, lease.run.attempt)
    return row[0] is not None
