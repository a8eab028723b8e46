"""Personal data never leaves the extractor; figures always do."""

from __future__ import annotations

import pytest

from backend.extraction.redaction import Redactor, recipient_names

REDACT = Redactor(recipient_names(["Rohan Iyer", "MOSL Institutional Research DL"], ["Dear ROHAN IYER,\n"]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Rohan, the note is attached.", "Hi [name], the note is attached."),
        ("Sent to rohan.iyer@example.com today", "Sent to [email] today"),
        ("Call me on +91 98200 12345 or 022-6246 5555.", "Call me on [phone] or [phone]."),
        ("Client Code: EMUM2741 | PAN: ABCPI1234K", "Client Code: [redacted] | PAN: [redacted]"),
        (
            "Trading account 8500XXXX41 and bank account XXXXXXXX2211",
            "Trading account [redacted] and bank account [redacted]",
        ),
        ("Demat: IN30012345678901", "Demat: [redacted]"),
        ("DP ID 1208160012345678", "DP ID [redacted]"),
    ],
)
def test_personal_data_is_redacted(text: str, expected: str) -> None:
    assert REDACT(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Advances of 25,42,500 crore grew 3.0% YoY on 23 Jan 2025.",
        "TP of Rs 1,605 (from Rs 1,500); EPS of Rs 53.5 in FY26E.",
        "Record date 2025-04-07; 12-month target of ₹12,50,000; margin 21.3%.",
        "Order book of Rs 71,650 crore (3.4x TTM revenue), +240 bps YoY.",
        "Volumes of 9876 units and 2024-25 capex of Rs 3,300 crore.",
    ],
)
def test_figures_and_dates_are_never_redacted(text: str) -> None:
    assert REDACT(text) == text


def test_text_after_thanks_is_kept() -> None:
    text = "Thanks, the margin outlook improves to 24% in FY26E as costs ease."
    assert REDACT(text) == text


def test_list_names_are_not_taken_for_people() -> None:
    assert "Institutional" not in recipient_names(["MOSL Institutional Research DL"])
