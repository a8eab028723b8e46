-- Statements of the migration runner (backend/db/migrator.py).

-- name: lock
-- One runner at a time per database; other runners wait here, then find nothing left to do.
SELECT pg_advisory_lock(%(key)s)

-- name: unlock
SELECT pg_advisory_unlock(%(key)s)

-- name: create_history
CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)

-- name: history_exists
SELECT to_regclass('schema_migrations') IS NOT NULL AS present

-- name: applied
SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name

-- name: record
INSERT INTO schema_migrations (name, checksum) VALUES (%(name)s, %(checksum)s)
ON CONFLICT (name) DO NOTHING
