"""API tokens: random, prefixed, shown once, stored as a SHA-256 hash, revocable.

A token is `bi_` followed by 43 URL-safe characters (256 random bits). Only its SHA-256 is
stored, so a copy of the database does not hand out working tokens; a token that is lost is
revoked and a new one made.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from psycopg.rows import class_row

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.errors import NotFoundError, ValidationError
from backend.users.accounts import get_user_by_email

TOKEN_PREFIX = "bi_"  # noqa: S105  (a marker that a string is one of our tokens)
_TOKEN_BYTES = 32
_DISPLAY_CHARACTERS = 8  # "bi_" and 5 more: enough to tell a user's tokens apart in a listing
MAX_TOKEN_LENGTH = 200
MAX_LABEL_LENGTH = 200


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: the user of a valid token."""

    user_id: str
    email: str | None
    timezone: str
    token_id: int


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once; only its hash is kept
    token_id: int
    user_id: str
    display_prefix: str


@dataclass(frozen=True)
class TokenListing:
    id: int
    user_id: str
    display_prefix: str
    label: str | None
    created_at: datetime
    revoked_at: datetime | None


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.users", "tokens.sql"))


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(db: Db, email: str, *, label: str | None = None) -> IssuedToken:
    """Make a new token for the user with `email`."""
    if label is not None and (len(label) > MAX_LABEL_LENGTH or "\x00" in label):
        raise ValidationError("label", label, f"must be at most {MAX_LABEL_LENGTH} characters")
    user = get_user_by_email(db, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)
    display_prefix = token[:_DISPLAY_CHARACTERS]
    parameters = {
        "user_id": user.user_id,
        "token_sha256": token_sha256(token),
        "display_prefix": display_prefix,
        "label": label,
    }
    with transaction(db) as conn:
        row = conn.execute(_queries()["insert_token"], parameters).fetchone()
    assert row is not None  # INSERT ... RETURNING always yields the row
    return IssuedToken(token=token, token_id=int(row[0]), user_id=user.user_id, display_prefix=display_prefix)


def authenticate_token(db: Db, token: str) -> Principal | None:
    """The user a presented token belongs to; None for an unknown, revoked or malformed token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None  # not one of ours: no need to ask the database
    with transaction(db) as conn, conn.cursor(row_factory=class_row(Principal)) as cur:
        return cur.execute(_queries()["principal_by_hash"], {"token_sha256": token_sha256(token)}).fetchone()


def principal_for_token_id(db: Db, user_id: str, token_id: int) -> Principal | None:
    """The user of a session, as long as the token it was opened with is still valid."""
    with transaction(db) as conn, conn.cursor(row_factory=class_row(Principal)) as cur:
        return cur.execute(_queries()["principal_by_token_id"], {"user_id": user_id, "token_id": token_id}).fetchone()


def list_tokens(db: Db, email: str) -> list[TokenListing]:
    user = get_user_by_email(db, email)
    with transaction(db) as conn, conn.cursor(row_factory=class_row(TokenListing)) as cur:
        return cur.execute(_queries()["tokens_of_user"], {"user_id": user.user_id}).fetchall()


def revoke_token(db: Db, email: str, token_id: int) -> TokenListing:
    """Revoke one of the user's tokens (its sessions end with it)."""
    user = get_user_by_email(db, email)
    with transaction(db) as conn, conn.cursor(row_factory=class_row(TokenListing)) as cur:
        revoked = cur.execute(_queries()["revoke"], {"user_id": user.user_id, "token_id": token_id}).fetchone()
    if revoked is None:
        raise NotFoundError("token", token_id)
    return revoked
