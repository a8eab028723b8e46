-- Statements on archive_ingest_index (backend/archive/ingest_index.py).

-- name: existing_raw_hashes
-- For each already archived message: the sha256 of every copy of its bytes kept so far.
SELECT archive_id,
       array_remove(
         ARRAY[meta->>'raw_sha256']
         || ARRAY(SELECT jsonb_array_elements(coalesce(meta->'variants', '[]'::jsonb))->>'sha256'),
         NULL) AS raw_hashes
FROM archive_ingest_index
WHERE user_id = %(user_id)s AND archive_id = ANY(%(archive_ids)s)

-- name: add_variant
-- Another copy of an archived message (same Message-ID, different bytes: a list copy with an
-- added footer, a mutated re-delivery) is kept beside the first; recorded once.
UPDATE archive_ingest_index
SET meta = jsonb_set(meta, '{variants}', coalesce(meta->'variants', '[]'::jsonb) || %(variant)s)
WHERE archive_id = %(archive_id)s AND user_id = %(user_id)s
  AND NOT coalesce(meta->'variants', '[]'::jsonb) @> %(probe)s

-- name: insert_entry
-- A message archived concurrently by another ingest is left as that ingest wrote it.
INSERT INTO archive_ingest_index (
  archive_id, user_id, message_id, thread_id, broker, subject, from_address, published_at, meta
) VALUES (
  %(archive_id)s, %(user_id)s, %(message_id)s, %(thread_id)s, %(broker)s, %(subject)s,
  %(from_address)s, %(published_at)s, %(meta)s
)
ON CONFLICT DO NOTHING
RETURNING archive_id

-- name: get_entry
SELECT * FROM archive_ingest_index WHERE archive_id = %(archive_id)s AND user_id = %(user_id)s

-- name: list_entries
SELECT * FROM archive_ingest_index
WHERE user_id = %(user_id)s
  AND (%(broker)s::text IS NULL OR broker = %(broker)s)
  AND (%(since)s::timestamptz IS NULL OR published_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR published_at < %(until)s)
ORDER BY published_at DESC NULLS LAST, archive_id
LIMIT %(limit)s OFFSET %(offset)s

-- name: count_entries
SELECT count(*) FROM archive_ingest_index
WHERE user_id = %(user_id)s
  AND (%(broker)s::text IS NULL OR broker = %(broker)s)
  AND (%(since)s::timestamptz IS NULL OR published_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR published_at < %(until)s)
