-- The research feed and one report (backend/reports/feed.py). Every statement is scoped to one
-- user; the search expressions match the GIN indexes of migration 007.

-- name: list_reports
SELECT r.id, r.broker, r.company_canonical, r.company_raw, r.ticker, r.report_type, r.title, r.summary,
       r.rating, r.previous_rating, r.target_price::float8 AS target_price,
       r.previous_target_price::float8 AS previous_target_price, r.currency, r.published_at,
       r.confidence::float8 AS confidence, r.archive_id, r.extraction_run_id,
       (SELECT count(*) FROM extracted_report_points p WHERE p.report_id = r.id)::int AS key_point_count
FROM extracted_reports r
WHERE r.user_id = %(user_id)s
  AND (%(broker)s::text IS NULL OR r.broker = %(broker)s)
  AND (%(company)s::text IS NULL OR r.company_canonical = %(company)s)
  AND (%(report_type)s::text IS NULL OR r.report_type = %(report_type)s)
  AND (%(rating)s::text IS NULL OR r.rating = %(rating)s)
  AND (%(since)s::timestamptz IS NULL OR r.published_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR r.published_at < %(until)s)
  AND (%(run_id)s::bigint IS NULL OR r.extraction_run_id = %(run_id)s)
  AND (%(q)s::text IS NULL OR r.id IN (
        SELECT s.id FROM extracted_reports s
        WHERE s.user_id = %(user_id)s
          AND to_tsvector('english', s.title || ' ' || coalesce(s.summary, ''))
              @@ websearch_to_tsquery('english', %(q)s)
        UNION
        SELECT p.report_id FROM extracted_report_points p
        WHERE to_tsvector('english', p.point_text) @@ websearch_to_tsquery('english', %(q)s)))
ORDER BY r.published_at DESC NULLS LAST, r.id DESC
LIMIT %(limit)s OFFSET %(offset)s

-- name: count_reports
SELECT count(*) FROM extracted_reports r
WHERE r.user_id = %(user_id)s
  AND (%(broker)s::text IS NULL OR r.broker = %(broker)s)
  AND (%(company)s::text IS NULL OR r.company_canonical = %(company)s)
  AND (%(report_type)s::text IS NULL OR r.report_type = %(report_type)s)
  AND (%(rating)s::text IS NULL OR r.rating = %(rating)s)
  AND (%(since)s::timestamptz IS NULL OR r.published_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR r.published_at < %(until)s)
  AND (%(run_id)s::bigint IS NULL OR r.extraction_run_id = %(run_id)s)
  AND (%(q)s::text IS NULL OR r.id IN (
        SELECT s.id FROM extracted_reports s
        WHERE s.user_id = %(user_id)s
          AND to_tsvector('english', s.title || ' ' || coalesce(s.summary, ''))
              @@ websearch_to_tsquery('english', %(q)s)
        UNION
        SELECT p.report_id FROM extracted_report_points p
        WHERE to_tsvector('english', p.point_text) @@ websearch_to_tsquery('english', %(q)s)))

-- name: get_report
SELECT r.id, r.broker, r.company_canonical, r.company_raw, r.ticker, r.report_type, r.title, r.summary,
       r.rating, r.previous_rating, r.target_price::float8 AS target_price,
       r.previous_target_price::float8 AS previous_target_price, r.currency, r.published_at,
       r.confidence::float8 AS confidence, r.archive_id, r.extraction_run_id, r.rating_raw,
       (SELECT count(*) FROM extracted_report_points p WHERE p.report_id = r.id)::int AS key_point_count
FROM extracted_reports r
WHERE r.id = %(report_id)s AND r.user_id = %(user_id)s

-- name: report_points
SELECT point_order, point_text, point_type FROM extracted_report_points
WHERE report_id = %(report_id)s
ORDER BY point_order

-- name: report_archive
SELECT archive_id, subject, from_address, published_at FROM archive_ingest_index
WHERE archive_id = %(archive_id)s AND user_id = %(user_id)s

-- name: previous_call
SELECT id AS report_id, published_at, rating, target_price::float8 AS target_price, currency
FROM extracted_reports
WHERE user_id = %(user_id)s AND broker = %(broker)s AND company_canonical = %(company)s
  AND published_at < %(published_at)s
  AND (rating IS NOT NULL OR target_price IS NOT NULL)
ORDER BY published_at DESC, id DESC
LIMIT 1
