-- Operator and user actions on runs (backend/jobs/run_control.py).

-- name: enqueue
-- A trigger with a reference (a schedule's day, a retried run) enqueues once: the unique index
-- extraction_runs_trigger_key turns a second attempt into no row, and the caller reads the first.
INSERT INTO extraction_runs (user_id, trigger_type, trigger_ref, meta, max_attempts, retry_of, run_after)
VALUES (%(user_id)s, %(trigger_type)s, %(trigger_ref)s, %(meta)s, %(max_attempts)s, %(retry_of)s,
        COALESCE(%(run_after)s::timestamptz, now()))
ON CONFLICT (user_id, trigger_type, trigger_ref) WHERE trigger_ref IS NOT NULL DO NOTHING
RETURNING *

-- name: by_trigger
SELECT * FROM extraction_runs
WHERE user_id = %(user_id)s AND trigger_type = %(trigger_type)s AND trigger_ref = %(trigger_ref)s

-- name: lock_for_user
-- A run is visible to its own user only; an operator passes user_id NULL.
SELECT * FROM extraction_runs
WHERE id = %(run_id)s AND (%(user_id)s::text IS NULL OR user_id = %(user_id)s)
FOR UPDATE

-- name: select_for_user
SELECT * FROM extraction_runs
WHERE id = %(run_id)s AND (%(user_id)s::text IS NULL OR user_id = %(user_id)s)

-- name: cancel_queued
UPDATE extraction_runs
SET status = 'canceled', cancel_requested_at = now(), finished_at = now(), updated_at = clock_timestamp(),
    meta = meta || jsonb_build_object('cancel', %(cancel)s::jsonb)
WHERE id = %(run_id)s AND status = 'queued'
RETURNING *

-- name: request_cancel_running
-- The worker honours it at the next archive boundary (or the reaper, if the worker is gone).
UPDATE extraction_runs
SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = clock_timestamp(),
    meta = meta || jsonb_build_object('cancel', %(cancel)s::jsonb)
WHERE id = %(run_id)s AND status = 'running'
RETURNING *

-- name: list_runs
SELECT * FROM extraction_runs
WHERE (%(user_id)s::text IS NULL OR user_id = %(user_id)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s OFFSET %(offset)s

-- name: count_runs
SELECT count(*) FROM extraction_runs
WHERE (%(user_id)s::text IS NULL OR user_id = %(user_id)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)

-- name: events
SELECT e.* FROM extraction_run_events e
JOIN extraction_runs r ON r.id = e.run_id
WHERE e.run_id = %(run_id)s AND (%(user_id)s::text IS NULL OR r.user_id = %(user_id)s)
ORDER BY e.id

-- name: ensure_user
INSERT INTO users (user_id) VALUES (%(user_id)s) ON CONFLICT (user_id) DO NOTHING
