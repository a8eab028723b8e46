"""Archive a stream of raw messages for one user: snapshot, files, index row; never twice.

Messages are handled in batches. For each batch the messages already archived for the user are
looked up by archive id and skipped; the rest are parsed into snapshots, their raw bytes and
snapshots written to the archive store, and only then their index rows inserted in one
transaction (`ON CONFLICT DO NOTHING`, so a concurrent ingest of the same mail is harmless). A
process killed at any point leaves every committed row with its files; the next run of the same
ingest archives what is missing and adds nothing twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.parser
import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from itertools import islice
from typing import Protocol

from backend.archive.headers import message_id_from, raw_header
from backend.archive.ingest_index import add_variant, entry_row, existing_raw_hashes, insert_entries
from backend.archive.model import Snapshot
from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.snapshot import archive_id_for, build_snapshot, generated_message_id
from backend.archive.store import ArchiveStore
from backend.config import Settings
from backend.db.connection import Db, transaction
from backend.errors import NotMimeError
from backend.ingest.messages import RawMessage, SourceFailure
from backend.jobs.run_control import enqueue_run
from backend.jobs.run_models import ExtractionRun
from backend.reference.brokers import BrokerRegistry, default_registry

BATCH_SIZE = 100


class IngestProgress(Protocol):
    def advance(self, messages: int, size: int) -> None: ...


@dataclass
class IngestSummary:
    seen: int = 0
    archived: int = 0
    already_archived: int = 0
    with_defects: int = 0
    variants_kept: int = 0  # other copies (different bytes) of messages already archived
    failures: list[SourceFailure] = field(default_factory=list)
    archive_ids: list[str] = field(default_factory=list)  # newly archived, in ingest order
    bytes_read: int = 0
    database_seconds: float = 0.0  # time spent in database transactions (for benchmarks)

    def add(self, other: IngestSummary) -> None:
        self.seen += other.seen
        self.archived += other.archived
        self.already_archived += other.already_archived
        self.with_defects += other.with_defects
        self.variants_kept += other.variants_kept
        self.failures.extend(other.failures)
        self.archive_ids.extend(other.archive_ids)
        self.bytes_read += other.bytes_read
        self.database_seconds += other.database_seconds


def ingest_messages(
    pool: Db,
    user_id: str,
    messages: Iterable[RawMessage | SourceFailure],
    *,
    store: ArchiveStore | None = None,
    progress: IngestProgress | None = None,
    batch_size: int = BATCH_SIZE,
    registry: BrokerRegistry | None = None,
    pdf_text: PdfTextExtractor | None = None,
) -> IngestSummary:
    """Archive every message for `user_id`; returns what happened to them.

    A caller that ingests in several calls (a mailbox sync, batch by batch) passes one
    `pdf_text` extractor for all of them, so its worker processes start once.
    """
    store = store or ArchiveStore(Settings.from_env().archive_dir)
    registry = registry or default_registry()
    summary = IngestSummary()
    store.sweep_temporary_files()
    with contextlib.ExitStack() as resources:
        if pdf_text is None:
            pdf_text = resources.enter_context(PdfTextExtractor())
        for batch in _batches(messages, batch_size):
            outcome = _ingest_batch(pool, user_id, batch, store, registry, pdf_text)
            summary.add(outcome)
            if progress is not None:
                progress.advance(outcome.seen + len(outcome.failures), outcome.bytes_read)
    return summary


def queue_extraction_after_ingest(pool: Db, user_id: str, summary: IngestSummary,
                                  requested_by: str) -> ExtractionRun | None:
    """Queue an `after-ingest` run over the user's not yet extracted mail; None when nothing is new."""
    if not summary.archived:
        return None
    run, _ = enqueue_run(pool, user_id, trigger_type="after-ingest", requested_by=requested_by)
    return run


def message_identity(message: RawMessage) -> str:
    """The message id the snapshot will carry, read from the headers alone (cheap)."""
    if message.message_id:
        return message.message_id
    headers = email.parser.BytesHeaderParser(policy=policy.default).parsebytes(message.raw)
    return message_id_from(raw_header(headers, "message-id")) or generated_message_id(message.raw)


def sender_broker(snapshot: Snapshot, registry: BrokerRegistry) -> str | None:
    """The house that wrote the mail: the original sender of a forward, never the forwarder."""
    original = snapshot.forwarded.from_ if snapshot.forwarded else None
    for sender in (original, snapshot.from_):
        if sender is not None:
            broker = registry.match_sender(sender.address, sender.name)
            if broker is not None:
                return broker.name
    return None


def _batches(messages: Iterable[RawMessage | SourceFailure], size: int) -> Iterator[list[RawMessage | SourceFailure]]:
    iterator = iter(messages)
    while batch := list(islice(iterator, size)):
        yield batch


def _ingest_batch(
    pool: Db,
    user_id: str,
    batch: list[RawMessage | SourceFailure],
    store: ArchiveStore,
    registry: BrokerRegistry,
    pdf_text: PdfTextExtractor,
) -> IngestSummary:
    outcome = IngestSummary()
    candidates: dict[str, RawMessage] = {}
    repeats: list[tuple[str, RawMessage]] = []
    for item in batch:
        if isinstance(item, SourceFailure):
            outcome.failures.append(item)
            continue
        outcome.seen += 1
        outcome.bytes_read += len(item.raw)
        archive_id = archive_id_for(user_id, message_identity(item))
        if archive_id in candidates:
            repeats.append((archive_id, item))  # the same message twice in one source
        else:
            candidates[archive_id] = item

    started = time.perf_counter()
    with transaction(pool) as conn:
        existing = existing_raw_hashes(conn, user_id, list(candidates))
    outcome.database_seconds += time.perf_counter() - started
    outcome.already_archived += len(existing) + len(repeats)

    rows = []
    files: list[tuple[bytes, Snapshot]] = []
    for archive_id, item in candidates.items():
        if archive_id in existing:
            repeats.append((archive_id, item))
            continue
        try:
            snapshot = _snapshot(item, user_id, pdf_text)
        except NotMimeError as error:
            outcome.failures.append(SourceFailure(item.source.get("ref", "?"), error.reason))
            outcome.seen -= 1
            continue
        files.append((item.raw, snapshot))
        rows.append(entry_row(snapshot, sender_broker(snapshot, registry)))
        existing[archive_id] = {snapshot.raw_sha256}  # later copies in this batch compare to it
        outcome.with_defects += bool(snapshot.defects)

    store.put_messages(files)  # every file durable before any index row names it
    if rows:
        started = time.perf_counter()
        with transaction(pool) as conn:
            inserted = insert_entries(conn, rows)
        outcome.database_seconds += time.perf_counter() - started
        outcome.archive_ids = [row["archive_id"] for row in rows if row["archive_id"] in inserted]
        outcome.archived = len(outcome.archive_ids)
        outcome.already_archived += len(rows) - len(inserted)
    outcome.variants_kept = _keep_variants(pool, user_id, repeats, existing, store)
    return outcome


def _keep_variants(
    pool: Db, user_id: str, repeats: list[tuple[str, RawMessage]], known: dict[str, set[str]], store: ArchiveStore
) -> int:
    """Keep the bytes of repeated messages that differ from every copy archived so far.

    Identity is the Message-ID, but two deliveries of one message can differ (a list footer, a
    mangled header); the archive is faithful, so such a copy is stored and listed in the entry's
    `meta.variants` instead of being dropped.
    """
    kept = 0
    for archive_id, item in repeats:
        sha256 = hashlib.sha256(item.raw).hexdigest()
        hashes = known.setdefault(archive_id, set())
        if sha256 in hashes:
            continue
        store.put_raw(item.raw)
        variant = {"sha256": sha256, "size": len(item.raw), "source": item.source}
        with transaction(pool) as conn:
            kept += add_variant(conn, user_id, archive_id, variant)
        hashes.add(sha256)
    return kept


def _snapshot(item: RawMessage, user_id: str, pdf_text: PdfTextExtractor) -> Snapshot:
    snapshot = build_snapshot(
        item.raw, user_id=user_id, source=item.source, received_at=item.received_at, pdf_text=pdf_text
    )
    if item.message_id or item.thread_id:
        # The mail source knows the message better than its headers (Gmail's X-GM-MSGID/THRID).
        message_id = item.message_id or snapshot.message_id
        snapshot = dataclasses.replace(
            snapshot,
            message_id=message_id,
            archive_id=archive_id_for(user_id, message_id),
            thread_id=item.thread_id or snapshot.thread_id,
        )
    return snapshot
