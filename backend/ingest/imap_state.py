"""Where the IMAP sync of each (user, account, folder) stands: UIDVALIDITY and the last UID archived.

Each function runs one statement in a transaction of its own (a savepoint inside a caller's
transaction). The sync records a batch only after the archive step has returned, so a crash
costs at most one batch fetched again, which the idempotent archive skips.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NoReturn

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.db.rows import known_fields_row
from backend.errors import ConflictError


@dataclass(frozen=True)
class MailboxSyncState:
    user_id: str
    account: str
    folder: str
    uidvalidity: int
    last_uid: int
    messages_archived: int
    last_synced_at: datetime
    meta: dict[str, Any] = field(default_factory=dict)


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.ingest", "imap_state.sql"))


def get_sync_state(pool: Db, user_id: str, account: str, folder: str) -> MailboxSyncState | None:
    """The recorded state, or None when this folder was never synced for the user."""
    return _one(pool, "select_state", _key(user_id, account, folder))


def start_full_scan(pool: Db, user_id: str, account: str, folder: str, uidvalidity: int) -> MailboxSyncState:
    """Record that the folder, with this UIDVALIDITY, is to be read again from its first UID."""
    key = _key(user_id, account, folder)
    started = _one(pool, "start_full_scan", {**key, "uidvalidity": uidvalidity})
    if started is not None:
        return started
    # Another sync recorded the same UIDVALIDITY first: continue from where it stands.
    current = _one(pool, "select_state", key)
    assert current is not None  # the conflicting row exists; rows are never deleted
    return current


def record_batch(
    pool: Db, user_id: str, account: str, folder: str, *, uidvalidity: int, last_uid: int, archived: int
) -> MailboxSyncState:
    """Move the folder's last UID up to `last_uid` after a batch went to the archive."""
    parameters = {**_key(user_id, account, folder), "uidvalidity": uidvalidity, "last_uid": last_uid}
    state = _one(pool, "advance_state", {**parameters, "archived": archived})
    return state if state is not None else _changed_underneath(account, folder, uidvalidity)


def mark_synced(pool: Db, user_id: str, account: str, folder: str, uidvalidity: int) -> MailboxSyncState:
    """Note that the folder was read to its end now (even when nothing new was there)."""
    state = _one(pool, "mark_synced", {**_key(user_id, account, folder), "uidvalidity": uidvalidity})
    return state if state is not None else _changed_underneath(account, folder, uidvalidity)


def _key(user_id: str, account: str, folder: str) -> dict[str, Any]:
    return {"user_id": user_id, "account": account, "folder": folder}


def _one(pool: Db, query: str, parameters: dict[str, Any]) -> MailboxSyncState | None:
    with transaction(pool) as conn, conn.cursor(row_factory=known_fields_row(MailboxSyncState)) as cur:
        return cur.execute(_queries()[query], parameters).fetchone()


def _changed_underneath(account: str, folder: str, uidvalidity: int) -> NoReturn:
    raise ConflictError(
        f"the sync state of folder {folder!r} of {account} no longer has UIDVALIDITY {uidvalidity}: "
        "another sync saw the folder change meanwhile; run the sync again"
    )
