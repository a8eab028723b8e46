"""No user can read, cancel or count another user's runs, archives or reports."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from tests.api.factory import ApiUser, archive_emails, insert_report, research_eml
from tests.api.helpers import assert_error, database_fingerprint, login


@pytest.fixture
def alices_things(client: TestClient, alice: ApiUser, pool: ConnectionPool,
                  conn: psycopg.Connection[Any]) -> dict[str, Any]:
    archive_id = archive_emails(pool, alice.user_id, research_eml("Alice's research"))[0]
    report_id = insert_report(conn, alice.user_id, archive_id=archive_id, company_canonical="Alice Co",
                              broker="Alice Broker")
    run_id = client.post("/api/extraction/runs", json={}, headers=alice.headers).json()["id"]
    return {"archive_id": archive_id, "report_id": report_id, "run_id": run_id}


def test_another_users_things_are_not_found(client: TestClient, bob: ApiUser, alices_things: dict[str, Any],
                                            database_url: str) -> None:
    before = database_fingerprint(database_url)
    run, archive, report = alices_things["run_id"], alices_things["archive_id"], alices_things["report_id"]
    for method, path in [
        ("GET", f"/api/extraction/runs/{run}/status"), ("GET", f"/api/extraction/runs/{run}/events"),
        ("POST", f"/api/extraction/runs/{run}/cancel"), ("GET", f"/api/extracted-reports/{report}"),
        ("GET", f"/api/email-archives/{archive}"), ("GET", f"/api/email-archives/{archive}/raw"),
        ("GET", "/api/companies/Alice%20Co/timeline"), ("GET", "/api/extraction/runs/latest"),
    ]:
        assert_error(client.request(method, path, headers=bob.headers), 404)
    assert_error(client.post("/api/extraction/runs", json={"archive_ids": [archive]}, headers=bob.headers), 404)
    assert database_fingerprint(database_url) == before


def test_another_users_things_are_not_listed_or_counted(client: TestClient, alice: ApiUser, bob: ApiUser,
                                                        alices_things: dict[str, Any]) -> None:
    empty = {"items": [], "total": 0, "limit": 50, "offset": 0}
    for path in ("/api/extraction/runs", "/api/extracted-reports", "/api/email-archives", "/api/brokers",
                 "/api/companies"):
        assert client.get(path, headers=bob.headers).json() == empty, path
        assert client.get(path, headers=alice.headers).json()["total"] == 1, path
    filtered = client.get("/api/extracted-reports", params={"run_id": alices_things["run_id"]}, headers=bob.headers)
    assert filtered.json()["total"] == 0


def test_a_users_session_sees_only_their_own_pages(client: TestClient, bob: ApiUser,
                                                   alices_things: dict[str, Any]) -> None:
    login(client, bob.token)
    for path in (f"/reports/{alices_things['report_id']}", f"/runs/{alices_things['run_id']}",
                 f"/archives/{alices_things['archive_id']}", "/companies/Alice%20Co"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Alice Broker" not in response.text and "Alice's research" not in response.text
    assert "Alice" not in client.get("/").text
