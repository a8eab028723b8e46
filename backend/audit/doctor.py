"""Find inconsistencies in the database and the archive, and say what they are.

Nothing here repairs anything: the report names each problem, how many things it affects and a
few of them, so that an operator can decide. Problems are errors (something is wrong or lost)
or warnings (something needs attention, such as a run nobody is working on).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import psycopg

from backend.archive.store import ArchiveStore
from backend.db.connection import Db, transaction
from backend.db.migrator import migration_status
from backend.db.queries import load_queries

SAMPLE_SIZE = 5

# (query name, severity, what it means)
_DATABASE_CHECKS = (
    ("stuck_runs", "error", "running runs whose worker stopped sending heartbeats"),
    ("unfinished_terminal_runs", "error", "ended runs without an end time"),
    ("inconsistent_counters", "error", "runs whose counters do not add up"),
    ("orphan_points", "error", "key points whose report is missing"),
    ("reports_without_archive", "error", "reports whose source email is not in the archive index"),
    ("duplicate_reports", "error", "reports stored twice under one duplicate key"),
)


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str  # "error" | "warning"
    description: str
    count: int
    samples: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "severity": self.severity, "description": self.description,
                "count": self.count, "samples": list(self.samples)}


@dataclass
class DoctorReport:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not any(finding.severity == "error" for finding in self.findings)

    def add(self, check: str, severity: str, description: str, offenders: list[str], count: int | None = None) -> None:
        self.checked.append(check)
        total = len(offenders) if count is None else count
        if total:
            self.findings.append(Finding(check, severity, description, total, tuple(offenders[:SAMPLE_SIZE])))


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.audit", "doctor.sql"))


def run_doctor(pool: Db, store: ArchiveStore, *, lease_seconds: float = 30.0) -> DoctorReport:
    """Every check, on the database and on the archive store."""
    report = DoctorReport()
    with transaction(pool) as conn:
        _check_migrations(conn, report)
        for name, severity, description in _DATABASE_CHECKS:
            rows = conn.execute(_queries()[name], {"lease_seconds": lease_seconds, "sample": SAMPLE_SIZE}).fetchall()
            report.add(name, severity, description, [f"{key}: {detail}" for key, detail, _ in rows],
                       count=int(rows[0][2]) if rows else 0)
        indexed = dict(_index_entries(conn))
    _check_archive(store, indexed, report)
    return report


def _check_migrations(conn: psycopg.Connection[Any], report: DoctorReport) -> None:
    drifted = [f"{state.name}: {state.state}" for state in migration_status(conn) if state.state != "applied"]
    report.add("migrations", "error", "migrations pending, edited after being applied, or unknown", drifted)


def _index_entries(conn: psycopg.Connection[Any]) -> Iterator[tuple[str, str | None]]:
    # A server-side cursor: the index may hold millions of rows.
    with conn.cursor(name="doctor_index_entries") as cursor:
        cursor.itersize = 5000
        cursor.execute(_queries()["index_entries"])
        yield from cursor


def _check_archive(store: ArchiveStore, indexed: dict[str, str | None], report: DoctorReport) -> None:
    snapshots = set(store.snapshot_ids())
    raw_files = set(store.raw_hashes())
    report.add("index_without_snapshot", "error", "index rows whose snapshot file is missing",
               sorted(archive_id for archive_id in indexed if archive_id not in snapshots))
    report.add("index_without_raw", "error", "index rows whose original .eml is missing",
               sorted(archive_id for archive_id, sha in indexed.items() if sha is None or sha not in raw_files))
    report.add("snapshot_without_index", "warning",
               "snapshots without an index row (an interrupted ingest; the next ingest of that mail completes it)",
               sorted(snapshots - indexed.keys()))
    report.add("temporary_files", "warning", "temporary files left by an interrupted write",
               sorted(str(path) for path in store.temporary_files()))
