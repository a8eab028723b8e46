"""`brokerage-insights extract` and `brokerage-insights eval`: run the extractor on .eml files or a
labelled corpus, without a database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.snapshot import build_snapshot
from backend.demo import demo_corpus_dir
from backend.errors import BrokerageInsightsError
from backend.extraction import ExtractionResult, extract
from backend.extraction.evaluation import TARGETS, evaluate_corpus, misses, score, target_misses

_EML = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_CORPUS = click.Path(exists=True, file_okay=False, readable=True, path_type=Path)


def _result_line(path: Path, result: ExtractionResult) -> dict[str, Any]:
    return {
        "file": str(path),
        "is_research": result.is_research,
        "broker": result.broker,
        "published_at": result.published_at,
        "reports": [report.to_dict() for report in result.reports],
    }


def _print_table(path: Path, result: ExtractionResult) -> None:
    verdict = "research" if result.is_research else "not research"
    click.echo(f"{path}: {verdict}" + (f" | {result.broker} | {result.published_at}" if result.is_research else ""))
    if not result.is_research:
        click.echo(f"  why: {'; '.join(result.reasons)}")
    for number, report in enumerate(result.reports, start=1):
        target = f"{report.currency or ''} {report.target_price:,.2f}".strip() if report.target_price else "-"
        rating = report.rating_raw or "-"
        if report.previous_rating:
            rating += f" (was {report.previous_rating})"
        click.echo(
            f"  {number}. {report.company_canonical} | {report.report_type} | {rating} | TP {target} "
            f"| confidence {report.confidence:.2f}"
        )
        click.echo(f"     {report.title}")
        click.echo(f"     {report.summary}")
        for point in report.key_points:
            click.echo(f"       - {point.text}")


@click.command("extract")
@click.option(
    "--user",
    "user_id",
    default="local",
    show_default=True,
    envvar="BROKERAGE_INSIGHTS_USER",
    help="User the messages belong to (part of archive ids and duplicate keys).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per file instead of a table.")
@click.argument("files", nargs=-1, required=True, type=_EML)
def extract_command(user_id: str, as_json: bool, files: tuple[Path, ...]) -> None:
    """Extract the research reports of each FILE.eml and print them."""
    failed = 0
    with PdfTextExtractor() as pdf_text:  # attached PDFs are read, as ingest reads them
        for path in files:
            try:
                snapshot = build_snapshot(
                    path.read_bytes(), user_id=user_id, source={"kind": "file", "ref": str(path)}, pdf_text=pdf_text
                )
            except BrokerageInsightsError as error:
                failed += 1
                click.echo(f"{path}: {error}", err=True)
                continue
            result = extract(snapshot)
            if as_json:
                click.echo(json.dumps(_result_line(path, result), ensure_ascii=False))
            else:
                _print_table(path, result)
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} file(s) could not be read as email")


def _format_value(name: str, value: float) -> str:
    return f"{int(value)}" if name in ("cross_broker_merges", "emails", "dedupe_pairs") else f"{value:.3f}"


@click.command("eval")
@click.argument("corpus_dir", type=_CORPUS, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--misses", "show_misses", is_flag=True, help="Also list every wrong field, one line each.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any measure misses its target.")
def eval_command(corpus_dir: Path | None, as_json: bool, show_misses: bool, strict: bool) -> None:
    """Score the extractor on CORPUS_DIR (its emails/*.eml and labels.json; default: the bundled
    demo corpus, which is labelled)."""
    outcomes = evaluate_corpus(corpus_dir or demo_corpus_dir(), extract)
    scores = score(outcomes)
    missed = target_misses(scores)
    if as_json:
        payload: dict[str, Any] = {"scores": scores, "targets": TARGETS, "missed": missed}
        if show_misses:
            payload["misses"] = misses(outcomes)
        click.echo(json.dumps(payload))
    else:
        click.echo(f"{'measure':<26} {'value':>8}  target")
        for name, value in scores.items():
            target = TARGETS.get(name)
            bound = f"{target[0]} {target[1]:g}" if target else ""
            flag = "" if not target else ("MISSED" if name in missed else "ok")
            click.echo(f"{name:<26} {_format_value(name, value):>8}  {bound:<8} {flag}".rstrip())
        if show_misses:
            for line in misses(outcomes):
                click.echo(line)
    if strict and missed:
        raise click.ClickException("targets missed: " + ", ".join(missed))
