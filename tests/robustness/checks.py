"""What every property asserts: no hang, a storable snapshot, and extraction output within contract.

`hang_guard` is a hang detector, not a speed check: its bound is far above any honest message's
time, so it only fires when a message makes the code loop (or backtrack) without end.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import FrameType

import pytest
from hypothesis import HealthCheck, settings

from backend.archive.defects import DEFECT_CODES
from backend.archive.limits import MAX_BODY_CHARS, MAX_DEFECT_DETAIL_CHARS, MAX_DEFECTS
from backend.archive.model import ATTACHMENT_TEXT_STATUSES
from backend.archive.snapshot import Snapshot
from backend.extraction.models import ExtractedReport, ExtractionResult

HANG_SECONDS = 10.0
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"

REPORT_TYPES = frozenset(
    {
        "initiation",
        "rating_change",
        "target_change",
        "results_update",
        "results_preview",
        "general_update",
        "sector_update",
        "macro_strategy",
    }
)
RATINGS = frozenset({"buy", "hold", "sell"})
# extracted_reports.target_price is NUMERIC(20, 4): a larger value cannot be stored at all.
MAX_STORABLE_PRICE = 1e16
_CURRENCY = re.compile(r"[A-Z]{3}")
_ARCHIVE_ID = re.compile(r"a[0-9a-f]{32}")


def examples(count: int) -> settings:
    """Hypothesis settings for a property: reproducible in CI, `count` x 20 with HYPOTHESIS_PROFILE=thorough."""
    return settings(
        max_examples=count * 20 if THOROUGH else count,
        deadline=None,  # a slow example is not a failure; the hang guard catches a stuck one
        derandomize=not THOROUGH,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


@contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Fail the test when the block runs longer than `seconds` (main thread, POSIX only).

    The failure is raised from a SIGALRM handler as pytest's own `Failed`, which is not an
    `Exception`, so the product's defensive `except Exception` blocks cannot swallow it; the timer
    re-fires every second in case something catches it anyway.
    """

    def _fire(signum: int, frame: FrameType | None) -> None:
        pytest.fail(f"still running after {seconds:g} s: a hang on this input")

    previous = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_storable_snapshot(snapshot: Snapshot, raw: bytes) -> None:
    """The snapshot can be written as UTF-8 JSON and into PostgreSQL text, and reads back equal."""
    unstorable = list(_unstorable_strings(snapshot.to_dict()))
    assert not unstorable, f"lone surrogates or NUL (no UTF-8 JSON, no PostgreSQL text): {unstorable[:3]}"
    encoded = json.dumps(snapshot.to_dict(), ensure_ascii=False).encode("utf-8")
    assert Snapshot.from_dict(json.loads(encoded)) == snapshot

    assert snapshot.raw_size == len(raw)
    assert _ARCHIVE_ID.fullmatch(snapshot.archive_id)
    assert snapshot.message_id
    assert len(snapshot.defects) <= MAX_DEFECTS + 1
    for entry in snapshot.defects:
        code, _, detail = entry.partition(": ")
        assert code in DEFECT_CODES, entry
        assert len(detail) <= MAX_DEFECT_DETAIL_CHARS
    assert len(snapshot.text_body) <= MAX_BODY_CHARS and len(snapshot.html_text) <= MAX_BODY_CHARS
    assert "\n\n\n" not in snapshot.text_body and "\n\n\n" not in snapshot.html_text
    for attachment in snapshot.attachments:
        assert attachment.text_status in ATTACHMENT_TEXT_STATUSES
        assert attachment.size >= 0 and len(attachment.sha256) == 64


def _unstorable_strings(value: object, path: str = "snapshot") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value):
            yield path, value[:80]
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_strings(item, f"{path}[{index}]")


def assert_extraction_contract(result: ExtractionResult) -> None:
    """No swallowed internal error, and every report within the output contract."""
    internal = [reason for reason in result.reasons if reason.startswith("internal_error")]
    assert not internal, internal
    assert result.is_research == bool(result.reports)
    for report in result.reports:
        assert_report_contract(report)


def assert_report_contract(report: ExtractedReport) -> None:
    assert report.report_type in REPORT_TYPES, report.report_type
    assert report.rating in RATINGS or report.rating is None, report.rating
    assert report.previous_rating in RATINGS or report.previous_rating is None, report.previous_rating
    assert math.isfinite(report.confidence) and 0.0 <= report.confidence <= 1.0, report.confidence
    assert isinstance(report.duplicate_key, str) and report.duplicate_key.strip()
    for price in (report.target_price, report.previous_target_price):
        assert price is None or (math.isfinite(price) and 0 < price < MAX_STORABLE_PRICE), price
    assert report.currency is None or _CURRENCY.fullmatch(report.currency), report.currency
    assert datetime.fromisoformat(report.published_at).tzinfo is not None, report.published_at
    texts = [report.title, report.summary, report.broker, report.company_canonical, report.duplicate_key]
    texts += [point.text for point in report.key_points]
    assert not any("\x00" in text for text in texts), "a NUL character cannot be stored in PostgreSQL"
