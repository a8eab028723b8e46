"""Incremental IMAP sync against a real Dovecot server and a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from psycopg_pool import ConnectionPool

from backend.errors import MailFolderNotFoundError
from backend.ingest.imap import sync_mailbox
from backend.ingest.imap_state import get_sync_state
from backend.ingest.messages import RawMessage, SourceFailure
from tests.ingest.dovecot import ServerFolder
from tests.ingest.samples import RecordingArchive, corpus_messages, header_message_id

pytestmark = pytest.mark.imap

USER = "u1"


def ids_of(messages: list[bytes]) -> list[str]:
    return [header_message_id(raw) for raw in messages]


def test_first_sync_fetches_every_message_then_a_second_sync_fetches_nothing(
    pool: ConnectionPool, imap_folder: ServerFolder, recording_archive: RecordingArchive
) -> None:
    messages = corpus_messages(7)
    imap_folder.append(messages)
    account = imap_folder.account()

    first = sync_mailbox(pool, USER, account, recording_archive, batch_size=3)

    assert recording_archive.message_ids == ids_of(messages)
    assert [message.raw for message in recording_archive.messages] == messages  # the exact bytes
    assert [len(batch) for batch in recording_archive.batches] == [3, 3, 1]
    assert (first.fetched, first.failures, first.last_uid, first.full_scan) == (7, 0, 7, True)
    assert first.uidvalidity == imap_folder.uidvalidity()
    assert first.archive_results == (3, 3, 1)  # whatever the archive step returned, per batch

    second = sync_mailbox(pool, USER, account, RecordingArchive())

    assert (second.fetched, second.last_uid, second.full_scan) == (0, 7, False)
    state = get_sync_state(pool, USER, account.key, imap_folder.name)
    assert state is not None
    assert (state.uidvalidity, state.last_uid, state.messages_archived) == (first.uidvalidity, 7, 7)


def test_the_next_sync_fetches_exactly_the_messages_that_arrived_since(
    pool: ConnectionPool, imap_folder: ServerFolder
) -> None:
    imap_folder.append(corpus_messages(5))
    account = imap_folder.account()
    sync_mailbox(pool, USER, account, RecordingArchive())
    newcomers = corpus_messages(3, start=5)
    imap_folder.append(newcomers)

    archive = RecordingArchive()
    result = sync_mailbox(pool, USER, account, archive)

    assert archive.message_ids == ids_of(newcomers)
    assert (result.fetched, result.last_uid, result.full_scan) == (3, 8, False)


def test_each_message_carries_its_folder_uid_and_arrival_time(
    pool: ConnectionPool, imap_folder: ServerFolder, recording_archive: RecordingArchive
) -> None:
    imap_folder.append(corpus_messages(2))
    account = imap_folder.account()

    result = sync_mailbox(pool, USER, account, recording_archive)

    refs = [message.source for message in recording_archive.messages]
    prefix = f"analyst@{account.server}/{imap_folder.name};UIDVALIDITY={result.uidvalidity}"
    assert refs == [{"kind": "imap", "ref": f"{prefix};UID={uid}"} for uid in (1, 2)]
    for message in recording_archive.messages:
        assert message.received_at is not None and message.received_at.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - message.received_at) < timedelta(hours=1)  # appended just now
        assert message.message_id is None and message.thread_id is None  # Dovecot has no Gmail ids


def test_a_new_uidvalidity_reads_the_folder_again_without_archiving_twice(
    pool: ConnectionPool, imap_folder: ServerFolder, recording_archive: RecordingArchive
) -> None:
    messages = corpus_messages(4)
    imap_folder.append(messages)
    account = imap_folder.account()
    before = sync_mailbox(pool, USER, account, recording_archive)
    imap_folder.recreate()
    imap_folder.append(messages)  # the same mail under new UIDs, as after a server rebuild

    after = sync_mailbox(pool, USER, account, recording_archive)

    assert after.uidvalidity != before.uidvalidity
    assert (after.full_scan, after.previous_uidvalidity, after.fetched, after.last_uid) == (
        True,
        before.uidvalidity,
        4,
        4,
    )
    assert recording_archive.message_ids == ids_of(messages) * 2  # read again: the archive skips them
    state = get_sync_state(pool, USER, account.key, imap_folder.name)
    assert state is not None
    assert state.meta["uidvalidity_changes"] == 1
    assert state.meta["previous_uidvalidity"] == before.uidvalidity
    assert sync_mailbox(pool, USER, account, RecordingArchive()).fetched == 0


class SimulatedCrashError(Exception):
    pass


def test_a_crash_after_archiving_a_batch_fetches_only_that_batch_again(
    pool: ConnectionPool, imap_folder: ServerFolder
) -> None:
    messages = corpus_messages(7)
    imap_folder.append(messages)
    account = imap_folder.account()
    archived = RecordingArchive()

    def archive_then_die_on_second_batch(batch: list[RawMessage | SourceFailure]) -> int:
        archived(batch)
        if len(archived.batches) == 2:
            raise SimulatedCrashError  # the process dies before the sync state is written
        return len(batch)

    with pytest.raises(SimulatedCrashError):
        sync_mailbox(pool, USER, account, archive_then_die_on_second_batch, batch_size=3)
    state = get_sync_state(pool, USER, account.key, imap_folder.name)
    assert state is not None and state.last_uid == 3

    retry = RecordingArchive()
    result = sync_mailbox(pool, USER, account, retry, batch_size=3)

    assert retry.message_ids == ids_of(messages[3:])  # the interrupted batch, then the rest
    assert set(archived.message_ids) | set(retry.message_ids) == set(ids_of(messages))
    assert result.last_uid == 7


def test_sync_leaves_every_message_unread(
    pool: ConnectionPool, imap_folder: ServerFolder, recording_archive: RecordingArchive
) -> None:
    imap_folder.append(corpus_messages(3))

    sync_mailbox(pool, USER, imap_folder.account(), recording_archive)

    flags = imap_folder.flags()
    assert len(flags) == 3
    assert all(b"\\Seen" not in message_flags for message_flags in flags.values())


def test_an_empty_folder_is_recorded_and_its_first_messages_are_fetched_later(
    pool: ConnectionPool, imap_folder: ServerFolder
) -> None:
    account = imap_folder.account()
    empty = sync_mailbox(pool, USER, account, RecordingArchive())
    assert (empty.fetched, empty.last_uid) == (0, 0)
    assert get_sync_state(pool, USER, account.key, imap_folder.name) is not None
    imap_folder.append(corpus_messages(2))

    archive = RecordingArchive()
    result = sync_mailbox(pool, USER, account, archive)

    assert (result.fetched, result.full_scan) == (2, False)
    assert len(archive.messages) == 2


def test_each_user_has_a_sync_state_of_their_own(pool: ConnectionPool, imap_folder: ServerFolder) -> None:
    imap_folder.append(corpus_messages(2))
    account = imap_folder.account()
    sync_mailbox(pool, "u1", account, RecordingArchive())

    other_user = sync_mailbox(pool, "u2", account, RecordingArchive())

    assert other_user.fetched == 2


def test_progress_reports_each_batch(pool: ConnectionPool, imap_folder: ServerFolder) -> None:
    imap_folder.append(corpus_messages(5))
    calls: list[tuple[int, int]] = []

    sync_mailbox(
        pool, USER, imap_folder.account(), RecordingArchive(), batch_size=2, progress=lambda *c: calls.append(c)
    )

    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_a_missing_folder_is_a_clear_error(pool: ConnectionPool, imap_folder: ServerFolder) -> None:
    account = imap_folder.account(folder="Research/Nowhere")

    with pytest.raises(MailFolderNotFoundError) as raised:
        sync_mailbox(pool, USER, account, RecordingArchive())

    assert str(raised.value) == f"IMAP folder 'Research/Nowhere' not found in account {account.key}"
    assert get_sync_state(pool, USER, account.key, "Research/Nowhere") is None
