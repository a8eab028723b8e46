"""The extractor's scores on held-out broker mail, against the product's acceptance targets.

tests/fixtures/heldout, heldout2 and heldout3 are labelled corpora written apart from the
extraction rules (and from each other): other houses, other companies (mid-caps, PSUs, US names
written as brokers write them), other phrasings of every field, other layouts and other kinds of
duplicate. A failure here names the measure and lists the
fields the extractor got wrong, so it reads as a measurement of how the rules generalize.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backend.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HELDOUT_CORPORA = ("heldout", "heldout2", "heldout3")

# The acceptance targets, restated here so that the test does not move if the product's own
# table does: each measure must reach at least this value.
MINIMUM_SCORES: dict[str, float] = {
    "research_precision": 0.98,
    "research_recall": 0.98,
    "reports_recall": 0.95,
    "reports_precision": 0.95,
    "company_accuracy": 0.95,
    "report_type_accuracy": 0.90,
    "rating_accuracy": 0.97,
    "target_price_accuracy": 0.97,
    "currency_accuracy": 0.97,
    "published_date_accuracy": 0.97,
    "key_points_share": 0.90,
    "dedupe_precision": 0.98,
    "dedupe_recall": 0.95,
}


@pytest.fixture(scope="module", params=HELDOUT_CORPORA)
def corpus(request: pytest.FixtureRequest) -> Path:
    folder: Path = FIXTURES / request.param
    return folder


@pytest.fixture(scope="module")
def evaluation(corpus: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["eval", str(corpus), "--json", "--misses"])
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def _misses(evaluation: dict[str, Any]) -> str:
    return "\n".join(evaluation.get("misses", [])) or "(no field-level misses listed)"


def test_every_labelled_email_is_scored(corpus: Path, evaluation: dict[str, Any]) -> None:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    assert evaluation["scores"]["emails"] == len(labels) == len(list((corpus / "emails").glob("*.eml")))


@pytest.mark.parametrize("measure", list(MINIMUM_SCORES))
def test_measure_reaches_its_target_on_heldout_mail(evaluation: dict[str, Any], measure: str) -> None:
    value = evaluation["scores"][measure]
    minimum = MINIMUM_SCORES[measure]
    assert value >= minimum, f"{measure} = {value:.3f}, target >= {minimum}\n{_misses(evaluation)}"


def test_no_report_is_merged_across_brokers(evaluation: dict[str, Any]) -> None:
    merges = evaluation["scores"]["cross_broker_merges"]
    assert merges == 0, f"{merges:g} duplicate groups join reports of different brokers\n{_misses(evaluation)}"
