"""`bench load`: ingest, workers and the API together on generated mail, then an audit.

Everything runs against a scratch database and folder: the real service (`serve`) and the real
worker processes (`worker --concurrency N`) as child processes, the ingest of generated mail for
many users in this process (each chunk followed by an after-ingest run, as `ingest --extract`
does), and API clients reading the feed of those users at the same time. When the time is up (or
all mail is in) the queue is drained and the result audited: every archived email extracted
exactly once, every run ended, run counters equal to table counts, `doctor` clean.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

import click
import psutil

from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.store import ArchiveStore
from backend.audit.doctor import run_doctor
from backend.bench import bench
from backend.bench.api_bench import Measurements, client, free_port, percentile, running_server
from backend.bench.scratch import scratch_database, scratch_folder
from backend.db.connection import Db, open_pool, transaction
from backend.db.queries import load_queries
from backend.demo.mailgen import generated_message
from backend.ingest.messages import RawMessage
from backend.pipeline.ingest import ingest_messages, queue_extraction_after_ingest
from backend.users.accounts import add_user
from backend.users.tokens import issue_token


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.bench", "load_bench.sql"))


class EventLike(Protocol):
    def is_set(self) -> bool: ...

    def set(self) -> None: ...


class QueueLike(Protocol):
    def put(self, item: tuple[int, int, float]) -> None: ...


@dataclass
class IngestProgress:
    emails: int = 0
    runs_queued: int = 0
    seconds: float = 0.0


@dataclass
class PeakMemory:
    """Peak resident memory (MB) of each process taking part, sampled every half second."""

    peaks: dict[str, float] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def watch(self, processes: dict[str, int]) -> None:
        while not self.stop.wait(0.5):
            for role, pid in processes.items():
                try:
                    process = psutil.Process(pid)
                    self._note(role, process)
                    for child in process.children():  # worker processes, PDF text workers
                        self._note(f"{role}: largest child process", child)
                except psutil.Error:
                    continue

    def _note(self, name: str, process: psutil.Process) -> None:
        with contextlib.suppress(psutil.Error):
            self.peaks[name] = max(self.peaks.get(name, 0.0), process.memory_info().rss / 1e6)


def ingester(url: str, archive_root: Path, users: list[str], part: int, parts: int, emails: int, chunk: int,
             stop: EventLike, results: QueueLike) -> None:
    """One ingest process: chunk k of the generated mail goes to users[k % len(users)], and to
    this process when k % parts == part; each chunk then queues an extraction run."""
    pool = open_pool(url, max_size=2)
    store = ArchiveStore(archive_root)
    archived = runs = 0
    started = time.perf_counter()
    try:
        with PdfTextExtractor() as pdf_text:  # one pool of PDF workers for the whole ingest
            for index in range(part, -(-emails // chunk), parts):
                if stop.is_set():
                    break
                user = users[index % len(users)]
                messages = [RawMessage(raw=generated_message(number), source={"kind": "file", "ref": f"load-{number}"})
                            for number in range(index * chunk, min((index + 1) * chunk, emails))]
                summary = ingest_messages(pool, user, messages, store=store, pdf_text=pdf_text)
                archived += summary.archived
                runs += queue_extraction_after_ingest(pool, user, summary, requested_by="bench load") is not None
    finally:
        pool.close()
        results.put((archived, runs, time.perf_counter() - started))


@contextmanager
def worker_processes(env: dict[str, str], count: int) -> Iterator[subprocess.Popen[bytes]]:
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    process = subprocess.Popen([sys.executable, "-c", code, "worker", "--concurrency", str(count), "--no-schedule",
                                "--poll-interval", "0.2"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_drain(pool: Db, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with transaction(pool) as conn:
            row = conn.execute(_queries()["open_runs"]).fetchone()
        if row is not None and row[0] == 0:
            break
        time.sleep(1)
    return time.monotonic() - started


@bench.command("load")
@click.option("--minutes", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Length of the load.")
@click.option("--emails", default=50_000, show_default=True, type=click.IntRange(1), help="Generated emails.")
@click.option("--users", default=50, show_default=True, type=click.IntRange(1), help="Users they are spread over.")
@click.option("--ingesters", default=2, show_default=True, type=click.IntRange(1, 32), help="Ingest processes.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32), help="Worker processes.")
@click.option("--clients", default=10, show_default=True, type=click.IntRange(1, 200), help="API clients.")
@click.option("--chunk", default=100, show_default=True, type=click.IntRange(1),
              help="Emails ingested for one user before an extraction run is queued.")
def load_benchmark(minutes: float, emails: int, users: int, ingesters: int, workers: int, clients: int,
                   chunk: int) -> None:
    """Ingest + workers + API at once on generated mail; print throughput, latency, memory, audit."""
    with scratch_folder() as folder, scratch_database() as url:
        data_dir = folder / "data"
        store = ArchiveStore(data_dir / "archive")
        store.root.mkdir(parents=True)
        pool = open_pool(url, max_size=4)
        try:
            names = [f"load-{index:03d}" for index in range(users)]
            tokens = [_user_token(pool, name) for name in names]
            env = {**os.environ, "DATABASE_URL": url, "BROKERAGE_INSIGHTS_DATA_DIR": str(data_dir)}
            port = free_port()
            plan = LoadPlan(url, store.root, names, tokens, emails, chunk, ingesters, clients, minutes * 60)
            with running_server(url, data_dir, port), worker_processes(env, workers) as worker:
                report = _drive(pool, plan, port, worker.pid)
            _print_report(report)
            _audit(pool, store)
        finally:
            pool.close()


@dataclass(frozen=True)
class LoadPlan:
    url: str
    archive_root: Path
    users: list[str]
    tokens: list[str]
    emails: int
    chunk: int
    ingesters: int
    clients: int
    seconds: float


@dataclass
class LoadReport:
    ingest: IngestProgress
    api: Measurements
    seconds: float
    drain_seconds: float
    memory: PeakMemory
    extracted: int


def _drive(pool: Db, plan: LoadPlan, port: int, worker_pid: int) -> LoadReport:
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    ingest_processes = [
        context.Process(target=ingester, name=f"ingester-{part}", args=(
            plan.url, plan.archive_root, plan.users, part, plan.ingesters, plan.emails, plan.chunk, stop, results))
        for part in range(plan.ingesters)
    ]
    api, memory = Measurements(), PeakMemory()
    started = time.monotonic()
    deadline = started + plan.seconds
    for process in ingest_processes:
        process.start()
    roles = {"api clients": os.getpid(), "workers": worker_pid,
             **{process.name: process.pid for process in ingest_processes if process.pid}}
    if server_pid := _listener_pid(port):
        roles["api server"] = server_pid
    watcher = threading.Thread(target=memory.watch, args=(roles,), daemon=True)
    watcher.start()
    readers = [threading.Thread(target=client, args=(port, plan.tokens[index % len(plan.tokens)], deadline, index,
                                                     api), daemon=True) for index in range(plan.clients)]
    for reader in readers:
        reader.start()
    progress = _collect_ingest(ingest_processes, stop, results, deadline)
    for reader in readers:
        reader.join()
    elapsed = time.monotonic() - started
    drain = wait_for_drain(pool, timeout=1800)
    memory.stop.set()
    watcher.join()
    with transaction(pool) as conn:
        row = conn.execute(_queries()["extracted"]).fetchone()
    return LoadReport(progress, api, elapsed, drain, memory, int(row[0]) if row else 0)


def _collect_ingest(processes: Sequence[BaseProcess], stop: EventLike, results: Any, deadline: float) -> IngestProgress:
    """Wait for the ingest processes (stopping them at the deadline) and add up what they did."""
    while any(process.is_alive() for process in processes) and time.monotonic() < deadline:
        time.sleep(0.5)
    stop.set()
    progress = IngestProgress()
    for _ in processes:
        archived, runs, seconds = results.get()
        progress.emails += archived
        progress.runs_queued += runs
        progress.seconds = max(progress.seconds, seconds)
    for process in processes:
        process.join()
    return progress


def _print_report(report: LoadReport) -> None:
    ingest = report.ingest
    click.echo(f"load for {report.seconds:.0f} s, then {report.drain_seconds:.0f} s to drain the queue")
    click.echo(f"ingest: {ingest.emails:,} emails archived in {ingest.seconds:.0f} s = "
               f"{ingest.emails / max(ingest.seconds, 1e-9):,.0f} emails/s; {ingest.runs_queued} runs queued")
    total = report.seconds + report.drain_seconds
    click.echo(f"extraction: {report.extracted:,} emails extracted = {report.extracted / total:,.0f} emails/s "
               "over load and drain")
    latencies = report.api.everything()
    p50, p99 = (1000 * percentile(latencies, fraction) for fraction in (0.5, 0.99))
    click.echo(f"api: {len(latencies):,} requests = {len(latencies) / report.seconds:,.0f} requests/s, "
               f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, errors {report.api.errors}")
    for role, peak in sorted(report.memory.peaks.items()):
        click.echo(f"peak memory {role}: {peak:,.0f} MB")


def _audit(pool: Db, store: ArchiveStore) -> None:
    with transaction(pool) as conn:
        row = conn.execute(_queries()["audit"]).fetchone()
    assert row is not None
    archives, extracted_once, processed, open_runs, failed_runs, inserted, reports, orphans = row
    checks = [
        (f"every archived email extracted once: {archives:,} archived, {extracted_once:,} extracted, "
         f"{processed:,} processed by runs", archives == extracted_once == processed),
        (f"every run ended: {open_runs} still queued or running, {failed_runs} failed",
         open_runs == 0 and failed_runs == 0),
        (f"run counters equal table counts: {inserted:,} reports inserted by runs, {reports:,} stored, "
         f"{orphans} orphan points", inserted == reports and orphans == 0),
    ]
    doctor = run_doctor(pool, store)
    checks.append((f"doctor: {len(doctor.findings)} finding(s)", doctor.healthy and not doctor.findings))
    for text, ok in checks:
        click.echo(f"audit {'ok  ' if ok else 'FAIL'} {text}")
    if not all(ok for _, ok in checks):
        raise SystemExit(1)


def _user_token(pool: Db, name: str) -> str:
    user = add_user(pool, f"{name}@example.com", user_id=name)
    return issue_token(pool, user.email or "", label="bench load").token


def _listener_pid(port: int) -> int | None:
    for connection in psutil.net_connections(kind="tcp"):
        if connection.laddr and connection.laddr.port == port and connection.status == psutil.CONN_LISTEN:
            return connection.pid
    return None

