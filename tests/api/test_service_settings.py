"""The service's own settings: the session secret file, limits from the environment, rate buckets."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from backend.api.config import ApiConfig, RateLimit, stored_session_secret
from backend.api.rate_limit import RateLimiter
from backend.config import Settings
from backend.errors import ConfigurationError, RateLimitedError


def test_a_session_secret_is_made_once_readable_by_the_owner_only(tmp_path: Path) -> None:
    first = stored_session_secret(tmp_path / "data")
    path = tmp_path / "data" / "session-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32 and stored_session_secret(tmp_path / "data") == first


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"BROKERAGE_INSIGHTS_DATA_DIR": str(tmp_path)})
    config = ApiConfig.from_env(settings, {"BROKERAGE_INSIGHTS_CRON_SECRET": "c" * 40,
                                           "BROKERAGE_INSIGHTS_SESSION_SECRET": "s" * 40,
                                           "BROKERAGE_INSIGHTS_MAX_UPLOAD_BYTES": "1000"})
    assert (config.cron_secret, config.session_secret, config.max_upload_bytes) == ("c" * 40, "s" * 40, 1000)
    default = ApiConfig.from_env(settings, {})
    assert default.cron_secret is None and default.max_upload_bytes == 25 * 1024 * 1024
    assert (tmp_path / "session-secret").exists()
    with pytest.raises(ConfigurationError, match="BROKERAGE_INSIGHTS_MAX_UPLOAD_BYTES"):
        ApiConfig.from_env(settings, {"BROKERAGE_INSIGHTS_MAX_UPLOAD_BYTES": "lots"})


def test_a_bucket_refills_over_time_and_keeps_clients_apart() -> None:
    now = [0.0]
    limiter = RateLimiter("login", RateLimit(burst=3, per_minute=6), clock=lambda: now[0])
    for _ in range(3):
        limiter.spend("10.0.0.1")
    with pytest.raises(RateLimitedError) as refused:
        limiter.check("10.0.0.1")
    assert 9 < refused.value.retry_after <= 10  # one attempt back every 10 s
    limiter.spend("10.0.0.2")  # another client is not affected
    now[0] = 10.0
    limiter.spend("10.0.0.1")
    with pytest.raises(RateLimitedError):
        limiter.spend("10.0.0.1")
    now[0] = 1000.0
    for _ in range(3):  # refilled to the burst, never beyond it
        limiter.spend("10.0.0.1")
    with pytest.raises(RateLimitedError):
        limiter.spend("10.0.0.1")
