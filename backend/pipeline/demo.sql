-- The demo's summary table (backend/pipeline/demo.py).

-- name: report_table
SELECT broker, company_canonical, report_type, rating, target_price, currency, published_at
FROM extracted_reports
WHERE user_id = %(user_id)s
ORDER BY published_at DESC NULLS LAST, id DESC
LIMIT %(limit)s
