"""What a note is about: one company, a sector, or the economy and markets (and the theme's name).

A rating box with a company in the heading makes a company note. Without one, a company named in
the heading still makes a company note when the text states a call on it, unless the heading
speaks of a sector or of macro themes; a sector note that names its preferred stocks stays a
sector note. Sector and macro notes are named by their display line ("India Strategy",
"Consumer Durables") or the subject's lead words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.extraction.calls import target_from_text
from backend.extraction.companies import CompanyFinding, CompanyResolver
from backend.extraction.dates import find_dates
from backend.extraction.fields import Field
from backend.extraction.ratings import RatingReader
from backend.extraction.themes import theme_vocabulary

MAX_THEME_WORDS = 4


@dataclass(frozen=True)
class NoteSubject:
    kind: str  # "company" | "sector_update" | "macro_strategy"
    company: CompanyFinding | None
    theme: str | None


def _as_written(text: str) -> str:
    return text.title() if text.isupper() else text


def theme_name(zone: list[str], heading: str, title: str | None, fallback: str) -> str:
    """The sector or theme a note carries: the short vocabulary line nearest above the headline."""
    vocabulary = theme_vocabulary()
    title_at = next((i for i, line in enumerate(zone) if title and line.strip() == title), len(zone))
    candidates = []
    for index, line in enumerate(zone):
        text = line.strip()
        short = 1 <= len(text.split()) <= MAX_THEME_WORDS and not find_dates(text) and "|" not in text
        if short and (vocabulary.sector_in(text) or vocabulary.macro_score(text)):
            candidates.append((index, text))
    above = [candidate for candidate in candidates if candidate[0] < title_at]
    if above or candidates:
        return _as_written((above or candidates)[-1 if above else 0][1])
    head = re.split(r"\s*(?::|\||\s[-–]\s)\s*", heading.strip())[0]
    if 1 <= len(head.split()) <= MAX_THEME_WORDS:
        return _as_written(head)
    return vocabulary.sector_in(heading) or fallback


_CODES = re.compile(
    r"\(?\b[A-Z0-9&]{2,12}(?:\s(?:IN|US|IS|NS|BO|HK|JP|SP|LN))\b\)?|\(?\b[A-Z0-9&]{2,12}\.(?:NS|BO|N|O|OQ)\b\)?|"
    r"\b(?:Ltd|Limited|Inc|Corp|Corporation|Co|Company|Plc|LLC)\b\.?|[()|,:\-–]"
)


def _leads_with_company(resolver: CompanyResolver, heading_line: str, zone: list[str]) -> bool:
    """The heading starts with a company, or a heading line is nothing but a company name and codes."""
    first = resolver.matches(heading_line)
    if first and first[0].start <= 1:
        return True
    for line in zone:
        if len(line.split()) > 8:
            continue
        found = resolver.matches(line)
        if not found:
            continue
        rest = line
        for match in sorted(found, key=lambda m: m.start, reverse=True):
            rest = rest[: match.start] + " " + rest[match.end :]
        if len(_CODES.sub(" ", rest).split()) <= 1:
            return True
    return False


def note_subject(
    *,
    resolver: CompanyResolver,
    reader: RatingReader,
    item_heading: str | None,
    subject: str,
    zone: list[str],
    fields: list[Field],
    heading: str,
    body: str,
    title: str | None,
) -> NoteSubject:
    """Company, sector or macro, from the heading first and the body second."""
    vocabulary = theme_vocabulary()
    zone_text = "\n".join(zone)
    if item_heading is not None:
        company = resolver.best([(item_heading, 4.0), (zone_text, 2.0)])
    else:
        company = resolver.best([(subject, 3.0), (zone_text, 3.0)])
        if company is None:
            # a company line the master only knows by a close spelling ("Dr Reddys Labs Ltd")
            short_lines = [line for line in zone[:8] if 1 <= len(line.split()) <= 6 and not find_dates(line)]
            company = next(filter(None, (resolver.lookup(line) for line in short_lines[:3])), None)
    has_rating_box = any(f.kind == "rating" and reader.from_box_value(f.value) for f in fields)
    if has_rating_box:
        found = company or resolver.best([(body[:600], 1.0)])
        if found is not None:
            return NoteSubject("company", found, None)
    if company is not None and _leads_with_company(resolver, item_heading or subject, zone):
        return NoteSubject("company", company, None)
    macro = vocabulary.macro_score(heading)
    sector = vocabulary.sector_score(heading)
    head = re.split(r"\s*(?::|\||\s[-–]\s)\s*", (item_heading or subject).strip())[0]
    if macro == 0 and vocabulary.sector_in(head) and len(head.split()) <= MAX_THEME_WORDS:
        # "Infrastructure: L&T, NCC lead order wins" is an industry note that names stocks
        fallback = vocabulary.sector_in(head) or "Sector"
        return NoteSubject("sector_update", None, theme_name(zone, heading, title, fallback))
    states_call = bool(reader.held_in_text(body) or reader.change_in_text(body) or target_from_text(body))
    if company is not None and macro == 0 and not vocabulary.sector_words.search(heading) and states_call:
        return NoteSubject("company", company, None)
    if macro > 0 and macro >= sector:
        return NoteSubject("macro_strategy", None, theme_name(zone, heading, title, "India Strategy"))
    if sector > 0:
        fallback = vocabulary.sector_in(body) or "Sector"
        return NoteSubject("sector_update", None, theme_name(zone, heading, title, fallback))
    if company is not None:
        return NoteSubject("company", company, None)
    if vocabulary.macro_score(body) > vocabulary.sector_score(body):
        return NoteSubject("macro_strategy", None, theme_name(zone, heading, title, "India Strategy"))
    fallback = vocabulary.sector_in(body) or "Sector"
    return NoteSubject("sector_update", None, theme_name(zone, heading, title, fallback))
