-- Canonical definition of api_tokens: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).

-- Bearer tokens of the HTTP API. Only the SHA-256 of a token is kept: the token itself is shown
-- once when it is made. A revoked token stays listed (with when) but no longer authenticates.
CREATE TABLE api_tokens (
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

CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);
