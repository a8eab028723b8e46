"""`bench ingest`: archive throughput and memory on a generated mbox."""

from __future__ import annotations

import time

import click

from backend.archive.store import ArchiveStore
from backend.bench import bench
from backend.bench.scratch import MemorySampler, scratch_database, scratch_folder
from backend.db.connection import open_pool
from backend.demo.mailgen import write_mbox
from backend.ingest.mbox import read_mbox
from backend.pipeline.ingest import BATCH_SIZE, ingest_messages


@bench.command("ingest")
@click.option("--messages", default=20_000, show_default=True, type=click.IntRange(1),
              help="Messages in the generated mbox.")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1))
@click.option("--keep", is_flag=True, help="Keep the work folder (mbox and archive) for inspection.")
def ingest_benchmark(messages: int, batch_size: int, keep: bool) -> None:
    """Archive a generated mbox into a scratch database and archive folder; print throughput and memory."""
    with scratch_folder(keep) as folder, scratch_database() as url:
        mbox = folder / "generated.mbox"
        size = write_mbox(mbox, messages)
        click.echo(f"generated {messages:,} messages, {size / 1e6:,.1f} MB in {mbox}")
        store = ArchiveStore(folder / "archive")
        pool = open_pool(url, max_size=2)
        try:
            with MemorySampler() as memory:
                started = time.perf_counter()
                summary = ingest_messages(pool, "bench-user", read_mbox(mbox), store=store, batch_size=batch_size)
                elapsed = time.perf_counter() - started
        finally:
            pool.close()
    click.echo(f"archived {summary.archived:,} (already {summary.already_archived:,}, "
               f"failures {len(summary.failures)}) in {elapsed:.1f} s")
    click.echo(f"throughput: {summary.seen / elapsed:,.0f} messages/s, {summary.bytes_read / 1e6 / elapsed:,.2f} MB/s")
    click.echo(f"peak memory (this process + PDF workers): {memory.peak_mb:,.0f} MB; "
               "at 25/50/75/100% of the run: " + ", ".join(f"{mb:,.0f}" for mb in memory.at_fractions()) + " MB")
