-- Canonical definition of extracted_reports: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).
-- One row per distinct research report of a user, deduplicated on duplicate_key.

CREATE TABLE extracted_reports (
  id BIGSERIAL PRIMARY KEY,
  archive_id TEXT NOT NULL,
  user_id TEXT NOT NULL CONSTRAINT extracted_reports_user_id_check CHECK (user_id <> ''),
  extraction_run_id BIGINT
    CONSTRAINT extracted_reports_extraction_run_id_fkey
    REFERENCES extraction_runs (id) ON DELETE SET NULL,
  broker TEXT NOT NULL,
  company_canonical TEXT NOT NULL,
  company_raw TEXT,
  ticker TEXT,
  report_type TEXT NOT NULL
    CONSTRAINT extracted_reports_report_type_check
    CHECK (report_type IN ('initiation', 'rating_change', 'target_change', 'results_update',
                           'results_preview', 'general_update', 'sector_update', 'macro_strategy')),
  title TEXT NOT NULL,
  summary TEXT,
  rating TEXT CONSTRAINT extracted_reports_rating_check CHECK (rating IN ('buy', 'hold', 'sell')),
  rating_raw TEXT,
  previous_rating TEXT
    CONSTRAINT extracted_reports_previous_rating_check CHECK (previous_rating IN ('buy', 'hold', 'sell')),
  target_price NUMERIC(20, 4) CONSTRAINT extracted_reports_target_price_check CHECK (target_price > 0),
  previous_target_price NUMERIC(20, 4)
    CONSTRAINT extracted_reports_previous_target_price_check CHECK (previous_target_price > 0),
  currency TEXT CONSTRAINT extracted_reports_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  published_at TIMESTAMPTZ,
  confidence NUMERIC(5, 4)
    CONSTRAINT extracted_reports_confidence_check CHECK (confidence >= 0 AND confidence <= 1),
  duplicate_key TEXT NOT NULL CONSTRAINT extracted_reports_duplicate_key_check CHECK (duplicate_key <> ''),
  raw_payload JSONB NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT extracted_reports_raw_payload_check CHECK (jsonb_typeof(raw_payload) = 'object'),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT extracted_reports_user_id_duplicate_key_key UNIQUE (user_id, duplicate_key)
);

-- The research feed: a user's reports newest first (stable order on id).
CREATE INDEX extracted_reports_user_published_idx
  ON extracted_reports (user_id, published_at DESC, id DESC);
-- Filters by broker and by company, and a company's timeline across brokers.
CREATE INDEX extracted_reports_user_broker_company_idx
  ON extracted_reports (user_id, broker, company_canonical, published_at DESC);
CREATE INDEX extracted_reports_user_company_idx
  ON extracted_reports (user_id, company_canonical, published_at DESC);
-- What a run wrote, and which reports came from an archived email.
CREATE INDEX extracted_reports_extraction_run_idx
  ON extracted_reports (extraction_run_id);
CREATE INDEX extracted_reports_archive_idx
  ON extracted_reports (archive_id);

-- The feed lists undated reports last (published_at DESC NULLS LAST, id DESC).
CREATE INDEX extracted_reports_user_feed_idx
  ON extracted_reports (user_id, published_at DESC NULLS LAST, id DESC);
-- Full-text search of the feed (`q`): the same expression appears in backend/reports/feed.sql.
CREATE INDEX extracted_reports_search_idx
  ON extracted_reports USING gin (to_tsvector('english', title || ' ' || coalesce(summary, '')));
