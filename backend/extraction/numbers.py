"""Numbers and money as brokers write them: Rs2,450, INR 1,605, ₹12,50,000, US$185, Rs 3,300 crore.

Indian houses group digits in lakhs (25,42,500) as often as in thousands (2,542,500); both read
as the same number. An amount followed by a unit (crore, bn, mn...) is an aggregate, never a
per-share price, and an amount followed by "/t" or "/bag" is a unit price: callers that look for
target prices skip both. Nothing here rounds or rescales what the text says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Written currency tokens -> ISO code. Longest forms first so "US$" wins over "$".
CURRENCY_TOKENS: dict[str, str] = {
    "us$": "USD",
    "us $": "USD",
    "usd": "USD",
    "$": "USD",
    "inr": "INR",
    "rs.": "INR",
    "rs": "INR",
    "re.": "INR",
    "re": "INR",
    "₹": "INR",
    "hk$": "HKD",
    "hkd": "HKD",
    "s$": "SGD",
    "sgd": "SGD",
    "a$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "cad": "CAD",
    "nt$": "TWD",
    "twd": "TWD",
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
    "jpy": "JPY",
    "¥": "JPY",
    "rmb": "CNY",
    "cny": "CNY",
    "chf": "CHF",
    "krw": "KRW",
    "₩": "KRW",
}

UNIT_MULTIPLIERS: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "lk": 1e5,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "cr": 1e7,
    "crore": 1e7,
    "crores": 1e7,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "trillion": 1e12,
}

_NUMBER = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = (
    r"US\s?\$|HK\$|NT\$|S\$|A\$|C\$|USD|INR|Rs\.?|Re\.?|HKD|SGD|AUD|CAD|TWD|EUR|GBP|JPY|RMB|CNY|CHF|KRW|[₹$€£¥₩]"
)
_UNIT = r"crores?|cr|lakhs?|lacs?|lk|bn|billion|mn|million|trn|tn|trillion|thousand|[kmbt]"
PER_SHARE_WORDS = frozenset({"share", "sh", "shr"})


@dataclass(frozen=True)
class Money:
    """An amount of money as written: `amount` is the printed number, `unit` its scale word."""

    amount: float
    currency: str | None
    unit: str | None
    per: str | None  # "t" in "Rs47,500/t"; None for plain amounts and "/share"
    start: int
    end: int
    raw: str

    @property
    def value(self) -> float:
        """The amount with its unit applied (Rs 3,300 crore -> 3.3e10)."""
        return self.amount * UNIT_MULTIPLIERS.get(self.unit or "", 1.0)

    @property
    def is_share_price(self) -> bool:
        """A per-share price (a target, a CMP): no aggregate unit, no per-tonne or per-bag."""
        return self.unit is None and self.per is None


@cache
def _money_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![A-Za-z0-9])(?P<cur>{_CURRENCY})\s?(?P<num>{_NUMBER})"
        rf"(?:\s?(?P<unit>{_UNIT})(?![A-Za-z]))?"
        r"(?:/(?!(?:US\$|USD|INR|Rs\.?|Re\.?)\s?\d)(?P<per>[A-Za-z]+))?",  # not "INR1,520/US$17.30"
        re.IGNORECASE,
    )


@cache
def _number_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.,])-?(?:{_NUMBER})(?![\d])")


def currency_code(token: str) -> str | None:
    """ISO code for a written currency token ("Rs." -> "INR", "US$" -> "USD"), None if unknown."""
    normalized = re.sub(r"\s+", " ", token.strip().lower())
    return CURRENCY_TOKENS.get(normalized) or CURRENCY_TOKENS.get(normalized.replace(" ", ""))


def parse_number(text: str) -> float | None:
    """A number written with thousands or lakh separators ("25,42,500", "1,605.5"), else None.

    Groups must be consistent: after the first group every group has three digits, or every
    group but the last has two (lakh style); "1,2345" is not a number.
    """
    cleaned = text.strip().replace("\u2212", "-")
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-+")
    if not re.fullmatch(_NUMBER, cleaned):
        return None
    integer_part = cleaned.split(".", 1)[0]
    groups = integer_part.split(",")
    if len(groups) > 1:
        tail = groups[1:]
        if tail[-1] and len(tail[-1]) != 3:
            return None
        middle = tail[:-1]
        if middle and not (all(len(g) == 3 for g in middle) or all(len(g) == 2 for g in middle)):
            return None
    value = float(cleaned.replace(",", ""))
    return -value if negative else value


def first_number(text: str) -> float | None:
    """The first well-formed number in a short text such as a table cell ("2,100 (earlier 2,000)")."""
    match = _number_pattern().search(text)
    if match is None:
        return None
    return parse_number(match.group(0))


def find_money(text: str) -> list[Money]:
    """Every currency amount in the text, in order."""
    found: list[Money] = []
    for match in _money_pattern().finditer(text):
        amount = parse_number(match.group("num"))
        if amount is None:
            continue
        unit = match.group("unit")
        # "Rs 47,500/t" is per tonne; "Rs 450/share" is still a share price.
        per = match.group("per")
        per_unit = None if per is None or per.lower() in PER_SHARE_WORDS else per.lower()
        found.append(
            Money(
                amount=amount,
                currency=currency_code(match.group("cur")),
                unit=unit.lower() if unit else None,
                per=per_unit,
                start=match.start(),
                end=match.end(),
                raw=match.group(0),
            )
        )
    return found


def format_amount(amount: float) -> str:
    """A plain number for messages: 2450.0 -> "2,450", 92.5 -> "92.5"."""
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.2f}".rstrip("0").rstrip(".")
