"""`brokerage-insights ingest imap ...`: archive the new messages of one IMAP folder."""

from __future__ import annotations

import functools
import os

import click

from backend.archive.pdf_text import PdfTextExtractor
from backend.cli.context import database_pool
from backend.cli.progress import TerminalProgress
from backend.ingest.imap import DEFAULT_BATCH_SIZE, ImapSyncResult, sync_mailbox
from backend.ingest.imap_account import DEFAULT_TIMEOUT_SECONDS, ImapAccount
from backend.pipeline.ingest import IngestSummary, ingest_messages, queue_extraction_after_ingest

_IMAPS_PORT = 993
_IMAP_PORT = 143


@click.command("imap")
@click.option("--user", "user_id", required=True, help="Whose mailbox this is (user id).")
@click.option("--host", required=True, help="IMAP server host name, for example imap.gmail.com.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help=f"IMAP server port [default: {_IMAPS_PORT} with --ssl, {_IMAP_PORT} with --no-ssl].",
)
@click.option("--username", required=True, help="Login name on the IMAP server (often the email address).")
@click.option(
    "--password-env",
    "password_env",
    required=True,
    metavar="VAR",
    help="Name of the environment variable holding the password (never given on the command line).",
)
@click.option("--folder", default="INBOX", show_default=True, help='Folder to sync, for example "[Gmail]/All Mail".')
@click.option(
    "--ssl/--no-ssl",
    "use_ssl",
    default=True,
    show_default=True,
    help="IMAP over TLS; --no-ssl sends the password in clear, for a local server only.",
)
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Messages fetched and archived per step; progress is saved after each step.",
)
@click.option(
    "--timeout",
    default=DEFAULT_TIMEOUT_SECONDS,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds to wait for the server at each step.",
)
@click.option("--extract", is_flag=True, help="Queue an extraction run for what was archived (a worker executes it).")
def imap(
    user_id: str,
    host: str,
    port: int | None,
    username: str,
    password_env: str,
    folder: str,
    use_ssl: bool,
    batch_size: int,
    timeout: float,
    extract: bool,
) -> None:
    """Archive the messages of an IMAP folder not archived yet.

    The first run reads the whole folder; later runs fetch only messages that arrived since.
    Messages stay unread on the server. An interrupted run resumes where it stopped.
    """
    if not user_id.strip():
        raise click.BadParameter("must not be empty", param_hint="--user")
    password = os.environ.get(password_env)
    if not password:
        raise click.BadParameter(f"environment variable {password_env} is not set", param_hint="--password-env")
    account = ImapAccount(
        host=host,
        port=port or (_IMAPS_PORT if use_ssl else _IMAP_PORT),
        username=username,
        password=password,
        folder=folder,
        ssl=use_ssl,
        timeout=timeout,
    )
    progress = TerminalProgress("imap")
    with database_pool() as pool, PdfTextExtractor() as pdf_text:
        try:
            archive = functools.partial(
                ingest_messages, pool, user_id, progress=progress, batch_size=batch_size, pdf_text=pdf_text
            )
            result = sync_mailbox(pool, user_id, account, archive, batch_size=batch_size)
        finally:
            progress.close()
        summary = _combined(result)
        if extract:
            run = queue_extraction_after_ingest(pool, user_id, summary, requested_by="cli ingest imap")
            click.echo(f"queued extraction run {run.id} (after-ingest)" if run else "nothing new: no run queued")
    _report(result, summary)


def _combined(result: ImapSyncResult) -> IngestSummary:
    summary = IngestSummary()
    for outcome in result.archive_results:
        if isinstance(outcome, IngestSummary):
            summary.add(outcome)
    return summary


def _report(result: ImapSyncResult, summary: IngestSummary) -> None:
    """Print what the sync did; exit with status 1 when some messages could not be archived."""
    for failure in summary.failures:
        click.echo(f"failed: {failure.ref}: {failure.reason}", err=True)
    if result.uidvalidity_changed:
        click.echo(
            f"UIDVALIDITY of {result.folder} changed from {result.previous_uidvalidity} to {result.uidvalidity}: "
            "the folder was read again from the start"
        )
    click.echo(
        f"{result.account}/{result.folder}: fetched {result.fetched}, archived {summary.archived}, "
        f"already archived {summary.already_archived}, failures {len(summary.failures)}, "
        f"uidvalidity {result.uidvalidity}, last uid {result.last_uid}"
    )
    if summary.failures:
        raise SystemExit(1)
