"""Pagination links of a list page: every row is reachable, page by page, filters kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.reports.paging import Page
from backend.web.formatting import query_string

_WINDOW = 2  # pages shown either side of the current one


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: the current page, or a gap ("…")
    current: bool = False


@dataclass(frozen=True)
class Pager:
    first_row: int
    last_row: int
    total: int
    previous_url: str | None
    next_url: str | None
    links: list[PageLink]

    @property
    def needed(self) -> bool:
        return self.previous_url is not None or self.next_url is not None


def pager(page: Page[Any], path: str, filters: dict[str, str], *, default_limit: int) -> Pager:
    """Links to the previous, next and nearby pages of `page`, keeping `filters` in each URL."""
    limit = page.limit
    current = page.offset // limit
    last = max(0, (page.total - 1) // limit)

    def url_at(offset: int) -> str:
        values: dict[str, object] = {**filters, "limit": limit if limit != default_limit else None,
                                     "offset": offset or None}
        return path + query_string(values)

    def url(number: int) -> str:
        return url_at(number * limit)

    numbers = sorted({0, last, *range(max(0, current - _WINDOW), min(last, current + _WINDOW) + 1)})
    links: list[PageLink] = []
    for index, number in enumerate(numbers):
        if index and number - numbers[index - 1] > 1:
            links.append(PageLink("…", None))
        links.append(PageLink(str(number + 1), None if number == current else url(number), number == current))
    shown = len(page.items)
    return Pager(
        first_row=page.offset + 1 if shown else 0,
        last_row=page.offset + shown,
        total=page.total,
        previous_url=url_at(max(0, page.offset - limit)) if page.offset > 0 else None,
        next_url=url_at(page.offset + limit) if page.offset + limit < page.total else None,
        links=links if last > 0 else [],
    )

