"""A read-only IMAP session on one folder, with the server's failures turned into product errors.

Every call to the server goes through `_server_errors`, which maps socket, TLS and protocol
failures to one-line `MailServerError`s naming host:port. Errors raised by the caller's own code
(the archive step, the database) are not touched, because they never pass through it.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import LoginError as ImapClientLoginError

from backend.errors import (
    LoginError,
    MailFolderNotFoundError,
    MailServerError,
    MailServerTlsError,
    MailServerUnreachableError,
)
from backend.ingest.imap_account import ImapAccount
from backend.ingest.imap_messages import GMAIL_CAPABILITY, fetch_items, message_from_fetch, source_ref
from backend.ingest.messages import RawMessage, SourceFailure

_BYTES_REPR = re.compile(r"^b(['\"])(?P<text>.*)\1$", re.DOTALL)
_SSL_SOURCE_LINE = re.compile(r"\s*\(_ssl\.c:\d+\)$")


class ImapFolder:
    """The selected folder: its UIDVALIDITY, its UIDs, and its messages by UID."""

    def __init__(self, client: IMAPClient, account: ImapAccount, uidvalidity: int, *, gmail: bool) -> None:
        self._client = client
        self.account = account
        self.uidvalidity = uidvalidity
        self.gmail = gmail

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than `last_uid`, ascending (all of them when `last_uid` is 0)."""
        with _server_errors(self.account, "search the folder"):
            found = self._client.search(["UID", f"{last_uid + 1}:*"])
        # `N:*` always matches the folder's last message, even when its UID is below N.
        return sorted(uid for uid in found if uid > last_uid)

    def fetch(self, uids: Sequence[int]) -> list[RawMessage | SourceFailure]:
        """The messages of `uids`, in UID order; a UID expunged meanwhile is simply absent."""
        with _server_errors(self.account, "fetch messages"):
            responses: dict[int, Any] = self._client.fetch(list(uids), fetch_items(self.gmail))
        wanted = set(uids)  # a server may add unsolicited FETCH responses (flag changes) of other UIDs
        key = self.account.key
        return [
            message_from_fetch(source_ref(key, self.account.folder, self.uidvalidity, uid), responses[uid])
            for uid in sorted(responses)
            if uid in wanted
        ]


@contextmanager
def open_folder(account: ImapAccount) -> Iterator[ImapFolder]:
    """Log in and select `account.folder` read-only (EXAMINE: no flag ever changes)."""
    with _server_errors(account, "connect"):
        client = IMAPClient(
            account.host,
            account.port,
            ssl=account.ssl,
            ssl_context=ssl.create_default_context() if account.ssl else None,
            timeout=SocketTimeout(connect=account.timeout, read=account.timeout),
        )
    # Leaving the block logs out; a failure to log out is ignored (the connection may already be
    # gone, and a read-only session has nothing to save).
    with client:
        # Aware INTERNALDATEs, so received_at does not depend on this machine's time zone.
        client.normalise_times = False
        _login(client, account)
        uidvalidity = _select(client, account)
        with _server_errors(account, "list the server's capabilities"):
            gmail = bool(client.has_capability(GMAIL_CAPABILITY))
        yield ImapFolder(client, account, uidvalidity, gmail=gmail)


def _login(client: IMAPClient, account: ImapAccount) -> None:
    with _server_errors(account, "log in"):
        try:
            client.login(account.username, account.password)
        except ImapClientLoginError as error:
            raise LoginError(account.server, account.username, _reason(error)) from None


def _select(client: IMAPClient, account: ImapAccount) -> int:
    with _server_errors(account, f"open folder {account.folder!r}"):
        try:
            selected = client.select_folder(account.folder, readonly=True)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error:
            # Servers word "no such folder" differently; asking whether it exists is reliable.
            if not client.folder_exists(account.folder):
                raise MailFolderNotFoundError(account.server, account.key, account.folder) from None
            raise
    uidvalidity = selected.get(b"UIDVALIDITY")
    if not isinstance(uidvalidity, int) or uidvalidity <= 0:
        raise MailServerError(
            account.server,
            f"IMAP server {account.server} gave no UIDVALIDITY for folder {account.folder!r}: {uidvalidity!r}",
        )
    return uidvalidity


@contextmanager
def _server_errors(account: ImapAccount, action: str) -> Iterator[None]:
    server = account.server
    try:
        yield
    except ssl.SSLError as error:  # before OSError, of which it is a subclass
        raise MailServerTlsError(server, _tls_reason(account, error)) from error
    except TimeoutError as error:
        raise MailServerUnreachableError(server, f"timed out while trying to {action}") from error
    except OSError as error:
        raise MailServerUnreachableError(server, f"could not {action}: {error.strerror or error}") from error
    except imaplib.IMAP4.abort as error:
        reason = f"connection lost while trying to {action}: {_reason(error)}"
        raise MailServerUnreachableError(server, reason) from error
    except imaplib.IMAP4.error as error:  # imapclient's IMAPClientError and its subclasses
        raise MailServerError(server, f"IMAP server {server} failed to {action}: {_reason(error)}") from error


def _reason(error: BaseException) -> str:
    """The server's own words, without the b'...' that imapclient leaves around them."""
    first = error.args[0] if error.args else error
    text = first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first)
    match = _BYTES_REPR.match(text)
    return match.group("text") if match else text


def _tls_reason(account: ImapAccount, error: ssl.SSLError) -> str:
    reason = _SSL_SOURCE_LINE.sub("", str(error))
    if error.reason == "WRONG_VERSION_NUMBER":
        # The usual cause: TLS spoken to a plain IMAP port (143) instead of IMAPS (993).
        reason += f" (port {account.port} does not speak TLS; is it a plain IMAP port?)"
    return reason
