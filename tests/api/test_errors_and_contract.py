"""The error contract (JSON shape, statuses, no internals), the OpenAPI document and the headers."""

from __future__ import annotations

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.api.routes import aggregates
from tests.api.factory import ApiUser
from tests.api.helpers import assert_error, database_fingerprint

DOCUMENTED = {
    ("post", "/api/extraction/runs"), ("get", "/api/extraction/runs"), ("get", "/api/extraction/runs/latest"),
    ("get", "/api/extraction/runs/{run_id}/status"), ("post", "/api/extraction/runs/{run_id}/cancel"),
    ("get", "/api/extraction/runs/{run_id}/events"), ("get", "/api/extracted-reports"),
    ("get", "/api/extracted-reports/{report_id}"), ("get", "/api/email-archives"),
    ("get", "/api/email-archives/{archive_id}"), ("get", "/api/email-archives/{archive_id}/raw"),
    ("post", "/api/ingest/upload"), ("get", "/api/companies/{name}/timeline"), ("get", "/api/brokers"),
    ("get", "/api/companies"), ("post", "/api/jobs/daily"), ("get", "/health"),
}


def test_the_openapi_document_describes_every_endpoint_and_no_page(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    assert operations == DOCUMENTED
    feed = document["paths"]["/api/extracted-reports"]["get"]
    assert {parameter["name"] for parameter in feed["parameters"]} == {
        "broker", "company", "report_type", "rating", "from", "to", "q", "run_id", "limit", "offset"}
    assert set(document["components"]["schemas"]["ListPage_ReportSummary_"]["properties"]) == {
        "items", "total", "limit", "offset"}


def test_unknown_paths_and_methods_answer_in_the_error_shape(client: TestClient, alice: ApiUser) -> None:
    assert_error(client.get("/api/nothing-here", headers=alice.headers), 404, "not_found")
    assert_error(client.delete("/api/extracted-reports", headers=alice.headers), 405, "method_not_allowed")
    assert_error(client.put("/api/extraction/runs/1/cancel", headers=alice.headers), 405)


def test_a_json_body_over_the_limit_is_413(client: TestClient, alice: ApiUser, database_url: str) -> None:
    before = database_fingerprint(database_url)
    response = client.post("/api/extraction/runs", content=b'{"broker": "' + b"x" * 2_000_000 + b'"}',
                           headers={**alice.headers, "content-type": "application/json"})
    assert_error(response, 413, "payload_too_large")
    assert database_fingerprint(database_url) == before


def test_replies_carry_security_headers_and_pages_a_strict_policy(client: TestClient, alice: ApiUser) -> None:
    api = client.get("/api/brokers", headers=alice.headers)
    assert api.headers["x-content-type-options"] == "nosniff" and api.headers["x-frame-options"] == "DENY"
    page = client.get("/login")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["cache-control"] == "no-store"


def test_the_interactive_docs_that_need_a_cdn_are_not_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_an_unexpected_failure_is_a_generic_500_without_internals(app: FastAPI, alice: ApiUser,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError('SELECT secret FROM "/work/internal" failed')

    monkeypatch.setattr(aggregates, "list_brokers", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error(client.get("/api/brokers", headers=alice.headers), 500, "internal_error")
    assert "secret" not in error["message"]


def test_a_lost_database_is_a_503(app: FastAPI, alice: ApiUser, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise psycopg.OperationalError("connection to server at 10.0.0.5 failed: password authentication failed")

    monkeypatch.setattr(aggregates, "list_brokers", unreachable)
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error(client.get("/api/brokers", headers=alice.headers), 503, "database_unavailable")
    assert "10.0.0.5" not in error["message"] and "password" not in error["message"]
