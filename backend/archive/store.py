"""The archive store: raw .eml bytes and JSON snapshots in a local directory.

Layout under the root:

    raw/ab/<sha256>.eml             the exact bytes, content-addressed: the same bytes are kept once
                                    however many users or sources deliver them
    snapshots/cd/<archive_id>.json  one snapshot per (user, message)

Every file is written to a temporary name in its final folder, flushed to disk and renamed into
place, so a reader (or a process killed half way) never sees a partial file. A batch of messages
is written with one filesystem flush before and one after the renames (syncfs where the platform
has it) instead of an fsync per file, which is what bounds ingest speed on most disks. The archive stage
writes the files first and the index row after, so an index row always has its files; a crash in
between leaves at most a complete snapshot without a row, which the next ingest of that message
completes (and `doctor` reports).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from backend.archive.model import Snapshot
from backend.errors import ArchiveNotFoundError, ArchiveStoreError, ValidationError

ARCHIVE_ID_PATTERN = re.compile(r"^a[0-9a-f]{32}$")
_SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
_TEMP_PREFIX = ".tmp-"


def validate_archive_id(archive_id: object) -> str:
    """An archive id as the archive makes them; anything else (paths, SQL, junk) is refused."""
    if not isinstance(archive_id, str) or not ARCHIVE_ID_PATTERN.match(archive_id):
        raise ValidationError("archive_id", archive_id, "must be 'a' followed by 32 lower-case hex digits")
    return archive_id


class ArchiveStore:
    """Files of the archive under one root directory."""

    def __init__(self, root: Path, *, durable: bool = True) -> None:
        self.root = root
        # fsync before rename: a power loss must not leave an index row pointing at an empty file.
        self.durable = durable

    def raw_path(self, sha256: str) -> Path:
        if not _SHA256_PATTERN.match(sha256):
            raise ValidationError("raw_sha256", sha256, "must be 64 lower-case hex digits")
        return self.root / "raw" / sha256[:2] / f"{sha256}.eml"

    def snapshot_path(self, archive_id: str) -> Path:
        archive_id = validate_archive_id(archive_id)
        return self.root / "snapshots" / archive_id[1:3] / f"{archive_id}.json"

    def put_raw(self, raw: bytes) -> str:
        """Keep `raw` (once) and return its sha256."""
        sha256 = hashlib.sha256(raw).hexdigest()
        path = self.raw_path(sha256)
        if not path.exists():
            self._write_files([(path, raw)])
        return sha256

    def put_snapshot(self, snapshot: Snapshot) -> Path:
        path = self.snapshot_path(snapshot.archive_id)
        self._write_files([(path, _snapshot_bytes(snapshot))])
        return path

    def put_messages(self, messages: Sequence[tuple[bytes, Snapshot]]) -> None:
        """Keep the raw bytes (once) and the snapshot of each message; when this returns every
        file is complete and in place on disk, so index rows may point at them."""
        files: dict[Path, bytes] = {}
        for raw, snapshot in messages:
            raw_path = self.raw_path(hashlib.sha256(raw).hexdigest())
            if raw_path not in files and not raw_path.exists():
                files[raw_path] = raw
            files[self.snapshot_path(snapshot.archive_id)] = _snapshot_bytes(snapshot)
        self._write_files(list(files.items()))

    def has_snapshot(self, archive_id: str) -> bool:
        return self.snapshot_path(archive_id).exists()

    def read_snapshot(self, archive_id: str) -> Snapshot:
        path = self.snapshot_path(archive_id)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise ArchiveNotFoundError("snapshot", archive_id) from None
        return Snapshot.from_dict(data)

    def read_raw(self, sha256: str) -> bytes:
        try:
            return self.raw_path(sha256).read_bytes()
        except FileNotFoundError:
            raise ArchiveNotFoundError("raw message", sha256) from None

    def snapshot_ids(self) -> Iterator[str]:
        """Every archive id with a snapshot file (for audits)."""
        folder = self.root / "snapshots"
        if folder.is_dir():
            for path in folder.glob("*/*.json"):
                yield path.stem

    def raw_hashes(self) -> Iterator[str]:
        folder = self.root / "raw"
        if folder.is_dir():
            for path in folder.glob("*/*.eml"):
                yield path.stem

    def sweep_temporary_files(self) -> int:
        """Remove temporary files left by writers that died (their pid no longer runs)."""
        removed = 0
        for folder in ("raw", "snapshots"):
            for path in (self.root / folder).glob(f"*/{_TEMP_PREFIX}*"):
                if not _pid_alive(_writer_pid(path.name)):
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                        removed += 1
        return removed

    def temporary_files(self) -> list[Path]:
        return [path for folder in ("raw", "snapshots") for path in (self.root / folder).glob(f"*/{_TEMP_PREFIX}*")]

    def _write_files(self, files: list[tuple[Path, bytes]]) -> None:
        """Write every file to a temporary name, flush, rename all into place, flush again."""
        written: list[tuple[Path, Path]] = []
        current = self.root
        try:
            for path, data in files:
                current = path
                temporary = path.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{path.name}")
                path.parent.mkdir(parents=True, exist_ok=True)
                written.append((temporary, path))
                with temporary.open("wb") as handle:
                    handle.write(data)
            self._flush([temporary for temporary, _ in written])
            for temporary, path in written:
                current = path
                temporary.replace(path)
            self._flush([path for _, path in written])
        except OSError as error:
            for temporary, _ in written:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            raise ArchiveStoreError(_describe_os_error(current, error)) from error

    def _flush(self, paths: list[Path]) -> None:
        """Make the files' data and names durable: one syncfs of the archive's filesystem, else an
        fsync per file and folder."""
        if not self.durable or not paths:
            return
        syncfs = _syncfs()
        if syncfs is not None:
            descriptor = os.open(self.root, os.O_RDONLY)
            try:
                if syncfs(descriptor) != 0:
                    code = ctypes.get_errno()
                    raise OSError(code, os.strerror(code))
            finally:
                os.close(descriptor)
            return
        for path in {*paths, *(path.parent for path in paths)}:
            descriptor = os.open(path, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


@cache
def _syncfs() -> ctypes._NamedFuncPointer | None:
    """Linux's syncfs(2) from the C library, when there is one."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    except OSError:
        return None


def _snapshot_bytes(snapshot: Snapshot) -> bytes:
    return json.dumps(snapshot.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _describe_os_error(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return f"the archive disk is full: cannot write {path}"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"the archive directory is not writable: cannot write {path} ({error.strerror})"
    return f"cannot write {path}: {error.strerror or error}"


def _writer_pid(name: str) -> int:
    try:
        return int(name[len(_TEMP_PREFIX) :].split("-", 1)[0])
    except ValueError:
        return -1


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
