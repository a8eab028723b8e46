"""Finding known phrases (company names, codes, broker self-names) in free text, fast.

Every e-mail is scanned, against thousands of phrases, so instead of one regex per phrase the text
is split into word tokens once and each token is looked up in a dictionary of phrases keyed by
their first token; the longest phrase that fits wins and the scan resumes after it.

A phrase's letter case, as written, sets how strictly the text must match it:

- all upper-case ("RIL", "KIE", "HDFCB IN"): the text must be upper-case too, so the word "ril" or
  the "in" of "RELIANCE in" never match;
- all lower-case ("nuvama"): any case;
- mixed ("Tata Motors", "HDFC securities"): every word written with a capital must start with a
  capital (or digit) in the text too, so that running text ("the ambit of", "Indian oil demand") is
  not read as a name while "TATA MOTORS" still is.

Tokens are compared accent-free and lower-case, without apostrophes ("Reddy's" = "Reddys"), and
"and" is read as "&" ("Larsen and Toubro" = "Larsen & Toubro").
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
CasePolicy = Literal["upper", "any", "title"]
Joiner = Literal["words", "dot", "space"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")
_WORD_GAP = re.compile(r"[ \t\r\n\xa0.\-'’]{0,4}")
_SPACE_GAP = re.compile(r"[ \xa0]{1,2}")


def normalize_token(token: str) -> str:
    """The comparison form of one token: accent-free, lower-case, no apostrophes, 'and' as '&'."""
    if token.isascii():
        lowered = token.lower().replace("'", "")
    else:
        decomposed = unicodedata.normalize("NFKD", token)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        lowered = plain.lower().replace("'", "").replace("’", "")
    return "&" if lowered == "and" else lowered


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(normalized token, start, end) for every word and '&' in `text`."""
    return [(normalize_token(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(token for token, _, _ in tokenize(phrase))


def _capitals(phrase: str) -> tuple[bool, ...]:
    return tuple(phrase[start].isupper() for _, start, _ in tokenize(phrase))


def case_policy_of(phrase: str) -> CasePolicy:
    """How strictly the text must match `phrase`, from the case it is written in."""
    if phrase.upper() == phrase and phrase.lower() != phrase:
        return "upper"
    if phrase.lower() == phrase:
        return "any"
    return "title"


@dataclass(frozen=True)
class Phrase(Generic[T]):
    tokens: tuple[str, ...]
    capitals: tuple[bool, ...]
    case: CasePolicy
    joiner: Joiner
    payload: T


@dataclass(frozen=True)
class PhraseHit(Generic[T]):
    phrase: Phrase[T]
    start: int
    end: int
    raw: str


class PhraseIndex(Generic[T]):
    """Phrases keyed by first token. Among phrases of equal length, the first added wins."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[Phrase[T]]] = {}

    def add(self, text: str, payload: T, *, joiner: Joiner = "words", case: CasePolicy | None = None) -> bool:
        """Index `text`; False when it has no word token to match on."""
        tokens = phrase_tokens(text)
        if not tokens or tokens == ("&",):
            return False
        phrase = Phrase(tokens, _capitals(text), case or case_policy_of(text), joiner, payload)
        # Longest first; insort puts a phrase after those of equal length, so earlier additions win.
        bisect.insort(self._by_first.setdefault(tokens[0], []), phrase, key=_longest_first)
        return True

    def add_all(self, items: Iterable[tuple[str, T]], *, joiner: Joiner = "words") -> None:
        for text, payload in items:
            self.add(text, payload, joiner=joiner)

    def scan(self, text: str, *, relaxed_case: bool = False) -> list[PhraseHit[T]]:
        """Non-overlapping hits in text order; `relaxed_case` ignores the case policies."""
        tokens = tokenize(text)
        hits: list[PhraseHit[T]] = []
        index = 0
        while index < len(tokens):
            hit = self._match_at(text, tokens, index, relaxed_case)
            if hit is None:
                index += 1
                continue
            hits.append(hit)
            index += len(hit.phrase.tokens)
        return hits

    def _match_at(
        self, text: str, tokens: list[tuple[str, int, int]], index: int, relaxed_case: bool
    ) -> PhraseHit[T] | None:
        for phrase in self._by_first.get(tokens[index][0], ()):
            size = len(phrase.tokens)
            if index + size > len(tokens):
                continue
            window = tokens[index : index + size]
            if any(window[k][0] != phrase.tokens[k] for k in range(1, size)):
                continue
            if not _gaps_fit(text, window, phrase.joiner):
                continue
            start, end = window[0][1], window[-1][2]
            if not relaxed_case and not _case_fits(text, window, phrase):
                continue
            return PhraseHit(phrase, start, end, text[start:end])
        return None


def _longest_first(phrase: Phrase[T]) -> int:
    return -len(phrase.tokens)


def _gaps_fit(text: str, window: list[tuple[str, int, int]], joiner: Joiner) -> bool:
    for left, right in itertools.pairwise(window):
        gap = text[left[2] : right[1]]
        if joiner == "dot":
            if gap != ".":
                return False
        elif joiner == "space":
            if not _SPACE_GAP.fullmatch(gap):
                return False
        elif not _WORD_GAP.fullmatch(gap):
            return False
    return True


def _case_fits(text: str, window: list[tuple[str, int, int]], phrase: Phrase[T]) -> bool:
    if phrase.case == "any":
        return True
    if phrase.case == "upper":
        return all(text[start:end] == text[start:end].upper() for _, start, end in window)
    for (_, start, _), capital in zip(window, phrase.capitals, strict=True):
        if capital and not (text[start].isupper() or text[start].isdigit()):
            return False
    return True
