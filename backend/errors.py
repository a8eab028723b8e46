"""Every error the product raises on purpose, in one small hierarchy.

Callers catch `BrokerageInsightsError` (or a branch of it) and show `str(error)`: each message names
the field or thing at fault and the value that was refused. The CLI turns these into one-line
messages with a non-zero exit status; the API maps them to HTTP statuses in one place.
"""

from __future__ import annotations

from typing import Any


class BrokerageInsightsError(Exception):
    """Base of every deliberate error of the product."""


class ConfigurationError(BrokerageInsightsError):
    """The environment or settings do not allow the product to start (bad URL, missing directory)."""


class DatabaseUnavailableError(BrokerageInsightsError):
    """The database server cannot be reached or started."""


class ValidationError(BrokerageInsightsError, ValueError):
    """An input value is not acceptable; nothing was written."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"invalid {field}: {value!r} ({reason})")


class NotFoundError(BrokerageInsightsError, LookupError):
    """A thing addressed by its id does not exist (or is not visible to the caller)."""

    def __init__(self, kind: str, key: Any) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class ConflictError(BrokerageInsightsError):
    """The request is valid but conflicts with the current state of the thing it addresses."""


class InvalidTransitionError(ConflictError):
    """A status change that the run lifecycle does not allow (for example out of a terminal state)."""

    def __init__(self, run_id: int, current: str, requested: str) -> None:
        self.run_id = run_id
        self.current = current
        self.requested = requested
        super().__init__(
            f"invalid status transition for extraction run {run_id}: {current!r} -> {requested!r}"
        )


class MigrationError(BrokerageInsightsError):
    """The migration files or the recorded migration history cannot be reconciled."""


class MigrationChecksumError(MigrationError):
    """A migration that was already applied has been edited since."""

    def __init__(self, name: str, recorded: str, current: str) -> None:
        self.name = name
        super().__init__(
            f"migration {name} was edited after it was applied "
            f"(recorded checksum {recorded[:12]}..., file now {current[:12]}...); "
            "add a new numbered migration instead of editing an applied one"
        )
