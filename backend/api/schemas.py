"""Bodies the API accepts and the list envelope it answers with (documented in /openapi.json).

Types are checked here (a string where a boolean belongs is refused with 422); values are
checked once, by the domain functions the handlers call.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool

T = TypeVar("T")

MAX_ARCHIVE_IDS_PER_REQUEST = 1000


class ListPage(BaseModel, Generic[T]):
    """Contract 6: every list is `{items, total, limit, offset}`."""

    items: list[T]
    total: int
    limit: int
    offset: int


class TriggerRun(BaseModel):
    """What a manual run extracts: new archives (default), everything again, one broker, or given ids."""

    model_config = ConfigDict(extra="forbid")

    reprocess: StrictBool = False
    broker: str | None = Field(default=None, max_length=200)
    archive_ids: list[str] = Field(default_factory=list, max_length=MAX_ARCHIVE_IDS_PER_REQUEST)


class CancelRun(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=500)
