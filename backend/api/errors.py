"""Every error a request can end in, mapped to an HTTP status in this one place.

Each reply is `{"error": {"code", "message"}}` (plus `field` when one input is at fault) for the
API, or the dashboard's error page for a browser. Product errors carry messages written for
users; anything else is logged with its traceback and answered with a generic 500, so no stack
trace, SQL or file path ever reaches a client.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from backend import errors

_log = logging.getLogger(__name__)

# Most specific first: the first class an error is an instance of decides.
_STATUS_BY_ERROR: tuple[tuple[type[errors.BrokerageInsightsError], int, str], ...] = (
    (errors.AuthenticationError, 401, "unauthorized"),
    (errors.PermissionDeniedError, 403, "forbidden"),
    (errors.NotFoundError, 404, "not_found"),
    (errors.ConflictError, 409, "conflict"),
    (errors.PayloadTooLargeError, 413, "payload_too_large"),
    (errors.ValidationError, 422, "invalid_value"),
    (errors.NotMimeError, 422, "not_an_email"),
    (errors.RateLimitedError, 429, "rate_limited"),
    (errors.SnapshotFormatError, 500, "archive_unreadable"),
    (errors.DatabaseUnavailableError, 503, "database_unavailable"),
    (errors.ArchiveStoreError, 503, "archive_unavailable"),
    (errors.ConfigurationError, 503, "service_misconfigured"),
)
_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 411: "length_required", 413: "payload_too_large",
               414: "uri_too_long", 415: "unsupported_media_type", 429: "rate_limited"}
_REQUEST_PARTS = frozenset({"query", "path", "body", "header", "form", "cookie"})


@dataclasses.dataclass(frozen=True)
class ErrorReply:
    status: int
    code: str
    message: str
    field: str | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}


ErrorRenderer = Callable[[Request, ErrorReply], Response]


def reply_for(error: Exception) -> ErrorReply:
    """The status, code and message a client is told for `error`."""
    if isinstance(error, errors.BrokerageInsightsError):
        return _product_reply(error)
    if isinstance(error, RequestValidationError):
        return _validation_reply(error)
    if isinstance(error, StarletteHTTPException):
        return ErrorReply(error.status_code, _HTTP_CODES.get(error.status_code, "http_error"), str(error.detail),
                          headers=dict(error.headers or {}))
    if isinstance(error, psycopg.OperationalError | PoolTimeout):
        return ErrorReply(503, "database_unavailable", "the database cannot be reached; try again shortly")
    return ErrorReply(500, "internal_error", "internal error; it has been logged")


def _product_reply(error: errors.BrokerageInsightsError) -> ErrorReply:
    status, code = 400, "bad_request"
    for kind, kind_status, kind_code in _STATUS_BY_ERROR:
        if isinstance(error, kind):
            status, code = kind_status, kind_code
            break
    headers: dict[str, str] = {}
    if isinstance(error, errors.RateLimitedError):
        headers["Retry-After"] = str(max(1, round(error.retry_after)))
    if isinstance(error, errors.AuthenticationError):
        headers["WWW-Authenticate"] = "Bearer"
    message = str(error)
    if status >= 500:
        _log.error("request failed: %s", message)
        message = "the service cannot answer right now; try again shortly" if status == 503 else "internal error"
    return ErrorReply(status, code, message, field=getattr(error, "field", None), headers=headers)


def _validation_reply(error: RequestValidationError) -> ErrorReply:
    first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request", "type": ""}
    if first.get("type") == "json_invalid":
        return ErrorReply(400, "malformed_json", "the request body is not valid JSON")
    location = [str(part) for part in first.get("loc", ()) if part not in _REQUEST_PARTS]
    name = ".".join(location) or "request body"
    shown = repr(first.get("input"))
    shown = shown if len(shown) <= 60 else shown[:60] + "..."
    message = f"invalid {name}: {first.get('msg', 'invalid')}"
    if first.get("type") != "missing":
        message += f" (got {shown})"
    return ErrorReply(422, "invalid_request", message, field=name)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/api", "/health", "/openapi.json")


def json_error(_request: Request, reply: ErrorReply) -> Response:
    return JSONResponse(reply.body(), status_code=reply.status, headers=reply.headers)


def install_error_handlers(app: FastAPI, *, html: ErrorRenderer | None = None) -> None:
    """Answer every error as JSON for the API and /health, and with `html` for dashboard pages."""

    async def handle(request: Request, error: Exception) -> Response:
        reply = reply_for(error)
        if reply.status == 500 and not isinstance(error, errors.BrokerageInsightsError):
            _log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
        render = json_error if html is None or wants_json(request) else html
        return render(request, reply)

    for kind in (errors.BrokerageInsightsError, RequestValidationError, StarletteHTTPException,
                 psycopg.OperationalError, PoolTimeout, Exception):
        app.add_exception_handler(kind, handle)
