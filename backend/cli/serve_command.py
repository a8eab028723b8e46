"""`brokerage-insights serve`: the HTTP API and the dashboard."""

from __future__ import annotations

import click
import uvicorn

from backend.api.app import create_app
from backend.cli.context import database_pool, settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--proxy-headers/--no-proxy-headers", default=False, show_default=True,
              help="Trust X-Forwarded-For from a reverse proxy on this machine (client addresses for rate limits).")
def serve(host: str, port: int, log_level: str, proxy_headers: bool) -> None:
    """Serve the HTTP API (/api/..., /openapi.json, /health) and the dashboard (/)."""
    with database_pool(max_size=1):
        pass  # fail here, with a one-line error, if the database is unusable
    app = create_app(settings())
    click.echo(f"serving on http://{host}:{port}/ (API description: /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=proxy_headers,
                forwarded_allow_ips="127.0.0.1" if proxy_headers else None, server_header=False)
