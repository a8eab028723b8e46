"""`brokerage-insights db ...`: database URL, migrations and their status."""

from __future__ import annotations

import time

import click

from backend.cli.context import ProductGroup, settings
from backend.db.connect import connect, redact_url
from backend.db.connection import resolve_database_url
from backend.db.embedded import stop_server
from backend.db.migrator import apply_migrations, migration_status


@click.group(cls=ProductGroup)
def db() -> None:
    """Database: show the URL in use, apply migrations, list their status.

    DATABASE_URL selects a PostgreSQL server; without it an embedded PostgreSQL is started
    (or found) under BROKERAGE_INSIGHTS_DATA_DIR.
    """


@db.command()
@click.option("--show-password", is_flag=True, help="Print the password instead of ***.")
def url(show_password: bool) -> None:
    """Print the database URL in use (starting the embedded server when needed)."""
    database_url = resolve_database_url(settings(), migrate_embedded=False)
    click.echo(database_url if show_password else redact_url(database_url))


@db.command()
def migrate() -> None:
    """Apply pending migrations in order, each in one transaction."""
    database_url = resolve_database_url(settings(), migrate_embedded=False)
    started = time.monotonic()

    def report(name: str) -> None:
        click.echo(f"applied {name}")

    applied = apply_migrations(database_url, on_applied=report)
    elapsed = time.monotonic() - started
    if applied:
        click.echo(f"{len(applied)} migration(s) applied in {elapsed:.2f}s; the schema is current")
    else:
        click.echo("nothing to apply: the schema is current")


@db.command()
def status() -> None:
    """List applied and pending migrations."""
    database_url = resolve_database_url(settings(), migrate_embedded=False)
    with connect(database_url) as conn:
        states = migration_status(conn)
    width = max((len(state.name) for state in states), default=10)
    for state in states:
        applied_at = state.applied_at.isoformat(timespec="seconds") if state.applied_at else ""
        click.echo(f"{state.name:<{width}}  {state.state:<8}  {applied_at}")
    pending = sum(state.state == "pending" for state in states)
    problems = [state.name for state in states if state.state in ("edited", "unknown")]
    click.echo(f"{len(states) - pending - len(problems)} applied, {pending} pending"
               + (f", problems: {', '.join(problems)}" if problems else ""))
    if problems:
        raise SystemExit(1)


@db.command()
def stop() -> None:
    """Stop the embedded PostgreSQL server (it otherwise keeps running between commands)."""
    current = settings()
    if current.database_url:
        raise click.ClickException("DATABASE_URL is set: the server it names is not managed by this command")
    if stop_server(current.embedded_pgdata):
        click.echo(f"stopped the embedded server in {current.embedded_pgdata}")
    else:
        click.echo("the embedded server is not running")
