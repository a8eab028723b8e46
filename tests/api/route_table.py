"""Every route of the application: how to call it on one user's things, and what anybody else gets.

Tests of access (no credential, a wrong one, another user's) are parametrized with `ROUTES`, and
`test_the_route_table_names_every_route` fails as soon as a route is added without a row here, so
no endpoint can ship without its isolation and authentication tests.

Placeholders in paths and bodies name the owner's things: {run}, {report}, {archive}, {company}.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount

# Who may call a route.
TOKEN = "token"  # API: a Bearer token, or a dashboard session (plus CSRF to change anything)
PAGE = "page"  # a dashboard page: a session
FORM = "form"  # a dashboard form: a session and its CSRF token
CRON = "cron"  # the scheduler's secret
PUBLIC = "public"

# What another user gets when calling it on the owner's things.
NOT_FOUND = "not found"  # 404, nothing changes
EMPTY_LIST = "empty list"  # 200 with no items, nothing changes
OWN_ROWS_ONLY = "own rows only"  # the call works, on the caller's own rows; the owner's stay as they were
NOTHING_OF_THEIRS = "nothing of theirs"  # the call works; nothing of the owner's is shown, nothing changes
REFUSED = "refused"  # 401: a user's token is not the credential this route takes


@dataclass(frozen=True)
class Route:
    method: str
    template: str  # as the application declares it
    access: str
    stranger: str
    path: str = ""  # the request (with placeholders); the template when empty
    json: dict[str, Any] | None = None
    form: dict[str, str] = field(default_factory=dict)
    upload: bool = False  # sends the owner's own email as the uploaded file

    @property
    def label(self) -> str:
        return f"{self.method} {self.path or self.template}"

    def url(self, things: dict[str, Any]) -> str:
        return (self.path or self.template).format(**things)

    def body(self, things: dict[str, Any]) -> dict[str, Any] | None:
        return _filled(self.json, things) if self.json is not None else None


def _filled(value: Any, things: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**things)
    if isinstance(value, list):
        return [_filled(item, things) for item in value]
    if isinstance(value, dict):
        return {key: _filled(item, things) for key, item in value.items()}
    return value


RUNS = "/api/extraction/runs"
ROUTES = [
    Route("GET", "/openapi.json", PUBLIC, NOTHING_OF_THEIRS),
    Route("GET", "/static", PUBLIC, NOTHING_OF_THEIRS, path="/static/app.css"),
    Route("GET", "/health", PUBLIC, NOTHING_OF_THEIRS),
    # The API
    Route("POST", RUNS, TOKEN, NOT_FOUND, json={"archive_ids": ["{archive}"]}),
    Route("GET", RUNS, TOKEN, EMPTY_LIST),
    Route("GET", f"{RUNS}/latest", TOKEN, NOT_FOUND),
    Route("GET", f"{RUNS}/{{run_id}}/status", TOKEN, NOT_FOUND, path=f"{RUNS}/{{run}}/status"),
    Route("POST", f"{RUNS}/{{run_id}}/cancel", TOKEN, NOT_FOUND, path=f"{RUNS}/{{run}}/cancel",
          json={"reason": "not yours"}),
    Route("GET", f"{RUNS}/{{run_id}}/events", TOKEN, NOT_FOUND, path=f"{RUNS}/{{run}}/events"),
    Route("GET", "/api/extracted-reports", TOKEN, EMPTY_LIST, path="/api/extracted-reports?run_id={run}"),
    Route("GET", "/api/extracted-reports/{report_id}", TOKEN, NOT_FOUND, path="/api/extracted-reports/{report}"),
    Route("GET", "/api/email-archives", TOKEN, EMPTY_LIST),
    Route("GET", "/api/email-archives/{archive_id}", TOKEN, NOT_FOUND, path="/api/email-archives/{archive}"),
    Route("GET", "/api/email-archives/{archive_id}/raw", TOKEN, NOT_FOUND, path="/api/email-archives/{archive}/raw"),
    Route("POST", "/api/ingest/upload", TOKEN, OWN_ROWS_ONLY, upload=True),
    Route("GET", "/api/companies/{name}/timeline", TOKEN, NOT_FOUND, path="/api/companies/{company}/timeline"),
    Route("GET", "/api/brokers", TOKEN, EMPTY_LIST),
    Route("GET", "/api/companies", TOKEN, EMPTY_LIST),
    Route("POST", "/api/jobs/daily", CRON, REFUSED),
    # The dashboard
    Route("GET", "/login", PUBLIC, NOTHING_OF_THEIRS),
    Route("POST", "/login", FORM, NOTHING_OF_THEIRS, form={"token": "{caller_token}"}),
    Route("POST", "/logout", FORM, NOTHING_OF_THEIRS),
    Route("GET", "/", PAGE, NOTHING_OF_THEIRS),
    Route("GET", "/reports/{report_id}", PAGE, NOT_FOUND, path="/reports/{report}"),
    Route("GET", "/companies", PAGE, NOTHING_OF_THEIRS),
    Route("GET", "/companies/{name}", PAGE, NOT_FOUND, path="/companies/{company}"),
    Route("GET", "/archives/{archive_id}", PAGE, NOT_FOUND, path="/archives/{archive}"),
    Route("GET", "/runs", PAGE, NOTHING_OF_THEIRS),
    Route("POST", "/runs", FORM, OWN_ROWS_ONLY, form={"reprocess": "true"}),
    Route("GET", "/runs/{run_id}", PAGE, NOT_FOUND, path="/runs/{run}"),
    Route("GET", "/runs/{run_id}/card", PAGE, NOT_FOUND, path="/runs/{run}/card"),
    Route("POST", "/runs/{run_id}/cancel", FORM, NOT_FOUND, path="/runs/{run}/cancel", form={"back": "runs"}),
    Route("GET", "/upload", PAGE, NOTHING_OF_THEIRS),
    Route("POST", "/upload", FORM, OWN_ROWS_ONLY, upload=True),
]


def send(client: TestClient, route: Route, things: dict[str, Any], *, headers: dict[str, str] | None = None,
         csrf: str = "") -> httpx.Response:
    """Call `route` on the owner's `things` as `client` is (a session, `headers`); forms carry `csrf`."""
    data = {name: value.format(**things) for name, value in route.form.items()}
    if route.access == FORM:
        data["csrf_token"] = csrf
    files = {"file": ("mail.eml", things["raw"], "message/rfc822")} if route.upload else None
    response: httpx.Response = client.request(route.method, route.url(things), headers=headers,
                                              json=route.body(things), data=data or None, files=files,
                                              follow_redirects=False)
    return response


def _flattened(routes: Iterable[BaseRoute]) -> Iterable[Any]:
    try:  # FastAPI 0.120+ keeps included routers as such; this lists their routes
        from fastapi.routing import iter_route_contexts
    except ImportError:  # earlier versions copy every included route into app.routes
        return routes
    return iter_route_contexts(list(routes))


def declared_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the application answers (HEAD aside)."""
    declared: set[tuple[str, str]] = set()
    for route in _flattened(app.routes):
        if isinstance(getattr(route, "route", route), Mount):
            declared.add(("GET", route.path))
            continue
        declared.update((method, route.path) for method in route.methods or () if method != "HEAD")
    return declared
