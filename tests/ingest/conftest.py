"""Fixtures of the IMAP tests: one Dovecot server per test session, one fresh folder per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.ingest.dovecot import DovecotServer, ServerFolder, dovecot_binary, running_dovecot
from tests.ingest.samples import RecordingArchive


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    binary = dovecot_binary()
    if binary is None:
        reason = "the dovecot binary is not installed (Debian: apt-get install dovecot-imapd)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the IMAP tests", pytrace=False)
        pytest.skip(reason)
    with running_dovecot(binary) as server:
        yield server


@pytest.fixture
def imap_folder(dovecot: DovecotServer) -> Iterator[ServerFolder]:
    name = f"test-{uuid.uuid4().hex[:12]}"
    with dovecot.client() as client:
        client.create_folder(name)
    yield ServerFolder(dovecot, name)
    with dovecot.client() as client:
        client.delete_folder(name)


@pytest.fixture
def recording_archive() -> RecordingArchive:
    return RecordingArchive()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Attach the server's log to the report of a failed test that used it."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    server = getattr(item, "funcargs", {}).get("dovecot")
    if report.failed and isinstance(server, DovecotServer):
        report.sections.append(("dovecot log", server.log()))
