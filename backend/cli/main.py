"""Entry point of the `brokerage-insights` command.

Each stage contributes one command or group from its own module; this file only assembles them.
"""

from __future__ import annotations

import click

from backend import __version__
from backend.bench import bench
from backend.bench import ingest_bench as _ingest_bench  # noqa: F401  (registers `bench ingest`)
from backend.cli.archive_commands import archive
from backend.cli.context import ProductGroup
from backend.cli.db_commands import db
from backend.cli.ingest_commands import ingest


@click.group(cls=ProductGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brokerage-insights")
def cli() -> None:
    """Brokerage Insights: turn sell-side research email into a research database."""


cli.add_command(db)
cli.add_command(ingest)
cli.add_command(archive)
cli.add_command(bench)
