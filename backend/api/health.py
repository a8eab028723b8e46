"""`/health`: is the database reachable, is its schema current, how long has the oldest run waited."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from backend.db.migrator import migration_status
from backend.db.queries import load_queries


@dataclass(frozen=True)
class Health:
    status: str  # "ok" | "unavailable"
    database_reachable: bool
    migrations_current: bool
    migrations_not_applied: list[str] = field(default_factory=list)
    queued_runs: int | None = None
    oldest_queued_run_age_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.api", "health.sql"))


def check_health(pool: ConnectionPool, *, timeout: float = 5.0) -> Health:
    try:
        with pool.connection(timeout=timeout) as conn:
            states = migration_status(conn)
            queued, oldest = conn.execute(_queries()["queue"]).fetchone() or (0, None)
    except (psycopg.Error, PoolTimeout):
        return Health(status="unavailable", database_reachable=False, migrations_current=False)
    behind = [f"{state.name} ({state.state})" for state in states if state.state != "applied"]
    return Health(
        status="ok" if not behind else "unavailable",
        database_reachable=True,
        migrations_current=not behind,
        migrations_not_applied=behind,
        queued_runs=int(queued),
        oldest_queued_run_age_seconds=round(oldest, 3) if oldest is not None else None,
    )
