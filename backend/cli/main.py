"""Entry point of the `brokerage-insights` command.

Each stage contributes one command or group from its own module; this file only assembles them.
"""

from __future__ import annotations

import click

from backend import __version__
from backend.bench import api_bench as _api_bench  # noqa: F401  (registers `bench api`)
from backend.bench import bench
from backend.bench import extraction_bench as _extraction_bench  # noqa: F401  (registers `bench extract`)
from backend.bench import ingest_bench as _ingest_bench  # noqa: F401  (registers `bench ingest`)
from backend.bench import load_bench as _load_bench  # noqa: F401  (registers `bench load`)
from backend.bench import pipeline_bench as _pipeline_bench  # noqa: F401  (registers `bench pipeline`)
from backend.cli.archive_commands import archive
from backend.cli.context import ProductGroup
from backend.cli.db_commands import db
from backend.cli.demo_command import demo
from backend.cli.doctor_command import doctor
from backend.cli.extract_commands import eval_command, extract_command
from backend.cli.ingest_commands import ingest
from backend.cli.runs_commands import runs
from backend.cli.schedule_commands import schedule
from backend.cli.serve_command import serve
from backend.cli.users_commands import users
from backend.cli.worker_command import worker


@click.group(cls=ProductGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brokerage-insights")
def cli() -> None:
    """Brokerage Insights: turn sell-side research email into a research database."""


cli.add_command(db)
cli.add_command(ingest)
cli.add_command(archive)
cli.add_command(bench)
cli.add_command(runs)
cli.add_command(worker)
cli.add_command(schedule)
cli.add_command(demo)
cli.add_command(doctor)
cli.add_command(users)
cli.add_command(serve)
cli.add_command(extract_command)
cli.add_command(eval_command)
