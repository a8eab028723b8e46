"""`brokerage-insights doctor`: audit the database and the archive for inconsistencies."""

from __future__ import annotations

import json

import click

from backend.archive.store import ArchiveStore
from backend.audit.doctor import run_doctor
from backend.cli.context import database_pool, settings


@click.command()
@click.option("--lease-seconds", default=30.0, show_default=True, type=click.FloatRange(0),
              help="A running run silent for longer than this counts as stuck.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def doctor(lease_seconds: float, as_json: bool) -> None:
    """Check the database and the archive for inconsistencies and print what was found.

    Exits with status 1 when an error-level problem was found, 0 otherwise (warnings included).
    """
    with database_pool(check_schema=False) as pool:
        report = run_doctor(pool, ArchiveStore(settings().archive_dir), lease_seconds=lease_seconds)
    if as_json:
        click.echo(json.dumps({"healthy": report.healthy, "checked": report.checked,
                               "findings": [finding.to_dict() for finding in report.findings]}, indent=2))
    else:
        for finding in report.findings:
            click.echo(f"{finding.severity.upper()}: {finding.description} ({finding.check}): {finding.count}")
            for sample in finding.samples:
                click.echo(f"    {sample}")
        verdict = "healthy" if report.healthy else "problems found"
        click.echo(f"{len(report.checked)} checks, {len(report.findings)} finding(s): {verdict}")
    if not report.healthy:
        raise SystemExit(1)
