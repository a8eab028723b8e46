"""Helpers for extraction tests: small mails written for the test, turned into snapshots."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest

from backend.archive.snapshot import Snapshot, build_snapshot

MakeMail = Callable[..., Snapshot]


def mail_bytes(
    *,
    subject: str,
    body: str,
    sender: str = "Kotak Institutional Equities <kie.research@kotak.com>",
    to: str = "Rohan Iyer <rohan.iyer@example.com>",
    date: str = "Thu, 23 Jan 2025 07:05:26 +0530",
    html: str | None = None,
    message_id: str = "<note-1@kotak.com>",
) -> bytes:
    message = EmailMessage(policy=default_policy)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = message_id
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


@pytest.fixture
def make_mail() -> MakeMail:
    def build(user_id: str = "user_001", **fields: str) -> Snapshot:
        return build_snapshot(mail_bytes(**fields), user_id=user_id, source={"kind": "file", "ref": "test.eml"})

    return build


NOTE_BODY = """Kotak Institutional Equities Research
-----------------------------------------------
3QFY25 results | January 23, 2025

HAVELLS INDIA (HAVL IN)
Cables carry the quarter; Lloyd still a drag

Rating:          ADD
Price (Rs):      1,610
Fair Value (Rs): 1,800 (earlier 1,750)

Havells reported revenue growth of 11% YoY, with cables and wires up 21%.

Key points
* Revenue grew 11% YoY; cables and wires grew 21% while Lloyd grew 6%.
* EBITDA margin of 9.4% was down 70 bps YoY on Lloyd brand investments.
* We cut FY26-27E EPS by 2-3% and roll forward to Mar-27E.
* Key risks: copper price volatility and weak consumer demand.

Analyst contacts
Aditi Venkatesh, Analyst - Consumer | aditi.venkatesh@kotak.com | +91 22 4336 0870

Analyst Certification: The research analyst(s) named in this report certify that the views
expressed herein accurately reflect their personal views about the subject securities.
Rating definitions: BUY: >15%; ADD: 5-15%; REDUCE: -5% to +5%; SELL: <-5%.
To stop receiving KIE research e-mails, visit https://research.kotak.com/unsubscribe?t=abc
"""
