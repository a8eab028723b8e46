"""Who is looking at a page (the session's user), and the CSRF check of every form."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request

from backend.api.dependencies import Service
from backend.api.sessions import check_csrf, session_principal
from backend.errors import AuthenticationError
from backend.users.tokens import Principal


def page_user(request: Request, state: Service) -> Principal:
    principal = session_principal(request, state.pool)
    if principal is None:
        raise AuthenticationError("log in to see this page")
    return principal


def checked_form(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    check_csrf(request, csrf_token)


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never another host)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or len(target) > 2000:
        return "/"
    return target


PageUser = Annotated[Principal, Depends(page_user)]
CheckedForm = Depends(checked_form)
