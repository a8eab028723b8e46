"""The company master: which listed company a name, code or piece of text refers to.

Matching order for a bare name (`lookup`): exact forms first (ISIN, Bloomberg/Reuters codes,
canonical and registered names, exchange symbols), curated aliases next, and a fuzzy match last,
only when it scores high and clearly beats the best other company. Free text (`find_in_text`) is
scanned for exact forms, codes and aliases only; see phrase_scan for the case rules that keep
ordinary words ("IDEA", "itc", "Indian oil demand") from reading as companies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from rapidfuzz import fuzz, process

from backend.reference.company_keys import CompanyData, CompanyKey, load_company_data, normal_form
from backend.reference.company_types import Company, CompanyMatch
from backend.reference.phrase_scan import PhraseIndex

__all__ = ["Company", "CompanyMaster", "CompanyMatch", "default_master"]

FUZZY_MIN_SCORE = 88.0
FUZZY_MIN_MARGIN = 6.0
FUZZY_MIN_LENGTH = 6
_SEGMENT_SPLIT = re.compile(r"[()\[\]|,;]+")
_LEGAL_TAIL = re.compile(r"\.?\s{0,2}(?:Ltd|Limited|Inc|Corp|Corporation|Plc|Co)\b\.?", re.IGNORECASE)
# A capitalised name the writer marks as a company: followed by its code in brackets
# ("Cyient (CYL IN)", "Acme Corp (ACME)") or by a legal form ("Cyient Ltd").
_DESIGNATED = re.compile(
    r"(?<![\w&])(?P<name>[A-Z][\w&'.-]*(?:\s[A-Z][\w&'.-]*){0,3})"
    r"(?=\s?\((?P<code>[A-Z][A-Z0-9&.-]{1,11}(?:[ :;]\s?[A-Z]{2})?)\)|\s(?:Ltd|Limited)\b)"
)
_NOT_A_CODE = re.compile(r"^(?:(?:FY|CY|[1-4]Q|Q[1-4]|[12]H|H[12])\d*E?|CMP|TP|PT)$", re.IGNORECASE)
_DESIGNATED_KINDS = frozenset({"exact", "issuer", "alias", "derived"})


class CompanyMaster:
    def __init__(self, data: CompanyData) -> None:
        self._companies = data.companies
        self._by_ticker = {company.ticker.upper(): company for company in data.companies}
        self._exact: dict[tuple[str, ...], CompanyKey] = {}
        self._text: PhraseIndex[CompanyKey | None] = PhraseIndex()
        for phrase in data.blocked_phrases:
            self._text.add(phrase, None)
        fuzzy_choices: dict[str, Company] = {}
        for key in data.keys:  # sorted by rank: the first owner of a form keeps it
            self._exact.setdefault(normal_form(key.text), key)
            if key.kind == "symbol":
                self._by_ticker.setdefault(key.text.upper(), key.company)
            if key.in_text:
                self._text.add(key.text, key, joiner=key.joiner)
            if key.method in ("exact", "alias"):
                choice = " ".join(normal_form(key.text))
                if len(choice) >= FUZZY_MIN_LENGTH:
                    fuzzy_choices.setdefault(choice, key.company)
        self._fuzzy_choices = fuzzy_choices
        self._fuzzy_names = list(fuzzy_choices)

    @classmethod
    def load(cls) -> CompanyMaster:
        return cls(load_company_data())

    def __len__(self) -> int:
        return len(self._companies)

    @property
    def companies(self) -> Sequence[Company]:
        return self._companies

    def by_ticker(self, ticker: str) -> Company | None:
        """The company with this ticker (NSE symbol or US ticker, a former symbol too), any case."""
        return self._by_ticker.get(ticker.strip().upper())

    def lookup(self, name: str, *, fuzzy: bool = True) -> CompanyMatch | None:
        """The company a bare name or code refers to ("RIL", "TATA MOTORS LTD (TTMT IN)", "RELIANCE.NS").

        Each part of the name (split at brackets, "|", "," and ";") is tried as an exact form; when
        parts disagree the best-ranked form wins (a Bloomberg code over a name). Fuzzy matching is
        tried on the longest part only when no part matched exactly.
        """
        segments = [part.strip() for part in _SEGMENT_SPLIT.split(name) if part.strip()]
        found: list[tuple[int, int, CompanyMatch]] = []
        for order, segment in enumerate(segments):
            key = self._exact.get(normal_form(segment))
            if key is not None:
                found.append((key.rank, order, CompanyMatch(key.company, segment, key.method, 1.0, -1, -1)))
        if found:
            return min(found, key=lambda item: (item[0], item[1]))[2]
        if not fuzzy or not segments:
            return None
        return self._fuzzy(max(segments, key=len))

    def find_in_text(self, text: str) -> list[CompanyMatch]:
        """Every company mention in `text`, in order, without overlaps (exact forms, codes, aliases)."""
        matches: list[CompanyMatch] = []
        for hit in self._text.scan(text):
            key = hit.phrase.payload
            if key is None:
                continue
            end = hit.end
            if key.method in ("exact", "alias"):
                tail = _LEGAL_TAIL.match(text, end)
                if tail:
                    end = tail.end()
            matches.append(CompanyMatch(key.company, text[hit.start : end], key.method, 1.0, hit.start, end))
        designated = self._designated(text, matches)
        return sorted(matches + designated, key=lambda match: match.start) if designated else matches

    def _designated(self, text: str, found: list[CompanyMatch]) -> list[CompanyMatch]:
        """Names free text would not match on their own (a one-word name that is also a group name,
        "Cyient" beside "Cyient DLM") but that the writer marks as a company. Exact forms only, and
        the longest tail of the capitalised run that is one ("On Cyient (CYL IN)" gives "Cyient")."""
        extra: list[CompanyMatch] = []
        for candidate in _DESIGNATED.finditer(text):
            code = candidate.group("code")
            if code and _NOT_A_CODE.match(code):
                continue
            words = list(re.finditer(r"\S+", candidate.group("name")))
            for word in words:
                start = candidate.start("name") + word.start()
                end = candidate.end("name")
                if any(match.start < end and start < match.end for match in found):
                    break
                key = self._exact.get(normal_form(text[start:end]))
                if key is not None and key.kind in _DESIGNATED_KINDS and end - start >= 4:
                    extra.append(CompanyMatch(key.company, text[start:end], key.method, 1.0, start, end))
                    break
        return extra

    def _fuzzy(self, segment: str) -> CompanyMatch | None:
        query = " ".join(normal_form(segment))
        if len(query) < FUZZY_MIN_LENGTH or len(query.replace(" ", "")) < FUZZY_MIN_LENGTH - 1:
            return None
        candidates = process.extract(query, self._fuzzy_names, scorer=fuzz.token_sort_ratio, limit=12)
        if not candidates:
            return None
        best_name, best_score, _ = candidates[0]
        best_company = self._fuzzy_choices[best_name]
        runner_up = next((score for name, score, _ in candidates[1:] if self._fuzzy_choices[name] != best_company), 0.0)
        if best_score < FUZZY_MIN_SCORE or best_score - runner_up < FUZZY_MIN_MARGIN:
            return None
        return CompanyMatch(best_company, segment, "fuzzy", round(best_score / 100.0, 4), -1, -1)


@cache
def default_master() -> CompanyMaster:
    """The package's company master, loaded once per process."""
    return CompanyMaster.load()
