"""The worker: claims queued runs and executes them until told to stop.

Every loop turn it reaps runs whose worker vanished, enqueues due daily runs (when scheduling is
on), then claims and executes one run. Any number of workers, in one or many processes on one or
many machines, share one database: claims skip each other's rows, one run per user runs at a
time, and every write is fenced by the lease.

SIGTERM (or Ctrl-C) lets the current archive finish, gives the run back to the queue without
spending an attempt, and exits. Losing the database makes the worker wait and reconnect.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

import psycopg

from backend.archive.store import ArchiveStore
from backend.config import Settings
from backend.db.connection import Db, open_pool, resolve_database_url
from backend.jobs.lease import reap_stale_runs
from backend.jobs.schedule import enqueue_due_daily_runs
from backend.pipeline.extraction_run import process_next_run

_log = logging.getLogger(__name__)

WORKER_APPLICATION_NAME = "brokerage-insights-worker"

# Database trouble the loop waits out. Besides a lost connection, the server ends the session of a
# worker that sat frozen inside a transaction past its lease (idle_in_transaction_session_timeout,
# SQLSTATE 25P03), which psycopg classes as an InternalError, not an OperationalError.
_DATABASE_TROUBLE = (psycopg.OperationalError, psycopg.errors.IdleInTransactionSessionTimeout)


@dataclass(frozen=True)
class WorkerConfig:
    poll_interval: float = 1.0  # seconds between looks at an empty queue
    lease_seconds: float = 30.0  # a run whose heartbeat is older than this is taken back
    backoff_base: float = 5.0  # first retry delay of a taken-back run; doubles per attempt
    backoff_max: float = 300.0
    schedule: bool = True  # also enqueue due daily runs
    schedule_interval: float = 60.0
    once: bool = False  # exit when the queue is empty instead of waiting for more


@dataclass
class WorkerStats:
    runs: int = 0
    reaped: int = 0
    database_errors: int = 0


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_worker(pool: Db, store: ArchiveStore, config: WorkerConfig, stop: threading.Event,
               worker_id: str | None = None) -> WorkerStats:
    """The loop of one worker; returns when `stop` is set (or, with `once`, when idle)."""
    worker_id = worker_id or new_worker_id()
    stats = WorkerStats()
    next_schedule = 0.0
    retry_delay = config.poll_interval
    _log.info("worker %s started", worker_id)
    while not stop.is_set():
        try:
            stats.reaped += _reap(pool, config)
            if config.schedule and time.monotonic() >= next_schedule:
                enqueue_due_daily_runs(pool, source=f"worker {worker_id}")
                next_schedule = time.monotonic() + config.schedule_interval
            run = process_next_run(pool, worker_id=worker_id, store=store, lease_seconds=config.lease_seconds,
                                   stop=stop)
        except _DATABASE_TROUBLE as error:
            stats.database_errors += 1
            _log.warning("database unavailable (%s); retrying in %.1fs", " ".join(str(error).split()), retry_delay)
            stop.wait(retry_delay)
            retry_delay = min(retry_delay * 2, 30.0)
            continue
        retry_delay = config.poll_interval
        if run is not None:
            stats.runs += 1
            _log.info(
                "run %s %s: %s/%s archives, %s reports (%s new, %s updated), %s points",
                run.id, run.status, run.archives_processed, run.archives_considered, run.reports_extracted,
                run.reports_inserted, run.reports_updated, run.points_inserted,
            )
            continue
        if config.once:
            break
        stop.wait(config.poll_interval)
    _log.info("worker %s stopped after %s run(s)", worker_id, stats.runs)
    return stats


def _reap(pool: Db, config: WorkerConfig) -> int:
    reaped = reap_stale_runs(pool, lease_seconds=config.lease_seconds, backoff_base=config.backoff_base,
                             backoff_max=config.backoff_max)
    for run in reaped:
        _log.warning("run %s taken back from a lost worker: now %s (attempt %s of %s)",
                     run.id, run.status, run.attempt, run.max_attempts)
    return len(reaped)


def install_stop_signals(stop: threading.Event) -> None:
    def handle(signum: int, _frame: FrameType | None) -> None:
        _log.info("signal %s: finishing the current archive, then stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def worker_process(config: WorkerConfig) -> None:
    """Entry point of one worker process: its own pool, its own signal handling."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    stop = threading.Event()
    install_stop_signals(stop)
    pool = open_pool(resolve_database_url(settings), max_size=3, idle_in_transaction_timeout=config.lease_seconds,
                     application_name=WORKER_APPLICATION_NAME)
    try:
        run_worker(pool, ArchiveStore(settings.archive_dir), config, stop)
    finally:
        pool.close()


def run_worker_processes(concurrency: int, config: WorkerConfig,
                         target: Callable[[WorkerConfig], None] = worker_process) -> int:
    """Start `concurrency` worker processes and wait for them; SIGTERM/Ctrl-C is passed on."""
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=target, args=(config,), name=f"worker-{index + 1}")
                 for index in range(concurrency)]
    for process in processes:
        process.start()

    def forward(signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.pid is not None and process.is_alive():
                os.kill(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for process in processes:
        process.join()
    return max((process.exitcode or 0 for process in processes), default=0)
