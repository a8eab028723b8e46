"""POST /api/jobs/daily: the scheduler's endpoint, behind a shared secret."""

from __future__ import annotations

from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.config import Settings
from backend.jobs.schedule import set_schedule
from tests.api.conftest import CRON_SECRET, SESSION_SECRET
from tests.api.factory import ApiUser
from tests.api.helpers import assert_error, database_fingerprint

DAILY = "/api/jobs/daily"


def test_the_right_secret_enqueues_due_users_once_per_day(client: TestClient, alice: ApiUser, bob: ApiUser,
                                                          pool: ConnectionPool) -> None:
    set_schedule(pool, alice.user_id, hour=0, minute=0)  # due at any time of the day
    set_schedule(pool, bob.user_id, enabled=False)
    response = client.post(DAILY, headers={"x-cron-secret": CRON_SECRET})
    assert response.status_code == 200
    first = response.json()
    assert (first["due_users"], first["enqueued"], first["already_enqueued"]) == (1, 1, 0)
    runs = client.get("/api/extraction/runs", headers=alice.headers).json()["items"]
    assert [run["id"] for run in runs] == first["run_ids"] and runs[0]["trigger_type"] == "daily-cron"
    second = client.post(DAILY, headers={"x-cron-secret": CRON_SECRET}).json()
    assert (second["enqueued"], second["already_enqueued"], second["run_ids"]) == (0, 1, [])


def test_a_missing_or_wrong_secret_is_401_and_changes_nothing(client: TestClient, alice: ApiUser,
                                                              pool: ConnectionPool, database_url: str) -> None:
    set_schedule(pool, alice.user_id, hour=0, minute=0)
    before = database_fingerprint(database_url)
    for headers in ({}, {"x-cron-secret": ""}, {"x-cron-secret": CRON_SECRET[:-1]},
                    {"x-cron-secret": CRON_SECRET + "x"}, {"Authorization": f"Bearer {alice.token}"}):
        assert_error(client.post(DAILY, headers=headers), 401, "unauthorized")
    assert database_fingerprint(database_url) == before


def test_the_endpoint_is_closed_when_no_secret_is_configured(database_url: str) -> None:
    app = create_app(Settings.from_env(), ApiConfig(session_secret=SESSION_SECRET, cron_secret=None))
    with TestClient(app) as client:
        for headers in ({}, {"x-cron-secret": ""}, {"x-cron-secret": "anything"}):
            assert_error(client.post(DAILY, headers=headers), 403, "forbidden")


def test_guessing_the_secret_is_rate_limited(client: TestClient) -> None:
    statuses = [client.post(DAILY, headers={"x-cron-secret": f"guess-{index}"}).status_code for index in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    limited = client.post(DAILY, headers={"x-cron-secret": CRON_SECRET})
    assert_error(limited, 429, "rate_limited")
    assert int(limited.headers["retry-after"]) >= 1
