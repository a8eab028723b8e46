"""Target prices and ratings of a note, from the box first and prose second."""

from __future__ import annotations

import pytest

from backend.extraction.calls import rating_from_sources, target_from_fields, target_from_text
from backend.extraction.fields import read_fields
from backend.extraction.ratings import RatingReader
from backend.reference.ratings import DEFAULT_RATING_SCALE

READER = RatingReader(DEFAULT_RATING_SCALE)


@pytest.mark.parametrize(
    ("text", "amount", "currency", "previous"),
    [
        ("Maintain Outperform; TP raised to Rs2,450 (from Rs2,200).", 2450, "INR", 2200),
        ("TP: US$185", 185, "USD", None),
        ("We value the bank at a fair value of INR 1,605.", 1605, "INR", None),
        ("Target price ₹12,50,000 on 25x FY27E EPS.", 1250000, "INR", None),
        ("Our $150 PT is 15x CY26e EPS of $10.00.", 150, "USD", None),
        ("We raise our fair value to Rs2,100 (Rs2,000 earlier) at 26X Mar-27E EPS.", 2100, "INR", 2000),
        ("We cut our target to Rs160 from Rs175.", 160, "INR", 175),
        ("We raise our TP from Rs 690 to Rs 760.", 760, "INR", 690),
        ("Our Rs160 target is 6.5x FY27CL EV/EBITDA.", 160, "INR", None),
        ("Downgrade to Underperform, PO Rs4,900", 4900, "INR", None),
        ("We cut 2025 EPS by 4% and our PO to US$248 on 24x EV/EBITDA.", 248, "USD", None),
        ("Our price objective of $96 (from $104) is 20x 2026E EPS.", 96, "USD", 104),
    ],
)
def test_targets_in_prose(text: str, amount: float, currency: str, previous: float | None) -> None:
    target = target_from_text(text)
    assert target is not None
    assert (target.amount, target.currency, target.previous) == (amount, currency, previous)


@pytest.mark.parametrize(
    "text",
    [
        "We lower our target multiple to 26X (28X earlier) Mar-27E EPS.",
        "Management reiterated the US$2bn revenue target for FY27.",
        "Renewables pipeline of 10GW with an EBITDA target of INR60b.",
        "Prices were raised by Rs 4,950/t in the South.",
    ],
)
def test_no_target_is_invented(text: str) -> None:
    assert target_from_text(text) is None


def test_box_target_with_earlier_value_and_label_currency() -> None:
    target = target_from_fields(read_fields(["Rating: ADD", "Fair Value (Rs): 2,100 (earlier 2,000)"]))
    assert target is not None
    assert (target.amount, target.currency, target.previous, target.source) == (2100, "INR", 2000, "box")


@pytest.mark.parametrize(
    ("box", "amount", "currency", "previous"),
    [
        # BofA's "Price Objective", J.P. Morgan's currency-in-label with "prior:"
        ("Investment Opinion: Buy | Price: US$190.20 | Price Objective: US$248 (from US$265)", 248, "USD", 265),
        ("Rating: Underweight (prior: Neutral) | Price ($): 20.05 | Price Target ($): 18 (prior: 23)", 18, "USD", 23),
        ("Rating: Hold | Target Price (₹): 1,950 | CMP (₹): 1,880", 1950, "INR", None),
        ("Downgrade: ACCUMULATE -> REDUCE | TP: Rs 1,980 -> Rs 1,610 | CMP: Rs 1,742", 1610, "INR", 1980),
        ("Price target: INR1,520.00/US$17.30 (INR1,480.00 prev.)", 1520, "INR", 1480),
        ("Price target Rs610.00 ↑ from Rs520.00", 610, "INR", 520),
        ("Target: Rs 960 (raised from Rs 900) | CMP: Rs 805", 960, "INR", 900),
    ],
)
def test_box_targets_under_other_labels(box: str, amount: float, currency: str, previous: float | None) -> None:
    target = target_from_fields(read_fields([box]))
    assert target is not None
    assert (target.amount, target.currency, target.previous) == (amount, currency, previous)


def test_box_rating_wins_and_previous_comes_from_prose() -> None:
    fields = read_fields(["Rating: Buy | Price Target: Rs9,700"])
    call = rating_from_sources(
        READER, fields, "Bajaj Finance: upgrade to Buy", None, "We upgrade Bajaj Finance to Buy from Hold."
    )
    assert call is not None
    assert (call.raw, call.bucket, call.previous_raw, call.previous_bucket) == ("Buy", "buy", "Hold", "hold")


def test_same_word_is_not_a_previous_rating() -> None:
    fields = read_fields(["Rating: BUY | TP: Rs 290"])
    call = rating_from_sources(READER, fields, "NCC", None, "Maintain BUY with a TP of Rs 290.")
    assert call is not None and call.previous_raw is None


def test_rating_from_subject_when_there_is_no_box() -> None:
    call = rating_from_sources(READER, [], "Trent", "Trent (TRENT IN, SELL, TP Rs 4,620): Initiation", "")
    assert call is not None and call.bucket == "sell"


def test_a_rating_alone_on_a_line_under_the_company_is_its_rating() -> None:
    for heading, raw in (
        ("Hindustan Zinc (HZ IN)\nOutperform\nSilver lining", "Outperform"),
        ("Tata Steel (TATA IN)\nBuy / Medium Risk (1M)", "Buy"),
    ):
        call = rating_from_sources(READER, [], heading, None, "")
        assert call is not None and call.raw == raw, heading


def test_prose_in_a_subject_is_not_a_rating() -> None:
    subject = "Results Flash: Gravita India Q2FY26 - in line; maintain ACCUMULATE"
    call = rating_from_sources(READER, [], "Gravita India", subject, "")
    assert call is not None and call.raw == "ACCUMULATE"


def test_more_box_shapes_seen_in_held_out_mail() -> None:
    mrf = read_fields(["MRF | BUY | TP ₹1.62 lakh | CMP ₹1,38,450 | Upside 17%"])
    rating = rating_from_sources(READER, mrf, "MRF", None, "")
    target = target_from_fields(mrf)
    assert rating is not None and rating.raw == "BUY"  # "MRF" is a candidate cell too, but no rating
    assert target is not None and (target.amount, target.currency) == (162000, "INR")

    page = read_fields(
        ["Rating | REDUCE | Target (Rs) | 38,500 (earlier 47,000)", "CMP (Rs) | 41,260 | Downside | -7%"]
    )
    target = target_from_fields(page)
    assert target is not None and (target.amount, target.previous) == (38500, 47000)

    heading = "ICICI Bank (ICBK.BO; ICICIBC IN) - Overweight\n3QFY26: steady core"
    call = rating_from_sources(READER, [], heading, None, "")
    assert call is not None and call.raw == "Overweight"
