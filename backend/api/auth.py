"""Who a request acts for: an API token (Bearer), or a dashboard session; and the scheduler's secret.

A failed token costs the client address one attempt of its bucket; an address that has used
them all is refused (429) until the bucket refills, valid token or not, so guessing is hopeless.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.api.config import CRON_SECRET_ENV
from backend.api.dependencies import Service, client_address
from backend.api.sessions import CSRF_HEADER, check_csrf, session_principal
from backend.errors import AuthenticationError, PermissionDeniedError
from backend.users.tokens import Principal, authenticate_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Declares the Bearer scheme in /openapi.json; the header itself is read, strictly, by `bearer_token`.
BEARER_SCHEME = HTTPBearer(auto_error=False, scheme_name="bearer",
                           description="An API token, made with `brokerage-insights users token EMAIL`")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <token>'")
    return token.strip()


def token_principal(request: Request, state: Service, token: str) -> Principal:
    address = client_address(request)
    state.limiters.token_failures.check(address)
    principal = authenticate_token(state.pool, token)
    if principal is None:
        state.limiters.token_failures.spend(address)
        raise AuthenticationError("invalid or revoked API token")
    return principal


def api_principal(
    request: Request,
    state: Service,
    _documented: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_SCHEME)] = None,
) -> Principal:
    """The caller of an API endpoint: its Bearer token, else the dashboard session (which must
    also send the CSRF token to change anything)."""
    token = bearer_token(request)
    if token is not None:
        return token_principal(request, state, token)
    principal = session_principal(request, state.pool)
    if principal is None:
        raise AuthenticationError("authentication required: send 'Authorization: Bearer <token>'")
    if request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return principal


def require_cron_secret(
    request: Request, state: Service, x_cron_secret: Annotated[str | None, Header()] = None
) -> None:
    """The scheduler's shared secret, compared in constant time; the endpoint is closed without one."""
    expected = state.config.cron_secret
    if expected is None:
        raise PermissionDeniedError(f"the scheduler endpoint is disabled: set {CRON_SECRET_ENV} to enable it")
    address = client_address(request)
    state.limiters.cron.check(address)
    if x_cron_secret is None or not hmac.compare_digest(x_cron_secret.encode("utf-8"), expected.encode("utf-8")):
        state.limiters.cron.spend(address)
        raise AuthenticationError("missing or wrong x-cron-secret header")


CurrentUser = Annotated[Principal, Depends(api_principal)]
CronSecret = Depends(require_cron_secret)
