"""Report type precedence (contract 4): initiation > rating_change > results_update >
results_preview > target_change > general_update."""

from __future__ import annotations

import pytest

from backend.extraction.report_types import TypeEvidence, company_report_type


def _type(heading: str, body: str = "", *, rating_changed: bool = False, target_moved: bool = False) -> str:
    return company_report_type(TypeEvidence(heading, body, rating_changed, target_moved))[0]


@pytest.mark.parametrize(
    ("heading", "body", "rating_changed", "target_moved", "expected"),
    [
        ("Kaynes Technology | Initiating Coverage | BUY", "", False, False, "initiation"),
        ("Vedanta Ltd: Resuming Coverage", "", False, False, "initiation"),
        (
            "PB Fintech | Insurance at scale",
            "We initiate at ADD with a DCF-based fair value.",
            False,
            False,
            "initiation",
        ),
        ("Asian Paints | 3QFY25 RU | Weak quarter - downgrade to Neutral", "", True, True, "rating_change"),
        ("Cummins India: Upgrade to ADD after correction", "", False, False, "rating_change"),
        ("Maruti Suzuki | 3QFY25 Result Update | TP raised to INR 14,400", "", False, True, "results_update"),
        ("SBI - 3QFY25: Asset quality benign", "", False, False, "results_update"),
        ("Apple Inc. (AAPL): F1Q25 - Services Shine; Raise PT to $245", "", False, True, "results_update"),
        ("NVIDIA (NVDA): F4Q Preview - PT to $195", "", False, True, "results_preview"),
        ("Dixon | Vivo JV approval; TP raised to INR 21,000", "", False, True, "target_change"),
        ("Cognizant (CTSH US): Raising TP to USD92 on roll-forward", "", False, True, "target_change"),
        ("HUL | Ice-cream demerger: value-neutral for now", "", False, False, "general_update"),
        ("Infosys - Q3FY25 Preview: guidance upgrade likely - ADD", "", False, False, "results_preview"),
    ],
)
def test_type_precedence(heading: str, body: str, rating_changed: bool, target_moved: bool, expected: str) -> None:
    assert _type(heading, body, rating_changed=rating_changed, target_moved=target_moved) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Infosys | Reinitiating coverage with ADD", "initiation"),
        ("Titan | Reco change: cut to SELL", "rating_change"),
        ("HDFC Bank | Q4FY25 Results Flash", "results_update"),
        ("ICICI Bank | Q4 results: steady as she goes", "results_update"),
        ("HDFC Bank (HDFCB IN): 1Q: Margins dip as guided", "results_update"),
        ("State Bank of India | Company Result | Banking", "results_update"),
        ("Microsoft (MSFT): FQ2 Azure beat, capex climbs again; PT to $575", "results_update"),
        ("Tata Power | TP revision on a higher renewables pipeline", "target_change"),
        ("Zydus | Cutting TP on a slower US ramp-up", "target_change"),
    ],
)
def test_other_ways_houses_name_their_notes(heading: str, expected: str) -> None:
    assert _type(heading) == expected


def test_mentioning_an_earlier_initiation_is_not_an_initiation() -> None:
    assert _type("Trent | Plant visit", "The stock is up 40% since our initiation.") == "general_update"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Fortis's 4QFY25 consolidated EBITDA of INR4.1bn (+19% y-o-y) was 3% above our estimate. "
            "We raise our target price to INR700.",
            "results_update",
        ),
        ("Q3FY25 revenue grew 7% YoY to Rs91.5bn. We raise our TP.", "results_update"),
        # a quarter named without its numbers, or numbers far down the note, do not make a results note
        ("We raise our TP to Rs700 as 4QFY25 should mark the trough.", "target_change"),
        ("We raise our TP to Rs700. " + "Hospital beds grow. " * 30 + "1QFY26 EBITDA rose 9% YoY.", "target_change"),
    ],
)
def test_a_lead_that_reports_the_quarter_is_a_results_note(body: str, expected: str) -> None:
    assert _type("Fortis Healthcare: Strong hospitals", body, target_moved=True) == expected
