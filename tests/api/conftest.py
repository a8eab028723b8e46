"""An application on the test's database, two users with tokens, a client, and things of alice's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.config import Settings
from backend.jobs.run_control import enqueue_run
from backend.jobs.run_scope import RunScope
from backend.pipeline.extraction_run import process_next_run
from tests.api.factory import ApiUser, archive_emails, insert_report, make_user, research_eml, store

CRON_SECRET = "cron-secret-for-tests-0123456789"
SESSION_SECRET = "session-secret-for-tests-0123456789abcdef"
UPLOAD_LIMIT = 256 * 1024


@pytest.fixture
def api_config() -> ApiConfig:
    return ApiConfig(session_secret=SESSION_SECRET, cron_secret=CRON_SECRET, max_upload_bytes=UPLOAD_LIMIT)


@pytest.fixture
def app(database_url: str, api_config: ApiConfig) -> FastAPI:
    return create_app(Settings.from_env(), api_config)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def alice(pool: ConnectionPool) -> ApiUser:
    return make_user(pool, "alice@example.com", timezone="Asia/Kolkata")


@pytest.fixture
def bob(pool: ConnectionPool) -> ApiUser:
    return make_user(pool, "bob@example.com", timezone="America/New_York")


@pytest.fixture
def alices_things(client: TestClient, alice: ApiUser, pool: ConnectionPool,
                  conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """An archived email, a report on a company only alice follows, and a queued run: the values
    fill the placeholders of `route_table` ({archive}, {report}, {company}, {run}, and {raw}, the email)."""
    raw = research_eml("Alice's research")
    archive_id = archive_emails(pool, alice.user_id, raw)[0]
    report_id = insert_report(conn, alice.user_id, archive_id=archive_id, company_canonical="Alice Co",
                              broker="Alice Broker")
    run_id = client.post("/api/extraction/runs", json={}, headers=alice.headers).json()["id"]
    return {"archive": archive_id, "report": report_id, "run": run_id, "company": "Alice%20Co", "raw": raw}


@pytest.fixture
def alices_library(alice: ApiUser, pool: ConnectionPool) -> dict[str, Any]:
    """Alice's mail as the product leaves it: two archived emails, a run that extracted them (with
    its events and reports), a queued run, and a report with a key point. Ids start at 1 in a
    fresh database, where generated integers often land."""
    archive_ids = archive_emails(pool, alice.user_id, research_eml("Infosys: Q3 results"),
                                 research_eml("TCS: margin pressure"))
    done, _ = enqueue_run(pool, alice.user_id, scope=RunScope(archive_ids=tuple(archive_ids)))
    process_next_run(pool, worker_id="test", store=store(), only_run_id=done.id)
    queued, _ = enqueue_run(pool, alice.user_id, scope=RunScope(reprocess=True))
    with pool.connection() as conn:
        report = insert_report(conn, alice.user_id, archive_id=archive_ids[0], key_points=("Deal wins strong",))
    return {"archive": archive_ids[0], "done": done.id, "queued": queued.id, "report": report}
