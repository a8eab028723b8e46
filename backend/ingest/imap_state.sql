-- Statements of the IMAP sync state (backend/ingest/imap_state.py), on table mailbox_sync_state.

-- name: select_state
SELECT * FROM mailbox_sync_state
WHERE user_id = %(user_id)s AND account = %(account)s AND folder = %(folder)s

-- name: start_full_scan
-- A folder seen for the first time, or one whose UIDVALIDITY changed (its UIDs no longer name the
-- messages they named before): the sync starts again from UID 1. A change is counted in meta;
-- the WHERE keeps a second sync that finds the same new UIDVALIDITY from counting it twice.
INSERT INTO mailbox_sync_state (user_id, account, folder, uidvalidity, last_uid)
VALUES (%(user_id)s, %(account)s, %(folder)s, %(uidvalidity)s, 0)
ON CONFLICT (user_id, account, folder) DO UPDATE SET
  uidvalidity = EXCLUDED.uidvalidity,
  last_uid = 0,
  last_synced_at = now(),
  meta = mailbox_sync_state.meta || jsonb_build_object(
    'uidvalidity_changes', COALESCE((mailbox_sync_state.meta ->> 'uidvalidity_changes')::bigint, 0) + 1,
    'previous_uidvalidity', mailbox_sync_state.uidvalidity,
    'uidvalidity_changed_at', now()
  )
WHERE mailbox_sync_state.uidvalidity <> EXCLUDED.uidvalidity
RETURNING *

-- name: advance_state
-- After a batch is archived. GREATEST: a concurrent sync of the same folder never moves it back.
-- The UIDVALIDITY check: UIDs of an older UIDVALIDITY must not be recorded against a newer one.
UPDATE mailbox_sync_state SET
  last_uid = GREATEST(last_uid, %(last_uid)s),
  messages_archived = messages_archived + %(archived)s,
  last_synced_at = now()
WHERE user_id = %(user_id)s AND account = %(account)s AND folder = %(folder)s
  AND uidvalidity = %(uidvalidity)s
RETURNING *

-- name: mark_synced
UPDATE mailbox_sync_state SET last_synced_at = now()
WHERE user_id = %(user_id)s AND account = %(account)s AND folder = %(folder)s
  AND uidvalidity = %(uidvalidity)s
RETURNING *
