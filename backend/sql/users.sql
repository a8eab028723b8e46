-- Canonical definition of users: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).

-- Users and their daily schedule (local time in their time zone).
CREATE TABLE users (
  user_id TEXT PRIMARY KEY CONSTRAINT users_user_id_check CHECK (user_id <> ''),
  email TEXT CONSTRAINT users_email_key UNIQUE,
  timezone TEXT NOT NULL DEFAULT 'Asia/Kolkata',
  schedule_enabled BOOLEAN NOT NULL DEFAULT true,
  schedule_hour INTEGER NOT NULL DEFAULT 7
    CONSTRAINT users_schedule_hour_check CHECK (schedule_hour BETWEEN 0 AND 23),
  schedule_minute INTEGER NOT NULL DEFAULT 0
    CONSTRAINT users_schedule_minute_check CHECK (schedule_minute BETWEEN 0 AND 59),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
