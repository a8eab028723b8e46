"""Every error the product raises on purpose, in one small hierarchy.

Callers catch `BrokerageInsightsError` (or a branch of it) and show `str(error)`: each message names
the field or thing at fault and the value that was refused. The CLI turns these into one-line
messages with a non-zero exit status; the API maps them to HTTP statuses in one place.
"""

from __future__ import annotations

from typing import Any


class BrokerageInsightsError(Exception):
    """Base of every deliberate error of the product."""


class ConfigurationError(BrokerageInsightsError):
    """The environment or settings do not allow the product to start (bad URL, missing directory)."""


class DatabaseUnavailableError(BrokerageInsightsError):
    """The database server cannot be reached or started."""


class ValidationError(BrokerageInsightsError, ValueError):
    """An input value is not acceptable; nothing was written."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"invalid {field}: {value!r} ({reason})")


class NotFoundError(BrokerageInsightsError, LookupError):
    """A thing addressed by its id does not exist (or is not visible to the caller)."""

    def __init__(self, kind: str, key: Any) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class ConflictError(BrokerageInsightsError):
    """The request is valid but conflicts with the current state of the thing it addresses."""


class InvalidTransitionError(ConflictError):
    """A status change that the run lifecycle does not allow (for example out of a terminal state)."""

    def __init__(self, run_id: int, current: str, requested: str) -> None:
        self.run_id = run_id
        self.current = current
        self.requested = requested
        super().__init__(
            f"invalid status transition for extraction run {run_id}: {current!r} -> {requested!r}"
        )


class MigrationError(BrokerageInsightsError):
    """The migration files or the recorded migration history cannot be reconciled."""


class MigrationChecksumError(MigrationError):
    """A migration that was already applied has been edited since."""

    def __init__(self, name: str, recorded: str, current: str) -> None:
        self.name = name
        super().__init__(
            f"migration {name} was edited after it was applied "
            f"(recorded checksum {recorded[:12]}..., file now {current[:12]}...); "
            "add a new numbered migration instead of editing an applied one"
        )


class NotMimeError(BrokerageInsightsError, ValueError):
    """The input is not an RFC 5322 message at all (empty, or another file format such as Outlook .msg)."""

    def __init__(self, source_ref: str, reason: str) -> None:
        self.source_ref = source_ref
        self.reason = reason
        super().__init__(f"not an email message: {source_ref!r} ({reason})")


class SnapshotFormatError(BrokerageInsightsError, ValueError):
    """A stored archive snapshot cannot be read back (unknown schema version, missing or mistyped field)."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"invalid snapshot field {field}: {value!r} ({reason})")


class ReferenceDataError(ConfigurationError):
    """A reference data file (broker registry, company master) holds an entry that cannot be used."""

    def __init__(self, source: str, entry: str, field: str, value: Any, reason: str) -> None:
        self.source = source
        self.entry = entry
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{source}: {entry}: invalid {field}: {value!r} ({reason})")


class ArchiveStoreError(BrokerageInsightsError):
    """The archive directory cannot be written (full disk, read-only or missing permissions)."""


class ArchiveNotFoundError(NotFoundError):
    """An archived file (snapshot or raw message) is missing from the archive store."""


class SourceNotFoundError(BrokerageInsightsError):
    """A mail source given on the command line does not exist or cannot be read at all."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"cannot read mail source {path!r}: {reason}")


class MailServerError(BrokerageInsightsError):
    """A mail server (IMAP) could not be used: `server` is its host:port, never with a password."""

    def __init__(self, server: str, message: str) -> None:
        self.server = server
        super().__init__(message)


class LoginError(MailServerError):
    """The mail server refused the user name or password."""

    def __init__(self, server: str, username: str, reason: str) -> None:
        self.username = username
        super().__init__(server, f"IMAP login to {server} refused for user {username!r}: {reason}")


class MailServerUnreachableError(MailServerError):
    """The mail server cannot be reached: unknown host, connection refused, timeout or lost."""

    def __init__(self, server: str, reason: str) -> None:
        super().__init__(server, f"cannot reach IMAP server {server}: {reason}")


class MailServerTlsError(MailServerError):
    """The TLS handshake with the mail server failed (not a TLS port, bad certificate)."""

    def __init__(self, server: str, reason: str) -> None:
        super().__init__(server, f"TLS handshake with IMAP server {server} failed: {reason}")


class MailFolderNotFoundError(MailServerError):
    """The folder to sync does not exist on the mail server."""

    def __init__(self, server: str, account: str, folder: str) -> None:
        self.folder = folder
        super().__init__(server, f"IMAP folder {folder!r} not found in account {account}")


class LeaseLostError(ConflictError):
    """A worker no longer holds the run it was working on (reaped, requeued or taken over)."""

    def __init__(self, run_id: int, worker_id: str, attempt: int) -> None:
        self.run_id = run_id
        super().__init__(
            f"worker {worker_id} lost extraction run {run_id} (attempt {attempt}): it was taken back or ended"
        )


class AuthenticationError(BrokerageInsightsError):
    """A request did not prove who it acts for: no credential, or an unknown or revoked one."""


class PermissionDeniedError(BrokerageInsightsError):
    """The caller is known (or the endpoint is closed) but may not do this (missing CSRF token, disabled endpoint)."""


class PayloadTooLargeError(BrokerageInsightsError):
    """A request body (an upload) is larger than the configured limit."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size = size
        self.limit = limit
        shown = f"{size:,} bytes" if size is not None else "the body"
        super().__init__(f"request body too large: {shown} exceeds the limit of {limit:,} bytes")


class RateLimitedError(BrokerageInsightsError):
    """Too many attempts from one client in a short time (login, tokens, scheduler secret)."""

    def __init__(self, what: str, retry_after: float) -> None:
        self.what = what
        self.retry_after = retry_after
        super().__init__(f"too many {what} attempts from this address; retry in {max(1, round(retry_after))} s")
