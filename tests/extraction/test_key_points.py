"""Key points: substantive, distinct, from the note's own text."""

from __future__ import annotations

from backend.extraction.key_points import extract_key_points
from backend.reference.ratings import DEFAULT_RATING_SCALE


def _is_rating(word: str) -> bool:
    return word.lower() in DEFAULT_RATING_SCALE


def test_bullets_are_points_and_restatements_are_not() -> None:
    lines = [
        "We initiate on Mankind Pharma with ADD and a TP of Rs2,850, based on 39x FY27E EPS.",
        "• Domestic formulations to grow at an 11% CAGR over FY25-27E, led by chronic share gains.",
        "• We cut FY26E/FY27E EPS by 2% on higher integration costs.",
        "• Risks: NLEM price controls and integration delays at BSV.",
        "• Reiterate ADD; our fair value of Rs2,850 is unchanged.",
        "• Please find attached the full report with detailed financials.",
        "• Domestic formulations grow at an 11% CAGR over FY25-27E, led by chronic share gains!",
    ]
    points = extract_key_points(lines, _is_rating)
    assert [point.kind for point in points] == ["valuation", "driver", "estimate_change", "risk"]
    assert points[0].text.startswith("We initiate on Mankind Pharma")


def test_prose_only_notes_give_sentences_with_figures() -> None:
    lines = [
        "The MPC cut the repo rate by 25bp to 6.25% in a unanimous vote. The stance stays neutral and "
        "the governor spoke at length. We expect another 50bp of cuts by June.",
    ]
    texts = [point.text for point in extract_key_points(lines, _is_rating)]
    assert texts == [
        "The MPC cut the repo rate by 25bp to 6.25% in a unanimous vote.",
        "We expect another 50bp of cuts by June.",
    ]
