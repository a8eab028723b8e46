"""Report titles and the duplicate key (contract 5).

The title is the report's own headline, found among the first lines of the note after the
banner, date line, kicker ("Initiating Coverage", "3QFY25 Result Update") and the company line
have been set aside; the subject is only the fallback, because copies of one note travel under
different subjects ("Reliance Industries | 3QFY25 Result Update | Beat led by O2C..." and
"RELIANCE IN: 3QFY25 RU - Beat led by O2C and Jio | MOFSL PCG"). Normalized titles drop
forward and re-send tags, list names, punctuation and case, so every copy keys alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, lru_cache

from backend.extraction.dates import find_dates
from backend.extraction.fields import line_fields
from backend.extraction.text_cleanup import is_bullet, is_rule, is_table_row

MAX_HEADER_LINES = 14
_KICKER_WORDS = (
    "initiating initiate initiation initiated coverage resuming resume resumed result results update updates review "
    "preview company sector note notes event takeaways takeaway rating change upgrade downgrade target price tp "
    "management meet analyst plant visit quarterly quarter earnings monthly volumes flash first take cut research "
    "equity equities institutional india report reports daily morning weekly insights asia thematic initiation "
    "strategy economics views view update company-update comment comments conference call concall channel check "
    "checks survey data dive deep ru ic cu pcg retail desk memo alert quick snapshot and of the on for in to with "
    "a an tp: sector: global markets americas north america equity-research"
)


@cache
def _kicker_vocabulary() -> frozenset[str]:
    return frozenset(_KICKER_WORDS.split())


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "prefix": re.compile(
            r"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|vs)\s*:|\[[^\]]*\]|\((?:revised|corrected|updated|re-?sent|resend)\)|"
            r"(?:re-?sending|re-?sent|revised|corrected|updated|correction)\s*[:\-|]?)\s*",
            re.IGNORECASE,
        ),
        "tags": re.compile(
            r"\((?:text|plain[- ]text|html|mobile)\s+version\)|\((?:revised|corrected|updated|re-?sent)\)|"
            r"\[(?:revised|corrected|updated|re-?sent|external|ext)\]",
            re.IGNORECASE,
        ),
        "period": re.compile(
            r"^(?:[1-4]q|q[1-4]|f[1-4]q|[12]h|h[12]|9m)(?:fy|cy|f)?\d{2}[a-z]?$|^fy\d{2}[a-z]?$|^\d{4}$", re.IGNORECASE
        ),
        "heading_words": re.compile(
            r"\b(?:key|highlights?|takeaways?|points?|thesis|summary|pointers|action|what\s+we\s+think|"
            r"investment\s+(?:view|case|rationale|argument))\b",
            re.IGNORECASE,
        ),
        "codes": re.compile(
            r"\(?\b[A-Z0-9&]{2,12}(?:\s(?:IN|US|IS|NS|BO|HK|JP|SP|LN))\b\)?|\(?\b[A-Z0-9&]{2,12}\.(?:NS|BO|N|O|OQ)\b\)?|"
            r"\b(?:Ltd|Limited|Inc|Corp|Corporation|Co|Company|Plc|LLC)\b\.?"
        ),
    }


@lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a house's list names, longest first."""
    cleaned = sorted({name.strip() for name in names if name.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in cleaned), re.IGNORECASE)


def normalize_title(title: str, list_names: Iterable[str] = ()) -> str:
    """Lower-case words of a title without forward/re-send tags, list names and punctuation."""
    text = title
    previous = None
    while previous != text:
        previous = text
        text = _patterns()["prefix"].sub("", text)
    text = _patterns()["tags"].sub(" ", text)
    names = _names_pattern(tuple(list_names))
    if names is not None:
        text = names.sub(" ", text)
    text = text.replace("&", " and ").lower()
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def strip_subject_tags(subject: str) -> str:
    """A subject without FW:/RE:/[Revised]/Resending: prefixes and "(text version)" tags, as written."""
    text = subject
    previous = None
    while previous != text:
        previous = text
        text = _patterns()["prefix"].sub("", text)
    return re.sub(r"\s{2,}", " ", _patterns()["tags"].sub(" ", text)).strip(" |-:")


def _words(line: str) -> list[str]:
    return [w for w in re.split(r"[\s|,;:/()\-–]+", line.lower()) if w]


def _is_kicker(line: str, extra_words: frozenset[str]) -> bool:
    words = _words(line)
    if not words:
        return True
    vocabulary = _kicker_vocabulary() | extra_words
    known = sum(w in vocabulary or bool(_patterns()["period"].match(w)) for w in words)
    return known / len(words) >= 0.75


def _without_company(line: str, company_spans: Callable[[str], list[tuple[int, int]]]) -> str:
    text = line
    for start, end in sorted(company_spans(line), reverse=True):
        text = text[:start] + " " + text[end:]
    return _patterns()["codes"].sub(" ", text)


def headline_from_lines(
    lines: list[str],
    *,
    company_spans: Callable[[str], list[tuple[int, int]]],
    self_names: Iterable[str],
    extra_kicker_words: Iterable[str] = (),
    subject_hint: str | None = None,
) -> str | None:
    """The note's own headline among its first lines, or None when none stands out."""
    names = [name.lower() for name in self_names if len(name) >= 3]
    extra = frozenset(w for phrase in extra_kicker_words for w in _words(phrase))
    candidates: list[str] = []
    for line in lines[:MAX_HEADER_LINES]:
        text = line.strip()
        if is_bullet(text):
            break
        if not text or is_rule(text) or is_table_row(text) or line_fields(text):
            continue
        lowered = text.lower()
        if any(name in lowered for name in names):
            continue
        words = text.split()
        if text.endswith(".") and len(words) >= 8:
            continue
        if len(words) > 25 or (_patterns()["heading_words"].search(text) and len(words) <= 4):
            continue
        remainder = text
        for found in find_dates(text):
            remainder = remainder.replace(text[found.start : found.end], " ")
        remainder = _without_company(remainder, company_spans)
        if _is_kicker(remainder, extra) or len(_words(remainder)) <= 1:
            continue
        candidates.append(text)
    if not candidates:
        return None
    if subject_hint:
        subject_words = set(normalize_title(subject_hint).split())
        scored = [
            (len(set(normalize_title(c).split()) & subject_words) / max(1, len(normalize_title(c).split())), c)
            for c in candidates
        ]
        best_score, best = max(scored, key=lambda pair: pair[0])
        if best_score >= 0.5:
            return best
    return candidates[0]


def headline_from_subject(
    subject: str,
    *,
    company_spans: Callable[[str], list[tuple[int, int]]],
    list_names: Iterable[str] = (),
    rating_words: Callable[[str], bool] = lambda _: False,
) -> str:
    """The most headline-like part of a subject (no company, rating, target or kicker parts)."""
    text = strip_subject_tags(subject)
    names = _names_pattern(tuple(list_names))
    if names is not None:
        text = names.sub(" ", text)
    parts = [p.strip() for p in re.split(r"\s*(?:\||\s[-–]\s|:\s)\s*", text) if p.strip()]
    kept = []
    for part in parts:
        remainder = _without_company(part, company_spans)
        if rating_words(remainder.strip(" ,()")):
            continue
        if re.search(r"\b(?:tp|pt|target|fair\s+value)\b", remainder, re.IGNORECASE) and len(part.split()) <= 5:
            continue
        if _is_kicker(remainder, frozenset()) or len(_words(remainder)) <= 1 or find_dates(part):
            continue
        kept.append(part)
    if not kept:
        return text.strip() or subject.strip()
    return max(kept, key=len)


def duplicate_key(
    *,
    user_id: str,
    broker: str,
    company: str,
    report_type: str,
    title: str,
    day: date | None,
    list_names: Iterable[str] = (),
) -> str:
    """Stable hex digest of (user, broker, company, type, normalized title, publication day)."""
    parts = [
        user_id,
        broker.casefold(),
        re.sub(r"[^a-z0-9]+", " ", company.casefold()).strip(),
        report_type,
        normalize_title(title, list_names),
        day.isoformat() if day else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
