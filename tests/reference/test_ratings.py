from __future__ import annotations

import pytest

from backend.reference.brokers import DEFAULT_RATING_SCALE, BrokerRegistry


@pytest.fixture(scope="module")
def registry() -> BrokerRegistry:
    return BrokerRegistry.load()


@pytest.mark.parametrize(
    ("word", "bucket"),
    [
        ("BUY", "buy"),
        ("Strong Buy", "buy"),
        ("ADD", "buy"),
        ("Accumulate", "buy"),
        ("Outperform", "buy"),
        ("Overweight", "buy"),
        ("Positive", "buy"),
        ("HOLD", "hold"),
        ("Neutral", "hold"),
        ("Equal-weight", "hold"),
        ("Equal Weight", "hold"),
        ("EQUALWEIGHT", "hold"),
        ("In-line", "hold"),
        ("Market Perform", "hold"),
        ("Reduce", "sell"),
        ("SELL", "sell"),
        ("Underperform", "sell"),
        ("Underweight", "sell"),
        ("Negative", "sell"),
    ],
)
def test_default_scale_maps_every_usual_word(registry: BrokerRegistry, word: str, bucket: str) -> None:
    assert registry.rating_bucket(None, word) == bucket


def test_unknown_words_have_no_bucket(registry: BrokerRegistry) -> None:
    assert registry.rating_bucket(None, "Not Rated") is None
    assert registry.rating_bucket(None, "") is None
    assert "not rated" not in DEFAULT_RATING_SCALE


@pytest.mark.parametrize(
    ("house", "word", "bucket"),
    [
        ("Kotak Institutional Equities", "ADD", "buy"),
        ("Kotak Institutional Equities", "REDUCE", "sell"),
        ("ICICI Securities", "ADD", "buy"),
        ("CLSA", "High-Conviction Outperform", "buy"),
        ("CLSA", "Accumulate", "buy"),
        ("CLSA", "Hold", "hold"),
        ("Morgan Stanley", "Equal-weight", "hold"),
        ("Morgan Stanley", "Underweight", "sell"),
        ("Nomura", "Reduce", "sell"),
        ("Nomura", "Neutral", "hold"),
        ("JM Financial", "Hold", "hold"),
        ("Emkay Global", "Accumulate", "buy"),
        ("Jefferies", "UNDERPERFORM", "sell"),
        ("Equirus", "Short", "sell"),
        ("Bernstein", "Market-Perform", "hold"),
    ],
)
def test_house_scales(registry: BrokerRegistry, house: str, word: str, bucket: str) -> None:
    assert registry.rating_bucket(registry.by_name(house), word) == bucket


@pytest.mark.parametrize(
    ("house", "view"),
    [
        ("Kotak Institutional Equities", "Attractive"),
        ("Kotak Institutional Equities", "Neutral"),
        ("Kotak Institutional Equities", "Cautious"),
        ("Morgan Stanley", "In-Line"),
        ("Morgan Stanley", "Attractive"),
        ("Barclays", "Positive"),
    ],
)
def test_sector_stances_are_not_ratings(registry: BrokerRegistry, house: str, view: str) -> None:
    broker = registry.by_name(house)
    assert broker is not None
    assert view in broker.sector_views
    assert registry.rating_bucket(broker, view) is None
    assert view.lower() not in broker.rating_scale


def test_a_house_scale_word_beats_its_sector_view_of_the_same_spelling(registry: BrokerRegistry) -> None:
    goldman = registry.by_name("Goldman Sachs")
    assert goldman is not None and "Neutral" in goldman.sector_views
    assert registry.rating_bucket(goldman, "Neutral") == "hold"
