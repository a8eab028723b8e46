"""The web service: the JSON API and the dashboard in one FastAPI application.

    app = create_app(Settings.from_env())

The database pool is opened in the lifespan (when the server starts, never at import) and closed
when it stops; everything a request needs is in `app.state.service`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from backend import __version__
from backend.api.config import MAX_BODY_BYTES, ApiConfig
from backend.api.dependencies import ServiceState, limited_query_string
from backend.api.errors import install_error_handlers
from backend.api.middleware import BodySizeLimit, SecurityHeaders
from backend.api.rate_limit import RateLimiter, RateLimiters
from backend.api.routes import aggregates, archives, health, jobs, reports, runs, uploads
from backend.api.sessions import SESSION_COOKIE
from backend.archive.store import ArchiveStore
from backend.config import Settings
from backend.db.connection import check_schema_current, open_pool, resolve_database_url
from backend.web import auth_routes, pages, run_pages
from backend.web.error_page import render_error_page

SESSION_MAX_AGE = 14 * 24 * 3600
UPLOAD_PATHS = ("/api/ingest/upload", "/upload")
# The form around an uploaded file (boundaries, part headers, the CSRF field); the file itself is
# held to the exact limit when it is read.
MULTIPART_OVERHEAD = 64 * 1024


def _open_service(settings: Settings, config: ApiConfig) -> ServiceState:
    url = resolve_database_url(settings)
    check_schema_current(url)
    return ServiceState(
        pool=open_pool(url, max_size=config.pool_size, name="brokerage-insights-api"),
        store=ArchiveStore(settings.archive_dir),
        config=config,
        limiters=RateLimiters(
            login=RateLimiter("login", config.login_rate),
            token_failures=RateLimiter("token", config.token_failure_rate),
            cron=RateLimiter("scheduler secret", config.cron_rate),
        ),
    )


def create_app(settings: Settings, config: ApiConfig | None = None) -> FastAPI:
    """The application; `config` defaults to the environment's (secrets, upload limit)."""
    config = config or ApiConfig.from_env(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await anyio.to_thread.run_sync(_open_service, settings, config)
        app.state.service = service
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(service.pool.close)

    app = FastAPI(
        title="Brokerage Insights",
        version=__version__,
        description="Sell-side research extracted from email: runs, reports, archives, companies and brokers.",
        lifespan=lifespan,
        dependencies=[Depends(limited_query_string)],
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json is the contract
        redoc_url=None,
    )
    install_error_handlers(app, html=render_error_page)
    for router in (health.router, runs.router, reports.router, archives.router, uploads.router,
                   aggregates.router, jobs.router, auth_routes.router, pages.router, run_pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(resources.files("backend.web").joinpath("static"))),
              name="static")
    app.add_middleware(SessionMiddleware, secret_key=config.session_secret, session_cookie=SESSION_COOKIE,
                       max_age=SESSION_MAX_AGE, same_site="lax", https_only=config.secure_cookies)
    app.add_middleware(BodySizeLimit, default_limit=MAX_BODY_BYTES,
                       limits_by_path=dict.fromkeys(UPLOAD_PATHS, config.max_upload_bytes + MULTIPART_OVERHEAD))
    app.add_middleware(SecurityHeaders)
    return app
