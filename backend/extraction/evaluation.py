"""Scoring the extractor on a labelled corpus (labels.json beside the .eml files, as in the dev corpus).

Each labelled report is paired with at most one extracted report of the same mail (same company
first, then same type, then reading order). Field accuracies are over labelled reports, so a
report that was not found counts as wrong for every field. Dedupe quality is pairwise: two
reports "should share a key" when their mails are in one dedupe group and they are the same item.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from backend.errors import ValidationError
from backend.extraction.models import ExtractedReport, ExtractionResult

TARGETS: dict[str, tuple[str, float]] = {
    "research_precision": (">=", 0.98),
    "research_recall": (">=", 0.98),
    "reports_recall": (">=", 0.95),
    "reports_precision": (">=", 0.95),
    "company_accuracy": (">=", 0.95),
    "report_type_accuracy": (">=", 0.90),
    "broker_accuracy": (">=", 0.97),
    "rating_accuracy": (">=", 0.97),
    "target_price_accuracy": (">=", 0.97),
    "currency_accuracy": (">=", 0.97),
    "published_date_accuracy": (">=", 0.97),
    "key_points_share": (">=", 0.90),
    "dedupe_precision": (">=", 0.98),
    "dedupe_recall": (">=", 0.95),
    "cross_broker_merges": ("<=", 0.0),
}


@dataclass
class MailOutcome:
    file: str
    label: dict[str, Any]
    result: ExtractionResult
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (label index, report index)


def load_labels(corpus_dir: Path) -> list[dict[str, Any]]:
    labels_path = corpus_dir / "labels.json"
    if not labels_path.is_file():
        raise ValidationError("corpus_dir", str(corpus_dir), "no labels.json in this folder")
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValidationError("labels.json", str(labels_path), f"not valid JSON: {error}") from error
    if not isinstance(labels, list) or not all(isinstance(item, dict) and "file" in item for item in labels):
        raise ValidationError("labels.json", str(labels_path), "expected a list of objects with a 'file' key")
    return labels


def _norm(value: Any) -> str:
    return " ".join(str(value or "").casefold().replace(".", "").split())


def _same_company(label: dict[str, Any], report: ExtractedReport) -> bool:
    if label.get("company") is None:
        return False
    if label.get("ticker") and report.ticker and label["ticker"].upper() == report.ticker.upper():
        return True
    return _norm(label["company"]) == _norm(report.company_canonical)


def pair_reports(labels: list[dict[str, Any]], reports: list[ExtractedReport]) -> list[tuple[int, int]]:
    """Greedy pairing: same company, else same type, else position; each side used once."""
    pairs: list[tuple[int, int]] = []
    used_labels: set[int] = set()
    used_reports: set[int] = set()
    rules: list[Callable[[dict[str, Any], ExtractedReport], bool]] = [
        _same_company,
        lambda label, report: label.get("company") is None and report.report_type == label["report_type"],
        lambda label, report: True,
    ]
    for rule in rules:
        for li, label in enumerate(labels):
            if li in used_labels:
                continue
            for ri, report in enumerate(reports):
                if ri not in used_reports and rule(label, report):
                    pairs.append((li, ri))
                    used_labels.add(li)
                    used_reports.add(ri)
                    break
    return sorted(pairs)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 1.0


def score(outcomes: list[MailOutcome]) -> dict[str, float]:
    labelled_research = [o for o in outcomes if o.label["is_research"]]
    predicted_research = [o for o in outcomes if o.result.is_research]
    true_positive = sum(1 for o in outcomes if o.label["is_research"] and o.result.is_research)
    total_labels = sum(len(o.label["reports"]) for o in outcomes)
    total_reports = sum(len(o.result.reports) for o in outcomes)
    matched = sum(len(o.pairs) for o in outcomes)
    checks: dict[str, list[bool]] = {name: [] for name in ("company", "type", "rating", "tp", "cur", "date", "kp")}
    for outcome in labelled_research:
        paired = dict(outcome.pairs)
        for li, label in enumerate(outcome.label["reports"]):
            report = outcome.result.reports[paired[li]] if li in paired else None
            if label.get("company") is not None:
                checks["company"].append(report is not None and _same_company(label, report))
            checks["type"].append(report is not None and report.report_type == label["report_type"])
            checks["rating"].append(report is not None and report.rating == label["rating"])
            checks["tp"].append(report is not None and _same_number(report.target_price, label["target_price"]))
            checks["cur"].append(report is not None and report.currency == label["currency"])
            checks["date"].append(
                report is not None and report.published_at[:10] == (outcome.label["published_date"] or "")
            )
            checks["kp"].append(report is not None and len(report.key_points) >= label["key_points_min"])
    broker_hits = [o.result.broker == o.label["broker"] for o in labelled_research]
    dedupe = _dedupe_scores(outcomes)
    return {
        "emails": float(len(outcomes)),
        "research_precision": _ratio(true_positive, len(predicted_research)),
        "research_recall": _ratio(true_positive, len(labelled_research)),
        "reports_recall": _ratio(matched, total_labels),
        "reports_precision": _ratio(matched, total_reports),
        "broker_accuracy": _ratio(sum(broker_hits), len(broker_hits)),
        "company_accuracy": _ratio(sum(checks["company"]), len(checks["company"])),
        "report_type_accuracy": _ratio(sum(checks["type"]), len(checks["type"])),
        "rating_accuracy": _ratio(sum(checks["rating"]), len(checks["rating"])),
        "target_price_accuracy": _ratio(sum(checks["tp"]), len(checks["tp"])),
        "currency_accuracy": _ratio(sum(checks["cur"]), len(checks["cur"])),
        "published_date_accuracy": _ratio(sum(checks["date"]), len(checks["date"])),
        "key_points_share": _ratio(sum(checks["kp"]), len(checks["kp"])),
        **dedupe,
    }


def _same_number(found: float | None, expected: float | int | None) -> bool:
    if found is None or expected is None:
        return found is None and expected is None
    return abs(found - float(expected)) < 1e-6


def _dedupe_scores(outcomes: list[MailOutcome]) -> dict[str, float]:
    # Each extracted report gets the identity of the labelled item it was paired with.
    items: list[tuple[str, str | None, str | None]] = []  # (duplicate_key, true item id, true broker)
    for number, outcome in enumerate(outcomes):
        paired = {ri: li for li, ri in outcome.pairs}
        group = outcome.label.get("dedupe_group") or f"single-{number}"
        for ri, report in enumerate(outcome.result.reports):
            item = f"{group}#{paired[ri]}" if ri in paired else None
            items.append((report.duplicate_key, item, outcome.label.get("broker")))
    predicted = [(a, b) for a, b in combinations(range(len(items)), 2) if items[a][0] == items[b][0]]
    truth = {
        (a, b) for a, b in combinations(range(len(items)), 2) if items[a][1] is not None and items[a][1] == items[b][1]
    }
    hits = sum(1 for pair in predicted if pair in truth)
    cross = sum(1 for a, b in predicted if items[a][2] != items[b][2])
    return {
        "dedupe_precision": _ratio(hits, len(predicted)),
        "dedupe_recall": _ratio(hits, len(truth)),
        "dedupe_pairs": float(len(truth)),
        "cross_broker_merges": float(cross),
    }


def misses(outcomes: Iterable[MailOutcome]) -> list[str]:
    """One line per wrong field, for inspecting a run ("0036.eml #0 rating: hold != buy")."""
    lines: list[str] = []
    for outcome in outcomes:
        if outcome.label["is_research"] != outcome.result.is_research:
            why = "; ".join(outcome.result.reasons)
            lines.append(f"{outcome.file} is_research: {outcome.result.is_research} ({why})")
            continue
        if outcome.label["is_research"] and outcome.result.broker != outcome.label["broker"]:
            lines.append(f"{outcome.file} broker: {outcome.result.broker} != {outcome.label['broker']}")
        paired = dict(outcome.pairs)
        labels = outcome.label["reports"]
        if len(outcome.result.reports) != len(labels):
            lines.append(f"{outcome.file} reports: {len(outcome.result.reports)} != {len(labels)}")
        for li, label in enumerate(labels):
            if li not in paired:
                lines.append(f"{outcome.file} #{li} not found ({label.get('company') or label['report_type']})")
                continue
            report = outcome.result.reports[paired[li]]
            found = {
                "company": report.company_canonical if label.get("company") else None,
                "report_type": report.report_type,
                "rating": report.rating,
                "target_price": report.target_price,
                "currency": report.currency,
                "published_date": report.published_at[:10],
            }
            expected = {
                "company": label.get("company"),
                "report_type": label["report_type"],
                "rating": label["rating"],
                "target_price": float(label["target_price"]) if label["target_price"] is not None else None,
                "currency": label["currency"],
                "published_date": outcome.label["published_date"],
            }
            for name, value in expected.items():
                if name == "company" and value is not None and _same_company(label, report):
                    continue
                if found[name] != value:
                    lines.append(f"{outcome.file} #{li} {name}: {found[name]!r} != {value!r}")
            if len(report.key_points) < label["key_points_min"]:
                lines.append(f"{outcome.file} #{li} key_points: {len(report.key_points)} < {label['key_points_min']}")
    return lines


def target_misses(scores: dict[str, float]) -> list[str]:
    """Names of the measures that miss their target."""
    missed = []
    for name, (operator, bound) in TARGETS.items():
        value = scores.get(name)
        if value is None:
            continue
        if (operator == ">=" and value < bound) or (operator == "<=" and value > bound):
            missed.append(name)
    return missed


def evaluate_corpus(corpus_dir: Path, extract: Callable[[Any], ExtractionResult]) -> list[MailOutcome]:
    """Build each labelled mail's snapshot, extract it, and pair its reports with the labels."""
    from backend.archive.pdf_text import PdfTextExtractor
    from backend.archive.snapshot import build_snapshot

    outcomes = []
    with PdfTextExtractor() as pdf_text:  # attached PDFs are read, as ingest reads them
        for label in load_labels(corpus_dir):
            path = corpus_dir / label["file"]
            if not path.is_file():
                raise ValidationError("labels.json file", label["file"], f"not found under {corpus_dir}")
            snapshot = build_snapshot(
                path.read_bytes(),
                user_id=label["user_id"],
                source={"kind": "file", "ref": str(path)},
                pdf_text=pdf_text,
            )
            result = extract(snapshot)
            outcome = MailOutcome(file=label["file"], label=label, result=result)
            outcome.pairs = pair_reports(label["reports"], result.reports)
            outcomes.append(outcome)
    return outcomes
