"""`brokerage-insights serve` answers over HTTP, and `bench api` runs end to end on a small scale."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time

from click.testing import CliRunner

from backend.cli.main import cli
from tests.web.browser import free_port


def test_serve_answers_health_and_stops_on_sigterm(database_url: str) -> None:
    port = free_port()
    code = "import sys; from backend.cli.main import cli; cli(sys.argv[1:])"
    server = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port)], env=os.environ.copy(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/health")
                response = connection.getresponse()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert response.status == 200 and b'"status":"ok"' in response.read()
        assert response.getheader("server") is None  # no software banner
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    # uvicorn finishes its shutdown, then ends by the signal it was sent (status -15).
    assert "Application shutdown complete" in output, output
    assert f"serving on http://127.0.0.1:{port}/" in output


def test_serve_refuses_to_start_on_an_unreachable_database(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["serve", "--port", str(free_port())])  # DATABASE_URL: nothing listens
    assert result.exit_code == 1 and "cannot connect to the database" in result.output


def test_bench_api_prints_throughput_and_latency(database_url: str, cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["bench", "api", "--reports", "300", "--clients", "2", "--duration", "1",
                                     "--warmup", "0"])
    assert result.exit_code == 0, result.output
    assert "generated 300 reports" in result.output and ", 0 errors" in result.output
    assert "requests/s" in result.output and "p50" in result.output and "p99" in result.output
