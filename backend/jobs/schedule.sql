-- The daily schedule (backend/jobs/schedule.py).

-- name: scheduled_users
SELECT user_id, timezone, schedule_enabled, schedule_hour, schedule_minute FROM users
WHERE schedule_enabled ORDER BY user_id

-- name: upsert_schedule
INSERT INTO users (user_id, timezone, schedule_enabled, schedule_hour, schedule_minute)
VALUES (%(user_id)s, COALESCE(%(timezone)s, 'Asia/Kolkata'), COALESCE(%(enabled)s, true),
        COALESCE(%(hour)s, 7), COALESCE(%(minute)s, 0))
ON CONFLICT (user_id) DO UPDATE SET
  timezone = COALESCE(%(timezone)s, users.timezone),
  schedule_enabled = COALESCE(%(enabled)s, users.schedule_enabled),
  schedule_hour = COALESCE(%(hour)s, users.schedule_hour),
  schedule_minute = COALESCE(%(minute)s, users.schedule_minute),
  updated_at = now()
RETURNING user_id, timezone, schedule_enabled, schedule_hour, schedule_minute

-- name: all_schedules
SELECT user_id, timezone, schedule_enabled, schedule_hour, schedule_minute FROM users ORDER BY user_id
