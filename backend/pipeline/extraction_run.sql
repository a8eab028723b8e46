-- Choosing the archives a run extracts (backend/pipeline/extraction_run.py).

-- name: archives_to_extract
-- Oldest first, so the first copy of a report seen is the original. Archives this run already
-- handled (an earlier attempt of it) are skipped, which makes a requeued run resume.
SELECT archive_id FROM archive_ingest_index
WHERE user_id = %(user_id)s
  AND (%(broker)s::text IS NULL OR broker = %(broker)s)
  AND (cardinality(%(archive_ids)s::text[]) = 0 OR archive_id = ANY(%(archive_ids)s::text[]))
  AND extraction_run_id IS DISTINCT FROM %(run_id)s
  AND (%(reprocess)s OR cardinality(%(archive_ids)s::text[]) > 0 OR extracted_at IS NULL)
ORDER BY published_at NULLS FIRST, archive_id
