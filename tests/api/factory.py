"""Rows for API tests: reports and points written with SQL, mail archived through the real ingest."""

from __future__ import annotations

import os
import textwrap
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from backend.archive.store import ArchiveStore
from backend.db.connection import Db
from backend.ingest.messages import RawMessage
from backend.pipeline.ingest import ingest_messages
from backend.users.accounts import add_user
from backend.users.tokens import issue_token

REPORT_DEFAULTS: dict[str, Any] = {
    "broker": "Kotak Institutional Equities",
    "company_canonical": "Infosys",
    "company_raw": "Infosys Ltd",
    "ticker": "INFY",
    "report_type": "results_update",
    "title": "Infosys: steady quarter, deal wins strong",
    "summary": "Revenue in line; margins held up despite wage hikes.",
    "rating": "buy",
    "rating_raw": "BUY",
    "previous_rating": None,
    "target_price": 1850,
    "previous_target_price": None,
    "currency": "INR",
    "published_at": datetime(2025, 1, 15, 4, 30, tzinfo=UTC),
    "confidence": 0.9,
    "extraction_run_id": None,
}


@dataclass(frozen=True)
class ApiUser:
    user_id: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_user(db: Db, email: str, *, user_id: str | None = None, timezone: str | None = None) -> ApiUser:
    user = add_user(db, email, user_id=user_id, timezone=timezone)
    return ApiUser(user.user_id, email, issue_token(db, email).token)


def insert_report(conn: psycopg.Connection[Any], user_id: str, *, key_points: tuple[str, ...] = (),
                  **fields: Any) -> int:
    values = {**REPORT_DEFAULTS, **fields}
    values.setdefault("archive_id", "a" + uuid.uuid4().hex)
    values.setdefault("duplicate_key", uuid.uuid4().hex)
    columns = ["user_id", *values]
    row = conn.execute(
        f"INSERT INTO extracted_reports ({', '.join(columns)}, raw_payload) "  # noqa: S608 (test-owned names)
        f"VALUES ({', '.join(['%s'] * len(columns))}, %s) RETURNING id",
        [user_id, *values.values(), Jsonb({})],
    ).fetchone()
    assert row is not None
    for order, text in enumerate(key_points):
        conn.execute("INSERT INTO extracted_report_points (report_id, point_order, point_text) VALUES (%s, %s, %s)",
                     (row[0], order, text))
    return int(row[0])


def store() -> ArchiveStore:
    return ArchiveStore(Path(os.environ["BROKERAGE_INSIGHTS_ARCHIVE_DIR"]))


def research_eml(subject: str, *, message_id: str | None = None, body: str | None = None) -> bytes:
    """A small research email as a broker sends it."""
    message_id = message_id or f"<{uuid.uuid4().hex}@research.kotak.example>"
    text = body or (
        "Infosys (INFY IN) - Q3FY25 results: deal wins strong\n\n"
        "Rating: BUY, target price Rs 2,100 (from Rs 1,950).\n\n"
        "- Revenue grew 4.1% QoQ in constant currency, ahead of our estimate\n"
        "- EBIT margin at 21.3% held up despite wage hikes\n"
        "- Large deal TCV of USD 2.5bn, the best in six quarters\n"
    )
    message = textwrap.dedent(f"""\
        From: Kotak Institutional Equities <research@kotak.com>
        To: analyst@example.com
        Subject: {subject}
        Date: Wed, 15 Jan 2025 10:00:00 +0530
        Message-ID: {message_id}
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        """) + text
    return message.replace("\n", "\r\n").encode("utf-8")


def archive_emails(db: Db, user_id: str, *raws: bytes) -> list[str]:
    """Archive messages for a user (real ingest: files and index rows); their archive ids."""
    messages = [RawMessage(raw=raw, source={"kind": "file", "ref": f"test-{index}.eml"})
                for index, raw in enumerate(raws)]
    return ingest_messages(db, user_id, messages, store=store()).archive_ids
