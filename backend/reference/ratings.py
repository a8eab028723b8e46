"""Stock-rating words and the three buckets every report is stored in.

Houses word their ratings differently (ADD, Accumulate, Overweight, Equal-weight, Market Perform...);
the product stores one of three buckets. Words are compared after `normalize_rating_word`, so that
"Equal-weight", "Equal Weight", "EQUALWEIGHT" and "equal_weight" are one word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, get_args

Rating = Literal["buy", "hold", "sell"]
RATINGS: tuple[Rating, ...] = get_args(Rating)

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalize_rating_word(word: str) -> str:
    """Lower-case, with hyphens, underscores and runs of spaces read as one space."""
    return _SEPARATORS.sub(" ", word.strip().lower()).strip()


def _scale(buckets: Mapping[Rating, tuple[str, ...]]) -> Mapping[str, Rating]:
    scale: dict[str, Rating] = {}
    for bucket, words in buckets.items():
        for word in words:
            scale[normalize_rating_word(word)] = bucket
    return MappingProxyType(scale)


DEFAULT_RATING_SCALE: Mapping[str, Rating] = _scale(
    {
        "buy": (
            "buy",
            "strong buy",
            "conviction buy",
            "trading buy",
            "add",
            "accumulate",
            "outperform",
            "outperformer",
            "high conviction outperform",
            "overweight",
            "positive",
            "long",
            "top pick",
        ),
        "hold": (
            "hold",
            "neutral",
            "equal weight",
            "equalweight",
            "in line",
            "inline",
            "market perform",
            "market weight",
            "sector perform",
            "sector weight",
            "peer perform",
            "marketperform",
        ),
        "sell": (
            "reduce",
            "sell",
            "strong sell",
            "underperform",
            "underperformer",
            "underweight",
            "negative",
            "short",
            "trim",
        ),
    }
)


def bucket_for(word: str, scale: Mapping[str, Rating], ignored: frozenset[str] = frozenset()) -> Rating | None:
    """The bucket of `word` in `scale` then the default scale; None for unknown or `ignored` words.

    `scale` and `ignored` hold normalized words. A house's sector stances are passed as `ignored`
    so that "Neutral" from a Kotak sector view is not read as a stock rating, unless the house's
    own scale lists the word.
    """
    key = normalize_rating_word(word)
    if not key:
        return None
    if key in scale:
        return scale[key]
    if key in ignored:
        return None
    compact = key.replace(" ", "")
    return DEFAULT_RATING_SCALE.get(key) or DEFAULT_RATING_SCALE.get(compact)
