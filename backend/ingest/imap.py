"""Incremental sync of one IMAP folder into the archive.

    account = ImapAccount("imap.example.com", 993, "me@example.com", password, folder="INBOX")
    result = sync_mailbox(pool, "u1", account, functools.partial(ingest_messages, pool, "u1"))

The folder is opened read-only, so no flag changes (mail stays unread). A folder keeps its UIDs
while its UIDVALIDITY stays the same, so after the first sync only UIDs above the last one
archived are fetched. When the UIDVALIDITY changes (the folder was recreated, or the server
rebuilt its index) every message is fetched again: the archive is idempotent per (user, message
id), so nothing is archived twice. Messages go to `archive` in batches of UIDs, and the last UID
is recorded only after `archive` returns, so an interrupted sync fetches at most one batch again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from backend.db.connection import Db
from backend.errors import ValidationError
from backend.ingest.imap_account import ImapAccount
from backend.ingest.imap_session import open_folder
from backend.ingest.imap_state import MailboxSyncState, get_sync_state, mark_synced, record_batch, start_full_scan
from backend.ingest.messages import RawMessage, SourceFailure

__all__ = ["ArchiveStep", "ImapAccount", "ImapSyncResult", "SyncProgress", "sync_mailbox"]

DEFAULT_BATCH_SIZE = 100

ArchiveStep = Callable[[list[RawMessage | SourceFailure]], object]
"""Archives one batch; whatever it returns is kept in `ImapSyncResult.archive_results`."""

SyncProgress = Callable[[int, int], None]
"""Called after each batch with (messages fetched so far, messages to fetch in this sync)."""


@dataclass(frozen=True)
class ImapSyncResult:
    account: str
    folder: str
    uidvalidity: int
    last_uid: int
    full_scan: bool  # every message was read: first sync of the folder, or a UIDVALIDITY change
    previous_uidvalidity: int | None  # set when the UIDVALIDITY changed since the last sync
    fetched: int  # messages handed to the archive step
    failures: int  # messages the server listed but could not deliver
    archive_results: tuple[object, ...]  # what the archive step returned, one per batch

    @property
    def uidvalidity_changed(self) -> bool:
        return self.previous_uidvalidity is not None


def sync_mailbox(
    pool: Db,
    user_id: str,
    account: ImapAccount,
    archive: ArchiveStep,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: SyncProgress | None = None,
) -> ImapSyncResult:
    """Fetch the folder's messages not archived yet for `user_id` and hand them to `archive`."""
    if not user_id.strip():
        raise ValidationError("user_id", user_id, "must not be empty")
    if batch_size < 1:
        raise ValidationError("batch_size", batch_size, "must be at least 1")
    with open_folder(account) as folder:
        previous = get_sync_state(pool, user_id, account.key, account.folder)
        state = previous
        if state is None or state.uidvalidity != folder.uidvalidity:
            state = start_full_scan(pool, user_id, account.key, account.folder, folder.uidvalidity)
        uids = folder.uids_after(state.last_uid)
        fetched = failures = 0
        results: list[object] = []
        for batch_uids in _batches(uids, batch_size):
            batch = folder.fetch(batch_uids)
            results.append(archive(batch))
            delivered = sum(isinstance(item, RawMessage) for item in batch)
            state = record_batch(
                pool,
                user_id,
                account.key,
                account.folder,
                uidvalidity=folder.uidvalidity,
                last_uid=max(batch_uids),
                archived=delivered,
            )
            fetched += delivered
            failures += len(batch) - delivered
            if progress is not None:
                progress(fetched + failures, len(uids))
        state = mark_synced(pool, user_id, account.key, account.folder, folder.uidvalidity)
    return ImapSyncResult(
        account=account.key,
        folder=account.folder,
        uidvalidity=state.uidvalidity,
        last_uid=state.last_uid,
        full_scan=_is_full_scan(previous, state),
        previous_uidvalidity=_changed_from(previous, state),
        fetched=fetched,
        failures=failures,
        archive_results=tuple(results),
    )


def _batches(uids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(uids), size):
        yield uids[start : start + size]


def _is_full_scan(previous: MailboxSyncState | None, state: MailboxSyncState) -> bool:
    return previous is None or previous.uidvalidity != state.uidvalidity


def _changed_from(previous: MailboxSyncState | None, state: MailboxSyncState) -> int | None:
    if previous is None or previous.uidvalidity == state.uidvalidity:
        return None
    return previous.uidvalidity
