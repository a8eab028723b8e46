"""GET /health: database reachable, migrations current, age of the oldest queued run."""

from __future__ import annotations

from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.jobs.run_control import enqueue_run


def test_a_healthy_service(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database_reachable": True, "migrations_current": True,
                               "migrations_not_applied": [], "queued_runs": 0, "oldest_queued_run_age_seconds": None}


def test_the_oldest_queued_run_is_reported(client: TestClient, pool: ConnectionPool) -> None:
    run, _ = enqueue_run(pool, "someone")
    with pool.connection() as conn:
        conn.execute("UPDATE extraction_runs SET requested_at = now() - interval '2 hours' WHERE id = %s", (run.id,))
    enqueue_run(pool, "someone-else")
    body = client.get("/health").json()
    assert body["queued_runs"] == 2
    assert 7190 < body["oldest_queued_run_age_seconds"] < 7300


def test_a_schema_behind_the_code_is_unhealthy(client: TestClient, pool: ConnectionPool) -> None:
    with pool.connection() as conn:
        conn.execute("DELETE FROM schema_migrations WHERE name LIKE '007%%'")
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["migrations_current"] is False
    assert body["migrations_not_applied"] == ["007_add_api_access.sql (pending)"]
