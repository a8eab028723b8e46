"""`brokerage-insights schedule ...`: the daily run of each user."""

from __future__ import annotations

from datetime import datetime

import click

from backend.cli.context import ProductGroup, database_pool
from backend.jobs.schedule import enqueue_due_daily_runs, list_schedules, set_schedule


@click.group(cls=ProductGroup)
def schedule() -> None:
    """Daily runs: enqueue the due ones, set or show users' schedules."""


@schedule.command("daily")
@click.option("--at", "at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"]),
              help="Pretend the time is this (ISO 8601 with offset), e.g. to catch up; default now.")
def daily(at: datetime | None) -> None:
    """Enqueue today's run of every user whose scheduled local time has passed (idempotent)."""
    with database_pool() as pool:
        summary = enqueue_due_daily_runs(pool, now=at, source="cli schedule daily")
    click.echo(f"due users {summary.due_users}: enqueued {summary.enqueued}, already enqueued "
               f"{summary.already_enqueued}; not yet due {summary.not_yet_due}"
               + (f"; invalid time zones: {', '.join(summary.invalid_timezones)}" if summary.invalid_timezones else ""))
    for run_id in summary.run_ids:
        click.echo(f"queued run {run_id}")


@schedule.command("set")
@click.option("--user", "user_id", required=True, help="Whose schedule.")
@click.option("--hour", type=click.IntRange(0, 23), help="Local hour of the daily run.")
@click.option("--minute", type=click.IntRange(0, 59), help="Local minute of the daily run.")
@click.option("--timezone", help="IANA time zone, e.g. Asia/Kolkata (the default).")
@click.option("--enable/--disable", "enabled", default=None, help="Turn the daily run on or off.")
def set_command(user_id: str, hour: int | None, minute: int | None, timezone: str | None,
                enabled: bool | None) -> None:
    """Create or change a user's daily schedule."""
    with database_pool() as pool:
        saved = set_schedule(pool, user_id, timezone=timezone, enabled=enabled, hour=hour, minute=minute)
    state = "on" if saved.schedule_enabled else "off"
    click.echo(f"{saved.user_id}: daily run {state} at {saved.schedule_hour:02d}:{saved.schedule_minute:02d} "
               f"{saved.timezone}")


@schedule.command("show")
def show() -> None:
    """List every user's schedule."""
    with database_pool() as pool:
        schedules = list_schedules(pool)
    for item in schedules:
        state = "on " if item.schedule_enabled else "off"
        click.echo(f"{item.user_id:<24} {state} {item.schedule_hour:02d}:{item.schedule_minute:02d} {item.timezone}")
    click.echo(f"{len(schedules)} user(s)")
