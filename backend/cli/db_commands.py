"""`brokerage-insights db ...`: database URL, migrations and their status."""

from __future__ import annotations

import click


@click.group()
def db() -> None:
    """Database: show the URL in use, apply migrations, list their status."""
