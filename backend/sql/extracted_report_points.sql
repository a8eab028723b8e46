-- Canonical definition of extracted_report_points: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).
-- The ordered key points of each extracted report (1:N), removed with their report.

CREATE TABLE extracted_report_points (
  id BIGSERIAL PRIMARY KEY,
  report_id BIGINT NOT NULL
    CONSTRAINT extracted_report_points_report_id_fkey
    REFERENCES extracted_reports (id) ON DELETE CASCADE,
  point_order INTEGER NOT NULL CONSTRAINT extracted_report_points_point_order_check CHECK (point_order >= 0),
  point_text TEXT NOT NULL CONSTRAINT extracted_report_points_point_text_check CHECK (point_text <> ''),
  point_type TEXT NOT NULL DEFAULT 'key_point'
    CONSTRAINT extracted_report_points_point_type_check CHECK (point_type <> ''),
  confidence NUMERIC(5, 4)
    CONSTRAINT extracted_report_points_confidence_check CHECK (confidence >= 0 AND confidence <= 1),
  meta JSONB NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT extracted_report_points_meta_check CHECK (jsonb_typeof(meta) = 'object'),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT extracted_report_points_report_id_point_order_key UNIQUE (report_id, point_order)
);


-- Full-text search of the feed (`q`) over key points: the same expression is in backend/reports/feed.sql.
CREATE INDEX extracted_report_points_search_idx
  ON extracted_report_points USING gin (to_tsvector('english', point_text));
