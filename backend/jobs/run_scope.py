"""What a run extracts: new archives (the default), all of them again, one broker, or given ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.archive.store import validate_archive_id
from backend.errors import ValidationError

MAX_ARCHIVE_IDS = 10_000


@dataclass(frozen=True)
class RunScope:
    reprocess: bool = False  # extract archives that were extracted before, too
    broker: str | None = None  # only archives from this broker
    archive_ids: tuple[str, ...] = ()  # only these archives (implies reprocess for them)

    def __post_init__(self) -> None:
        if self.broker is not None and not self.broker.strip():
            raise ValidationError("broker", self.broker, "must be a non-empty string")
        if len(self.archive_ids) > MAX_ARCHIVE_IDS:
            raise ValidationError("archive_ids", len(self.archive_ids), f"at most {MAX_ARCHIVE_IDS} ids")
        for archive_id in self.archive_ids:
            validate_archive_id(archive_id)

    def to_meta(self) -> dict[str, Any]:
        return {"reprocess": self.reprocess, "broker": self.broker, "archive_ids": list(self.archive_ids)}

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> RunScope:
        scope = meta.get("scope") or {}
        return cls(
            reprocess=bool(scope.get("reprocess", False)),
            broker=scope.get("broker"),
            archive_ids=tuple(scope.get("archive_ids") or ()),
        )
