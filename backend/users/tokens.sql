-- API tokens (backend/users/tokens.py). Tokens are looked up by their SHA-256, never stored.

-- name: insert_token
INSERT INTO api_tokens (user_id, token_sha256, display_prefix, label)
VALUES (%(user_id)s, %(token_sha256)s, %(display_prefix)s, %(label)s)
RETURNING id

-- name: principal_by_hash
SELECT u.user_id, u.email, u.timezone, t.id AS token_id
FROM api_tokens t JOIN users u ON u.user_id = t.user_id
WHERE t.token_sha256 = %(token_sha256)s AND t.revoked_at IS NULL

-- name: principal_by_token_id
SELECT u.user_id, u.email, u.timezone, t.id AS token_id
FROM api_tokens t JOIN users u ON u.user_id = t.user_id
WHERE t.id = %(token_id)s AND t.user_id = %(user_id)s AND t.revoked_at IS NULL

-- name: tokens_of_user
SELECT id, user_id, display_prefix, label, created_at, revoked_at
FROM api_tokens WHERE user_id = %(user_id)s ORDER BY id

-- name: revoke
UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now())
WHERE id = %(token_id)s AND user_id = %(user_id)s
RETURNING id, user_id, display_prefix, label, created_at, revoked_at
