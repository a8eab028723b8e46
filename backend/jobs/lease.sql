-- A worker's hold on a run (backend/jobs/lease.py). Every write a worker makes to a run it
-- holds is fenced: it applies only while the run is still running under the same worker and
-- attempt, so a worker that lost its lease (paused past it, reaped, requeued) writes nothing.

-- name: claim_candidate
-- The oldest due queued run of a user who has no running run. SKIP LOCKED lets concurrent workers
-- pass over each other's candidates instead of queueing behind them.
SELECT queued.id, queued.user_id FROM extraction_runs queued
WHERE queued.status = 'queued'
  AND queued.run_after <= now()
  AND NOT (queued.user_id = ANY(%(skip_users)s::text[]))
  AND (%(only_run_id)s::bigint IS NULL OR queued.id = %(only_run_id)s)
  AND NOT EXISTS (
    SELECT 1 FROM extraction_runs busy WHERE busy.user_id = queued.user_id AND busy.status = 'running')
ORDER BY queued.run_after, queued.id
LIMIT 1
FOR UPDATE SKIP LOCKED

-- name: claim
UPDATE extraction_runs
SET status = 'running', attempt = attempt + 1, worker_id = %(worker_id)s, heartbeat_at = now(),
    started_at = COALESCE(started_at, now()), error_code = NULL, error_message = NULL,
    updated_at = clock_timestamp()
WHERE id = %(run_id)s
RETURNING *

-- name: heartbeat
UPDATE extraction_runs SET heartbeat_at = now()
WHERE id = %(run_id)s AND status = 'running' AND worker_id = %(worker_id)s AND attempt = %(attempt)s
RETURNING cancel_requested_at

-- name: set_considered
UPDATE extraction_runs
SET archives_considered = %(considered)s, heartbeat_at = now(), updated_at = clock_timestamp()
WHERE id = %(run_id)s AND status = 'running' AND worker_id = %(worker_id)s AND attempt = %(attempt)s
RETURNING cancel_requested_at

-- name: add_progress
-- First statement of every archive's transaction: it also locks the run row, so the reaper cannot
-- take the run away while this archive's reports are being written.
UPDATE extraction_runs SET
  archives_processed = archives_processed + 1,
  reports_extracted = reports_extracted + %(reports_extracted)s,
  reports_inserted = reports_inserted + %(reports_inserted)s,
  reports_updated = reports_updated + %(reports_updated)s,
  points_inserted = points_inserted + %(points_inserted)s,
  heartbeat_at = now(), updated_at = clock_timestamp()
WHERE id = %(run_id)s AND status = 'running' AND worker_id = %(worker_id)s AND attempt = %(attempt)s
RETURNING cancel_requested_at

-- name: add_failure
-- An archive that could not be extracted: counted, sampled (at most 10) in meta, and marked on
-- the archive so this run does not try it again (a later run will).
WITH run AS (
  UPDATE extraction_runs SET
    archives_processed = archives_processed + 1,
    meta = meta || jsonb_build_object(
      'archives_failed', COALESCE((meta->>'archives_failed')::int, 0) + 1,
      'failure_samples', CASE
        WHEN jsonb_array_length(COALESCE(meta->'failure_samples', '[]'::jsonb)) < 10
          THEN COALESCE(meta->'failure_samples', '[]'::jsonb) || jsonb_build_array(%(sample)s::jsonb)
        ELSE meta->'failure_samples' END),
    heartbeat_at = now(), updated_at = clock_timestamp()
  WHERE id = %(run_id)s AND status = 'running' AND worker_id = %(worker_id)s AND attempt = %(attempt)s
  RETURNING id, user_id, cancel_requested_at
)
UPDATE archive_ingest_index archive
SET extraction_error = %(error)s, extraction_run_id = run.id
FROM run
WHERE archive.archive_id = %(archive_id)s AND archive.user_id = run.user_id
RETURNING run.cancel_requested_at

-- name: finish
UPDATE extraction_runs
SET status = %(status)s, finished_at = now(), error_code = %(error_code)s, error_message = %(error_message)s,
    meta = meta || %(meta_patch)s::jsonb, heartbeat_at = now(), updated_at = clock_timestamp()
WHERE id = %(run_id)s AND status = 'running' AND worker_id = %(worker_id)s AND attempt = %(attempt)s
RETURNING *

-- name: release
-- Give the run back to the queue (worker shutting down): the attempt is not spent.
UPDATE extraction_runs
SET status = 'queued', attempt = attempt - 1, worker_id = NULL, heartbeat_at = NULL, run_after = now(),
    updated_at = clock_timestamp()
WHERE id = %(run_id)s AND status = 'running' AND worker_id = %(worker_id)s AND attempt = %(attempt)s
RETURNING *

-- name: reap
-- Runs whose worker stopped heartbeating: canceled if a cancel was asked, failed once out of
-- attempts, else queued again after a backoff. SKIP LOCKED makes concurrent reapers share the work.
WITH stale AS (
  SELECT id FROM extraction_runs
  WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => %(lease_seconds)s)
  ORDER BY heartbeat_at
  FOR UPDATE SKIP LOCKED
)
UPDATE extraction_runs run SET
  status = CASE
    WHEN run.cancel_requested_at IS NOT NULL THEN 'canceled'
    WHEN run.attempt >= run.max_attempts THEN 'failed'
    ELSE 'queued' END,
  finished_at = CASE
    WHEN run.cancel_requested_at IS NOT NULL OR run.attempt >= run.max_attempts THEN now() END,
  error_code = CASE WHEN run.cancel_requested_at IS NULL THEN 'worker_lost' END,
  error_message = CASE WHEN run.cancel_requested_at IS NULL
    THEN format('worker %%s stopped heartbeating during attempt %%s', run.worker_id, run.attempt) END,
  run_after = now() + make_interval(secs => least(%(backoff_max)s, %(backoff_base)s * power(2, run.attempt - 1))),
  worker_id = NULL, heartbeat_at = NULL, updated_at = clock_timestamp()
FROM stale
WHERE run.id = stale.id
RETURNING run.*
