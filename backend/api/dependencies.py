"""What handlers receive: the pool, the archive store, the service's settings, the page asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import ConnectionPool

from backend.api.config import ApiConfig
from backend.api.rate_limit import RateLimiters
from backend.archive.store import ArchiveStore
from backend.reports.paging import DEFAULT_LIMIT, PageRequest


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


def page_request(limit: int = DEFAULT_LIMIT, offset: int = 0) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


Pool = Annotated[ConnectionPool, Depends(pool)]
Store = Annotated[ArchiveStore, Depends(archive_store)]
Service = Annotated[ServiceState, Depends(service)]
Paging = Annotated[PageRequest, Depends(page_request)]
