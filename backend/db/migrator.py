"""Apply the numbered SQL files of `backend/migrations/` in order, once each.

Every migration file is wrapped in `BEGIN; ... COMMIT;` so that plain `psql -f FILE` applies it
atomically, and is idempotent (`IF NOT EXISTS` ...) so applying it twice is harmless. The runner
unwraps that envelope and runs the body together with its `schema_migrations` record in a single
transaction of its own. Because the files are idempotent, a database where someone already
applied some files by hand with psql is handled by simply running them again and recording them.

An applied file that was edited since is refused (checksums), and concurrent runners are
serialised with a session advisory lock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import class_row

from backend.db.connect import connect
from backend.db.queries import load_queries
from backend.errors import MigrationChecksumError, MigrationError

# pg_advisory_lock key of the runner: an arbitrary constant, the same in every process.
MIGRATION_LOCK_KEY = 0x6272_6F6B_6572  # "broker"

_FILE_NAME = re.compile(r"^(?P<number>\d{3})_[a-z0-9_]+\.sql$")
_BEGIN = re.compile(r"^\s*BEGIN\s*;\s*$", re.MULTILINE | re.IGNORECASE)
_COMMIT = re.compile(r"^\s*COMMIT\s*;\s*$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        # Line endings are normalised so a checkout with CRLF conversion is not "edited".
        return hashlib.sha256(self.sql.replace("\r\n", "\n").encode("utf-8")).hexdigest()

    @property
    def body(self) -> str:
        """The statements between the file's BEGIN; and COMMIT; lines."""
        begins, commits = list(_BEGIN.finditer(self.sql)), list(_COMMIT.finditer(self.sql))
        if len(begins) != 1 or len(commits) != 1 or begins[0].end() > commits[0].start():
            raise MigrationError(
                f"migration {self.name} must contain exactly one 'BEGIN;' line and one 'COMMIT;' line "
                "around its statements"
            )
        return self.sql[begins[0].end() : commits[0].start()]


@dataclass(frozen=True)
class MigrationState:
    name: str
    state: str  # "applied" | "pending" | "edited" | "unknown" (recorded, but no such file)
    applied_at: datetime | None


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.db", "migrator.sql"))


def discover_migrations() -> list[Migration]:
    """The migration files shipped with the package, in number order."""
    folder = resources.files("backend").joinpath("migrations")
    migrations = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            if not _FILE_NAME.match(entry.name):
                raise MigrationError(f"migration file name {entry.name!r} is not NNN_lower_snake.sql")
            migrations.append(Migration(entry.name, entry.read_text(encoding="utf-8")))
    migrations.sort(key=lambda migration: migration.name)
    numbers = [migration.name[:3] for migration in migrations]
    if len(set(numbers)) != len(numbers):
        raise MigrationError(f"two migration files share a number: {numbers}")
    return migrations


@dataclass(frozen=True)
class _Recorded:
    name: str
    checksum: str
    applied_at: datetime


def _recorded(conn: psycopg.Connection[Any]) -> dict[str, _Recorded]:
    queries = _queries()
    present = conn.execute(queries["history_exists"]).fetchone()
    if not present or not present[0]:
        return {}
    with conn.cursor(row_factory=class_row(_Recorded)) as cur:
        return {row.name: row for row in cur.execute(queries["applied"]).fetchall()}


def migration_status(conn: psycopg.Connection[Any]) -> list[MigrationState]:
    """Every known and recorded migration with its state, in order."""
    recorded = _recorded(conn)
    states = []
    for migration in discover_migrations():
        row = recorded.pop(migration.name, None)
        if row is None:
            states.append(MigrationState(migration.name, "pending", None))
        else:
            state = "applied" if row.checksum == migration.checksum else "edited"
            states.append(MigrationState(migration.name, state, row.applied_at))
    states.extend(MigrationState(row.name, "unknown", row.applied_at) for row in recorded.values())
    return sorted(states, key=lambda state: state.name)


def _check_history(migrations: list[Migration], recorded: dict[str, _Recorded]) -> None:
    known = {migration.name for migration in migrations}
    unknown = sorted(set(recorded) - known)
    if unknown:
        raise MigrationError(
            f"the database has migrations this version does not know: {', '.join(unknown)} "
            "(it was migrated by a newer version of brokerage-insights)"
        )
    for migration in migrations:
        row = recorded.get(migration.name)
        if row is not None and row.checksum != migration.checksum:
            raise MigrationChecksumError(migration.name, row.checksum, migration.checksum)


def apply_migrations(
    conninfo: str, on_applied: Callable[[str], None] | None = None
) -> list[str]:
    """Apply every pending migration; return the names applied (empty when up to date).

    Uses a connection of its own: the advisory lock is held on it for the whole run, and each
    migration commits separately so a failure leaves the earlier ones applied and recorded.
    """
    queries = _queries()
    migrations = discover_migrations()
    applied: list[str] = []
    with connect(conninfo, autocommit=True) as conn:
        conn.execute(queries["lock"], {"key": MIGRATION_LOCK_KEY})
        try:
            conn.execute(queries["create_history"])
            recorded = _recorded(conn)
            _check_history(migrations, recorded)
            for migration in migrations:
                if migration.name in recorded:
                    continue
                with conn.transaction():
                    conn.execute(migration.body)
                    conn.execute(queries["record"], {"name": migration.name, "checksum": migration.checksum})
                applied.append(migration.name)
                if on_applied is not None:
                    on_applied(migration.name)
        finally:
            conn.execute(queries["unlock"], {"key": MIGRATION_LOCK_KEY})
    return applied


def pending_migrations(conn: psycopg.Connection[Any]) -> list[str]:
    """Names of migrations not yet applied (an edited or unknown one counts as a problem, not pending)."""
    return [state.name for state in migration_status(conn) if state.state == "pending"]
