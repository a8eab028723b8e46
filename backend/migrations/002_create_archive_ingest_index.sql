-- One row per archived email and user: the lookup index over the archive's raw .eml and JSON
-- snapshots (which stay the source of truth for content).
-- Atomic (one transaction) and idempotent: safe to apply twice with `psql -f`.
BEGIN;

CREATE TABLE IF NOT EXISTS archive_ingest_index (
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
    CONSTRAINT archive_ingest_index_meta_check CHECK (jsonb_typeof(meta) = 'object')
);

-- A message is archived once per user (re-ingest adds nothing); two users each get their own row.
CREATE UNIQUE INDEX IF NOT EXISTS archive_ingest_index_user_message_key
  ON archive_ingest_index (user_id, message_id);

-- A user's mail newest first, and by broker.
CREATE INDEX IF NOT EXISTS archive_ingest_index_user_published_idx
  ON archive_ingest_index (user_id, published_at DESC, archive_id);
CREATE INDEX IF NOT EXISTS archive_ingest_index_user_broker_idx
  ON archive_ingest_index (user_id, broker, published_at DESC);

COMMIT;
