-- Consistency checks of the database (backend/audit/doctor.py). Each returns offending rows
-- (at most a sample) and `total`, the number of offenders.

-- name: stuck_runs
-- Running, but the worker has not sent a heartbeat for longer than the lease: the worker is gone
-- and no reaper (no worker process) has taken the run back yet.
SELECT id::text AS key, format('user %%s, attempt %%s, worker %%s, last heartbeat %%s', user_id, attempt,
       coalesce(worker_id, '?'), coalesce(heartbeat_at::text, 'never')) AS detail,
       count(*) OVER () AS total
FROM extraction_runs
WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => %(lease_seconds)s))
ORDER BY id LIMIT %(sample)s

-- name: unfinished_terminal_runs
SELECT id::text AS key, format('%%s without finished_at', status) AS detail, count(*) OVER () AS total
FROM extraction_runs
WHERE status IN ('succeeded', 'failed', 'canceled') AND finished_at IS NULL
ORDER BY id LIMIT %(sample)s

-- name: inconsistent_counters
SELECT id::text AS key,
       format('processed %%s of %%s considered; %%s reports extracted but %%s inserted + %%s updated',
              archives_processed, archives_considered, reports_extracted, reports_inserted, reports_updated) AS detail,
       count(*) OVER () AS total
FROM extraction_runs
WHERE archives_processed > archives_considered
   OR reports_inserted + reports_updated <> reports_extracted
   OR (status = 'succeeded' AND archives_processed <> archives_considered)
ORDER BY id LIMIT %(sample)s

-- name: orphan_points
SELECT p.id::text AS key, format('point of missing report %%s', p.report_id) AS detail, count(*) OVER () AS total
FROM extracted_report_points p
WHERE NOT EXISTS (SELECT 1 FROM extracted_reports r WHERE r.id = p.report_id)
ORDER BY p.id LIMIT %(sample)s

-- name: reports_without_archive
SELECT r.id::text AS key, format('report of missing archive %%s', r.archive_id) AS detail, count(*) OVER () AS total
FROM extracted_reports r
WHERE NOT EXISTS (SELECT 1 FROM archive_ingest_index a WHERE a.archive_id = r.archive_id)
ORDER BY r.id LIMIT %(sample)s

-- name: duplicate_reports
SELECT min(id)::text AS key, format('%%s rows share duplicate_key %%s of %%s', count(*), duplicate_key, user_id) AS detail,
       count(*) OVER () AS total
FROM extracted_reports
GROUP BY user_id, duplicate_key
HAVING count(*) > 1
LIMIT %(sample)s

-- name: index_entries
-- Every index row with the files it points to, checked against the archive store.
SELECT archive_id, meta->>'raw_sha256' AS raw_sha256 FROM archive_ingest_index
