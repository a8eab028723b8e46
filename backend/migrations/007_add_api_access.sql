-- API access and the research feed: API tokens of users, the feed's ordering index and
-- full-text search over report titles, summaries and key points.
-- Atomic (one transaction) and idempotent: safe to apply twice with `psql -f`.
BEGIN;

-- Bearer tokens of the HTTP API. Only the SHA-256 of a token is kept: the token itself is shown
-- once when it is made. A revoked token stays listed (with when) but no longer authenticates.
CREATE TABLE IF NOT EXISTS api_tokens (
  id BIGSERIAL PRIMARY KEY,
  user_id TEXT NOT NULL
    CONSTRAINT api_tokens_user_id_fkey REFERENCES users (user_id) ON DELETE CASCADE,
  token_sha256 TEXT NOT NULL
    CONSTRAINT api_tokens_token_sha256_check CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  display_prefix TEXT NOT NULL CONSTRAINT api_tokens_display_prefix_check CHECK (display_prefix <> ''),
  label TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ,
  CONSTRAINT api_tokens_token_sha256_key UNIQUE (token_sha256)
);

CREATE INDEX IF NOT EXISTS api_tokens_user_idx ON api_tokens (user_id, id);

-- The feed lists undated reports last (published_at DESC NULLS LAST, id DESC); the index of
-- migration 003 sorts them first, so the feed's first page would need a sort of every row.
CREATE INDEX IF NOT EXISTS extracted_reports_user_feed_idx
  ON extracted_reports (user_id, published_at DESC NULLS LAST, id DESC);

-- Full-text search of the feed (`q`): the same expressions appear in backend/reports/feed.sql.
CREATE INDEX IF NOT EXISTS extracted_reports_search_idx
  ON extracted_reports USING gin (to_tsvector('english', title || ' ' || coalesce(summary, '')));
CREATE INDEX IF NOT EXISTS extracted_report_points_search_idx
  ON extracted_report_points USING gin (to_tsvector('english', point_text));

COMMIT;
