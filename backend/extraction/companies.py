"""Which company a note is about, using the company master (names, aliases, tickers, Bloomberg
codes, ISINs) on the note's heading, rating box and lead.

Mentions are weighted by where they stand: the subject and the company line under the banner
say what the note is about; the lead paragraph confirms; bullets often name peers and count
little. The broker's own names are masked first, so "Kotak Institutional Equities" or "HDFC
securities" never reads as Kotak Mahindra Bank or HDFC Bank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from backend.reference.companies import CompanyMaster, CompanyMatch

FUZZY_MIN_SCORE = 0.88
RECENT_TEXTS = 4096


@dataclass(frozen=True)
class CompanyFinding:
    canonical: str
    ticker: str | None
    exchange: str | None
    raw: str
    method: str
    score: float


class CompanyResolver:
    """Company mentions in text, with the sending broker's self-names masked out."""

    def __init__(self, master: CompanyMaster, self_names: Iterable[str] = ()) -> None:
        self._master = master
        self._recent: dict[str, list[CompanyMatch]] = {}
        names = sorted({n for n in self_names if len(n) >= 2}, key=len, reverse=True)
        self._mask = (
            re.compile("|".join(rf"(?<![\w]){re.escape(n)}(?![\w])" for n in names), re.IGNORECASE) if names else None
        )

    def _masked(self, text: str) -> str:
        if self._mask is None:
            return text
        return self._mask.sub(lambda m: " " * len(m.group(0)), text)

    def matches(self, text: str) -> list[CompanyMatch]:
        # The same heading lines are looked at by segmentation, titles and subjects: remember them.
        found = self._recent.get(text)
        if found is None:
            found = self._master.find_in_text(self._masked(text))
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            self._recent[text] = found
        return list(found)

    def mentions(self, text: str) -> list[tuple[str, int, int]]:
        """(canonical, start, end) of each company mention, for segmentation."""
        return [(m.company.canonical, m.start, m.end) for m in self.matches(text)]

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.matches(text)]

    def lookup(self, name: str) -> CompanyFinding | None:
        match = self._master.lookup(name, fuzzy=True)
        if match is None or match.score < FUZZY_MIN_SCORE:
            return None
        return _finding(match, name.strip())

    def best(self, weighted_texts: list[tuple[str, float]]) -> CompanyFinding | None:
        """The company with the highest weighted mention count (ties: the first mentioned)."""
        totals: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        example: dict[str, CompanyMatch] = {}
        order = 0
        for text, weight in weighted_texts:
            for match in self.matches(text):
                key = match.company.canonical
                bonus = 0.5 * weight if key not in totals else 0.0
                totals[key] = totals.get(key, 0.0) + weight + bonus
                if key not in first_seen:
                    first_seen[key] = order
                    example[key] = match
                order += 1
        if not totals:
            return None
        winner = max(totals, key=lambda key: (totals[key], -first_seen[key]))
        return _finding(example[winner], example[winner].raw)


def _finding(match: CompanyMatch, raw: str) -> CompanyFinding:
    company = match.company
    return CompanyFinding(
        canonical=company.canonical,
        ticker=company.ticker or None,
        exchange=company.exchange or None,
        raw=raw,
        method=match.method,
        score=match.score,
    )
