"""The archive_ingest_index table: one row per archived message and user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from backend.archive.model import Snapshot
from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.db.rows import known_fields_row
from backend.errors import NotFoundError


@dataclass(frozen=True)
class ArchiveEntry:
    archive_id: str
    user_id: str
    message_id: str | None
    thread_id: str | None
    broker: str | None
    subject: str | None
    from_address: str | None
    published_at: datetime | None
    archived_at: datetime
    meta: dict[str, Any]


@dataclass(frozen=True)
class ArchivePage:
    items: list[ArchiveEntry]
    total: int


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.archive", "ingest_index.sql"))


def entry_row(snapshot: Snapshot, broker: str | None) -> dict[str, Any]:
    """Bind parameters of one index row, read from the snapshot."""
    return {
        "archive_id": snapshot.archive_id,
        "user_id": snapshot.user_id,
        "message_id": snapshot.message_id,
        "thread_id": snapshot.thread_id,
        "broker": broker,
        "subject": snapshot.subject,
        "from_address": snapshot.from_.address if snapshot.from_ else None,
        "published_at": snapshot.date_utc,
        "meta": Jsonb(
            {
                "source": snapshot.source,
                "size": snapshot.raw_size,
                "raw_sha256": snapshot.raw_sha256,
                "defects": snapshot.defects,
                "attachment_count": len(snapshot.attachments),
                "forwarded": snapshot.forwarded is not None,
                "schema_version": snapshot.schema_version,
            }
        ),
    }


def existing_raw_hashes(conn: psycopg.Connection[Any], user_id: str, archive_ids: Sequence[str]) -> dict[str, set[str]]:
    """For the given ids already archived: the sha256 of every copy of the bytes kept for each."""
    rows = conn.execute(_queries()["existing_raw_hashes"], {"user_id": user_id, "archive_ids": list(archive_ids)})
    return {row[0]: set(row[1]) for row in rows}


def add_variant(conn: psycopg.Connection[Any], user_id: str, archive_id: str, variant: dict[str, Any]) -> bool:
    """Record another copy of an archived message's bytes; False when it was recorded already."""
    parameters = {
        "user_id": user_id,
        "archive_id": archive_id,
        "variant": Jsonb([variant]),
        "probe": Jsonb([{"sha256": variant["sha256"]}]),
    }
    return conn.execute(_queries()["add_variant"], parameters).rowcount == 1


def insert_entries(conn: psycopg.Connection[Any], rows: Sequence[dict[str, Any]]) -> set[str]:
    """Insert index rows; returns the archive ids actually inserted (others existed already)."""
    inserted: set[str] = set()
    with conn.cursor() as cur:
        cur.executemany(_queries()["insert_entry"], rows, returning=True)
        while True:
            row = cur.fetchone()
            if row is not None:
                inserted.add(row[0])
            if not cur.nextset():
                break
    return inserted


def get_entry(db: Db, user_id: str, archive_id: str) -> ArchiveEntry:
    with transaction(db) as conn, conn.cursor(row_factory=known_fields_row(ArchiveEntry)) as cur:
        entry = cur.execute(_queries()["get_entry"], {"archive_id": archive_id, "user_id": user_id}).fetchone()
    if entry is None:
        raise NotFoundError("archive", archive_id)
    return entry


def list_entries(
    db: Db,
    user_id: str,
    *,
    broker: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ArchivePage:
    parameters = {
        "user_id": user_id,
        "broker": broker,
        "since": since,
        "until": until,
        "limit": limit,
        "offset": offset,
    }
    queries = _queries()
    with transaction(db) as conn, conn.cursor(row_factory=known_fields_row(ArchiveEntry)) as cur:
        items = cur.execute(queries["list_entries"], parameters).fetchall()
        counted = conn.execute(queries["count_entries"], parameters).fetchone()
    return ArchivePage(items=items, total=int(counted[0]) if counted else 0)
