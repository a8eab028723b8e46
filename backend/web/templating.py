"""The Jinja2 environment of the dashboard (autoescaped; loaded from the package on first use)."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from backend import __version__
from backend.api.sessions import CSRF_FIELD, csrf_token
from backend.web import formatting


@cache
def templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("backend.web", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,  # a misspelt variable is an error in tests, not a blank on a page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        local_datetime=formatting.local_datetime,
        local_date=formatting.local_date,
        price=formatting.price,
        change_percent=formatting.change_percent,
        report_type=formatting.report_type_label,
        path_part=formatting.path_part,
    )
    environment.globals.update(query_string=formatting.query_string, version=__version__, csrf_field=CSRF_FIELD)
    return Jinja2Templates(env=environment)


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200,
           headers: dict[str, str] | None = None) -> Response:
    """A page, with what every page needs: the CSRF token of the session, and no caching."""
    # An error answered outside the session middleware (a 500) has no session, and needs no form.
    token = csrf_token(request) if "session" in request.scope else ""
    page = {"csrf_token": token, "user": None, "nav": "", **context}
    response = templates().TemplateResponse(request, name, page, status_code=status, headers=headers)
    response.headers.setdefault("cache-control", "no-store")
    return response
