"""A throw-away Dovecot IMAP server for tests: own config, own directory, a free port on 127.0.0.1.

Nothing of the machine's Dovecot set-up is used (no /etc/dovecot, no system base_dir). Run as
root (CI), the login and internal processes use the users the Debian package creates (dovenull,
dovecot) and mail is stored as `dovecot`, because Dovecot refuses to access mail as UID 0; run as
another user, every process runs as that user.
"""

from __future__ import annotations

import contextlib
import dataclasses
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from backend.ingest.imap_account import ImapAccount

TEST_USER = "analyst"
TEST_PASSWORD = "correct horse battery staple"
_START_SECONDS = 15.0
_LOG_LINES_SHOWN = 60


def dovecot_binary() -> str | None:
    """The dovecot executable; /usr/sbin is searched too, since it is not on every user's PATH."""
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
    return shutil.which("dovecot", path=path)


@dataclass
class DovecotServer:
    host: str
    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def log_path(self) -> Path:
        return self.directory / "dovecot.log"

    def log(self) -> str:
        """The end of Dovecot's own log, and anything it printed before opening it."""
        parts = []
        for path in (self.directory / "console.log", self.log_path):
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-_LOG_LINES_SHOWN:]
                parts.append(f"--- {path.name} ---\n" + "\n".join(tail))
        return "\n".join(parts)

    def client(self) -> IMAPClient:
        """A logged-in client of the test user (for setting up folders and messages)."""
        client = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        client.login(TEST_USER, TEST_PASSWORD)
        return client

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class ServerFolder:
    """A folder of its own on the test server, and what a test does to it."""

    server: DovecotServer
    name: str

    def account(self, **changes: Any) -> ImapAccount:
        account = ImapAccount(
            host=self.server.host,
            port=self.server.port,
            username=TEST_USER,
            password=TEST_PASSWORD,
            folder=self.name,
            ssl=False,
            timeout=10,
        )
        return dataclasses.replace(account, **changes)

    def append(self, messages: list[bytes]) -> None:
        with self.server.client() as client:
            for raw in messages:
                client.append(self.name, raw)

    def recreate(self) -> None:
        """Delete the folder and create it again: the server gives it a new UIDVALIDITY."""
        with self.server.client() as client:
            client.delete_folder(self.name)
            client.create_folder(self.name)

    def uidvalidity(self) -> int:
        with self.server.client() as client:
            value: int = client.folder_status(self.name, [b"UIDVALIDITY"])[b"UIDVALIDITY"]
            return value

    def flags(self) -> dict[int, tuple[bytes, ...]]:
        with self.server.client() as client:
            client.select_folder(self.name, readonly=True)
            return {uid: data[b"FLAGS"] for uid, data in client.fetch(client.search("ALL"), ["FLAGS"]).items()}


@contextlib.contextmanager
def running_dovecot(binary: str) -> Iterator[DovecotServer]:
    """Start Dovecot in the foreground, wait until it greets, and stop it and remove its files after."""
    # Not under pytest's tmp_path: its parents are private to the test user (mode 0700), and
    # Dovecot's unprivileged processes must reach the mail directory.
    directory = Path(tempfile.mkdtemp(prefix="bi-dovecot-"))
    try:
        directory.chmod(0o755)
        port = _free_port()
        config = _write_config(directory, port)
        with (directory / "console.log").open("wb") as console:
            process = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=console, stderr=subprocess.STDOUT)
        server = DovecotServer("127.0.0.1", port, directory, process)
        try:
            _wait_for_greeting(server)
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _write_config(directory: Path, port: int) -> Path:
    home = directory / "home"
    home.mkdir()
    (directory / "state").mkdir()
    passwd = directory / "passwd"
    passwd.write_text(f"{TEST_USER}:{{PLAIN}}{TEST_PASSWORD}::::::\n")
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("dovecot")
        os.chown(home, mail_user.pw_uid, mail_user.pw_gid)
        users = "first_valid_uid = 1\n"
        mail_owner = "uid=dovecot gid=dovecot"
    else:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        users = (
            f"default_login_user = {me.pw_name}\ndefault_internal_user = {me.pw_name}\n"
            f"default_internal_group = {group}\nfirst_valid_uid = {me.pw_uid}\n"
        )
        mail_owner = f"uid={me.pw_uid} gid={os.getegid()}"
    config = directory / "dovecot.conf"
    config.write_text(
        f"""\
instance_name = bi-test-{port}
base_dir = {directory / "run"}
state_dir = {directory / "state"}
log_path = {directory / "dovecot.log"}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
{users}
mail_location = maildir:~/Maildir
protocol imap {{
  mail_max_userip_connections = 100
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = {mail_owner} home={home}/%u
}}
# No chroot: only root may chroot, and a test server needs none.
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
    )
    return config


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_greeting(server: DovecotServer) -> None:
    deadline = time.monotonic() + _START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"dovecot exited with status {server.process.returncode}\n{server.log()}")
        with contextlib.suppress(OSError), socket.create_connection((server.host, server.port), timeout=1) as sock:
            if sock.recv(64).startswith(b"* OK"):
                return
        time.sleep(0.1)
    raise RuntimeError(f"dovecot did not answer on {server.host}:{server.port}\n{server.log()}")
