"""Typed views of an `extraction_runs` row."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from backend.jobs.run_fields import TERMINAL_STATUSES


@dataclass(frozen=True)
class ExtractionRun:
    """One row of extraction_runs, as stored."""

    id: int
    user_id: str
    trigger_type: str
    trigger_ref: str | None
    status: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    archives_considered: int
    archives_processed: int
    reports_extracted: int
    reports_inserted: int
    reports_updated: int
    points_inserted: int
    error_code: str | None
    error_message: str | None
    meta: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    # Run control (migration 006).
    attempt: int = 0
    max_attempts: int = 3
    run_after: datetime | None = None
    worker_id: str | None = None
    heartbeat_at: datetime | None = None
    cancel_requested_at: datetime | None = None
    retry_of: int | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ExtractionRunStatusView:
    """What a poller needs: where the run is, how far it got and why it failed."""

    id: int
    user_id: str
    trigger_type: str
    trigger_ref: str | None
    status: str
    is_terminal: bool
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    archives_considered: int
    archives_processed: int
    reports_extracted: int
    reports_inserted: int
    reports_updated: int
    points_inserted: int
    error_code: str | None
    error_message: str | None
    updated_at: datetime
    attempt: int
    cancel_requested_at: datetime | None

    @classmethod
    def of(cls, run: ExtractionRun) -> ExtractionRunStatusView:
        return cls(**{field.name: getattr(run, field.name) for field in fields(cls)})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RunEvent:
    """One status transition of a run (written by a database trigger)."""

    id: int
    run_id: int
    from_status: str | None
    to_status: str
    attempt: int
    worker_id: str | None
    error_code: str | None
    occurred_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
