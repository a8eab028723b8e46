"""`bench extract`: extraction throughput from already-built snapshots, on one core."""

from __future__ import annotations

import time
from pathlib import Path

import click

from backend.archive.snapshot import Snapshot, build_snapshot
from backend.bench import bench
from backend.demo import demo_emails_dir
from backend.extraction import extract


def _snapshots(corpus_dir: Path) -> list[Snapshot]:
    paths = sorted(corpus_dir.rglob("*.eml"))
    if not paths:
        raise click.BadParameter(f"no .eml files under {corpus_dir}", param_hint="CORPUS_DIR")
    return [
        build_snapshot(path.read_bytes(), user_id="bench-user", source={"kind": "file", "ref": str(path)})
        for path in paths
    ]


@bench.command("extract")
@click.argument(
    "corpus_dir", required=False, type=click.Path(exists=True, file_okay=False, readable=True, path_type=Path)
)
@click.option("--repeat", default=20, show_default=True, type=click.IntRange(1), help="Passes over the corpus.")
def extract_benchmark(corpus_dir: Path | None, repeat: int) -> None:
    """Time extraction alone over CORPUS_DIR's .eml files (default: the demo corpus); print emails/s."""
    folder = corpus_dir or demo_emails_dir()
    snapshots = _snapshots(folder)
    extract(snapshots[0])  # load the broker registry and company master outside the timing
    reports = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for snapshot in snapshots:
            reports += len(extract(snapshot).reports)
    elapsed = time.perf_counter() - started
    emails = len(snapshots) * repeat
    click.echo(f"built {len(snapshots)} snapshots from {folder} (not timed)")
    click.echo(f"extracted {emails:,} emails ({reports:,} reports) in {elapsed:.2f} s on one core")
    click.echo(f"throughput: {emails / elapsed:,.0f} emails/s, {elapsed / emails * 1000:.2f} ms per email")
