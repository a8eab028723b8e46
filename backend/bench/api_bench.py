"""`bench api`: load-test `GET /api/extracted-reports` with concurrent clients on generated reports.

A scratch database gets N generated reports (3 key points each) for one user; the real service
(`brokerage-insights serve`) runs in a child process on a free local port; C client threads each
hold one keep-alive connection and send a mix of feed queries (first page, deep page, broker,
company, rating and type, date range, full-text search) until the time is up. Prints requests/s
and latency percentiles, overall and per kind of query.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

import click

from backend.bench import bench
from backend.bench.scratch import scratch_database, scratch_folder
from backend.db.connect import connect
from backend.db.connection import open_pool, transaction
from backend.db.queries import load_queries
from backend.extraction.report_types import REPORT_TYPES
from backend.users.accounts import add_user
from backend.users.tokens import issue_token

BROKERS = ["Kotak Institutional Equities", "Motilal Oswal", "Jefferies", "Nomura", "ICICI Securities",
           "HDFC Securities", "Axis Capital", "JM Financial", "Nuvama", "Emkay Global", "CLSA", "Goldman Sachs"]
COMPANIES = ["Reliance Industries", "Infosys", "HDFC Bank", "ICICI Bank", "Tata Consultancy Services",
             "Larsen & Toubro", "State Bank of India", "Hindustan Unilever", "Bharti Airtel", "ITC",
             "Asian Paints", "Maruti Suzuki", "Sun Pharmaceutical", "Titan Company", "UltraTech Cement",
             "Bajaj Finance", "Wipro", "HCL Technologies", "Tata Motors", "Mahindra & Mahindra",
             "Nestle India", "Power Grid", "NTPC", "Coal India", "Adani Ports", "JSW Steel", "Tata Steel",
             "Cipla", "Dr Reddy's Laboratories", "Divi's Laboratories", "Britannia Industries", "Eicher Motors",
             "Hero MotoCorp", "Grasim Industries", "Kotak Mahindra Bank", "Axis Bank", "IndusInd Bank",
             "Tech Mahindra", "Specialty Chemicals", "India Strategy"]
PHRASES = ["margin expansion continues", "demand recovery on track", "earnings beat on strong volumes",
           "guidance cut on weak pricing", "valuation looks stretched", "deleveraging ahead of plan",
           "market share gains in rural", "capex cycle turning", "asset quality steady", "deposit growth lags loans"]
VERBS = ["reiterate", "revisit", "raise", "trim", "maintain", "upgrade", "downgrade"]
POINTS = ["Revenue grew 14% year on year, ahead of estimates", "EBITDA margin expanded 120 bps on lower input costs",
          "Management guided to double-digit growth in FY27", "Net debt fell to 0.8x EBITDA",
          "Order book at 3.2x trailing revenue gives visibility", "Working capital days rose on inventory build-up",
          "Pricing pressure in exports persists", "New capacity commissioning on schedule"]


@dataclass
class Measurements:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.errors += not ok

    def everything(self) -> list[float]:
        return sorted(value for values in self.latencies.values() for value in values)


@cache
def _queries() -> dict[str, str]:
    return dict(load_queries("backend.bench", "api_bench.sql"))


def query_mix() -> list[tuple[str, str]]:
    path = "/api/extracted-reports"
    return [
        ("first page", path),
        ("deep page", f"{path}?offset=2500"),
        ("broker", f"{path}?broker={quote(BROKERS[3])}"),
        ("company", f"{path}?company={quote(COMPANIES[5])}"),
        ("rating+type", f"{path}?rating=buy&report_type=results_update"),
        ("date range", f"{path}?from=2025-06-01&to=2025-06-30"),
        ("search", f"{path}?q={quote('margin expansion')}"),
    ]


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(fraction * len(values)))] if values else 0.0


def seed(url: str, reports: int) -> str:
    """Generate the reports; returns the API token of their user."""
    pool = open_pool(url, max_size=1)
    try:
        user = add_user(pool, "bench@example.com")
        parameters = {"user_id": user.user_id, "count": reports, "brokers": BROKERS, "companies": COMPANIES,
                      "report_types": list(REPORT_TYPES), "phrases": PHRASES, "verbs": VERBS, "points": POINTS}
        with transaction(pool) as conn:
            conn.execute(_queries()["seed_reports"], parameters)
            conn.execute(_queries()["seed_points"], parameters)
        return issue_token(pool, user.email or "", label="bench").token
    finally:
        pool.close()
        # A settled table, as autovacuum leaves it: statistics and a visibility map (index-only counts).
        with connect(url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE) extracted_reports, extracted_report_points")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(url: str, data_dir: Path, port: int) -> Iterator[None]:
    env = {**os.environ, "DATABASE_URL": url, "BROKERAGE_INSIGHTS_DATA_DIR": str(data_dir)}
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    server = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), "--log-level", "warning"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_healthy(port, server)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_healthy(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise click.ClickException(f"the server exited at start: {error.strip()[-500:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise click.ClickException(f"the server did not become healthy within {timeout:.0f} s")


def client(port: int, token: str, deadline: float, offset: int, results: Measurements) -> None:
    mix = query_mix()
    headers = {"Authorization": f"Bearer {token}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.monotonic() < deadline:
        kind, path = mix[index % len(mix)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except OSError:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ok = False
        results.add(kind, time.perf_counter() - started, ok)
    connection.close()


@bench.command("api")
@click.option("--reports", default=50_000, show_default=True, type=click.IntRange(1), help="Generated reports.")
@click.option("--clients", default=20, show_default=True, type=click.IntRange(1, 200), help="Concurrent clients.")
@click.option("--duration", default=20.0, show_default=True, type=click.FloatRange(1), help="Seconds of load.")
@click.option("--warmup", default=2.0, show_default=True, type=click.FloatRange(0), help="Seconds of load not counted.")
def api_benchmark(reports: int, clients: int, duration: float, warmup: float) -> None:
    """Load-test GET /api/extracted-reports on a scratch database; print requests/s and p50/p99 latency."""
    with scratch_folder() as folder, scratch_database() as url:
        started = time.perf_counter()
        token = seed(url, reports)
        seconds = time.perf_counter() - started
        click.echo(f"generated {reports:,} reports with {3 * reports:,} key points in {seconds:.1f} s")
        port = free_port()
        with running_server(url, folder / "data", port):
            if warmup:
                _load(port, token, clients, warmup)
            results, elapsed = _load(port, token, clients, duration)
    everything = results.everything()
    click.echo(f"{clients} clients for {elapsed:.1f} s: {len(everything):,} requests, {results.errors} errors")
    click.echo(f"throughput: {len(everything) / elapsed:,.0f} requests/s")
    p50, p90, p99 = (1000 * percentile(everything, fraction) for fraction in (0.5, 0.9, 0.99))
    slowest = 1000 * everything[-1] if everything else 0.0
    click.echo(f"latency: p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {slowest:.1f} ms")
    for kind, values in sorted(results.latencies.items()):
        ordered = sorted(values)
        click.echo(f"  {kind:<12} {len(values):>7,} requests  p50 {1000 * statistics.median(ordered):7.1f} ms  "
                   f"p99 {1000 * percentile(ordered, 0.99):7.1f} ms")


def _load(port: int, token: str, clients: int, duration: float) -> tuple[Measurements, float]:
    results = Measurements()
    started = time.monotonic()
    deadline = started + duration
    threads = [threading.Thread(target=client, args=(port, token, deadline, index, results), daemon=True)
               for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started
