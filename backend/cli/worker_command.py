"""`brokerage-insights worker`: execute queued extraction runs until stopped."""

from __future__ import annotations

import logging
import threading

import click

from backend.archive.store import ArchiveStore
from backend.cli.context import database_pool, settings
from backend.jobs.worker import (
    WORKER_APPLICATION_NAME,
    WorkerConfig,
    install_stop_signals,
    run_worker,
    run_worker_processes,
)


@click.command()
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes to run (each executes one run at a time).")
@click.option("--poll-interval", default=1.0, show_default=True, type=click.FloatRange(0.01),
              help="Seconds to wait before looking at an empty queue again.")
@click.option("--lease-seconds", default=30.0, show_default=True, type=click.FloatRange(0.5),
              help="A run whose worker has not sent a heartbeat for this long is taken back.")
@click.option("--backoff-seconds", default=5.0, show_default=True, type=click.FloatRange(0),
              help="Delay before a taken-back run is retried (doubles with each attempt).")
@click.option("--schedule/--no-schedule", default=True, show_default=True,
              help="Also enqueue each user's daily run when it is due.")
@click.option("--once", is_flag=True, help="Exit when no queued run is left instead of waiting for more.")
def worker(concurrency: int, poll_interval: float, lease_seconds: float, backoff_seconds: float,
           schedule: bool, once: bool) -> None:
    """Execute queued extraction runs until stopped (SIGTERM or Ctrl-C finish the current archive,
    give the run back to the queue and exit)."""
    config = WorkerConfig(poll_interval=poll_interval, lease_seconds=lease_seconds, backoff_base=backoff_seconds,
                          schedule=schedule, once=once)
    if concurrency > 1:
        with database_pool(max_size=1):
            pass  # fail here, once, with a clear error if the database is unusable
        raise SystemExit(run_worker_processes(concurrency, config))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    install_stop_signals(stop)
    # A worker frozen inside a transaction (SIGSTOP, a paused VM) must not hold the run's row lock
    # past its lease, or no other worker could take the run back.
    with database_pool(idle_in_transaction_timeout=lease_seconds, application_name=WORKER_APPLICATION_NAME) as pool:
        stats = run_worker(pool, ArchiveStore(settings().archive_dir), config, stop)
    click.echo(f"worker stopped: {stats.runs} run(s) executed, {stats.reaped} taken back from lost workers")
