"""Benchmark commands (`brokerage-insights bench ...`): each prints the figures it measured.

Speed and memory are measured here, on demand, never asserted in the test suite.
"""

from __future__ import annotations

import click

from backend.cli.context import ProductGroup


@click.group(cls=ProductGroup)
def bench() -> None:
    """Measure throughput, latency and memory on generated mail (prints figures)."""
