"""Every form a company is known by, with how each form may be matched.

Built from the package data: companies.csv (generated), company_aliases.csv (curated short forms,
codes and former names) and word_lists.yaml (ordinary words and abbreviations not to read as
companies in free text, phrases to skip). Forms made by rule:

- per NSE symbol: the symbol, Bloomberg "SYMBOL IN", Reuters/Yahoo "SYMBOL.NS" and "SYMBOL.BO";
- per US ticker: the ticker, "TICKER US" plus "UW"/"UN", "TICKER.O"/"TICKER.N" (and ".OQ");
- per canonical name: the issuer's own name when it differs, and a short form without a trailing
  "India", "Industries", "Enterprise(s)", "Company" ("Havells", "Britannia", "Apollo Hospitals"),
  or with "Labs" and "Pharma" for "Laboratories" and "Pharmaceuticals"; a one-word short form only
  when it is not an ordinary word nor a group name shared by several companies ("Tata", "Godrej").
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from backend.errors import ReferenceDataError
from backend.reference.company_names import common_name, strip_legal_form
from backend.reference.company_types import Company
from backend.reference.phrase_scan import Joiner, phrase_tokens

# Lower rank wins when one form belongs to several companies.
RANKS = {"isin": 0, "ticker_code": 1, "exact": 2, "symbol": 3, "alias": 4, "issuer": 5, "derived": 6}
_SHORTENED_SUFFIXES = ("India", "Industries", "Enterprise", "Enterprises", "Company")
_LONG_TO_SHORT = (("Laboratories", "Labs"), ("Pharmaceuticals", "Pharma"))
_DANGLING = frozenset({"of", "&", "the", "for"})
_US_EXCHANGE_CODES = {"NASDAQ": ("UW", "O", "OQ"), "NYSE": ("UN", "N")}


@dataclass(frozen=True)
class CompanyKey:
    text: str  # as written: "HDFCB IN", "Tata Motors", "RELIANCE.NS"
    company: Company
    kind: str  # a RANKS key
    joiner: Joiner
    in_text: bool  # also found in free text (False: bare lookups only)

    @property
    def method(self) -> str:
        return {"issuer": "exact", "derived": "alias"}.get(self.kind, self.kind)

    @property
    def rank(self) -> int:
        return RANKS[self.kind]


@dataclass(frozen=True)
class CompanyData:
    companies: tuple[Company, ...]
    keys: tuple[CompanyKey, ...]
    blocked_phrases: tuple[str, ...]


def _data_text(name: str) -> str:
    return (resources.files("backend.reference") / "data" / name).read_text(encoding="utf-8")


def word_lists(text: str, source: str = "word_lists.yaml") -> dict[str, frozenset[str]]:
    """The lists of data/word_lists.yaml: english_words, symbol_stopwords, not_companies."""
    document = yaml.safe_load(text)
    lists: dict[str, frozenset[str]] = {}
    for name in ("english_words", "symbol_stopwords", "not_companies"):
        items = document.get(name) if isinstance(document, dict) else None
        if not isinstance(items, list):
            raise ReferenceDataError(source, name, "list", items, "expected a list of strings")
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise ReferenceDataError(source, name, "item", item, "expected a string (quote yes/no/on/off)")
        lists[name] = frozenset(item.strip() for item in items)
    return lists


def load_company_data() -> CompanyData:
    lists = word_lists(_data_text("word_lists.yaml"))
    english = frozenset(word.lower() for word in lists["english_words"])
    stop_symbols = frozenset(word.upper() for word in lists["symbol_stopwords"])
    rows = list(csv.DictReader(_data_text("companies.csv").splitlines()))
    companies: list[Company] = []
    keys: list[CompanyKey] = []
    groups = Counter(phrase_tokens(row["canonical"])[0] for row in rows if row["canonical"])
    for row in rows:
        company = Company(row["canonical"], row["ticker"], row["isin"] or None, row["exchange"])
        companies.append(company)
        keys.extend(_row_keys(row, company, english, stop_symbols, groups))
    by_ticker = {company.ticker: company for company in companies}
    keys.extend(_alias_keys(by_ticker))
    blocked = tuple(sorted(lists["not_companies"]))
    return CompanyData(tuple(companies), tuple(_drop_ambiguous(keys)), blocked)


def _row_keys(
    row: dict[str, str],
    company: Company,
    english: frozenset[str],
    stop_symbols: frozenset[str],
    groups: Counter[str],
) -> Iterator[CompanyKey]:
    def plain_word(text: str) -> bool:
        """A one-word name that running text uses otherwise: a word, an abbreviation, a group name."""
        tokens = phrase_tokens(text)
        if len(tokens) != 1:
            return False
        word = tokens[0]
        if len(word) < 3 or word in english or word.upper() in stop_symbols:
            return True
        # A group name ("Birla", "Arvind") also starts other companies' names; an acronym written
        # upper-case ("ITC" beside "ITC Hotels") is matched upper-case only, so it stays.
        return groups[word] > 1 and text != text.upper()

    if company.isin:
        yield CompanyKey(company.isin, company, "isin", "words", True)
    yield CompanyKey(company.canonical, company, "exact", "words", not plain_word(company.canonical))
    issuer = common_name(row["issuer_name"], english) if row["issuer_name"] else ""
    if issuer and phrase_tokens(issuer) != phrase_tokens(company.canonical):
        yield CompanyKey(issuer, company, "issuer", "words", not plain_word(issuer))
    for short in _short_forms(company.canonical):
        if not plain_word(short) and len(short) >= 4:
            yield CompanyKey(short, company, "derived", "words", True)
    for symbol in (company.ticker, *row["other_symbols"].split()):
        bare_ok = len(symbol) >= 3 and symbol.lower() not in english and symbol not in stop_symbols
        # An upper-case code is specific even for a word symbol ("RELIANCE IN"), unless short ("OIL IN").
        code_ok = len(symbol) >= 5 or symbol.lower() not in english
        yield CompanyKey(symbol, company, "symbol", "words", bare_ok and not symbol.isdigit())
        for text, joiner in _code_forms(symbol, company.exchange):
            yield CompanyKey(text, company, "ticker_code", joiner, code_ok)


def _code_forms(symbol: str, exchange: str) -> Iterator[tuple[str, Joiner]]:
    if exchange == "NSE":
        yield f"{symbol} IN", "space"
        yield f"{symbol}.NS", "dot"
        yield f"{symbol}.BO", "dot"
        return
    yield f"{symbol} US", "space"
    for suffix in _US_EXCHANGE_CODES.get(exchange, ()):
        yield (
            (f"{symbol} {suffix}", "space")
            if len(suffix) == 2 and suffix.startswith("U")
            else (f"{symbol}.{suffix}", "dot")
        )


def _short_forms(canonical: str) -> Iterator[str]:
    words = canonical.split(" ")
    if len(words) > 1 and words[-1] in _SHORTENED_SUFFIXES and words[-2].lower() not in _DANGLING:
        yield " ".join(words[:-1])
    for long, short in _LONG_TO_SHORT:
        if len(words) > 1 and long in words:
            yield canonical.replace(long, short)


def _alias_keys(by_ticker: dict[str, Company]) -> Iterator[CompanyKey]:
    rows = csv.DictReader(_data_text("company_aliases.csv").splitlines())
    for line, row in enumerate(rows, start=2):
        alias, ticker, kind = (row.get("alias") or "").strip(), row.get("ticker") or "", row.get("kind")
        where = f"line {line} ({alias})"
        company = by_ticker.get(ticker)
        if company is None:
            raise ReferenceDataError("company_aliases.csv", where, "ticker", ticker, "no such company ticker")
        if kind not in ("name", "former", "code") or not phrase_tokens(alias):
            raise ReferenceDataError("company_aliases.csv", where, "kind", kind, "expected name, former or code")
        if kind == "code":
            joiner: Joiner = "space" if " " in alias else "dot" if "." in alias else "words"
            yield CompanyKey(alias, company, "ticker_code", joiner, True)
        else:
            yield CompanyKey(alias, company, "alias", "words", True)


def _drop_ambiguous(keys: Iterable[CompanyKey]) -> list[CompanyKey]:
    """Keys sorted by rank; a form two companies share at the same rank is dropped from that rank.

    Curated aliases never collide (tests check it); rule-made forms may ("Tata Motors" is both the
    pre-demerger company's name and the new one's registered name) and then the better-ranked
    form decides, or nobody does.
    """
    owners: dict[tuple[tuple[str, ...], int], set[str]] = defaultdict(set)
    keys = list(keys)
    for key in keys:
        owners[(normal_form(key.text), key.rank)].add(key.company.ticker)
    kept = [key for key in keys if len(owners[(normal_form(key.text), key.rank)]) == 1]
    return sorted(kept, key=lambda key: key.rank)


@lru_cache(maxsize=65536)
def normal_form(text: str) -> tuple[str, ...]:
    """The tokens a bare name is compared by: legal form stripped, case and punctuation ignored."""
    return phrase_tokens(strip_legal_form(text)) or phrase_tokens(text)
