"""An application on the test's database, two users with tokens, and a client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.config import Settings
from tests.api.factory import ApiUser, make_user

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
