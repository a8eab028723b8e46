"""snapshot -> reports, end to end, on mails written for the test."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from backend.archive.model import Attachment
from backend.extraction import EXTRACTOR_VERSION, extract
from tests.extraction.conftest import NOTE_BODY, MakeMail
from tests.extraction.test_segmentation import SUMMARY_TABLE_MORNING

CONTRACT_FIELDS = {
    "archive_id", "user_id", "broker", "company_canonical", "company_raw", "report_type", "title", "summary",
    "key_points", "published_at", "confidence", "duplicate_key", "rating", "rating_raw", "previous_rating",
    "target_price", "previous_target_price", "currency", "ticker",
}  # fmt: skip

SUBJECT = "Havells India: Cables carry the quarter; Lloyd still a drag"

HTML_NOTE = """<html><body>
<p>View this email in your browser</p>
<p>KIE | INDIA | Equity Research</p>
<p>3QFY25 results</p><h1>HAVELLS INDIA (HAVL IN)</h1><h2>Cables carry the quarter; Lloyd still a drag</h2>
<p>January 23, 2025</p>
<table><tr><td>Rating</td><td>Price (Rs)</td><td>Fair Value (Rs)</td></tr>
<tr><td>ADD</td><td>1,610</td><td>1,800 (earlier 1,750)</td></tr></table>
<p>Havells reported revenue growth of 11% YoY, with cables and wires up 21%.</p>
<p>Key points</p><ul>
<li>Revenue grew 11% YoY; cables and wires grew 21% while Lloyd grew 6%.</li>
<li>EBITDA margin of 9.4% was down 70 bps YoY on Lloyd brand investments.</li>
<li>We cut FY26-27E EPS by 2-3% and roll forward to Mar-27E.</li>
<li>Key risks: copper price volatility and weak consumer demand.</li></ul>
<p>Analyst Certification: The research analyst(s) named in this report certify that the views expressed
herein accurately reflect their personal views.</p>
<img src="https://research.kotak.com/px/abc.png" width="1" height="1"></body></html>"""

FORWARD = f"""Rohan - FYI, worth a read. Thanks, Arjun

________________________________
From: Kotak Institutional Equities <kie.research@kotak.com>
Sent: Thursday, January 23, 2025 7:05 AM
To: Arjun Mehta <arjun.mehta@example.com>
Subject: {SUBJECT}

{NOTE_BODY}"""


def test_a_company_note_is_read_like_an_analyst(make_mail: MakeMail) -> None:
    result = extract(make_mail(subject=SUBJECT, body=NOTE_BODY))
    assert result.is_research and result.broker == "Kotak Institutional Equities"
    (report,) = result.reports
    assert (report.company_canonical, report.ticker, report.report_type) == (
        "Havells India",
        "HAVELLS",
        "results_update",
    )
    assert (report.rating, report.rating_raw, report.previous_rating) == ("buy", "ADD", None)
    assert (report.target_price, report.previous_target_price, report.currency) == (1800, 1750, "INR")
    assert report.title == "Cables carry the quarter; Lloyd still a drag"
    assert report.published_at == "2025-01-23T07:05:26+05:30"
    assert len(report.key_points) >= 4
    assert {point.kind for point in report.key_points} >= {"estimate_change", "risk"}
    assert 0.0 <= report.confidence <= 1.0
    assert set(report.to_dict()) >= CONTRACT_FIELDS
    assert report.to_dict()["key_points"][0] == report.key_points[0].text
    everything = " ".join([report.title, report.summary, *[point.text for point in report.key_points]])
    assert "@" not in everything and "4336" not in everything and "Certification" not in everything
    assert EXTRACTOR_VERSION


def test_copies_share_the_duplicate_key(make_mail: MakeMail) -> None:
    original = extract(make_mail(subject=SUBJECT, body=NOTE_BODY)).reports[0]
    html_only = extract(make_mail(subject=SUBJECT, body="", html=HTML_NOTE, message_id="<html@kotak.com>"))
    revised = extract(make_mail(subject=f"[Revised] {SUBJECT}", body=NOTE_BODY, message_id="<rev@kotak.com>"))
    forwarded = extract(
        make_mail(
            subject=f"FW: {SUBJECT}",
            body=FORWARD,
            sender="Arjun Mehta <arjun.mehta@example.com>",
            date="Thu, 23 Jan 2025 10:12:37 +0530",
            message_id="<fw@example.com>",
        )
    )
    for copy in (html_only, revised, forwarded):
        assert copy.broker == "Kotak Institutional Equities"
        (report,) = copy.reports
        assert report.duplicate_key == original.duplicate_key
        assert (report.target_price, report.rating) == (original.target_price, original.rating)


def test_a_quoted_reply_is_the_original_note(make_mail: MakeMail) -> None:
    quoted = "\n".join("> " + line if line else ">" for line in NOTE_BODY.split("\n"))
    body = (
        "Hi Rohan,\n\nMostly Lloyd seasonality. Thanks for reading.\n\nAditi\n\n"
        "On Thu, 23 Jan 2025 at 07:05, Kotak Institutional Equities <kie.research@kotak.com> wrote:\n" + quoted
    )
    reply = extract(
        make_mail(
            subject=f"RE: {SUBJECT}",
            body=body,
            sender="Aditi Venkatesh <aditi.venkatesh@kotak.com>",
            date="Thu, 23 Jan 2025 11:02:47 +0530",
            message_id="<re@kotak.com>",
        )
    )
    original = extract(make_mail(subject=SUBJECT, body=NOTE_BODY)).reports[0]
    assert [report.duplicate_key for report in reply.reports] == [original.duplicate_key]


def test_an_outlook_reply_without_quote_marks_is_the_original_note(make_mail: MakeMail) -> None:
    body = (
        "Rohan - mostly Lloyd seasonality, happy to discuss.\n\nRegards\nAditi\n\n"
        "-----Original Message-----\n"
        "From: Kotak Institutional Equities [mailto:kie.research@kotak.com]\n"
        "Sent: Thursday, January 23, 2025 7:05 AM\n"
        f"Subject: {SUBJECT}\n\n{NOTE_BODY}"
    )
    reply = extract(
        make_mail(
            subject=f"RE: {SUBJECT}",
            body=body,
            sender="Aditi Venkatesh <aditi.venkatesh@kotak.com>",
            date="Thu, 23 Jan 2025 11:02:47 +0530",
            message_id="<outlook-re@kotak.com>",
        )
    )
    original = extract(make_mail(subject=SUBJECT, body=NOTE_BODY)).reports[0]
    assert [report.duplicate_key for report in reply.reports] == [original.duplicate_key]
    assert reply.reports[0].published_at.startswith("2025-01-23T07:05")


def test_the_same_title_from_two_brokers_never_shares_a_key(make_mail: MakeMail) -> None:
    kotak = extract(make_mail(subject=SUBJECT, body=NOTE_BODY)).reports[0]
    other_body = NOTE_BODY.replace("Kotak Institutional Equities Research", "Jefferies | Equity Research")
    other = extract(
        make_mail(subject=SUBJECT, body=other_body, sender="Jefferies Research <research@jefferies.com>")
    ).reports[0]
    assert other.broker == "Jefferies"
    assert other.duplicate_key != kotak.duplicate_key


SECTOR_NOTE = """Kotak Institutional Equities Research
Sector update | March 12, 2025

Infrastructure
Order wins pick up after a slow first half

Key points
* Order inflows for our coverage grew 18% YoY in Jan-Feb after a 9% decline in 1HFY25.
* Road and water orders lead; railway ordering remains slow at Rs120 bn year-to-date.
* Margins should recover 50-80 bps in FY26E as legacy fixed-price contracts run off.
* We prefer Larsen & Toubro (BUY, FV Rs4,150) and NCC (ADD, FV Rs290).
"""


def test_a_sector_note_that_names_stocks_is_one_sector_report(make_mail: MakeMail) -> None:
    result = extract(make_mail(subject="Infrastructure: L&T, NCC lead the order pick-up", body=SECTOR_NOTE))
    (report,) = result.reports
    assert report.report_type == "sector_update"
    assert report.company_canonical == "Infrastructure"
    assert (report.ticker, report.rating, report.target_price, report.currency) == (None, None, None, None)
    assert report.title == "Order wins pick up after a slow first half"


def test_broker_mail_that_is_not_research_gives_no_report(make_mail: MakeMail) -> None:
    result = extract(
        make_mail(
            subject="OTP for your login",
            body="Dear Customer,\n\n482913 is your One Time Password (OTP). Do not share it.\n",
            sender="HDFC securities <alerts@hdfcsec.com>",
        )
    )
    assert not result.is_research and result.reports == [] and result.broker is None
    assert any("non_research" in reason for reason in result.reasons)


def test_stock_spam_from_an_unknown_sender_is_not_research(make_mail: MakeMail) -> None:
    spam = (
        "Exciting Investor Alert\n\nTicker: IGTS\nCurrent: 0.01\nRating: Big Mover Next Week\n\n"
        "This stock receives our top rating - 10 out of 10. Revenue could grow 300% as fees of $10 fade and "
        "the company targets 25% margins. Jump on board while you can!\n"
    )
    result = extract(make_mail(subject="Get in on IGTS asap", body=spam, sender="Promo <alerts@example.biz>"))
    assert not result.is_research and result.reports == []


def test_odd_input_never_raises(make_mail: MakeMail) -> None:
    for body in ("", "\x00\x01 garbage ::: | | |", "Rating: | TP: Rs\n" * 50, "• " * 500):
        result = extract(make_mail(subject="", body=body))
        assert not any(reason.startswith("internal_error") for reason in result.reasons)


def test_a_new_broker_is_a_data_change(make_mail: MakeMail, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    houses = tmp_path / "brokers.yaml"
    houses.write_text(
        "brokers:\n"
        "  - name: Zeta Securities\n"
        "    aliases: [Zeta Research]\n"
        "    domains: [zetasec.in]\n"
        "    country: IN\n"
        "    timezone: Asia/Kolkata\n"
        "    rating_scale: {market performer: hold, top pick: buy}\n",
        encoding="utf-8",
    )
    body = NOTE_BODY.replace("Kotak Institutional Equities Research", "Zeta Research").replace(
        "Rating:          ADD", "Rating:          MARKET PERFORMER"
    )
    mail = make_mail(subject=SUBJECT, body=body, sender="Zeta Research <research@zetasec.in>")
    assert extract(mail).broker != "Zeta Securities"
    monkeypatch.setenv("BROKERAGE_INSIGHTS_BROKERS", str(houses))
    result = extract(mail)
    assert result.broker == "Zeta Securities"
    (report,) = result.reports
    assert (report.rating, report.rating_raw) == ("hold", "MARKET PERFORMER")


def test_a_morning_note_item_takes_its_call_from_the_summary_table(make_mail: MakeMail) -> None:
    result = extract(
        make_mail(subject="KIE Morning Note | 22 May 2025 | Havells, Polycab (downgrade)", body=SUMMARY_TABLE_MORNING)
    )
    calls = [
        (r.company_canonical, r.report_type, r.rating, r.previous_rating, r.target_price, r.currency)
        for r in result.reports
    ]
    assert calls == [
        ("Havells India", "results_update", "buy", None, 1800, "INR"),
        ("Polycab India", "rating_change", "hold", "buy", 6600, "INR"),
    ]
    assert result.reports[1].summary.startswith("Downgraded to HOLD from BUY; target price INR 6,600.")


def test_a_note_on_the_economy_is_macro_even_when_it_names_a_sector(make_mail: MakeMail) -> None:
    body = """Kotak Institutional Equities Research
Economy - Core sector (June)
Rain-hit core output

* Core sector output grew 1.7% YoY in June, dragged down by electricity and mining on early rains.
* We expect IIP growth of around 2% for June and keep our FY26 GDP forecast at 6.4%.
"""
    result = extract(make_mail(subject="Economy - Core sector (June): Rain-hit core output", body=body))
    assert [report.report_type for report in result.reports] == ["macro_strategy"]


def test_a_cover_note_is_read_with_its_attached_report(make_mail: MakeMail) -> None:
    cover = make_mail(
        subject="Initiating Coverage: Havells India",
        body="Dear Sir/Madam,\n\nPlease find attached our Initiating Coverage report on Havells India.\n\n"
        "Regards,\nResearch Desk\n\nThis e-mail is confidential. If you are not the intended recipient, delete it.",
    )
    assert extract(cover).reports == []  # the cover alone says nothing a report is made of
    report_pdf = Attachment(
        filename="Havells_IC.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
        text=NOTE_BODY.replace("3QFY25 results", "Initiating coverage"),
        text_status="extracted",
        pages=12,
    )
    result = extract(dataclasses.replace(cover, attachments=[report_pdf]))
    assert [(r.company_canonical, r.report_type, r.rating_raw, r.target_price) for r in result.reports] == [
        ("Havells India", "initiation", "ADD", 1800)
    ]
