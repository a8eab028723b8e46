"""Archived emails: the list, one parsed snapshot, and the original .eml."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from backend.api.auth import CurrentUser
from backend.api.dependencies import Paging, Pool, Store
from backend.api.documented_errors import AUTHENTICATED_READ, error_responses
from backend.api.query_filters import archive_filters
from backend.api.replies import json_reply
from backend.api.schemas import ListPage
from backend.archive.ingest_index import ArchiveEntry
from backend.archive.store import ARCHIVE_ID_PATTERN
from backend.reports.archives import ArchiveDetail, archive_detail, list_archives, raw_email
from backend.reports.filters import ArchiveFilters
from backend.reports.paging import Page

router = APIRouter(prefix="/api/email-archives", tags=["archives"], responses=error_responses(*AUTHENTICATED_READ))
# The format is documented here and checked once, before the store is touched (a 422 names the field).
ArchiveId = Annotated[str, Path(description="Id of one of your archived emails",
                                json_schema_extra={"pattern": ARCHIVE_ID_PATTERN.pattern})]


@router.get("", response_model=ListPage[ArchiveEntry])
def archives(
    user: CurrentUser, db: Pool, filters: Annotated[ArchiveFilters, Depends(archive_filters)], page: Paging
) -> Response:
    """Your archived emails, newest first."""
    return json_reply(list_archives(db, user.user_id, filters, page, timezone=user.timezone), Page[ArchiveEntry])


@router.get("/{archive_id}", response_model=ArchiveDetail, responses=error_responses(404))
def archive(archive_id: ArchiveId, user: CurrentUser, db: Pool, store: Store) -> Response:
    """One archived email: its index row and parsed snapshot (headers, text, attachments' text)."""
    return json_reply(archive_detail(db, store, user.user_id, archive_id), ArchiveDetail)


@router.get("/{archive_id}/raw", response_class=Response,
            responses={200: {"content": {"message/rfc822": {}}, "description": "The original message"},
                       **error_responses(404)})
def raw(archive_id: ArchiveId, user: CurrentUser, db: Pool, store: Store) -> Response:
    """The original message, byte for byte, as an .eml download."""
    email = raw_email(db, store, user.user_id, archive_id)
    return Response(email.content, media_type="message/rfc822",
                    headers={"Content-Disposition": f'attachment; filename="{email.filename}"'})
