"""Settings of the web service, read from the environment by the entry point.

The session signing secret comes from BROKERAGE_INSIGHTS_SESSION_SECRET, else from a file made
once (mode 0600) in the data directory, so dashboard sessions survive a restart without any
set-up. The scheduler endpoint is closed unless BROKERAGE_INSIGHTS_CRON_SECRET is set.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from backend.config import Settings
from backend.errors import ConfigurationError

# Names of environment variables and files, not secrets.
CRON_SECRET_ENV = "BROKERAGE_INSIGHTS_CRON_SECRET"  # noqa: S105
SESSION_SECRET_ENV = "BROKERAGE_INSIGHTS_SESSION_SECRET"  # noqa: S105
MAX_UPLOAD_BYTES_ENV = "BROKERAGE_INSIGHTS_MAX_UPLOAD_BYTES"
SECURE_COOKIES_ENV = "BROKERAGE_INSIGHTS_SECURE_COOKIES"

DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_BODY_BYTES = 1024 * 1024  # any request other than an upload
# Far beyond any real combination of filters (text filters take at most 200 characters each).
MAX_QUERY_STRING_BYTES = 8 * 1024
SESSION_SECRET_FILE = "session-secret"  # noqa: S105


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: `burst` attempts at once, refilled at `per_minute`."""

    burst: int
    per_minute: float


@dataclass(frozen=True)
class ApiConfig:
    session_secret: str
    cron_secret: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    secure_cookies: bool = False  # set behind TLS: the session cookie is then sent over HTTPS only
    login_rate: RateLimit = RateLimit(burst=10, per_minute=10)
    token_failure_rate: RateLimit = RateLimit(burst=20, per_minute=20)
    cron_rate: RateLimit = RateLimit(burst=10, per_minute=10)
    pool_size: int = 10

    @classmethod
    def from_env(cls, settings: Settings, env: Mapping[str, str] | None = None) -> ApiConfig:
        env = os.environ if env is None else env
        return cls(
            session_secret=env.get(SESSION_SECRET_ENV) or stored_session_secret(settings.data_dir),
            cron_secret=env.get(CRON_SECRET_ENV) or None,
            max_upload_bytes=_positive_int(env, MAX_UPLOAD_BYTES_ENV, DEFAULT_MAX_UPLOAD_BYTES),
            secure_cookies=env.get(SECURE_COOKIES_ENV, "").lower() in ("1", "true", "yes"),
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigurationError(f"{name} must be a positive integer, not {text!r}") from None
    if value <= 0:
        raise ConfigurationError(f"{name} must be a positive integer, not {text!r}")
    return value


def stored_session_secret(data_dir: Path) -> str:
    """The secret kept in the data directory, made (readable by the owner only) on first use."""
    path = data_dir / SESSION_SECRET_FILE
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return _read_secret(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret)
    return secret


def _read_secret(path: Path) -> str:
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise ConfigurationError(f"the session secret in {path} is shorter than 32 characters; delete the file "
                                 f"to have a new one made, or set {SESSION_SECRET_ENV}")
    return secret
