"""Shared checks of the archive's consistency for ingest tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import psycopg

from backend.archive.store import ArchiveStore


def archive_store() -> ArchiveStore:
    return ArchiveStore(Path(os.environ["BROKERAGE_INSIGHTS_ARCHIVE_DIR"]))


def index_rows(url: str, user_id: str | None = None) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as conn:
        return conn.execute(
            "SELECT * FROM archive_ingest_index WHERE %(user)s::text IS NULL OR user_id = %(user)s ORDER BY archive_id",
            {"user": user_id},
        ).fetchall()


def assert_archive_consistent(url: str, store: ArchiveStore) -> None:
    """Every index row has its snapshot and raw bytes, every snapshot its row, no temp files."""
    rows = {row["archive_id"]: row for row in index_rows(url)}
    snapshot_ids = set(store.snapshot_ids())
    assert snapshot_ids == set(rows), "snapshots and index rows must match one to one"
    for archive_id, row in rows.items():
        snapshot = json.loads(store.snapshot_path(archive_id).read_bytes())
        assert snapshot["archive_id"] == archive_id
        assert store.raw_path(row["meta"]["raw_sha256"]).exists()
    assert store.temporary_files() == []
