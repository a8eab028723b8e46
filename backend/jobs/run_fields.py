"""What an extraction run may contain, and the checks every write to it passes first.

Validation happens here, once, before any SQL runs: a refused create or update writes nothing and
raises `ValidationError` naming the field and the value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from backend.errors import ValidationError


class ExtractionRunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


EXTRACTION_RUN_STATUSES: tuple[str, ...] = tuple(status.value for status in ExtractionRunStatus)
TERMINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "canceled"})

# The lifecycle: queued -> running -> succeeded | failed | canceled, and queued -> canceled.
# Nothing leaves a terminal state.
ALLOWED_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "queued": frozenset({"running", "canceled"}),
    "running": frozenset({"succeeded", "failed", "canceled"}),
    "succeeded": frozenset(),
    "failed": frozenset(),
    "canceled": frozenset(),
}

COUNTER_FIELDS: tuple[str, ...] = (
    "archives_considered",
    "archives_processed",
    "reports_extracted",
    "reports_inserted",
    "reports_updated",
    "points_inserted",
)
TIMESTAMP_FIELDS: tuple[str, ...] = ("started_at", "finished_at")
TEXT_FIELDS: tuple[str, ...] = ("trigger_ref", "error_code", "error_message")

CREATE_FIELDS: frozenset[str] = frozenset(
    {"user_id", "trigger_type", "status", "meta", "requested_at"}
    | set(TIMESTAMP_FIELDS)
    | set(COUNTER_FIELDS)
    | set(TEXT_FIELDS)
)
UPDATE_FIELDS: frozenset[str] = frozenset(
    {"status", "meta", "meta_patch", *TIMESTAMP_FIELDS, *COUNTER_FIELDS, *TEXT_FIELDS}
)
# What may still change once a run has ended: annotations, never its outcome.
TERMINAL_UPDATE_FIELDS: frozenset[str] = frozenset({"status", "meta", "meta_patch"})

_INT4_MAX = 2**31 - 1


def require_mapping(name: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(name, value, "must be an object (a dict of field: value)")
    return value


def reject_unknown_fields(kind: str, given: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise ValidationError(
            unknown[0], given[unknown[0]], f"unknown {kind} field; allowed: {', '.join(sorted(allowed))}"
        )


def validate_run_id(run_id: Any) -> int:
    if isinstance(run_id, bool) or not isinstance(run_id, int) or not 0 < run_id <= 2**63 - 1:
        raise ValidationError("run_id", run_id, "must be a positive integer")
    return run_id


def validate_non_empty_text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "must be a non-empty string")
    return value


def validate_optional_text(field: str, value: Any) -> str | None:
    if value is None:
        return None
    return validate_non_empty_text(field, value)


def validate_status(value: Any) -> str:
    if not isinstance(value, str) or value not in EXTRACTION_RUN_STATUSES:
        raise ValidationError("status", value, f"must be one of {', '.join(EXTRACTION_RUN_STATUSES)}")
    return str(value)  # plain str, also for ExtractionRunStatus members


def validate_counter(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "must be an integer")
    if value < 0:
        raise ValidationError(field, value, "must be >= 0")
    if value > _INT4_MAX:
        raise ValidationError(field, value, f"must be <= {_INT4_MAX}")
    return value


def validate_timestamp(field: str, value: Any) -> datetime | None:
    """A datetime or an ISO 8601 string; a value without an offset is taken as UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(field, value, "must be a datetime or an ISO 8601 string") from None
    if not isinstance(value, datetime):
        raise ValidationError(field, value, "must be a datetime or an ISO 8601 string")
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def validate_meta(field: str, value: Any) -> dict[str, Any]:
    """A plain JSON object (dict with string keys, JSON-serialisable values)."""
    if not isinstance(value, Mapping):
        raise ValidationError(field, value, "must be an object (a dict), not " + type(value).__name__)
    if not all(isinstance(key, str) for key in value):
        raise ValidationError(field, value, "keys must be strings")
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValidationError(field, value, f"must be JSON-serialisable ({error})") from None
    return dict(value)


def validate_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check each known field by its kind; returns the normalised values."""
    clean: dict[str, Any] = {}
    for field, value in values.items():
        if field in COUNTER_FIELDS:
            clean[field] = validate_counter(field, value)
        elif field in TIMESTAMP_FIELDS or field == "requested_at":
            clean[field] = validate_timestamp(field, value)
        elif field in TEXT_FIELDS:
            clean[field] = validate_optional_text(field, value)
        elif field in ("meta", "meta_patch"):
            clean[field] = validate_meta(field, value)
        elif field == "status":
            clean[field] = validate_status(value)
        elif field in ("user_id", "trigger_type"):
            clean[field] = validate_non_empty_text(field, value)
    return clean


def validate_create(params: Any) -> dict[str, Any]:
    params = require_mapping("params", params)
    reject_unknown_fields("create", params, CREATE_FIELDS)
    for required in ("user_id", "trigger_type"):
        if required not in params:
            raise ValidationError(required, None, "is required")
    return validate_fields(params)


def validate_update(updates: Any) -> dict[str, Any]:
    updates = require_mapping("updates", updates)
    reject_unknown_fields("update", updates, UPDATE_FIELDS)
    if "meta" in updates and "meta_patch" in updates:
        raise ValidationError("meta_patch", updates["meta_patch"], "give either meta or meta_patch, not both")
    if not updates:
        raise ValidationError("updates", dict(updates), "must change at least one field")
    return validate_fields(updates)
