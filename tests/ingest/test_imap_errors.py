"""What a user sees when the IMAP server cannot be used: one clear line naming the server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from psycopg_pool import ConnectionPool

from backend.errors import LoginError, MailServerTlsError, MailServerUnreachableError
from backend.ingest.imap import sync_mailbox
from backend.ingest.imap_state import get_sync_state
from tests.ingest.dovecot import TEST_PASSWORD, ServerFolder
from tests.ingest.samples import RecordingArchive

pytestmark = pytest.mark.imap


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) but never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_wrong_password_is_a_login_error_that_never_shows_a_password(
    pool: ConnectionPool, imap_folder: ServerFolder
) -> None:
    account = imap_folder.account(password="not the password")

    with pytest.raises(LoginError) as raised:
        sync_mailbox(pool, "u1", account, RecordingArchive())

    message = str(raised.value)
    assert message == (
        f"IMAP login to {account.server} refused for user 'analyst': [AUTHENTICATIONFAILED] Authentication failed."
    )
    assert "not the password" not in repr(account) and TEST_PASSWORD not in message
    assert get_sync_state(pool, "u1", account.key, imap_folder.name) is None


def test_a_refused_connection_names_the_server(
    pool: ConnectionPool, imap_folder: ServerFolder, closed_port: int
) -> None:
    account = imap_folder.account(port=closed_port)

    with pytest.raises(MailServerUnreachableError) as raised:
        sync_mailbox(pool, "u1", account, RecordingArchive())

    assert (
        str(raised.value) == f"cannot reach IMAP server 127.0.0.1:{closed_port}: could not connect: Connection refused"
    )


def test_a_server_that_never_answers_times_out(
    pool: ConnectionPool, imap_folder: ServerFolder, silent_server: int
) -> None:
    account = imap_folder.account(port=silent_server, timeout=0.5)

    with pytest.raises(MailServerUnreachableError) as raised:
        sync_mailbox(pool, "u1", account, RecordingArchive())

    assert str(raised.value) == f"cannot reach IMAP server 127.0.0.1:{silent_server}: timed out while trying to connect"


def test_tls_to_a_plain_imap_port_is_a_handshake_error(pool: ConnectionPool, imap_folder: ServerFolder) -> None:
    account = imap_folder.account(ssl=True)

    with pytest.raises(MailServerTlsError) as raised:
        sync_mailbox(pool, "u1", account, RecordingArchive())

    message = str(raised.value)
    assert message.startswith(f"TLS handshake with IMAP server {account.server} failed: [SSL: WRONG_VERSION_NUMBER]")
    assert message.endswith(f"(port {account.port} does not speak TLS; is it a plain IMAP port?)")
