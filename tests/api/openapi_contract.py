"""The service's /openapi.json loaded by schemathesis, and a check that one reply is as documented.

The document is read from an application built only for it (building one opens nothing: the
pool belongs to the lifespan), so generated tests can be collected before any database exists.
Each test then points `UNDER_TEST` at its own running application.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import schemathesis
from fastapi import FastAPI
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from starlette.types import Receive, Scope, Send

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.config import Settings
from tests.api.conftest import SESSION_SECRET

# What every reply must satisfy: not a 500, and status, media type, body and headers as documented.
RESPONSE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_schema_conformance, response_headers_conformance]
MAX_EXAMPLES = 30  # per operation and phase; about 20 s for the whole document on two cores
CONFIG = SchemathesisConfig.from_dict({
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    # Derandomized, and no example database on disk: every run sends the same requests.
    "generation": {"deterministic": True, "max-examples": MAX_EXAMPLES, "database": "none"},
})


def published_document() -> dict[str, Any]:
    unused = Path("unused")
    document: dict[str, Any] = create_app(Settings(None, unused, unused), ApiConfig(SESSION_SECRET)).openapi()
    return document


class ApplicationUnderTest:
    """What schemathesis calls: the running test's application, for HTTP requests only.

    Its lifespan (the database pool) is run by the test's client; a lifespan refused before it
    starts reads, to schemathesis, as an application without one.
    """

    def __init__(self) -> None:
        self.app: FastAPI | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.app is None:
            raise RuntimeError("only HTTP requests, while a test runs")
        await self.app(scope, receive, send)


UNDER_TEST = ApplicationUnderTest()
SCHEMA = schemathesis.openapi.from_dict(published_document(), config=CONFIG)
SCHEMA.app = UNDER_TEST


def assert_documented(response: httpx.Response, method: str, path: str, *, server_error: bool = False) -> None:
    """`response` (to `method` on the route `path`, e.g. "/api/email-archives/{archive_id}") is
    one the document describes: its status, media type, body schema and headers.

    `server_error`: a 5xx is the expected reply (a 503 when the database is gone).
    """
    __tracebackhide__ = True
    checks = [check for check in RESPONSE_CHECKS if not (server_error and check is not_a_server_error)]
    SCHEMA[path][method].Case().validate_response(response, checks=checks)
