"""Keeps a worker's lease alive from a background thread while the run is being executed.

The heartbeat goes out every third of the lease, so two missed beats still leave the run owned.
The keeper also carries the two things the run loop checks between archives: whether a cancel
was requested and whether the lease is gone.
"""

from __future__ import annotations

import logging
import threading

import psycopg

from backend.db.connection import Db
from backend.errors import LeaseLostError
from backend.jobs.lease import Lease, heartbeat

_log = logging.getLogger(__name__)


class LeaseKeeper:
    def __init__(self, pool: Db, lease: Lease, *, lease_seconds: float, stop: threading.Event | None = None) -> None:
        self.pool = pool
        self.lease = lease
        self.interval = max(lease_seconds / 3, 0.05)
        self.shutdown = stop or threading.Event()  # set by the worker on SIGTERM
        self.cancel_requested = lease.run.cancel_requested_at is not None
        self.lost = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-run-{lease.run_id}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def note(self, cancel_requested: bool) -> None:
        """Record what a fenced write just learned about the run."""
        self.cancel_requested = self.cancel_requested or cancel_requested

    def _beat(self) -> None:
        while not self._done.wait(self.interval):
            try:
                self.note(heartbeat(self.pool, self.lease))
            except LeaseLostError:
                self.lost = True
                return
            except psycopg.Error as error:  # the database is briefly away: try again next beat
                _log.warning("heartbeat of run %s failed: %s", self.lease.run_id, error)
