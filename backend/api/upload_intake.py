"""An uploaded .eml or .mbox file: archived for the user, then an after-ingest run queued for it.

The request body is already bounded by the size-limit middleware; the file is read with the same
limit again here, so a client that sends no length (chunked) is refused as well.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import BinaryIO

from backend.archive.store import ArchiveStore
from backend.db.connection import Db
from backend.errors import PayloadTooLargeError, ValidationError
from backend.ingest.mbox import read_mbox
from backend.ingest.messages import RawMessage
from backend.jobs.run_control import enqueue_run
from backend.jobs.run_scope import RunScope
from backend.pipeline.ingest import ingest_messages
from backend.reports.runs import RunView, run_view

EML_SUFFIXES = frozenset({".eml"})
MBOX_SUFFIXES = frozenset({".mbox", ".mbx"})
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class UploadFailure:
    ref: str
    reason: str


@dataclass(frozen=True)
class UploadOutcome:
    filename: str
    messages: int
    archived: int
    already_archived: int
    archive_ids: list[str]
    failures: list[UploadFailure] = field(default_factory=list)
    run: RunView | None = None  # None when nothing new was archived


def safe_filename(filename: str | None) -> str:
    """The upload's base name, reduced to harmless characters (it is shown and recorded)."""
    base = PurePath((filename or "").replace("\\", "/")).name
    cleaned = _UNSAFE_NAME.sub("_", base).strip()[:120]
    return cleaned or "upload"


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while chunk := stream.read(_READ_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLargeError(None, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def ingest_upload(
    db: Db, store: ArchiveStore, user_id: str, filename: str | None, stream: BinaryIO, *, max_bytes: int
) -> UploadOutcome:
    """Archive the messages of one uploaded file and queue a run over the new ones."""
    name = safe_filename(filename)
    suffix = PurePath(name).suffix.lower()
    if suffix not in EML_SUFFIXES | MBOX_SUFFIXES:
        raise ValidationError("file", name, "must be an .eml message or an .mbox mailbox")
    raw = read_limited(stream, max_bytes)
    if not raw.strip():
        raise ValidationError("file", name, "is empty")
    with tempfile.TemporaryDirectory(prefix="brokerage-insights-upload-") as folder:
        messages = list(_messages(name, raw, Path(folder), mbox=suffix in MBOX_SUFFIXES))
        summary = ingest_messages(db, user_id, messages, store=store)
    if summary.seen == 0:
        reasons = "; ".join(failure.reason for failure in summary.failures[:3]) or "no message found"
        raise ValidationError("file", name, f"holds no readable email message ({reasons})")
    run = None
    if summary.archive_ids:
        queued, _ = enqueue_run(db, user_id, trigger_type="after-ingest", requested_by="upload",
                                scope=RunScope(archive_ids=tuple(summary.archive_ids)))
        run = run_view(queued)
    return UploadOutcome(
        filename=name, messages=summary.seen, archived=summary.archived, already_archived=summary.already_archived,
        archive_ids=summary.archive_ids, failures=[UploadFailure(f.ref, f.reason) for f in summary.failures], run=run,
    )


def _messages(name: str, raw: bytes, folder: Path, *, mbox: bool) -> Iterator[RawMessage]:
    if not mbox:
        yield RawMessage(raw=raw, source={"kind": "upload", "ref": name})
        return
    path = folder / "upload.mbox"
    path.write_bytes(raw)
    for index, message in enumerate(read_mbox(path)):
        yield dataclasses.replace(message, source={"kind": "upload", "ref": f"{name}#{index}"})
