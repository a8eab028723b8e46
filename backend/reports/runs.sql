-- Runs requested by users (backend/reports/runs.py).

-- name: known_archive_ids
SELECT archive_id FROM archive_ingest_index
WHERE user_id = %(user_id)s AND archive_id = ANY(%(archive_ids)s::text[])
