-- Generated research for `bench api` (backend/bench/api_bench.py): deterministic, varied enough
-- for every filter of the feed to select a realistic share of the rows.

-- name: seed_reports
INSERT INTO extracted_reports (
  archive_id, user_id, broker, company_canonical, company_raw, report_type, title, summary, rating,
  previous_rating, target_price, previous_target_price, currency, published_at, confidence, duplicate_key
)
SELECT 'a' || md5('bench-archive-' || n),
       %(user_id)s,
       broker,
       company,
       company,
       report_type,
       company || ': ' || (%(phrases)s::text[])[1 + (n * 11) %% cardinality(%(phrases)s::text[])]
         || ' (' || to_char(published_at, 'Mon YYYY') || ')',
       'We ' || (%(verbs)s::text[])[1 + (n * 13) %% cardinality(%(verbs)s::text[])] || ' our view on ' || company
         || ' after the quarter: ' || (%(phrases)s::text[])[1 + (n * 17) %% cardinality(%(phrases)s::text[])]
         || '; valuation at ' || (12 + n %% 30) || 'x FY27 earnings.',
       (ARRAY['buy', 'hold', 'sell'])[1 + (n * 5) %% 3],
       CASE WHEN n %% 4 = 0 THEN (ARRAY['buy', 'hold', 'sell'])[1 + (n * 7) %% 3] END,
       100 + (n %% 2000) * 1.5,
       CASE WHEN n %% 3 = 0 THEN 100 + (n %% 1900) * 1.5 END,
       'INR',
       published_at,
       0.6 + (n %% 40) / 100.0,
       'bench-' || n
FROM (
  SELECT n,
         (%(brokers)s::text[])[1 + n %% cardinality(%(brokers)s::text[])] AS broker,
         (%(companies)s::text[])[1 + (n * 7) %% cardinality(%(companies)s::text[])] AS company,
         (%(report_types)s::text[])[1 + (n * 3) %% cardinality(%(report_types)s::text[])] AS report_type,
         timestamptz '2026-01-01 09:00+05:30' - make_interval(mins => n * 17) AS published_at
  FROM generate_series(1, %(count)s) AS n
) AS generated

-- name: seed_points
INSERT INTO extracted_report_points (report_id, point_order, point_text, point_type)
SELECT r.id, k,
       (%(points)s::text[])[1 + (r.id * 3 + k) %% cardinality(%(points)s::text[])],
       'key_point'
FROM extracted_reports r CROSS JOIN generate_series(0, 2) AS k
WHERE r.user_id = %(user_id)s
