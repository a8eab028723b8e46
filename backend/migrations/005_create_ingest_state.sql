-- Incremental mailbox sync state: per user, account and folder, the UIDVALIDITY seen and the
-- highest UID archived, so the next sync fetches only newer messages.
-- Atomic (one transaction) and idempotent: safe to apply twice with `psql -f`.
BEGIN;

CREATE TABLE IF NOT EXISTS mailbox_sync_state (
  user_id TEXT NOT NULL CONSTRAINT mailbox_sync_state_user_id_check CHECK (user_id <> ''),
  account TEXT NOT NULL CONSTRAINT mailbox_sync_state_account_check CHECK (account <> ''),
  folder TEXT NOT NULL,
  uidvalidity BIGINT NOT NULL CONSTRAINT mailbox_sync_state_uidvalidity_check CHECK (uidvalidity > 0),
  last_uid BIGINT NOT NULL DEFAULT 0 CONSTRAINT mailbox_sync_state_last_uid_check CHECK (last_uid >= 0),
  messages_archived BIGINT NOT NULL DEFAULT 0
    CONSTRAINT mailbox_sync_state_messages_archived_check CHECK (messages_archived >= 0),
  last_synced_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  meta JSONB NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT mailbox_sync_state_meta_check CHECK (jsonb_typeof(meta) = 'object'),
  CONSTRAINT mailbox_sync_state_pkey PRIMARY KEY (user_id, account, folder)
);

COMMIT;
