-- Statements of the extraction run store (backend/jobs/extraction_runs_store.py).

-- name: insert_run
INSERT INTO extraction_runs (
  user_id, trigger_type, trigger_ref, status, meta, requested_at, started_at, finished_at,
  archives_considered, archives_processed, reports_extracted, reports_inserted, reports_updated,
  points_inserted, error_code, error_message
) VALUES (
  %(user_id)s, %(trigger_type)s, %(trigger_ref)s, %(status)s, %(meta)s,
  COALESCE(%(requested_at)s::timestamptz, now()),
  -- A run created as running has started now, one created terminal has also finished now,
  -- unless the caller says when.
  COALESCE(%(started_at)s::timestamptz, CASE WHEN %(status)s <> 'queued' THEN now() END),
  COALESCE(%(finished_at)s::timestamptz,
           CASE WHEN %(status)s IN ('succeeded', 'failed', 'canceled') THEN now() END),
  %(archives_considered)s, %(archives_processed)s, %(reports_extracted)s, %(reports_inserted)s,
  %(reports_updated)s, %(points_inserted)s, %(error_code)s, %(error_message)s
)
RETURNING *

-- name: select_run
SELECT * FROM extraction_runs WHERE id = %(run_id)s

-- name: lock_run
-- Updates of one run are serialised: the second waits here and then validates against the
-- status the first one left.
SELECT * FROM extraction_runs WHERE id = %(run_id)s FOR UPDATE

-- name: update_run
-- Every field is written only when its set_<field> flag is true, so one statement serves any
-- combination of updates with every value bound as a parameter.
UPDATE extraction_runs SET
  status = CASE WHEN %(set_status)s THEN %(status)s::text ELSE status END,
  trigger_ref = CASE WHEN %(set_trigger_ref)s THEN %(trigger_ref)s::text ELSE trigger_ref END,
  started_at = CASE
    WHEN %(set_started_at)s THEN %(started_at)s::timestamptz
    WHEN %(starts_now)s THEN now()
    ELSE started_at END,
  finished_at = CASE
    WHEN %(set_finished_at)s THEN %(finished_at)s::timestamptz
    WHEN %(finishes_now)s THEN now()
    ELSE finished_at END,
  archives_considered = CASE WHEN %(set_archives_considered)s
    THEN %(archives_considered)s::integer ELSE archives_considered END,
  archives_processed = CASE WHEN %(set_archives_processed)s
    THEN %(archives_processed)s::integer ELSE archives_processed END,
  reports_extracted = CASE WHEN %(set_reports_extracted)s
    THEN %(reports_extracted)s::integer ELSE reports_extracted END,
  reports_inserted = CASE WHEN %(set_reports_inserted)s
    THEN %(reports_inserted)s::integer ELSE reports_inserted END,
  reports_updated = CASE WHEN %(set_reports_updated)s
    THEN %(reports_updated)s::integer ELSE reports_updated END,
  points_inserted = CASE WHEN %(set_points_inserted)s
    THEN %(points_inserted)s::integer ELSE points_inserted END,
  error_code = CASE WHEN %(set_error_code)s THEN %(error_code)s::text ELSE error_code END,
  error_message = CASE WHEN %(set_error_message)s THEN %(error_message)s::text ELSE error_message END,
  meta = CASE
    WHEN %(set_meta)s THEN %(meta)s::jsonb
    WHEN %(set_meta_patch)s THEN meta || %(meta_patch)s::jsonb
    ELSE meta END,
  -- clock_timestamp, not now(): two updates in one transaction still move it.
  updated_at = clock_timestamp()
WHERE id = %(run_id)s
RETURNING *

-- name: latest_for_user
SELECT * FROM extraction_runs
WHERE user_id = %(user_id)s
ORDER BY created_at DESC, id DESC
LIMIT 1
