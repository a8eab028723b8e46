"""Dashboard sessions: a signed cookie naming the user and the token they logged in with.

The cookie (Starlette's SessionMiddleware: signed with itsdangerous, HttpOnly, SameSite=Lax)
holds no secret of its own: the token id it names must still be valid on every request, so
revoking the token ends its sessions. Every form carries the session's CSRF token, compared in
constant time; a login replaces the CSRF token so that one planted before it is worthless.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from backend.db.connection import Db
from backend.errors import PermissionDeniedError
from backend.users.tokens import Principal, principal_for_token_id

SESSION_COOKIE = "bi_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_USER, _TOKEN, _CSRF = "user_id", "token_id", "csrf"


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get(_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[_CSRF] = token
    return token


def check_csrf(request: Request, presented: str | None) -> None:
    expected = request.session.get(_CSRF)
    if not isinstance(expected, str) or not presented or not hmac.compare_digest(
        presented.encode("utf-8"), expected.encode("utf-8")
    ):
        raise PermissionDeniedError("missing or wrong CSRF token: reload the page and try again")


def session_principal(request: Request, db: Db) -> Principal | None:
    """The user of this browser's session, if it has one whose token is still valid."""
    if SESSION_COOKIE not in request.cookies:
        return None  # no cookie: leave the session untouched (no Set-Cookie on API replies)
    user_id, token_id = request.session.get(_USER), request.session.get(_TOKEN)
    if not isinstance(user_id, str) or not isinstance(token_id, int):
        return None
    principal = principal_for_token_id(db, user_id, token_id)
    if principal is None:
        close_session(request)
    return principal


def open_session(request: Request, principal: Principal) -> None:
    request.session.clear()
    request.session.update({_USER: principal.user_id, _TOKEN: principal.token_id, _CSRF: secrets.token_urlsafe(32)})


def close_session(request: Request) -> None:
    request.session.clear()
