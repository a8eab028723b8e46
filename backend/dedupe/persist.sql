-- Writing extracted reports and their points (backend/dedupe/persist.py).

-- name: upsert_report
-- A report seen before (same user and duplicate_key) keeps its row and id; xmax = 0 tells a row
-- this statement inserted from one it found.
INSERT INTO extracted_reports (
  archive_id, user_id, extraction_run_id, broker, company_canonical, company_raw, ticker, report_type,
  title, summary, rating, rating_raw, previous_rating, target_price, previous_target_price, currency,
  published_at, confidence, duplicate_key, raw_payload
) VALUES (
  %(archive_id)s, %(user_id)s, %(extraction_run_id)s, %(broker)s, %(company_canonical)s, %(company_raw)s,
  %(ticker)s, %(report_type)s, %(title)s, %(summary)s, %(rating)s, %(rating_raw)s, %(previous_rating)s,
  %(target_price)s, %(previous_target_price)s, %(currency)s, %(published_at)s, %(confidence)s,
  %(duplicate_key)s, %(raw_payload)s
)
ON CONFLICT (user_id, duplicate_key) DO UPDATE
SET extraction_run_id = EXCLUDED.extraction_run_id, updated_at = clock_timestamp()
RETURNING id, (xmax = 0) AS inserted, archive_id, confidence

-- name: refresh_report
-- The new reading replaces the stored one (same email re-extracted, or a copy read at least as
-- confidently, e.g. a "[Revised]" re-issue); the id, archive of first sight and created_at stay.
UPDATE extracted_reports SET
  broker = %(broker)s, company_canonical = %(company_canonical)s, company_raw = %(company_raw)s,
  ticker = %(ticker)s, report_type = %(report_type)s, title = %(title)s, summary = %(summary)s,
  rating = %(rating)s, rating_raw = %(rating_raw)s, previous_rating = %(previous_rating)s,
  target_price = %(target_price)s, previous_target_price = %(previous_target_price)s,
  currency = %(currency)s, published_at = %(published_at)s, confidence = %(confidence)s,
  raw_payload = %(raw_payload)s, updated_at = clock_timestamp()
WHERE id = %(report_id)s

-- name: note_copy
-- A copy read less confidently leaves the stored reading alone; the copy's archive is remembered.
UPDATE extracted_reports
SET raw_payload = jsonb_set(raw_payload, '{copies}',
      (SELECT coalesce(jsonb_agg(DISTINCT value), '[]'::jsonb)
       FROM jsonb_array_elements_text(coalesce(raw_payload->'copies', '[]'::jsonb) || to_jsonb(%(archive_id)s::text)))
    )
WHERE id = %(report_id)s

-- name: delete_points
DELETE FROM extracted_report_points WHERE report_id = %(report_id)s

-- name: insert_points
INSERT INTO extracted_report_points (report_id, point_order, point_text, point_type)
SELECT %(report_id)s, point.ordinality - 1, point.text, point.kind
FROM unnest(%(texts)s::text[], %(kinds)s::text[]) WITH ORDINALITY AS point(text, kind, ordinality)

-- name: mark_archive_extracted
UPDATE archive_ingest_index
SET extracted_at = now(), extraction_run_id = %(run_id)s, extraction_error = NULL
WHERE archive_id = %(archive_id)s
