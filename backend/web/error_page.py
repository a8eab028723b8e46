"""Errors on dashboard pages: a readable page with the same status, or the login page when logged out."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from backend.api.errors import ErrorReply
from backend.web.formatting import query_string
from backend.web.session_user import safe_next
from backend.web.templating import render

TITLES = {400: "Bad request", 401: "Please log in", 403: "Not allowed", 404: "Not found", 409: "Conflict",
          413: "File too large", 422: "Invalid input", 429: "Too many attempts", 500: "Something went wrong",
          503: "Service unavailable"}


def render_error_page(request: Request, reply: ErrorReply) -> Response:
    if reply.status == 401 and request.method == "GET":
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login" + query_string({"next": safe_next(here)}), status_code=303)
    context = {"reply": reply, "title": TITLES.get(reply.status, "Error")}
    return render(request, "error.html", context, status=reply.status, headers=reply.headers)
