"""Opening a connection, with failures turned into clear product errors."""

from __future__ import annotations

from typing import Any

import psycopg

from backend.errors import ConfigurationError, DatabaseUnavailableError


def redact_url(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "<unparseable database URL>"
    if info.get("password"):
        return url.replace(str(info["password"]), "***")
    return url


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """One connection, with connection failures turned into a clear product error."""
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.ProgrammingError as error:
        raise ConfigurationError(f"invalid database URL {redact_url(url)!r}: {error}") from error
    except psycopg.OperationalError as error:
        raise DatabaseUnavailableError(
            f"cannot connect to the database at {redact_url(url)}: {' '.join(str(error).split())}"
        ) from error
