"""Test fixtures: a real PostgreSQL, a migrated template database, a fresh database per test.

The server is TEST_DATABASE_URL or DATABASE_URL when set (CI points it at the machine's
PostgreSQL); otherwise the embedded PostgreSQL is started in `.data/test-postgres` of the
repository, so `pytest` alone works on a fresh machine. Each test that asks for a database gets
its own, cloned from a template migrated once per test session (and per xdist worker).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql
from psycopg_pool import ConnectionPool

from backend.db.embedded import server_url, with_database
from backend.db.migrator import apply_migrations

REPO_ROOT = Path(__file__).resolve().parents[1]
# The labelled dev corpus ships with the product as its demo corpus (emails/ and labels.json), and
# the hostile MIME fixtures are copied under tests/, so the suite runs on a machine without the
# shared material; tests/test_bundled_material.py keeps the copies equal to it where it exists.
SHARED_DIR = REPO_ROOT.parent / "shared"
DEV_CORPUS = REPO_ROOT / "backend" / "demo"
MIME_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "mime"

# Read once, before any test changes the environment.
SERVER_URL_FROM_ENV = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
EMBEDDED_TEST_PGDATA = REPO_ROOT / ".data" / "test-postgres"
IN_CI = os.environ.get("CI") == "true"

# Any code under test that resolves the database from the environment without a test database
# fixture gets this unreachable URL, so it fails loudly instead of touching a real database.
_GUARD_URL = "postgresql://no-test-database-requested@127.0.0.1:1/none?connect_timeout=1"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", _GUARD_URL)
    monkeypatch.setenv("BROKERAGE_INSIGHTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BROKERAGE_INSIGHTS_ARCHIVE_DIR", str(tmp_path / "archive"))


def _worker() -> str:
    # The pid keeps two test sessions on one server (two checkouts, two CI jobs) apart.
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the server's maintenance database (`postgres`), where test databases are created."""
    if SERVER_URL_FROM_ENV:
        return with_database(SERVER_URL_FROM_ENV, "postgres")
    return server_url(EMBEDDED_TEST_PGDATA)


def _create_database(admin_url: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(statement)


def _drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def template_database(pg_server_url: str) -> Iterator[str]:
    """Name of a database with every migration applied, cloned by each test."""
    name = f"bi_test_template_{_worker()}"
    _create_database(pg_server_url, name)
    apply_migrations(with_database(pg_server_url, name))
    yield name
    _drop_database(pg_server_url, name)


@pytest.fixture
def make_database(pg_server_url: str) -> Iterator[Any]:
    """Factory of throw-away databases (migrated from the template, or empty), dropped afterwards."""
    created: list[str] = []

    def make(template: str | None = None) -> str:
        name = f"bi_test_{_worker()}_{uuid.uuid4().hex[:12]}"
        _create_database(pg_server_url, name, template)
        created.append(name)
        return with_database(pg_server_url, name)

    yield make
    for name in created:
        _drop_database(pg_server_url, name)


@pytest.fixture
def database_url(make_database: Any, template_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, migrated database for this test; also what the product sees as DATABASE_URL."""
    url: str = make_database(template_database)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def empty_database_url(make_database: Any) -> str:
    """A fresh database with no schema at all (for migration tests)."""
    url: str = make_database()
    return url


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection[Any]]:
    """An autocommit connection to this test's database (each store call is its own transaction)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def pool(database_url: str) -> Iterator[ConnectionPool]:
    with ConnectionPool(database_url, min_size=1, max_size=4, open=True) as connection_pool:
        yield connection_pool


@pytest.fixture
def cli_runner() -> CliRunner:
    """Runs commands in-process; the environment is the test's (DATABASE_URL of `database_url`)."""
    return CliRunner()
