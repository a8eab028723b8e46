"""The daily schedule: one `daily-cron` run per enabled user per local day, exactly once.

A user's run is due once their local clock has passed their hour:minute; its trigger_ref is that
local date. The unique index on (user_id, trigger_type, trigger_ref) makes enqueueing idempotent,
so any number of schedulers (cron, every worker's loop, the HTTP endpoint) may run at any time,
however late, and each user still gets one run per local day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from psycopg.rows import class_row

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.errors import ValidationError
from backend.jobs.run_control import enqueue_run

DAILY_TRIGGER = "daily-cron"


@dataclass(frozen=True)
class UserSchedule:
    user_id: str
    timezone: str
    schedule_enabled: bool
    schedule_hour: int
    schedule_minute: int


@dataclass
class DailyEnqueueSummary:
    due_users: int = 0
    enqueued: int = 0
    already_enqueued: int = 0
    not_yet_due: int = 0
    run_ids: list[int] = field(default_factory=list)
    invalid_timezones: list[str] = field(default_factory=list)  # users skipped: zone unknown here


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.jobs", "schedule.sql"))


def validate_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("timezone", name, "must be an IANA time zone such as Asia/Kolkata") from None
    return name


def local_day_due(schedule: UserSchedule, now: datetime) -> str | None:
    """The user's local date when their daily run is due at `now`, else None."""
    local = now.astimezone(ZoneInfo(schedule.timezone))
    if (local.hour, local.minute) < (schedule.schedule_hour, schedule.schedule_minute):
        return None
    return local.date().isoformat()


def enqueue_due_daily_runs(pool: Db, *, now: datetime | None = None, source: str = "scheduler") -> DailyEnqueueSummary:
    """Enqueue today's run of every enabled user whose local time has reached their schedule."""
    now = now or datetime.now(UTC)
    summary = DailyEnqueueSummary()
    with transaction(pool) as conn, conn.cursor(row_factory=class_row(UserSchedule)) as cur:
        schedules = cur.execute(_queries()["scheduled_users"]).fetchall()
    for schedule in schedules:
        try:
            day = local_day_due(schedule, now)
        except (ZoneInfoNotFoundError, ValueError):
            summary.invalid_timezones.append(schedule.user_id)
            continue
        if day is None:
            summary.not_yet_due += 1
            continue
        summary.due_users += 1
        run, created = enqueue_run(pool, schedule.user_id, trigger_type=DAILY_TRIGGER, trigger_ref=day,
                                   requested_by=source)
        if created:
            summary.enqueued += 1
            summary.run_ids.append(run.id)
        else:
            summary.already_enqueued += 1
    return summary


def set_schedule(
    pool: Db,
    user_id: str,
    *,
    timezone: str | None = None,
    enabled: bool | None = None,
    hour: int | None = None,
    minute: int | None = None,
) -> UserSchedule:
    """Create or change a user's schedule; fields left None keep their value (or the default)."""
    if timezone is not None:
        validate_timezone(timezone)
    if hour is not None and not 0 <= hour <= 23:
        raise ValidationError("hour", hour, "must be from 0 to 23")
    if minute is not None and not 0 <= minute <= 59:
        raise ValidationError("minute", minute, "must be from 0 to 59")
    parameters = {"user_id": user_id, "timezone": timezone, "enabled": enabled, "hour": hour, "minute": minute}
    with transaction(pool) as conn, conn.cursor(row_factory=class_row(UserSchedule)) as cur:
        schedule = cur.execute(_queries()["upsert_schedule"], parameters).fetchone()
    assert schedule is not None  # INSERT ... ON CONFLICT DO UPDATE returns the row
    return schedule


def list_schedules(pool: Db) -> list[UserSchedule]:
    with transaction(pool) as conn, conn.cursor(row_factory=class_row(UserSchedule)) as cur:
        return cur.execute(_queries()["all_schedules"]).fetchall()
