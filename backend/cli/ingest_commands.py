"""`brokerage-insights ingest ...`: archive mail from files, folders, mbox, Maildir or IMAP."""

from __future__ import annotations

from pathlib import Path

import click

from backend.cli.context import DefaultCommandGroup, database_pool
from backend.cli.ingest_imap_command import imap
from backend.cli.progress import TerminalProgress
from backend.ingest.files import open_sources, read_sources
from backend.jobs.run_models import ExtractionRun
from backend.pipeline.ingest import BATCH_SIZE, IngestSummary, ingest_messages, queue_extraction_after_ingest


@click.group(cls=DefaultCommandGroup, default_command="files")
def ingest() -> None:
    """Archive mail for a user: `ingest --user U SOURCE...` or `ingest imap ...`."""


ingest.add_command(imap)


@ingest.command("files")
@click.option("--user", "user_id", required=True, help="Whose mailbox this is (user id).")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1, 10_000),
              help="Messages archived per database transaction.")
@click.option("--extract", is_flag=True,
              help="Queue an extraction run for what was archived (a worker executes it).")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
def ingest_files(user_id: str, batch_size: int, extract: bool, sources: tuple[Path, ...]) -> None:
    """Archive .eml files, folders of them (recursively), .mbox files and Maildir folders.

    Re-ingesting the same mail adds nothing; an interrupted ingest resumes where it stopped.
    """
    if not user_id.strip():
        raise click.BadParameter("must not be empty", param_hint="--user")
    mail_sources = open_sources(list(sources))
    progress = TerminalProgress("ingest", total_bytes=sum(source.size for source in mail_sources))
    with database_pool() as pool:
        try:
            summary = ingest_messages(pool, user_id, read_sources(mail_sources), progress=progress,
                                      batch_size=batch_size)
        finally:
            progress.close()
        if extract:
            report_queued_run(queue_extraction_after_ingest(pool, user_id, summary, requested_by="cli ingest"))
    report_summary(summary)


def report_queued_run(run: ExtractionRun | None) -> None:
    if run is None:
        click.echo("nothing new archived: no extraction run queued")
    else:
        click.echo(f"queued extraction run {run.id} (after-ingest)")


def report_summary(summary: IngestSummary) -> None:
    """Print the end-of-ingest summary; exit with status 1 when some messages failed."""
    for failure in summary.failures:
        click.echo(f"failed: {failure.ref}: {failure.reason}", err=True)
    click.echo(
        f"seen {summary.seen}, archived {summary.archived}, already archived {summary.already_archived}, "
        f"other copies kept {summary.variants_kept}, with defects {summary.with_defects}, "
        f"failures {len(summary.failures)}"
    )
    if summary.failures:
        raise SystemExit(1)
