"""Logging in to the dashboard with an API token, and out again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from backend.api.auth import token_principal
from backend.api.dependencies import Service, client_address
from backend.api.sessions import close_session, open_session, session_principal
from backend.errors import AuthenticationError
from backend.web.session_user import CheckedForm, safe_next
from backend.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_page(request: Request, state: Service, next: str | None = None) -> Response:
    if session_principal(request, state.pool) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", dependencies=[CheckedForm])
def login(request: Request, state: Service, token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    state.limiters.login.spend(client_address(request))
    try:
        principal = token_principal(request, state, token.strip())
    except AuthenticationError as error:
        return render(request, "login.html", {"next": safe_next(next), "error": str(error)}, status=401)
    open_session(request, principal)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CheckedForm])
def logout(request: Request) -> Response:
    close_session(request)
    return RedirectResponse("/login", status_code=303)
