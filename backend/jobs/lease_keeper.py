"""Keeps a worker's lease alive from a background thread while the run is being executed.

The heartbeat goes out every third of the lease, so two missed beats still leave the run owned.
The keeper also carries the two things the run loop checks between archives: whether a cancel
was requested and whether the lease is gone. It says so in the log when the lease is gone, and
when the server ended the worker's session because the worker was frozen (SIGSTOP, a paused VM)
inside a transaction for longer than the lease, it gives the run back if it still holds it.
"""

from __future__ import annotations

import logging
import threading

import psycopg

from backend.db.connection import Db
from backend.errors import LeaseLostError
from backend.jobs.lease import Lease, heartbeat, release

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

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        self._done.set()
        self._thread.join()
        if isinstance(exc, psycopg.errors.IdleInTransactionSessionTimeout):
            self._give_back_after_freeze(exc)

    def note(self, cancel_requested: bool) -> None:
        """Record what a fenced write just learned about the run."""
        self.cancel_requested = self.cancel_requested or cancel_requested

    def _beat(self) -> None:
        while not self._done.wait(self.interval):
            try:
                self.note(heartbeat(self.pool, self.lease))
            except LeaseLostError:
                self.lost = True
                _log.warning("run %s: lease lost (the run was taken back or ended elsewhere); "
                             "stopping without further writes", self.lease.run_id)
                return
            except psycopg.Error as error:  # the database is briefly away: try again next beat
                _log.warning("heartbeat of run %s failed: %s", self.lease.run_id, error)

    def _give_back_after_freeze(self, error: BaseException) -> None:
        """The server rolled back the open transaction and closed the session (the worker sat in it
        past the lease): nothing of it was written. Requeue the run, unless it is already gone."""
        _log.warning("run %s: the server ended this worker's session (%s)", self.lease.run_id,
                     " ".join(str(error).split()))
        try:
            released = release(self.pool, self.lease)
        except psycopg.Error as failure:
            _log.warning("run %s: could not give the run back (%s); the reaper will", self.lease.run_id, failure)
            return
        if released is None:
            _log.warning("run %s: lease lost while this worker was frozen; another worker has it", self.lease.run_id)
        else:
            _log.warning("run %s: given back to the queue", self.lease.run_id)
