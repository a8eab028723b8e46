"""Rating words in boxes, subjects and prose."""

from __future__ import annotations

import pytest

from backend.extraction.ratings import RatingReader
from backend.reference.ratings import DEFAULT_RATING_SCALE

READER = RatingReader(DEFAULT_RATING_SCALE)


@pytest.mark.parametrize(
    ("cell", "raw", "bucket", "previous"),
    [
        ("BUY", "BUY", "buy", None),
        ("REDUCE (previously ADD)", "REDUCE", "sell", "ADD"),
        ("HOLD - Downgrade (from Outperform)", "HOLD", "hold", "Outperform"),
        ("Overweight (from Equal-weight)", "Overweight", "buy", "Equal-weight"),
        ("Equal weight", "Equal weight", "hold", None),
    ],
)
def test_rating_box_values(cell: str, raw: str, bucket: str, previous: str | None) -> None:
    call = READER.from_box_value(cell)
    assert call is not None
    assert (call.raw, call.bucket, call.previous_raw) == (raw, bucket, previous)


@pytest.mark.parametrize(
    ("text", "raw", "previous"),
    [
        ("We upgrade to BUY from HOLD on better margins.", "BUY", "HOLD"),
        ("We downgrade Tata Steel to Hold from Outperform and cut our target.", "Hold", "Outperform"),
        ("We have upgraded the stock from Neutral to Buy.", "Buy", "Neutral"),
        ("Upgrade to ADD after a 24% correction", "ADD", None),
    ],
)
def test_rating_moves_in_prose(text: str, raw: str, previous: str | None) -> None:
    call = READER.change_in_text(text)
    assert call is not None
    assert (call.raw, call.previous_raw) == (raw, previous)


@pytest.mark.parametrize(
    ("text", "bucket"),
    [
        ("Maintain Outperform; TP raised to Rs2,450 (from Rs2,200).", "buy"),
        ("We retain ADD with a TP of Rs 215.", "buy"),
        ("We initiate coverage on Kaynes with a BUY rating and a TP of Rs 6,850.", "buy"),
        ("We resume coverage of Vedanta with an Equal-weight rating.", "hold"),
        ("Reiterate SELL; the stock prices in a decade of growth.", "sell"),
        ("We stay Neutral: the stock trades in line with its band.", "hold"),
    ],
)
def test_ratings_held_in_prose(text: str, bucket: str) -> None:
    call = READER.held_in_text(text)
    assert call is not None and call.bucket == bucket


@pytest.mark.parametrize(
    "text",
    [
        "We add FMCG and two-wheelers to our model portfolio.",
        "We see the move as value-neutral for now.",
        "FPIs sell US$9bn in January; flows hold the line.",
        "Guidance upgrade likely as deal wins reduce risk.",
    ],
)
def test_ordinary_english_is_not_a_rating(text: str) -> None:
    assert READER.change_in_text(text) is None
    assert READER.held_in_text(text) is None


def test_rating_standing_alone_in_a_subject() -> None:
    call = READER.from_subject_segments("Trent (TRENT IN, SELL, TP Rs 4,620): Initiation")
    assert call is not None and (call.raw, call.bucket) == ("SELL", "sell")
    stay = READER.from_subject_segments("Apple (AAPL): Raise PT to $245, Stay Hold")
    assert stay is not None and stay.bucket == "hold"


def test_house_scale_words_come_from_the_scale() -> None:
    reader = RatingReader({**DEFAULT_RATING_SCALE, "outperformer": "buy", "subscribe": "buy"})
    assert reader.bucket("SUBSCRIBE") == "buy"
    assert RatingReader(DEFAULT_RATING_SCALE).bucket("SUBSCRIBE") is None
