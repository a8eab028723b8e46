"""Checks shared by API tests: the error shape, and "nothing changed in the database"."""

from __future__ import annotations

import re
from typing import Any

import anyio
import httpx
import psycopg
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

FINGERPRINTED_TABLES = ("users", "api_tokens", "extraction_runs", "extraction_run_events", "archive_ingest_index",
                        "extracted_reports", "extracted_report_points")


def database_fingerprint(url: str) -> dict[str, str]:
    """Every row of the product's tables, hashed per table: equal fingerprints, no change at all."""
    with psycopg.connect(url) as conn:
        return {
            table: str(conn.execute(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "  # noqa: S608
                f"FROM {table} t").fetchone())
            for table in FINGERPRINTED_TABLES
        }


# Each table's rows that belong to one user (events and points through their run and report).
_ROWS_OF_USER = {
    "users": "SELECT t::text FROM users t WHERE t.user_id = %(user_id)s",
    "api_tokens": "SELECT t::text FROM api_tokens t WHERE t.user_id = %(user_id)s",
    "extraction_runs": "SELECT t::text FROM extraction_runs t WHERE t.user_id = %(user_id)s",
    "extraction_run_events": "SELECT t::text FROM extraction_run_events t JOIN extraction_runs r ON r.id = t.run_id "
                             "WHERE r.user_id = %(user_id)s",
    "archive_ingest_index": "SELECT t::text FROM archive_ingest_index t WHERE t.user_id = %(user_id)s",
    "extracted_reports": "SELECT t::text FROM extracted_reports t WHERE t.user_id = %(user_id)s",
    "extracted_report_points": "SELECT t::text FROM extracted_report_points t JOIN extracted_reports r "
                               "ON r.id = t.report_id WHERE r.user_id = %(user_id)s",
}


def user_rows(url: str, user_id: str) -> dict[str, list[str]]:
    """Every row of one user's, per table: equal results, nothing of theirs changed."""
    with psycopg.connect(url) as conn:
        return {table: sorted(row[0] for row in conn.execute(query, {"user_id": user_id}).fetchall())
                for table, query in _ROWS_OF_USER.items()}


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """An error reply with the status, the JSON shape {"error": {"code", "message"}} and no internals."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str), body
    if code is not None:
        assert body["error"]["code"] == code, body
    text = response.text.lower()
    for leak in ("traceback", "psycopg", "select ", "/srv/app/", "site-packages", 'file "'):
        assert leak not in text, f"{leak!r} leaked in {response.text}"
    error: dict[str, Any] = body["error"]
    return error


def login(client: TestClient, token: str) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    response = client.post("/login", data={"token": token, "csrf_token": csrf.group(1), "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def session_csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/runs").text)
    assert match is not None
    return match.group(1)


def raw_request(app: FastAPI, method: str, path: str, query_string: bytes, headers: dict[str, str]) -> httpx.Response:
    """One request handed straight to a running application (its client's lifespan started), for
    what an HTTP client refuses to send: httpx caps a query string at 64 KB."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": query_string,
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
             "client": ("testclient", 50000), "server": ("testserver", 80)}
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    anyio.run(app, scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return httpx.Response(start["status"], headers=[(k.decode(), v.decode()) for k, v in start["headers"]],
                          content=body, request=httpx.Request(method, f"http://testserver{path}"))
