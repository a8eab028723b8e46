-- Run control for the worker: attempts and leases, scheduling, cancellation, retries, one running
-- run per user, idempotent triggers, and a history of every status transition.
-- Atomic (one transaction) and idempotent: safe to apply twice with `psql -f`.
BEGIN;

ALTER TABLE extraction_runs
  ADD COLUMN IF NOT EXISTS attempt INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_attempt_check CHECK (attempt >= 0),
  ADD COLUMN IF NOT EXISTS max_attempts INTEGER NOT NULL DEFAULT 3
    CONSTRAINT extraction_runs_max_attempts_check CHECK (max_attempts >= 1),
  ADD COLUMN IF NOT EXISTS run_after TIMESTAMPTZ NOT NULL DEFAULT now(),
  ADD COLUMN IF NOT EXISTS worker_id TEXT,
  ADD COLUMN IF NOT EXISTS heartbeat_at TIMESTAMPTZ,
  ADD COLUMN IF NOT EXISTS cancel_requested_at TIMESTAMPTZ,
  ADD COLUMN IF NOT EXISTS retry_of BIGINT
    CONSTRAINT extraction_runs_retry_of_fkey REFERENCES extraction_runs (id) ON DELETE SET NULL;

-- At most one running run per user: a second worker cannot start a user that is busy.
CREATE UNIQUE INDEX IF NOT EXISTS extraction_runs_one_running_per_user_key
  ON extraction_runs (user_id) WHERE status = 'running';

-- A trigger (a schedule's day, a retried run) enqueues at most one run, however often it fires.
CREATE UNIQUE INDEX IF NOT EXISTS extraction_runs_trigger_key
  ON extraction_runs (user_id, trigger_type, trigger_ref) WHERE trigger_ref IS NOT NULL;

-- The claim query: queued runs that are due, oldest first.
CREATE INDEX IF NOT EXISTS extraction_runs_claimable_idx
  ON extraction_runs (run_after, id) WHERE status = 'queued';

-- The reaper: running runs by heartbeat.
CREATE INDEX IF NOT EXISTS extraction_runs_running_heartbeat_idx
  ON extraction_runs (heartbeat_at) WHERE status = 'running';

-- Every status transition of a run, with its time, written by a trigger so that no writer
-- (store, worker, reaper, operator with psql) can change a status without leaving a trace.
CREATE TABLE IF NOT EXISTS extraction_run_events (
  id BIGSERIAL PRIMARY KEY,
  run_id BIGINT NOT NULL
    CONSTRAINT extraction_run_events_run_id_fkey REFERENCES extraction_runs (id) ON DELETE CASCADE,
  from_status TEXT,
  to_status TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  worker_id TEXT,
  error_code TEXT,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS extraction_run_events_run_idx ON extraction_run_events (run_id, id);

CREATE OR REPLACE FUNCTION record_extraction_run_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO extraction_run_events (run_id, from_status, to_status, attempt, worker_id, error_code)
    VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, NEW.attempt,
            COALESCE(NEW.worker_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.worker_id END), NEW.error_code);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER extraction_runs_record_event
  AFTER INSERT OR UPDATE OF status ON extraction_runs
  FOR EACH ROW EXECUTE FUNCTION record_extraction_run_event();

-- Users and their daily schedule (local time in their time zone).
CREATE TABLE IF NOT EXISTS users (
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

-- Which archived emails have been through extraction, and what came of it.
ALTER TABLE archive_ingest_index
  ADD COLUMN IF NOT EXISTS extracted_at TIMESTAMPTZ,
  ADD COLUMN IF NOT EXISTS extraction_run_id BIGINT
    CONSTRAINT archive_ingest_index_extraction_run_id_fkey REFERENCES extraction_runs (id) ON DELETE SET NULL,
  ADD COLUMN IF NOT EXISTS extraction_error TEXT;

CREATE INDEX IF NOT EXISTS archive_ingest_index_user_pending_idx
  ON archive_ingest_index (user_id, published_at) WHERE extracted_at IS NULL;

COMMIT;
