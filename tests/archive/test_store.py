"""The archive store writes each batch of messages completely, durably and once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backend.archive.snapshot import Snapshot, build_snapshot
from backend.archive.store import ArchiveStore
from backend.errors import ArchiveStoreError
from tests.reliability.servers import small_filesystem

RAW = (
    b"From: Research <research@example.com>\r\nTo: a@example.org\r\nSubject: Note\r\n"
    b"Message-ID: <one@example.com>\r\nDate: Thu, 23 Jan 2025 07:05:26 +0530\r\n\r\nBody\r\n"
)


def _snapshot(user_id: str) -> Snapshot:
    return build_snapshot(RAW, user_id=user_id, source={"kind": "file", "ref": "note.eml"})


def test_a_batch_keeps_shared_bytes_once_and_a_snapshot_per_user(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    first, second = _snapshot("user-1"), _snapshot("user-2")
    store.put_messages([(RAW, first), (RAW, second)])

    assert store.read_raw(hashlib.sha256(RAW).hexdigest()) == RAW
    assert list(store.raw_hashes()) == [hashlib.sha256(RAW).hexdigest()]
    assert sorted(store.snapshot_ids()) == sorted([first.archive_id, second.archive_id])
    assert store.read_snapshot(first.archive_id) == first
    assert store.temporary_files() == []


def test_a_failed_batch_leaves_no_temporary_file_and_names_the_cause(tmp_path: Path) -> None:
    disk = tmp_path / "archive-disk"
    with small_filesystem(disk, "2m"):
        store = ArchiveStore(disk)
        store.put_messages([(RAW, _snapshot("user-1"))])
        big = RAW + b"x" * 3_000_000  # more than the disk holds
        with pytest.raises(ArchiveStoreError, match="disk is full"):
            store.put_messages([(big, _snapshot("user-2"))])
        assert store.temporary_files() == []
        assert len(list(store.snapshot_ids())) == 1
