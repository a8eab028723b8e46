"""Research or not: transactional and promotional mail from broker domains gives no report."""

from __future__ import annotations

import pytest

from backend.extraction.research_filter import assess

RESEARCH = """Rating: BUY | CMP: Rs 612 | TP: Rs 760
• We raise FY26E/FY27E EPS by 3%/4% to Rs 53.5/Rs 63.2 and model FY27E RoA of 3.3%.
• ~38% of borrowings are bank term loans; we cut FY26E cost of funds by 12bps.
• Disbursement growth of ~14% YoY is the key monitorable; NIM expands 20bps QoQ.
"""


def test_a_research_note_is_research() -> None:
    assert assess("Shriram Finance | Risk-weight relief | BUY | TP raised to Rs 760", RESEARCH).is_research


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Contract Note for Trade Date 17-Jan-2025",
            "Dear Client, please find attached the digitally signed contract note.",
        ),
        ("OTP for your login", "482913 is your One Time Password. Do not share this OTP with anyone."),
        ("Action required: Update your KYC details", "Dear Customer, your KYC attributes must be validated."),
        (
            "IPO Alert: Hexaware opens 12 Feb | Price band Rs674-708",
            "Apply now via UPI. This is an advertisement, not a research report.",
        ),
        ("Webinar Invite | Union Budget 2025 Decoded", "Join our research team for a live discussion. Register now."),
        ("Daily Margin Statement for 22-Jan-2025", "Dear Customer, please find below your margin statement."),
        ("Get up to 4x leverage with MTF @ 9.69% p.a.", "Activate MTF now. T&C apply."),
    ],
)
def test_transactional_and_promotional_mail_is_not_research(subject: str, body: str) -> None:
    verdict = assess(subject, body)
    assert not verdict.is_research
    assert verdict.reasons


def test_a_strong_non_research_subject_needs_overwhelming_evidence() -> None:
    invitation = "Meet 80+ companies; we expect FY26E earnings growth of 15% and margins up 50bps for our coverage."
    assert assess("Weekly view", invitation).is_research
    assert not assess("Invitation: India Access Conference", invitation).is_research
