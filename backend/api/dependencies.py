"""What handlers receive: the pool, the archive store, the service's settings, the page asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from psycopg_pool import ConnectionPool

from backend.api.config import MAX_QUERY_STRING_BYTES, ApiConfig
from backend.api.rate_limit import RateLimiters
from backend.archive.store import ArchiveStore
from backend.reports.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, PageRequest


@dataclass(frozen=True)
class ServiceState:
    """Everything the lifespan opens once per process and every request shares."""

    pool: ConnectionPool
    store: ArchiveStore
    config: ApiConfig
    limiters: RateLimiters


def service(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


def pool(state: Annotated[ServiceState, Depends(service)]) -> ConnectionPool:
    return state.pool


def archive_store(state: Annotated[ServiceState, Depends(service)]) -> ArchiveStore:
    return state.store


def client_address(request: Request) -> str:
    """The key of a client for rate limits (the peer address; behind a proxy, run uvicorn with
    --proxy-headers so that this is the real client)."""
    return request.client.host if request.client else "unknown"


# The bounds are documented here and checked once, by PageRequest (whose 422 names the field).
_LIMIT = Query(DEFAULT_LIMIT, description="Items per page", json_schema_extra={"minimum": 1, "maximum": MAX_LIMIT})
_OFFSET = Query(0, description="Items to skip", json_schema_extra={"minimum": 0, "maximum": MAX_OFFSET})


def limited_query_string(request: Request) -> None:
    """Refuse (414) a query string longer than any real request, whatever its parameters (unknown
    ones are otherwise ignored), before anything reads it."""
    size = len(request.scope.get("query_string", b""))
    if size > MAX_QUERY_STRING_BYTES:
        raise HTTPException(414, f"query string too long: {size:,} bytes, the limit is {MAX_QUERY_STRING_BYTES:,}")


def page_request(limit: int = _LIMIT, offset: int = _OFFSET) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


Pool = Annotated[ConnectionPool, Depends(pool)]
Store = Annotated[ArchiveStore, Depends(archive_store)]
Service = Annotated[ServiceState, Depends(service)]
Paging = Annotated[PageRequest, Depends(page_request)]
