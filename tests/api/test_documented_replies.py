"""Replies generated requests rarely reach, each checked against /openapi.json.

Real archives, reports, a company timeline and runs; an upload; the scheduler with its secret;
and every kind of refusal (400, 401, 403, 404, 409, 413, 422, 429, 503): status, media type, body
schema and headers must be the documented ones.
"""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.api.routes import aggregates
from backend.config import Settings
from backend.jobs.schedule import set_schedule
from tests.api.conftest import CRON_SECRET, SESSION_SECRET, UPLOAD_LIMIT
from tests.api.factory import ApiUser, research_eml
from tests.api.helpers import login
from tests.api.openapi_contract import assert_documented

UPLOAD = "/api/ingest/upload"
MULTIPART = "multipart/form-data; boundary=edge"


# (route, request path with placeholders for alice's things, query)
READS = [
    ("/api/email-archives/{archive_id}", "/api/email-archives/{archive}", {}),
    ("/api/email-archives/{archive_id}/raw", "/api/email-archives/{archive}/raw", {}),
    ("/api/email-archives", "/api/email-archives", {"from": "2025-01-01", "to": "2025-12-31"}),
    ("/api/extracted-reports/{report_id}", "/api/extracted-reports/{report}", {}),
    ("/api/extracted-reports", "/api/extracted-reports", {"company": "Infosys", "q": "deal wins", "rating": "buy"}),
    ("/api/companies/{name}/timeline", "/api/companies/Infosys/timeline", {}),
    ("/api/companies", "/api/companies", {"q": "inf"}),
    ("/api/brokers", "/api/brokers", {"limit": 200}),
    ("/api/extraction/runs/{run_id}/status", "/api/extraction/runs/{done}/status", {}),
    ("/api/extraction/runs/{run_id}/events", "/api/extraction/runs/{done}/events", {}),
    ("/api/extraction/runs/latest", "/api/extraction/runs/latest", {}),
    ("/api/extraction/runs", "/api/extraction/runs", {"status": "succeeded"}),
    ("/health", "/health", {}),
]


def test_reads_of_real_data_are_as_documented(client: TestClient, alice: ApiUser,
                                              alices_library: dict[str, Any]) -> None:
    for route, path, query in READS:
        response = client.get(path.format(**alices_library), params=query, headers=alice.headers)
        assert response.status_code == 200, (route, response.text)
        assert_documented(response, "GET", route)
        if response.headers["content-type"] == "application/json" and "items" in response.json():
            assert response.json()["items"], f"{route}: the filters were chosen to find alice's data"


def test_runs_triggered_and_cancelled_are_as_documented(client: TestClient, alice: ApiUser,
                                                        alices_library: dict[str, Any]) -> None:
    created = client.post("/api/extraction/runs", json={"archive_ids": [alices_library["archive"]]},
                          headers=alice.headers)
    assert created.status_code == 201
    assert_documented(created, "POST", "/api/extraction/runs")
    cancel = f"/api/extraction/runs/{alices_library['queued']}/cancel"
    for status in (200, 409):
        response = client.post(cancel, json={"reason": "not needed"}, headers=alice.headers)
        assert response.status_code == status
        assert_documented(response, "POST", "/api/extraction/runs/{run_id}/cancel")


def test_uploads_and_their_refusals_are_as_documented(client: TestClient, alice: ApiUser) -> None:
    cases: list[tuple[dict[str, Any], int]] = [
        ({"files": {"file": ("note.eml", research_eml("Infosys: Q3 results"))}}, 201),
        ({"files": {"file": ("big.eml", research_eml("Big", body="x" * (UPLOAD_LIMIT + 1)))}}, 413),
        ({"files": {"file": ("notes.txt", b"hello")}}, 422),
        ({"content": b"--edge\r\nno part headers--edge--\r\n", "headers": {"content-type": MULTIPART}}, 400),
    ]
    for request, status in cases:
        headers = {**alice.headers, **request.pop("headers", {})}
        response = client.post(UPLOAD, headers=headers, **request)
        assert response.status_code == status, response.text
        assert_documented(response, "POST", UPLOAD)


def test_the_scheduler_and_its_refusals_are_as_documented(client: TestClient, alice: ApiUser,
                                                          pool: ConnectionPool) -> None:
    set_schedule(pool, alice.user_id, hour=0, minute=0)
    replies = [client.post("/api/jobs/daily", headers={"x-cron-secret": CRON_SECRET})]
    replies += [client.post("/api/jobs/daily", headers={"x-cron-secret": f"guess-{n}"}) for n in range(11)]
    assert [reply.status_code for reply in replies] == [200] + [401] * 10 + [429]
    with TestClient(create_app(Settings.from_env(), ApiConfig(session_secret=SESSION_SECRET))) as closed:
        replies.append(closed.post("/api/jobs/daily", headers={"x-cron-secret": CRON_SECRET}))
    assert replies[-1].status_code == 403
    for reply in replies:
        assert_documented(reply, "POST", "/api/jobs/daily")


REFUSALS: list[tuple[str, str, dict[str, Any], int]] = [
    ("GET", "/api/extracted-reports/{report_id}", {"url": "/api/extracted-reports/999999"}, 404),
    ("GET", "/api/email-archives/{archive_id}", {"url": "/api/email-archives/a" + "f" * 32}, 404),
    ("GET", "/api/email-archives/{archive_id}/raw", {"url": "/api/email-archives/..%2F..%2Fetc%2Fpasswd/raw"}, 404),
    ("GET", "/api/email-archives/{archive_id}", {"url": "/api/email-archives/%2e%2e"}, 422),
    ("GET", "/api/companies/{name}/timeline", {"url": "/api/companies/Nobody/timeline"}, 404),
    ("GET", "/api/extraction/runs/{run_id}/events", {"url": "/api/extraction/runs/0/events"}, 422),
    ("GET", "/api/extracted-reports", {"url": "/api/extracted-reports", "params": {"limit": 10**12}}, 422),
    ("GET", "/api/extracted-reports", {"url": "/api/extracted-reports", "params": {"q": "x" * 300}}, 422),
    ("GET", "/api/extracted-reports", {"url": "/api/extracted-reports", "params": {"q": "x" * 10_000}}, 414),
    ("POST", "/api/extraction/runs", {"url": "/api/extraction/runs", "content": b"{not json",
                                      "headers": {"content-type": "application/json"}}, 400),
    ("POST", "/api/extraction/runs", {"url": "/api/extraction/runs", "content": b"[" * 2_000_000,
                                      "headers": {"content-type": "application/json"}}, 413),
    ("POST", "/api/extraction/runs", {"url": "/api/extraction/runs", "json": {"archive_ids": ["a" + "0" * 32]}}, 404),
    ("POST", "/api/extraction/runs", {"url": "/api/extraction/runs", "json": {"reprocess": "yes"}}, 422),
]


@pytest.mark.parametrize(("method", "route", "request_args", "status"), REFUSALS,
                         ids=[f"{status} {route}" for _, route, _, status in REFUSALS])
def test_refusals_are_as_documented(client: TestClient, alice: ApiUser, method: str, route: str,
                                    request_args: dict[str, Any], status: int) -> None:
    arguments = dict(request_args)
    headers = {**alice.headers, **arguments.pop("headers", {})}
    response = client.request(method, headers=headers, **arguments)
    assert response.status_code == status, response.text
    assert_documented(response, method, route)


def test_missing_and_guessed_tokens_are_as_documented(client: TestClient, alice: ApiUser) -> None:
    replies = [client.get("/api/brokers")]
    replies += [client.get("/api/brokers", headers={"Authorization": f"Bearer bi_guess{n}"}) for n in range(21)]
    assert [reply.status_code for reply in replies] == [401] * 21 + [429]
    for reply in replies:
        assert_documented(reply, "GET", "/api/brokers")


def test_a_session_without_its_csrf_token_is_as_documented(client: TestClient, alice: ApiUser) -> None:
    login(client, alice.token)
    response = client.post("/api/extraction/runs", json={})
    assert response.status_code == 403
    assert_documented(response, "POST", "/api/extraction/runs")


def test_a_lost_database_is_as_documented(app: FastAPI, alice: ApiUser, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(aggregates, "list_brokers", unreachable)
    with TestClient(app, raise_server_exceptions=False) as client:
        response: httpx.Response = client.get("/api/brokers", headers=alice.headers)
    assert response.status_code == 503
    assert_documented(response, "GET", "/api/brokers", server_error=True)
