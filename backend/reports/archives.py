"""A user's archived emails: the list, one snapshot, and the original bytes.

Every read checks the index row first, scoped to the user, so an archive id of another user is
"not found" before any file is touched; ids are validated (`^a[0-9a-f]{32}$`) before that, so no
path can be smuggled into the archive store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.archive.ingest_index import ArchiveEntry, get_entry, list_entries
from backend.archive.store import ArchiveStore, validate_archive_id
from backend.db.connection import Db
from backend.errors import ArchiveNotFoundError
from backend.reports.filters import ArchiveFilters, day_bounds
from backend.reports.paging import Page, PageRequest


@dataclass(frozen=True)
class ArchiveDetail:
    entry: ArchiveEntry
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class RawEmail:
    archive_id: str
    content: bytes

    @property
    def filename(self) -> str:
        return f"{self.archive_id}.eml"


def list_archives(
    db: Db, user_id: str, filters: ArchiveFilters, page: PageRequest, *, timezone: str = "UTC"
) -> Page[ArchiveEntry]:
    """The user's archived emails, newest first."""
    since, until = day_bounds(filters.published_from, filters.published_to, timezone)
    found = list_entries(db, user_id, broker=filters.broker, since=since, until=until,
                         limit=page.limit, offset=page.offset)
    return Page.of(found.items, found.total, page)


def archive_detail(db: Db, store: ArchiveStore, user_id: str, archive_id: str) -> ArchiveDetail:
    """The index row and the parsed snapshot (headers, text, attachments' text) of one email."""
    entry = get_entry(db, user_id, validate_archive_id(archive_id))
    return ArchiveDetail(entry=entry, snapshot=store.read_snapshot(entry.archive_id).to_dict())


def raw_email(db: Db, store: ArchiveStore, user_id: str, archive_id: str) -> RawEmail:
    """The exact bytes of the email as it was received."""
    entry = get_entry(db, user_id, validate_archive_id(archive_id))
    sha256 = entry.meta.get("raw_sha256")
    if not isinstance(sha256, str):
        raise ArchiveNotFoundError("raw message", archive_id)
    return RawEmail(archive_id=entry.archive_id, content=store.read_raw(sha256))
