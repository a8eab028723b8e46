"""Pages of a list: which slice was asked for, and what came back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from backend.errors import ValidationError

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1  # beyond any real list; keeps the value inside PostgreSQL's integer range


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_LIMIT:
            raise ValidationError("limit", self.limit, f"must be an integer from 1 to {MAX_LIMIT}")
        if isinstance(self.offset, bool) or not isinstance(self.offset, int) or not 0 <= self.offset <= MAX_OFFSET:
            raise ValidationError("offset", self.offset, f"must be an integer from 0 to {MAX_OFFSET}")

    def bind(self) -> dict[str, Any]:
        return {"limit": self.limit, "offset": self.offset}


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, items: list[T], total: int, request: PageRequest) -> Page[T]:
        return cls(items=items, total=total, limit=request.limit, offset=request.offset)

    @classmethod
    def slice_of(cls, everything: list[T], request: PageRequest) -> Page[T]:
        """A page of a short list already in memory (a run's events)."""
        chosen = everything[request.offset : request.offset + request.limit]
        return cls(items=chosen, total=len(everything), limit=request.limit, offset=request.offset)
