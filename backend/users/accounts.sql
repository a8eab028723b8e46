-- Users (backend/users/accounts.py).

-- name: add_user
-- A user id that exists without an email (made when mail was ingested for it) is adopted: it
-- gets the email and keeps its mail, runs and schedule. One that has an email is left alone and
-- no row comes back.
INSERT INTO users (user_id, email, timezone)
VALUES (%(user_id)s, %(email)s, COALESCE(%(timezone)s, 'Asia/Kolkata'))
ON CONFLICT (user_id) DO UPDATE
SET email = EXCLUDED.email, timezone = COALESCE(%(timezone)s, users.timezone), updated_at = now()
WHERE users.email IS NULL
RETURNING user_id, email, timezone, created_at

-- name: by_email
SELECT user_id, email, timezone, created_at FROM users WHERE email = %(email)s

-- name: by_user_id
SELECT user_id, email, timezone, created_at FROM users WHERE user_id = %(user_id)s

-- name: list_users
SELECT u.user_id, u.email, u.timezone, u.created_at,
       (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.user_id AND t.revoked_at IS NULL) AS active_tokens
FROM users u
ORDER BY u.created_at, u.user_id
