"""Where an IMAP mailbox lives and how to log in to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from backend.errors import ValidationError

DEFAULT_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class ImapAccount:
    """One folder of one IMAP account.

    `timeout` is how many seconds to wait for the server at each step (connect, each read).
    The password is kept out of `repr` so it never reaches a log line or a traceback; the
    account's `key` (user@host:port), which names it in the sync state and in archive sources,
    never contains it either.
    """

    host: str
    port: int
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    ssl: bool = True
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise ValidationError("host", self.host, "an IMAP server host name is required")
        if not 0 < self.port < 65536:
            raise ValidationError("port", self.port, "must be between 1 and 65535")
        if not self.username.strip():
            raise ValidationError("username", self.username, "an IMAP user name is required")
        if not self.folder.strip():
            raise ValidationError("folder", self.folder, "a folder name is required")
        if self.timeout <= 0:
            raise ValidationError("timeout", self.timeout, "must be a positive number of seconds")

    @property
    def server(self) -> str:
        """host:port, as error messages name the server."""
        return f"{self.host}:{self.port}"

    @property
    def key(self) -> str:
        """The account as the sync state and archive sources record it: user@host:port."""
        return f"{self.username}@{self.server}"
