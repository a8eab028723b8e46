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


# The error statuses each operation can really end in (every one may also be 414: query string too long).
ERROR_STATUSES = {
    ("post", "/api/extraction/runs"): {400, 401, 403, 404, 413, 422, 429, 503},
    ("post", "/api/extraction/runs/{run_id}/cancel"): {400, 401, 403, 404, 409, 413, 422, 429, 503},
    ("post", "/api/ingest/upload"): {400, 401, 403, 413, 422, 429, 503},
    ("post", "/api/jobs/daily"): {401, 403, 422, 429, 503},
    ("get", "/health"): {503},
    **{operation: {401, 404, 422, 429, 503} for operation in [
        ("get", "/api/extraction/runs/latest"), ("get", "/api/extraction/runs/{run_id}/status"),
        ("get", "/api/extraction/runs/{run_id}/events"), ("get", "/api/extracted-reports/{report_id}"),
        ("get", "/api/email-archives/{archive_id}"), ("get", "/api/email-archives/{archive_id}/raw"),
        ("get", "/api/companies/{name}/timeline")]},
    **{operation: {401, 422, 429, 503} for operation in [
        ("get", "/api/extraction/runs"), ("get", "/api/extracted-reports"), ("get", "/api/email-archives"),
        ("get", "/api/brokers"), ("get", "/api/companies")]},
}


def test_every_error_status_is_documented_with_the_error_body(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in document["components"]["schemas"]  # FastAPI's shape, never sent
    assert set(document["components"]["schemas"]["ErrorBody"]["properties"]) == {"error"}
    assert document["components"]["schemas"]["ErrorDetail"]["required"] == ["code", "message"]
    for (method, path), statuses in ERROR_STATUSES.items():
        responses = document["paths"][path][method]["responses"]
        errors = {int(status) for status in responses if int(status) >= 400}
        assert errors == statuses | {414}, (method, path)
        for status in errors - {503} if path == "/health" else errors:
            schema = responses[str(status)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
        if 429 in errors:
            assert responses["429"]["headers"]["Retry-After"]["required"] is True
        if 401 in errors:
            assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True


def test_the_bearer_scheme_guards_every_user_operation(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer") and "users token" in scheme["description"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            guarded = operation.get("security") == [{"bearer": []}]
            assert guarded == (path.startswith("/api/") and path != "/api/jobs/daily"), (method, path)


def test_documented_bounds_of_pages_and_ids(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    parameters = {(path, p["name"]): p["schema"] for path, item in document["paths"].items()
                  for operation in item.values() for p in operation.get("parameters", [])}
    limit = parameters[("/api/brokers", "limit")]
    assert (limit["minimum"], limit["maximum"]) == (1, 200)
    assert parameters[("/api/brokers", "offset")]["minimum"] == 0
    assert parameters[("/api/email-archives/{archive_id}", "archive_id")]["pattern"] == "^a[0-9a-f]{32}$"
    assert parameters[("/api/extraction/runs/{run_id}/status", "run_id")]["minimum"] == 1
    assert parameters[("/api/extracted-reports/{report_id}", "report_id")]["minimum"] == 1


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
        raise RuntimeError('SELECT secret FROM "/srv/app/internal" failed')

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
