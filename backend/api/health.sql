-- The service's health (backend/api/health.py).

-- name: queue
SELECT count(*)::int AS queued,
       extract(epoch FROM clock_timestamp() - min(requested_at))::float8 AS oldest_queued_seconds
FROM extraction_runs WHERE status = 'queued'
