"""`brokerage-insights runs ...`: request, execute, inspect, cancel and retry extraction runs."""

from __future__ import annotations

import json
from typing import Any

import click

from backend.archive.store import ArchiveStore
from backend.cli.context import ProductGroup, database_pool, settings
from backend.jobs.run_control import cancel_run, enqueue_run, get_run, list_runs, retry_run, run_events
from backend.jobs.run_fields import EXTRACTION_RUN_STATUSES
from backend.jobs.run_models import ExtractionRun
from backend.jobs.run_scope import RunScope
from backend.jobs.worker import new_worker_id
from backend.pipeline.extraction_run import process_next_run

OPERATOR = "cli"


@click.group(cls=ProductGroup)
def runs() -> None:
    """Extraction runs: start one, list them, show one with its events, cancel or retry."""


def run_line(run: ExtractionRun) -> str:
    return (f"{run.id:>6}  {run.user_id:<16}  {run.trigger_type:<12}  {run.status:<9}  "
            f"{run.archives_processed:>5}/{run.archives_considered:<5}  reports {run.reports_extracted:>5} "
            f"(+{run.reports_inserted} ~{run.reports_updated})  points {run.points_inserted}")


def echo_counters(run: ExtractionRun) -> None:
    click.echo(f"run {run.id} {run.status}: archives {run.archives_processed}/{run.archives_considered}, "
               f"reports extracted {run.reports_extracted} (inserted {run.reports_inserted}, "
               f"updated {run.reports_updated}), points {run.points_inserted}"
               + (f", failed archives {run.meta['archives_failed']}" if run.meta.get("archives_failed") else "")
               + (f", error {run.error_code}: {run.error_message}" if run.error_code else ""))


@runs.command("start")
@click.option("--user", "user_id", required=True, help="Whose archives to extract.")
@click.option("--reprocess", is_flag=True, help="Extract archives that were extracted before, too.")
@click.option("--broker", help="Only archives from this broker.")
@click.option("--archive-id", "archive_ids", multiple=True, help="Only this archive (repeatable).")
@click.option("--execute", is_flag=True, help="Execute the run in this process now instead of leaving it to a worker.")
def start(user_id: str, reprocess: bool, broker: str | None, archive_ids: tuple[str, ...], execute: bool) -> None:
    """Request an extraction run (a worker executes it, or this command with --execute)."""
    scope = RunScope(reprocess=reprocess, broker=broker, archive_ids=archive_ids)
    with database_pool() as pool:
        run, _ = enqueue_run(pool, user_id, trigger_type="manual", scope=scope, requested_by=OPERATOR)
        click.echo(f"queued run {run.id} for {user_id}")
        if execute:
            finished = process_next_run(pool, worker_id=new_worker_id(), store=ArchiveStore(settings().archive_dir),
                                        only_run_id=run.id)
            if finished is None:
                raise click.ClickException(f"run {run.id} could not start: another run of {user_id} is running")
            echo_counters(finished)


@runs.command("list")
@click.option("--user", "user_id", help="Only this user's runs.")
@click.option("--status", type=click.Choice(EXTRACTION_RUN_STATUSES), help="Only runs in this status.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 200), help="Rows to show.")
def list_command(user_id: str | None, status: str | None, limit: int) -> None:
    """List runs, newest first."""
    with database_pool() as pool:
        page = list_runs(pool, user_id=user_id, status=status, limit=limit)
    for run in page.items:
        click.echo(run_line(run))
    click.echo(f"{len(page.items)} of {page.total} run(s)")


@runs.command("show")
@click.argument("run_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the run and its events as JSON.")
def show(run_id: int, as_json: bool) -> None:
    """Show a run, its counters and every status transition."""
    with database_pool() as pool:
        run = get_run(pool, run_id)
        events = run_events(pool, run_id)
    if as_json:
        document: dict[str, Any] = {"run": run.to_dict(), "events": [event.to_dict() for event in events]}
        click.echo(json.dumps(document, default=str, indent=2))
        return
    echo_counters(run)
    trigger = f"{run.trigger_type} ({run.trigger_ref})" if run.trigger_ref else run.trigger_type
    retried = f", retry of run {run.retry_of}" if run.retry_of else ""
    click.echo(f"user {run.user_id}, trigger {trigger}, attempt {run.attempt} of {run.max_attempts}{retried}")
    for event in events:
        code = f"  {event.error_code}" if event.error_code else ""
        click.echo(f"  {event.occurred_at.isoformat(timespec='seconds')}  {event.from_status or '-':>9} -> "
                   f"{event.to_status:<9} attempt {event.attempt}{code}")


@runs.command("cancel")
@click.argument("run_id", type=int)
@click.option("--reason", help="Why (kept in the run's meta).")
def cancel(run_id: int, reason: str | None) -> None:
    """Cancel a queued run now, or a running one at its next archive."""
    with database_pool() as pool:
        run = cancel_run(pool, run_id, requested_by=OPERATOR, reason=reason)
    if run.status == "canceled":
        click.echo(f"run {run.id} canceled")
    else:
        click.echo(f"run {run.id} is running: cancel requested, it stops at the next archive")


@runs.command("retry")
@click.argument("run_id", type=int)
def retry(run_id: int) -> None:
    """Queue a new run with the scope of a failed or canceled run, linked to it."""
    with database_pool() as pool:
        run, created = retry_run(pool, run_id, requested_by=OPERATOR)
    click.echo(f"{'queued' if created else 'already retried as'} run {run.id} (retry of run {run_id})")
