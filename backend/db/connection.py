"""Which database the product talks to, and how it opens connections to it.

`DATABASE_URL` selects a server. Without it the embedded PostgreSQL is started (or found) under the
data directory and migrated, so a fresh machine works with no set-up. A server given by URL is
never migrated behind the operator's back: commands refuse to run on a schema that is behind and
say which command brings it up to date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from backend.config import Settings
from backend.db.connect import connect, redact_url
from backend.db.embedded import embedded_database_url
from backend.db.migrator import apply_migrations, migration_status
from backend.errors import ConfigurationError, DatabaseUnavailableError

Db = ConnectionPool | psycopg.Connection[Any]
"""What data functions accept: the process's pool, or one connection (tests, scripts)."""


def resolve_database_url(settings: Settings, *, migrate_embedded: bool = True) -> str:
    """The URL in use: DATABASE_URL, else the embedded server's database (started and migrated)."""
    if settings.database_url:
        return settings.database_url
    url = embedded_database_url(settings.embedded_pgdata)
    if migrate_embedded:
        apply_migrations(url)
    return url


def check_schema_current(url: str) -> None:
    """Refuse to work on a database whose schema is behind or drifted from this version."""
    with connect(url) as conn:
        problems = [state for state in migration_status(conn) if state.state != "applied"]
    if problems:
        listing = ", ".join(f"{state.name} ({state.state})" for state in problems)
        raise ConfigurationError(
            f"the database schema is not current: {listing}; run `brokerage-insights db migrate`"
        )


def open_pool(
    url: str,
    *,
    min_size: int = 1,
    max_size: int = 8,
    name: str = "brokerage-insights",
    application_name: str = "brokerage-insights",
    idle_in_transaction_timeout: float | None = None,
) -> ConnectionPool:
    """The process's one pool, opened by the entry point (never at import).

    `idle_in_transaction_timeout` (seconds) lets the server end a transaction left open by a
    frozen process (paused, swapped out), so the locks it holds cannot block others for longer.
    """
    kwargs: dict[str, Any] = {"application_name": application_name}  # who is who in pg_stat_activity
    if idle_in_transaction_timeout is not None:
        milliseconds = max(int(idle_in_transaction_timeout * 1000), 1)
        kwargs["options"] = f"-c idle_in_transaction_session_timeout={milliseconds}"
    # check_connection on checkout: after a server restart, dead connections are replaced
    # instead of being handed out.
    pool = ConnectionPool(
        url, min_size=min_size, max_size=max_size, name=name, open=False, check=ConnectionPool.check_connection,
        kwargs=kwargs,
    )
    try:
        pool.open(wait=True, timeout=15)
    except Exception as error:
        pool.close()
        raise DatabaseUnavailableError(
            f"cannot connect to the database at {redact_url(url)}: {error}"
        ) from error
    return pool


@contextmanager
def transaction(db: Db) -> Iterator[psycopg.Connection[Any]]:
    """One transaction on `db`: committed when the block ends, rolled back when it raises.

    Given a connection that is already inside a transaction, the block becomes a savepoint and
    the caller keeps control of the outer commit.
    """
    if isinstance(db, ConnectionPool):
        with db.connection() as conn, conn.transaction():
            yield conn
    else:
        with db.transaction():
            yield db
