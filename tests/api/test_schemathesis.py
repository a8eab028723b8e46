"""Generated requests against the API's own /openapi.json, with a valid token: every reply as documented.

For each operation schemathesis sends requests made from the document (valid and invalid values,
boundaries, odd strings, unknown parameters, other methods, a missing token) to an application
whose user has real archives, reports and runs. No reply may be a 500; each must have a
documented status, media type, body and headers; no operation may answer without the token.
Generation is derandomized and bounded (see `openapi_contract`), so every run sends the same
requests. Replies the generator rarely reaches (a real archive, an upload, the scheduler's
secret) are checked one by one in test_documented_replies.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import ignored_auth, unsupported_method

from backend.api.config import ApiConfig, RateLimit
from tests.api.conftest import CRON_SECRET, SESSION_SECRET, UPLOAD_LIMIT
from tests.api.factory import ApiUser
from tests.api.openapi_contract import RESPONSE_CHECKS, SCHEMA, UNDER_TEST

CHECKS = [*RESPONSE_CHECKS, unsupported_method, ignored_auth]


@pytest.fixture
def api_config() -> ApiConfig:
    # Generated requests include bad credentials; with the usual budget of failed tokens per
    # address, the valid token would soon be refused (429) too and the rest would test nothing.
    return ApiConfig(session_secret=SESSION_SECRET, cron_secret=CRON_SECRET, max_upload_bytes=UPLOAD_LIMIT,
                     token_failure_rate=RateLimit(burst=100_000, per_minute=100_000))


@pytest.fixture
def under_test(app: FastAPI, client: TestClient) -> Iterator[FastAPI]:
    UNDER_TEST.app = app
    yield app
    UNDER_TEST.app = None


# The fixtures are shared by the examples of one operation on purpose: one database per operation,
# in which earlier requests (a queued run, a cancel) shape what later ones meet.
@SCHEMA.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_requests_get_documented_replies(case: Case[Any], under_test: FastAPI, alice: ApiUser,
                                                   alices_library: dict[str, Any]) -> None:
    case.call_and_validate(headers=alice.headers, checks=CHECKS)
