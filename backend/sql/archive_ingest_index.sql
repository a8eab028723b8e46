-- Canonical definition of archive_ingest_index: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).
-- One row per archived email and user: the lookup index over the archive's raw .eml and JSON
-- snapshots (which stay the source of truth for content).

CREATE TABLE archive_ingest_index (
  archive_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL CONSTRAINT archive_ingest_index_user_id_check CHECK (user_id <> ''),
  message_id TEXT,
  thread_id TEXT,
  broker TEXT,
  subject TEXT,
  from_address TEXT,
  published_at TIMESTAMPTZ,
  archived_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  meta JSONB NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT archive_ingest_index_meta_check CHECK (jsonb_typeof(meta) = 'object'),
  -- Extraction state (migration 006): when the email went through extraction and how.
  extracted_at TIMESTAMPTZ,
  extraction_run_id BIGINT
    CONSTRAINT archive_ingest_index_extraction_run_id_fkey REFERENCES extraction_runs (id) ON DELETE SET NULL,
  extraction_error TEXT
);

-- A message is archived once per user (re-ingest adds nothing); two users each get their own row.
CREATE UNIQUE INDEX archive_ingest_index_user_message_key
  ON archive_ingest_index (user_id, message_id);

-- A user's mail newest first, and by broker.
CREATE INDEX archive_ingest_index_user_published_idx
  ON archive_ingest_index (user_id, published_at DESC, archive_id);
CREATE INDEX archive_ingest_index_user_broker_idx
  ON archive_ingest_index (user_id, broker, published_at DESC);

-- Emails still waiting for extraction, per user.
CREATE INDEX archive_ingest_index_user_pending_idx
  ON archive_ingest_index (user_id, published_at) WHERE extracted_at IS NULL;
