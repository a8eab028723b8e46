"""Uploading mail: an .eml or .mbox file is archived and an after-ingest run queued for it."""

from __future__ import annotations

from fastapi import APIRouter, UploadFile
from starlette.responses import Response

from backend.api.auth import CurrentUser
from backend.api.dependencies import Service
from backend.api.documented_errors import AUTHENTICATED_WRITE, error_responses
from backend.api.replies import json_reply
from backend.api.upload_intake import UploadOutcome, ingest_upload

router = APIRouter(prefix="/api/ingest", tags=["ingest"])


@router.post("/upload", status_code=201, response_model=UploadOutcome, responses=error_responses(*AUTHENTICATED_WRITE))
def upload(file: UploadFile, user: CurrentUser, state: Service) -> Response:
    """Archive the messages of an .eml or .mbox file (size-limited; 413 beyond) and queue a run for the new ones."""
    outcome = ingest_upload(state.pool, state.store, user.user_id, file.filename, file.file,
                            max_bytes=state.config.max_upload_bytes)
    return json_reply(outcome, UploadOutcome, status_code=201)
