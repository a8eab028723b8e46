"""Hand-written hostile texts, one per weakness the properties found in the extractor.

Each text made `extract` run for minutes or hours (a greedy pattern backtracking over a long run,
a loop over quote levels inside a loop over quote levels) or return text no database can store.
Each must now give a result within contract at once, and a real note in front of the junk must
still be found.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from backend.archive.snapshot import Snapshot, build_snapshot
from backend.extraction.bounds import MAX_REPORTS_PER_MESSAGE
from backend.extraction.extractor import extract
from backend.extraction.models import ExtractionResult
from tests.robustness.checks import assert_extraction_contract, hang_guard

NOTE = (
    "From: Kotak Institutional Equities <research@kotak.com>\r\nTo: Rohan Iyer <rohan.iyer@example.com>\r\n"
    "Subject: Reliance Industries: Initiating coverage with BUY, TP Rs 3,400\r\n"
    "Date: Mon, 6 Jan 2025 08:00:00 +0530\r\nMessage-ID: <note-1@kotak.com>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "We initiate coverage on Reliance Industries with a BUY rating and a target price of Rs 3,400.\r\n"
    "We expect EBITDA to grow 18% YoY in FY26E, led by retail and new energy.\r\n\r\n"
)


@cache
def note_snapshot() -> Snapshot:
    return build_snapshot(NOTE.encode(), user_id="user_hostile", source={"kind": "file", "ref": "note.eml"})


def _extract(
    text_after_note: str = "", *, text_body: str | None = None, subject: str | None = None
) -> ExtractionResult:
    base = note_snapshot()
    body = base.text_body + "\n" + text_after_note if text_body is None else text_body
    snapshot = replace(base, text_body=body, subject=base.subject if subject is None else subject)
    with hang_guard():
        result = extract(snapshot)
    assert_extraction_contract(result)
    return result


def test_the_note_alone_is_one_initiation() -> None:
    (report,) = _extract().reports
    assert (report.report_type, report.rating, report.target_price) == ("initiation", "buy", 3400.0)


@pytest.mark.parametrize(
    "junk",
    [
        "1" * 300_000,  # \d+ patterns backtracking over every start position
        "0" * 300_000,
        "x" * 300_000,  # the e-mail address pattern [\w.+-]+@ over a long word
        "a." * 150_000,
        "> " * 100_000 + "x",  # one line quoted 100,000 levels deep
        "\n".join("> " * level + "quoted" for level in range(1, 3_000)),
    ],
    ids=lambda junk: f"{junk[:12]!r}x{len(junk)}",
)
def test_a_long_run_after_a_note_is_bounded_and_the_note_still_read(junk: str) -> None:
    result = _extract(junk)
    assert result.is_research
    assert result.reports[0].company_canonical.startswith("Reliance")


def test_a_megabyte_subject_is_bounded() -> None:
    result = _extract(subject="Reliance Industries: BUY " + "1" * 1_000_000)
    assert result.is_research


def test_text_no_database_can_store_never_reaches_a_report() -> None:
    result = _extract("Key point with a NUL\x00 inside and a lone \ud800 surrogate.", subject="Reliance\x00: BUY")
    assert result.is_research  # contract: no NUL in any text (checked in assert_extraction_contract)
    texts = [result.reports[0].summary, result.reports[0].title, *(p.text for p in result.reports[0].key_points)]
    assert all(text.encode("utf-8") for text in texts)


def test_a_digest_with_thousands_of_items_keeps_the_first_hundred_reports() -> None:
    companies = ["Reliance Industries", "Infosys", "HDFC Bank", "Asian Paints", "Bharti Airtel"]
    items = [
        f"{companies[i % len(companies)]}: BUY, TP Rs {1000 + i}\nWe expect EBITDA to grow 12% YoY.\n"
        for i in range(3_000)
    ]
    body = "Morning note - today's research\n\n" + "\n".join(items)
    result = _extract(text_body=body, subject="Morning Note: daily research digest")
    assert len(result.reports) == MAX_REPORTS_PER_MESSAGE
    prices = [report.target_price or 0.0 for report in result.reports]
    assert prices == sorted(prices) and 1000 <= prices[0] < 1010  # the first items, in order
    assert any(reason.startswith("too_many_reports") for reason in result.reasons)
