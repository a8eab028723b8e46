-- Counts and timelines over a user's reports (backend/reports/aggregates.py).

-- name: company_timeline
-- Dated reports only: a point of a timeline needs a time.
SELECT broker, id AS report_id, published_at, report_type, title, rating,
       target_price::float8 AS target_price, currency
FROM extracted_reports
WHERE user_id = %(user_id)s AND company_canonical = %(company)s AND published_at IS NOT NULL
ORDER BY broker, published_at, id

-- name: company_report_count
SELECT count(*) FROM extracted_reports WHERE user_id = %(user_id)s AND company_canonical = %(company)s

-- name: list_brokers
SELECT broker, count(*)::int AS reports, count(DISTINCT company_canonical)::int AS companies,
       max(published_at) AS latest_published_at
FROM extracted_reports
WHERE user_id = %(user_id)s
GROUP BY broker
ORDER BY count(*) DESC, broker
LIMIT %(limit)s OFFSET %(offset)s

-- name: count_brokers
SELECT count(DISTINCT broker) FROM extracted_reports WHERE user_id = %(user_id)s

-- name: list_companies
-- `pattern` is a LIKE pattern whose metacharacters the caller escaped, so a percent sign or an
-- underscore the user typed matches only itself.
SELECT company_canonical AS company, count(*)::int AS reports, count(DISTINCT broker)::int AS brokers,
       max(published_at) AS latest_published_at
FROM extracted_reports
WHERE user_id = %(user_id)s
  AND (%(pattern)s::text IS NULL OR company_canonical ILIKE %(pattern)s)
  AND (%(broker)s::text IS NULL OR broker = %(broker)s)
GROUP BY company_canonical
ORDER BY count(*) DESC, company_canonical
LIMIT %(limit)s OFFSET %(offset)s

-- name: count_companies
SELECT count(DISTINCT company_canonical) FROM extracted_reports
WHERE user_id = %(user_id)s
  AND (%(pattern)s::text IS NULL OR company_canonical ILIKE %(pattern)s)
  AND (%(broker)s::text IS NULL OR broker = %(broker)s)
