"""Store what extraction found in one email: reports upserted on duplicate_key, points replaced.

Runs inside the caller's transaction (one per archive), so an email's reports, their points and
the archive's "extracted" mark are written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from backend.db.queries import load_queries
from backend.extraction import EXTRACTOR_VERSION, ExtractedReport, ExtractionResult


@dataclass
class PersistOutcome:
    reports_extracted: int = 0
    reports_inserted: int = 0
    reports_updated: int = 0
    points_inserted: int = 0


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.dedupe", "persist.sql"))


def persist_extraction(
    conn: psycopg.Connection[Any], archive_id: str, result: ExtractionResult, *, run_id: int | None
) -> PersistOutcome:
    """Write every report of `result` and mark the archive extracted; returns exact counts."""
    queries = _queries()
    outcome = PersistOutcome()
    with conn.cursor(row_factory=dict_row) as cur:
        for report in result.reports:
            outcome.reports_extracted += 1
            values = _report_values(report, run_id)
            stored = cur.execute(queries["upsert_report"], values).fetchone()
            assert stored is not None  # INSERT ... ON CONFLICT DO UPDATE always returns the row
            if stored["inserted"]:
                outcome.reports_inserted += 1
                outcome.points_inserted += _replace_points(cur, stored["id"], report, delete_first=False)
                continue
            outcome.reports_updated += 1
            if _supersedes(report, stored):
                cur.execute(queries["refresh_report"], {**values, "report_id": stored["id"]})
                outcome.points_inserted += _replace_points(cur, stored["id"], report, delete_first=True)
            else:
                cur.execute(queries["note_copy"], {"report_id": stored["id"], "archive_id": archive_id})
        cur.execute(queries["mark_archive_extracted"], {"archive_id": archive_id, "run_id": run_id})
    return outcome


def _supersedes(report: ExtractedReport, stored: dict[str, Any]) -> bool:
    """Whether a new reading replaces the stored one.

    The same email read again (reprocess, a newer extractor) always does. A copy from another
    email (forward, re-send, revision) does when it was read at least as confidently: a revision
    corrects the original, while a forward's quoting can only blur it.
    """
    if stored["archive_id"] == report.archive_id:
        return True
    return stored["confidence"] is None or report.confidence >= float(stored["confidence"])


def _replace_points(cur: psycopg.Cursor[Any], report_id: int, report: ExtractedReport, *, delete_first: bool) -> int:
    queries = _queries()
    if delete_first:
        cur.execute(queries["delete_points"], {"report_id": report_id})
    if not report.key_points:
        return 0
    cur.execute(queries["insert_points"], {
        "report_id": report_id,
        "texts": [point.text for point in report.key_points],
        "kinds": [point.kind for point in report.key_points],
    })
    return len(report.key_points)


def _report_values(report: ExtractedReport, run_id: int | None) -> dict[str, Any]:
    payload = report.to_dict()
    payload["extractor_version"] = EXTRACTOR_VERSION
    return {
        "archive_id": report.archive_id,
        "user_id": report.user_id,
        "extraction_run_id": run_id,
        "broker": report.broker,
        "company_canonical": report.company_canonical,
        "company_raw": report.company_raw,
        "ticker": report.ticker,
        "report_type": report.report_type,
        "title": report.title,
        "summary": report.summary,
        "rating": report.rating,
        "rating_raw": report.rating_raw,
        "previous_rating": report.previous_rating,
        "target_price": report.target_price,
        "previous_target_price": report.previous_target_price,
        "currency": report.currency,
        "published_at": report.published_at,
        "confidence": round(report.confidence, 4),
        "duplicate_key": report.duplicate_key,
        "raw_payload": Jsonb(payload),
    }
