"""Disrupting the real services under test: restart the database server, fill or freeze a disk."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from backend.db.embedded import server_url, stop_server
from tests.conftest import EMBEDDED_TEST_PGDATA, IN_CI, SERVER_URL_FROM_ENV


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def restart_database_server(admin_url: str) -> None:
    """Restart the PostgreSQL server the tests use, and wait until it answers again."""
    if SERVER_URL_FROM_ENV:
        clusters = sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").is_dir() else []
        if not shutil.which("pg_ctlcluster") or not clusters:
            _unavailable("the database server named by DATABASE_URL cannot be restarted from here")
        version = clusters[0].parent.name
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                       check=True, capture_output=True)
    else:
        stop_server(EMBEDDED_TEST_PGDATA)
        server_url(EMBEDDED_TEST_PGDATA)
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(admin_url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def small_filesystem(path: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of `size` mounted at `path` (root only), unmounted afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        _unavailable(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True, capture_output=True)
