-- Canonical definition of extraction_runs: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).
-- One row per extraction run: its lifecycle from enqueue to end, and exact counters.

CREATE TABLE extraction_runs (
  id BIGSERIAL PRIMARY KEY,
  user_id TEXT NOT NULL CONSTRAINT extraction_runs_user_id_check CHECK (user_id <> ''),
  trigger_type TEXT NOT NULL CONSTRAINT extraction_runs_trigger_type_check CHECK (trigger_type <> ''),
  trigger_ref TEXT,
  status TEXT NOT NULL DEFAULT 'queued'
    CONSTRAINT extraction_runs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  archives_considered INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_archives_considered_check CHECK (archives_considered >= 0),
  archives_processed INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_archives_processed_check CHECK (archives_processed >= 0),
  reports_extracted INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_reports_extracted_check CHECK (reports_extracted >= 0),
  reports_inserted INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_reports_inserted_check CHECK (reports_inserted >= 0),
  reports_updated INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_reports_updated_check CHECK (reports_updated >= 0),
  points_inserted INTEGER NOT NULL DEFAULT 0
    CONSTRAINT extraction_runs_points_inserted_check CHECK (points_inserted >= 0),
  error_code TEXT,
  error_message TEXT,
  meta JSONB NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT extraction_runs_meta_check CHECK (jsonb_typeof(meta) = 'object'),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Run control (migration 006): attempts and the worker's lease, scheduling, cancel, retries.
  attempt INTEGER NOT NULL DEFAULT 0 CONSTRAINT extraction_runs_attempt_check CHECK (attempt >= 0),
  max_attempts INTEGER NOT NULL DEFAULT 3 CONSTRAINT extraction_runs_max_attempts_check CHECK (max_attempts >= 1),
  run_after TIMESTAMPTZ NOT NULL DEFAULT now(),
  worker_id TEXT,
  heartbeat_at TIMESTAMPTZ,
  cancel_requested_at TIMESTAMPTZ,
  retry_of BIGINT CONSTRAINT extraction_runs_retry_of_fkey REFERENCES extraction_runs (id) ON DELETE SET NULL
);

-- "Latest run of a user" and "a user's runs, newest first".
CREATE INDEX extraction_runs_user_latest_idx
  ON extraction_runs (user_id, created_at DESC, id DESC);

-- Workers and operators look for runs by status in request order.
CREATE INDEX extraction_runs_status_requested_idx
  ON extraction_runs (status, requested_at, id);

-- At most one running run per user: a second worker cannot start a user that is busy.
CREATE UNIQUE INDEX extraction_runs_one_running_per_user_key
  ON extraction_runs (user_id) WHERE status = 'running';

-- A trigger (a schedule's day, a retried run) enqueues at most one run, however often it fires.
CREATE UNIQUE INDEX extraction_runs_trigger_key
  ON extraction_runs (user_id, trigger_type, trigger_ref) WHERE trigger_ref IS NOT NULL;

-- The claim query: queued runs that are due, oldest first.
CREATE INDEX extraction_runs_claimable_idx
  ON extraction_runs (run_after, id) WHERE status = 'queued';

-- The reaper: running runs by heartbeat.
CREATE INDEX extraction_runs_running_heartbeat_idx
  ON extraction_runs (heartbeat_at) WHERE status = 'running';
