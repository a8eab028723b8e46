"""ASGI middleware of the service: request body limits and security headers."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}
# Pages load only this service's own script, style and images; no inline script or style.
_PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


class BodySizeLimit:
    """Refuse (413) a request whose body is larger than its path allows.

    The declared Content-Length is checked when the body is first read, and the bytes actually
    received are counted as well (a chunked upload has no declared length). The refusal is raised
    as an HTTP error from inside the application, so it gets the usual error reply.
    """

    def __init__(self, app: ASGIApp, *, default_limit: int, limits_by_path: dict[str, int]) -> None:
        self.app = app
        self.default_limit = default_limit
        self.limits_by_path = limits_by_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits_by_path.get(scope["path"], self.default_limit)
        declared = _declared_length(scope)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise HTTPException(413, f"request body too large: {declared:,} bytes, the limit is {limit:,}")
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"request body too large: more than the limit of {limit:,} bytes")
            return message

        await self.app(scope, limited_receive, send)


def _declared_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class SecurityHeaders:
    """Headers every reply carries; HTML pages also get a strict Content-Security-Policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("content-security-policy", _PAGE_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
