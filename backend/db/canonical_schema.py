"""The canonical schema in `backend/sql/`: one file per table, as the migrations leave it today.

The migrations are the history; these files are the document a reader opens to see a table
whole. Tests build a database from each and compare the catalogs, so the two cannot drift.
"""

from __future__ import annotations

from importlib import resources

# In dependency order: a table comes after the tables its foreign keys point to.
CANONICAL_TABLE_FILES: tuple[str, ...] = (
    "extraction_runs.sql",
    "extraction_run_events.sql",
    "users.sql",
    "api_tokens.sql",
    "archive_ingest_index.sql",
    "extracted_reports.sql",
    "extracted_report_points.sql",
    "mailbox_sync_state.sql",
)


def canonical_schema_sql() -> str:
    folder = resources.files("backend").joinpath("sql")
    return "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in CANONICAL_TABLE_FILES)
