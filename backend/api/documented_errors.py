"""Errors as /openapi.json documents them: the one error body, and the statuses each endpoint answers.

Every refusal of the API is `{"error": {"code", "message", "field"?}}` (see `backend.api.errors`).
Routes declare the statuses they can really end in with `error_responses(...)`, so that clients
(and the schema-driven tests) know every reply in advance; declaring 422 here also replaces
FastAPI's default validation schema, which this service never sends.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="Machine-readable reason, e.g. not_found, invalid_request, rate_limited")
    message: str = Field(description="What was refused and why, naming the field and the value at fault")
    field: str | None = Field(default=None, description="The input at fault, when one is (absent otherwise)")


class ErrorBody(BaseModel):
    """The body of every error reply of the API."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail


_DESCRIPTIONS = {
    400: "Malformed request: the body is not valid JSON, or the multipart form is broken",
    401: "No valid credential: send 'Authorization: Bearer <token>' (or the scheduler's secret)",
    403: "Not allowed: a dashboard session without its CSRF token, or an endpoint that is switched off",
    404: "Not found among your own runs, reports, archives or companies",
    409: "Conflicts with the current state (e.g. cancelling a run that has ended)",
    413: "Request body larger than the service accepts",
    414: "Query string longer than the service accepts",
    422: "A parameter or body field is invalid; `field` names it",
    429: "Too many failed attempts from this address; wait for Retry-After seconds",
    503: "The database or the archive cannot be reached right now; try again shortly",
}
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "The scheme to authenticate with", "required": True,
                               "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Seconds to wait before trying again", "required": True,
                          "schema": {"type": "integer", "minimum": 1}}},
}

# Any request at all can be refused for its length.
EVERY_REQUEST = (414,)
# Every endpoint that reads the user's data from the database can end in these.
AUTHENTICATED_READ = (*EVERY_REQUEST, 401, 422, 429, 503)
# ...and every one that takes a request body, in these as well.
AUTHENTICATED_WRITE = (*AUTHENTICATED_READ, 400, 403, 413)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route (or router) for these error statuses, all with the error body."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in sorted(set(statuses)):
        response: dict[str, Any] = {"model": ErrorBody, "description": _DESCRIPTIONS[status]}
        if status in _HEADERS:
            response["headers"] = _HEADERS[status]
        responses[status] = response
    return responses
