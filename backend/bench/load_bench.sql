-- The load benchmark's progress and audit (backend/bench/load_bench.py).

-- name: open_runs
SELECT count(*) FROM extraction_runs WHERE status IN ('queued', 'running')

-- name: extracted
SELECT count(*) FROM archive_ingest_index WHERE extracted_at IS NOT NULL

-- name: audit
-- Every archive processed by exactly one run ("new mail" runs only), every run ended, and the
-- runs' insert counters equal to the rows they left.
SELECT
  (SELECT count(*) FROM archive_ingest_index) AS archives,
  (SELECT count(*) FROM archive_ingest_index WHERE extracted_at IS NOT NULL AND extraction_error IS NULL)
    AS extracted_once,
  (SELECT coalesce(sum(archives_processed), 0) FROM extraction_runs) AS processed,
  (SELECT count(*) FROM extraction_runs WHERE status IN ('queued', 'running')) AS open_runs,
  (SELECT count(*) FROM extraction_runs WHERE status = 'failed') AS failed_runs,
  (SELECT coalesce(sum(reports_inserted), 0) FROM extraction_runs) AS inserted,
  (SELECT count(*) FROM extracted_reports) AS reports,
  (SELECT count(*) FROM extracted_report_points p
    WHERE NOT EXISTS (SELECT 1 FROM extracted_reports r WHERE r.id = p.report_id)) AS orphans
