"""`brokerage-insights demo`: the whole job on the bundled demo mail."""

from __future__ import annotations

import click

from backend.archive.store import ArchiveStore
from backend.cli.context import database_pool, settings
from backend.cli.progress import TerminalProgress
from backend.cli.runs_commands import echo_counters
from backend.db.connect import redact_url
from backend.db.connection import resolve_database_url
from backend.pipeline.demo import ReportRow, run_demo


def _target(row: ReportRow) -> str:
    if row.target_price is None:
        return "-"
    return f"{row.currency or ''} {row.target_price:,.0f}".strip()


@click.command()
@click.option("--user", "user_id", default="demo", show_default=True, help="The user the demo mail belongs to.")
def demo(user_id: str) -> None:
    """Ingest the bundled demo research mail, extract it, and print what was found.

    Uses DATABASE_URL, or the embedded PostgreSQL when it is unset. Running it again adds nothing.
    """
    current = settings()
    with database_pool() as pool:
        database = redact_url(resolve_database_url(current, migrate_embedded=False))
        click.echo(f"database: {database}; archive: {current.archive_dir}")
        progress = TerminalProgress("ingest")
        try:
            outcome = run_demo(pool, ArchiveStore(current.archive_dir), user_id, progress=progress)
        finally:
            progress.close()
    summary = outcome.ingest
    click.echo(f"ingest: seen {summary.seen}, archived {summary.archived}, already archived "
               f"{summary.already_archived}")
    click.echo(f"{'broker':<30} {'company':<32} {'type':<16} {'rating':<6} {'target':>12}")
    for row in outcome.reports:
        click.echo(f"{row.broker[:30]:<30} {row.company_canonical[:32]:<32} {row.report_type:<16} "
                   f"{row.rating or '-':<6} {_target(row):>12}")
    click.echo(f"{len(outcome.reports)} report(s) for {user_id}")
    if outcome.run is not None:
        echo_counters(outcome.run)
