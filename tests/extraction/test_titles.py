"""Titles, their normalized form and the duplicate key (contract 5)."""

from __future__ import annotations

from datetime import date

import pytest

from backend.extraction.titles import duplicate_key, headline_from_lines, normalize_title, strip_subject_tags


@pytest.mark.parametrize(
    "title",
    [
        "Tata Steel - Downgrade to Hold: European drag persists",
        "FW: Tata Steel - Downgrade to Hold: European drag persists",
        "Fwd: RE: Tata Steel - Downgrade to Hold: European drag persists",
        "[Revised] Tata Steel - Downgrade to Hold: European drag persists",
        "Resending: Tata Steel - Downgrade to Hold - European drag persists!",
        "tata steel downgrade to hold european drag persists (text version)",
    ],
)
def test_copies_normalize_alike(title: str) -> None:
    assert normalize_title(title) == "tata steel downgrade to hold european drag persists"


def test_list_names_are_dropped() -> None:
    assert normalize_title("RELIANCE IN: Beat led by O2C | MOFSL PCG", ["MOFSL PCG"]) == "reliance in beat led by o2c"


def test_subject_tags_are_stripped_but_wording_kept() -> None:
    assert strip_subject_tags("FW: [Revised] HDFC Bank - Q3FY25 (text version)") == "HDFC Bank - Q3FY25"


def _key(**overrides: object) -> str:
    fields: dict[str, object] = {
        "user_id": "user_001",
        "broker": "CLSA",
        "company": "Tata Steel",
        "report_type": "rating_change",
        "title": "European drag persists; downgrade to Hold",
        "day": date(2025, 2, 12),
    }
    fields.update(overrides)
    return duplicate_key(**fields)  # type: ignore[arg-type]


def test_duplicate_key_is_stable_across_copies_and_differs_across_brokers() -> None:
    assert _key() == _key(title="FW: European drag persists - downgrade to Hold!")
    assert _key() != _key(broker="Jefferies")
    assert _key() != _key(day=date(2025, 2, 13))
    assert _key() != _key(report_type="results_update")
    assert _key() != _key(user_id="user_002")
    assert len(_key()) == 64 and int(_key(), 16) >= 0


def test_headline_skips_banner_date_kicker_and_company_lines() -> None:
    lines = [
        "CLSA | India Research",
        "-------------------------------",
        "Rating change | 12 February 2025",
        "",
        "Tata Steel (TATA IN)",
        "European drag persists; downgrade to Hold",
        "",
        "Rating: HOLD | Target: Rs160",
    ]

    def spans(text: str) -> list[tuple[int, int]]:
        start = text.find("Tata Steel")
        return [(start, start + len("Tata Steel"))] if start >= 0 else []

    assert headline_from_lines(lines, company_spans=spans, self_names=["CLSA"]) == (
        "European drag persists; downgrade to Hold"
    )
