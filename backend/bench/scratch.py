"""Throw-away resources for benchmarks: a database on the server in use, and a work folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from psycopg import sql

from backend.cli.context import settings
from backend.db.connect import connect
from backend.db.connection import resolve_database_url
from backend.db.embedded import with_database
from backend.db.migrator import apply_migrations


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new, migrated database beside the one in use (DATABASE_URL or embedded), dropped at the end."""
    admin_url = with_database(resolve_database_url(settings(), migrate_embedded=False), "postgres")
    name = f"bench_{os.getpid()}_{int(time.time())}"
    with connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = with_database(admin_url, name)
    try:
        apply_migrations(url)
        yield url
    finally:
        with connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def scratch_folder(keep: bool = False) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="brokerage-insights-bench-"))
    try:
        yield folder
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class MemorySampler:
    """Samples the resident memory of this process and its children (PDF workers) in a thread."""

    interval: float = 0.1
    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemorySampler:
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                with suppress(psutil.Error):
                    total += child.memory_info().rss
            self.samples.append((time.monotonic() - self._started, total))

    @property
    def peak_mb(self) -> float:
        return max((rss for _, rss in self.samples), default=psutil.Process().memory_info().rss) / 1e6

    def at_fractions(self, fractions: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0)) -> list[float]:
        """Resident memory (MB) at given fractions of the run: flat means it does not grow."""
        if not self.samples:
            return []
        return [self.samples[min(int(f * len(self.samples)), len(self.samples) - 1)][1] / 1e6 for f in fractions]
