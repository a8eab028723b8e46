"""`brokerage-insights archive ...`: look at what the archive holds."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from backend.archive.ingest_index import list_entries
from backend.archive.store import ArchiveStore, validate_archive_id
from backend.cli.context import ProductGroup, database_pool, settings


@click.group(cls=ProductGroup)
def archive() -> None:
    """Inspect archived messages: list them, show a snapshot or the original .eml."""


@archive.command("list")
@click.option("--user", "user_id", required=True, help="Whose archive to list.")
@click.option("--broker", help="Only messages from this broker (as in the broker registry).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only messages dated on or after DATE.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000), help="Rows to show.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0), help="Rows to skip.")
def list_archive(user_id: str, broker: str | None, since: datetime | None, limit: int, offset: int) -> None:
    """List a user's archived messages, newest first."""
    with database_pool() as pool:
        page = list_entries(pool, user_id, broker=broker, since=since, limit=limit, offset=offset)
    for entry in page.items:
        date = entry.published_at.date().isoformat() if entry.published_at else "-" * 10
        click.echo(f"{entry.archive_id}  {date}  {(entry.broker or '-')[:28]:<28}  {entry.subject or ''}")
    click.echo(f"{len(page.items)} of {page.total} message(s)")


@archive.command("show")
@click.argument("archive_id")
@click.option("--raw", is_flag=True, help="Print the original .eml bytes instead of the snapshot.")
def show_archive(archive_id: str, raw: bool) -> None:
    """Print the snapshot of ARCHIVE_ID as JSON (or, with --raw, the original message)."""
    store = ArchiveStore(settings().archive_dir)
    snapshot = store.read_snapshot(validate_archive_id(archive_id))
    if raw:
        sys.stdout.buffer.write(store.read_raw(snapshot.raw_sha256))
        return
    click.echo(json.dumps(snapshot.to_dict(), ensure_ascii=False, indent=2))
