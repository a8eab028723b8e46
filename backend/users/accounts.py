"""Users: who they are (an email), and the time zone their dates are read in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import psycopg
from psycopg.rows import class_row

from backend.db.connection import Db, transaction
from backend.db.queries import load_queries
from backend.errors import ConflictError, NotFoundError, ValidationError
from backend.jobs.schedule import validate_timezone

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL_LENGTH = 254  # RFC 5321 path limit
MAX_USER_ID_LENGTH = 200


@dataclass(frozen=True)
class User:
    user_id: str
    email: str | None
    timezone: str
    created_at: datetime


@dataclass(frozen=True)
class UserListing:
    user_id: str
    email: str | None
    timezone: str
    created_at: datetime
    active_tokens: int


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.users", "accounts.sql"))


def normalize_email(email: str) -> str:
    """Emails compare case-insensitively: they are kept lower-cased."""
    cleaned = email.strip().lower()
    if len(cleaned) > MAX_EMAIL_LENGTH or not _EMAIL.match(cleaned):
        raise ValidationError("email", email, "must be an email address such as analyst@example.com")
    return cleaned


def validate_user_id(user_id: str) -> str:
    if not user_id.strip() or len(user_id) > MAX_USER_ID_LENGTH or "\x00" in user_id:
        raise ValidationError("user_id", user_id, f"must be non-empty, at most {MAX_USER_ID_LENGTH} characters")
    return user_id


def add_user(db: Db, email: str, *, user_id: str | None = None, timezone: str | None = None) -> User:
    """Create a user (user id = email unless given); an existing id without an email is adopted."""
    email = normalize_email(email)
    user_id = validate_user_id(user_id if user_id is not None else email)
    if timezone is not None:
        validate_timezone(timezone)
    parameters = {"user_id": user_id, "email": email, "timezone": timezone}
    try:
        with transaction(db) as conn, conn.cursor(row_factory=class_row(User)) as cur:
            user = cur.execute(_queries()["add_user"], parameters).fetchone()
    except psycopg.errors.UniqueViolation:
        raise ConflictError(f"a user with email {email!r} already exists") from None
    if user is None:
        raise ConflictError(f"user {user_id!r} already exists with another email")
    return user


def get_user_by_email(db: Db, email: str) -> User:
    email = normalize_email(email)
    with transaction(db) as conn, conn.cursor(row_factory=class_row(User)) as cur:
        user = cur.execute(_queries()["by_email"], {"email": email}).fetchone()
    if user is None:
        raise NotFoundError("user", email)
    return user


def get_user(db: Db, user_id: str) -> User:
    with transaction(db) as conn, conn.cursor(row_factory=class_row(User)) as cur:
        user = cur.execute(_queries()["by_user_id"], {"user_id": user_id}).fetchone()
    if user is None:
        raise NotFoundError("user", user_id)
    return user


def list_users(db: Db) -> list[UserListing]:
    with transaction(db) as conn, conn.cursor(row_factory=class_row(UserListing)) as cur:
        return cur.execute(_queries()["list_users"]).fetchall()
