"""Personal data out of everything the extractor emits: the recipient's name, e-mail and phone,
client codes, PAN, account and demat numbers.

Only these patterns are touched. Dates, prices, percentages and financial figures never match
them (a phone number needs a "+country" or a leading trunk "0" and digit groups; a lakh-grouped
figure such as 25,42,500 has commas), and nothing is ever cut after "thanks" or a signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

NAME = "[name]"
EMAIL = "[email]"
PHONE = "[phone]"
REDACTED = "[redacted]"


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    flags = re.IGNORECASE
    return (
        (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), EMAIL),
        (re.compile(r"\b[A-Z]{5}\d{4}[A-Z]\b|\b[A-Z]X{3,4}\d{4}[A-Z]\b"), REDACTED),  # PAN, masked PAN
        (
            re.compile(
                r"(?P<label>\b(?:client\s*(?:code|id)|ucc|customer\s*id|login\s*id|user\s*id|trading\s*code|"
                r"dp\s*id|bo\s*id|demat\s*(?:a/c|account)?(?:\s*(?:no|number))?|(?:bank\s+|trading\s+)?a/c(?:\s*no)?|"
                r"(?:bank\s+|trading\s+|demat\s+)?account(?:\s*(?:no|number))?|folio(?:\s*no)?)\.?\s*(?::|#|-|is)?\s*)"
                r"(?P<value>(?-i:(?=[A-Z0-9]*\d)[A-Z0-9]{4,20}(?:[ -]\d[\dX]{2,})*))",
                flags,
            ),
            "label",
        ),
        (re.compile(r"\bIN\d{14}\b|\b\d{16}\b"), REDACTED),  # NSDL / CDSL demat ids
        (re.compile(r"\b[\dX]*\d[\dX]*X{3,}[\dX]*\d+\b|\bX{4,}\d{2,}\b"), REDACTED),  # masked account numbers
        (
            re.compile(
                r"(?<![\w,.])(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,5}){2,4}|0\d{2,4}[\s-]\d{3,4}[\s-]?\d{4}|"
                r"(?:1800|1860)[\s-]?\d{3}[\s-]?\d{3,4}|[6-9]\d{9})(?![\w,.]\d)",
            ),
            PHONE,
        ),
    )


@dataclass(frozen=True)
class Redactor:
    """Redacts the patterns above plus the recipient names it was built with."""

    names: tuple[str, ...] = ()

    def __call__(self, text: str) -> str:
        for pattern, replacement in _patterns():
            if replacement == "label":
                text = pattern.sub(lambda m: m.group("label") + REDACTED, text)
            else:
                text = pattern.sub(replacement, text)
        names = _names_pattern(self.names)
        return names.sub(NAME, text) if names is not None else text


@lru_cache(maxsize=1024)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)  # "Rohan Iyer" before "Rohan"
    return re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in ordered), re.IGNORECASE)


_GREETING = re.compile(r"^\s*(?:dear|hi|hello|hey)\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s*[,!:]?\s*$", re.M)
_GENERIC = frozenset(
    {"customer", "client", "clients", "investor", "investors", "sir", "madam", "team", "all", "user", "member",
     "partner", "research", "desk", "list", "dl", "distribution", "subscribers", "institutional", "equities",
     "capital", "securities", "group", "india", "sales", "trading", "undisclosed", "recipients", "research:"}
)  # fmt: skip


def recipient_names(display_names: Iterable[str], texts: Iterable[str] = ()) -> tuple[str, ...]:
    """Names to redact: recipients' display names (whole and each part) and greeting names."""
    found: set[str] = set()
    candidates = list(display_names)
    for text in texts:
        candidates.extend(match.group(1) for match in _GREETING.finditer(text))
    for candidate in candidates:
        cleaned = " ".join(re.sub(r"[\"'<>()]", " ", candidate).split())
        if not cleaned or "@" in cleaned or cleaned.lower() in _GENERIC:
            continue
        words = cleaned.split()
        if len(words) > 4 or any(w.lower() in _GENERIC or not w[0].isupper() for w in words):
            continue
        if any(any(ch.isdigit() for ch in w) for w in words):
            continue
        found.add(cleaned)
        found.update(w for w in words if len(w) >= 3)
    # Longest first, so "Rohan Iyer" is replaced before "Rohan".
    return tuple(sorted(found, key=len, reverse=True))
