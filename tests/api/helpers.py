"""Checks shared by API tests: the error shape, and "nothing changed in the database"."""

from __future__ import annotations

import re
from typing import Any

import httpx
import psycopg
from fastapi.testclient import TestClient

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


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """An error reply with the status, the JSON shape {"error": {"code", "message"}} and no internals."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str), body
    if code is not None:
        assert body["error"]["code"] == code, body
    text = response.text.lower()
    for leak in ("traceback", "psycopg", "select ", "/work/", "site-packages", 'file "'):
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
