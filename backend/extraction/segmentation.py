"""Splitting a morning note, daily or digest into one segment per company or sector item.

An item starts at a short heading line that names a company (or a sector the subject or the
table of contents lists) and is followed by the item's own rating box, bullets or figures. The
market snapshot and flows at the top of a morning note, the table of contents, and recap blocks
("Latest releases", "Other reports") are not reports and never become segments. A mail that is
not a digest is one segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from backend.extraction.fields import line_fields, read_fields
from backend.extraction.text_cleanup import is_bullet, is_rule, is_table_row
from backend.extraction.themes import theme_vocabulary

# (canonical name, start, end) of each company mentioned in a text, in order.
MentionFinder = Callable[[str], list[tuple[str, int, int]]]

MAX_HEADER_WORDS = 14
LOOKAHEAD_LINES = 6
RECAP_TABLE_HEAD_LINES = 3


@dataclass(frozen=True)
class Segment:
    lines: list[str]
    heading: str | None  # the item heading of a digest item; None for a single-report mail
    company_hint: str | None  # the company the heading names, when it names one


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "digest": re.compile(
            r"\b(?:morning|daily|digest|evening|weekly|wrap|round-?up|daybreak|today'?s\s+(?:research|reports|notes)|"
            r"research\s+(?:daily|highlights)|first\s+cut|quick\s+takes?|notes\s+of\s+the\s+day|"
            r"research\s+(?:summary|bulletin))\b",
            flags,
        ),
        "toc": re.compile(
            r"^(?:in\s+(?:today'?s|this)\s+(?:edition|issue|note|report|mail|daily|morning\s+note)|"
            r"(?:table\s+of\s+)?contents|"
            r"today'?s\s+(?:top\s+)?(?:research\s+)?(?:reports|research|coverage|notes|highlights|edition|picks|ideas)|"
            r"in\s+this\s+(?:issue|edition|report)|inside(?:\s+this\s+issue|\s+today)?|stocks?\s+in\s+(?:focus|this\s+note)|"
            r"companies\s+(?:covered|in\s+this\s+note)|index)\s*:?\s*$",
            flags,
        ),
        "recap": re.compile(
            r"^(?:latest\s+(?:releases?|reports|research|publications)|other\s+(?:reports|research|notes|publications)"
            r"(?:\s+\w+){0,3}|recent\s+(?:reports|releases|research|notes|publications)|"
            r"previous(?:ly\s+published)?\s+(?:reports|notes|research)|also\s+(?:published|out)(?:\s+\w+){0,3}|"
            r"in\s+case\s+you\s+missed(?:\s+it)?|earlier\s+(?:this\s+week|reports|notes)|research\s+recap|recap|"
            r"our\s+recent\s+(?:reports|notes|research)|past\s+reports|more\s+research|from\s+the\s+archive|"
            r"(?:reports|research)\s+(?:published\s+)?(?:this|last)\s+week)"
            r"(?:\s+(?:from|by)\s+[\w&.' -]{1,40})?\s*:?\s*$",  # "Recent research from Anand Rathi"
            flags,
        ),
        "numbering": re.compile(r"^\s*(?:\d{1,2}[.)]|\d{1,2}\s+\||[•])\s*"),
        # a company name, its code in brackets, then a dash, bar or colon: an item heading even when
        # it goes on to carry the call
        "coded_heading": re.compile(
            r"^[A-Z][\w&.'’ -]{1,60}?\s?\([A-Z0-9][A-Z0-9&.-]{1,14}(?:\s(?:IN|US|LN|HK|JP))?\)\s*(?:—|–|-|\||:|\[)\s*\S"
        ),
        "figure_cell": re.compile(r"^(?:rs\.?|inr|us\$|\$|₹)?\s*[-+~(]?\d[\d.,]*\s*[%x)]?$", flags),
    }


def _bare(line: str) -> str:
    return _patterns()["numbering"].sub("", line).strip()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _is_pipe_heading(line: str) -> bool:
    """A heading written as three or four "|"-joined words, not a table row:
    "Berger Paints (BRGR IN) | Q4FY25 Result Update | Downgrade". A table row carries figures."""
    cells = [cell.strip() for cell in line.split("|") if cell.strip()]
    return 3 <= len(cells) <= 4 and not any(_patterns()["figure_cell"].match(cell) for cell in cells)


def _is_heading_shaped(line: str) -> bool:
    stripped = line.strip()
    if not stripped or is_bullet(stripped) or is_rule(stripped):
        return False
    if _patterns()["coded_heading"].match(_bare(stripped)) and len(stripped.split()) <= 2 * MAX_HEADER_WORDS:
        return True  # "Dr Lal PathLabs (DLPL IN) — Q2FY26 Result Update: Volume-led beat; Buy, TP Rs3,650"
    if is_table_row(stripped) and not _is_pipe_heading(stripped):
        return False
    if len(stripped.split()) > MAX_HEADER_WORDS or len(stripped) > 130 or stripped.endswith((".", ":")):
        return False
    words = stripped.split()
    if sum(bool(_patterns()["figure_cell"].match(word)) for word in words) * 5 >= len(words) * 2:
        return False  # a row of market data ("Sensex 83,459 -0.62"), not a heading
    return not any(f.kind in ("rating", "target") for f in line_fields(stripped))


def _in_table(lines: list[str], index: int) -> bool:
    """Whether a neighbouring line (across a rule) is a table row."""
    for step in (-1, 1):
        neighbour = index + step
        while 0 <= neighbour < len(lines) and is_rule(lines[neighbour]):
            neighbour += step
        if 0 <= neighbour < len(lines) and is_table_row(lines[neighbour]) and not _is_pipe_heading(lines[neighbour]):
            return True
    return False


def _toc(lines: list[str]) -> tuple[list[str], range]:
    """Entries of a table of contents and the line range it occupies (empty when there is none)."""
    for index, line in enumerate(lines):
        if not _patterns()["toc"].match(line.strip()):
            continue
        entries: list[str] = []
        end = index + 1
        while end < len(lines) and not lines[end].strip():
            end += 1
        while end < len(lines) and lines[end].strip() and len(lines[end].split()) <= MAX_HEADER_WORDS:
            entries.append(_bare(lines[end]))
            end += 1
        if len(entries) >= 2:
            return entries, range(index, end)
    return [], range(0)


def _subject_names(subject: str) -> list[str]:
    """Item names a digest subject lists: "Morning India | 27 Jan | Kotak Bank, SBI Life, Cement"."""
    names = []
    for part in re.split(r"\s*(?:[|,;:]|\s[-–]\s)\s*", subject):
        cleaned = re.sub(r"\([^)]*\)", "", part).strip()
        if not cleaned or re.search(r"\d{4}|\b\d{1,2}\s+[A-Z][a-z]{2}", cleaned):
            continue
        if _patterns()["digest"].search(cleaned) or len(cleaned.split()) > 5:
            continue
        names.append(cleaned)
    return names


def _starts_with_any(line: str, name_keys: list[str]) -> bool:
    key = _key(line)
    return any(key == name or key.startswith(name + " ") for name in name_keys)


def _has_item_content(lines: list[str], start: int, stop: int) -> bool:
    window = [line for line in lines[start:stop] if line.strip()][:LOOKAHEAD_LINES]
    if any(f.kind in ("rating", "target") for f in read_fields(window)):
        return True
    return any(is_bullet(line) or (len(line.split()) >= 8 and re.search(r"\d", line)) for line in window)


def _has_rating_box(lines: list[str], start: int) -> bool:
    window = [line for line in lines[start : start + LOOKAHEAD_LINES + 2] if line.strip()][:LOOKAHEAD_LINES]
    return any(f.kind in ("rating", "target") for f in read_fields(window))


def _recap_lines(lines: list[str]) -> set[int]:
    """Lines inside recap blocks: from a recap heading to the next rule line or the next item that
    opens with its own rating box (a recap lists past titles, never a rating box)."""
    inside: set[int] = set()
    active = False
    started = 0
    for index, line in enumerate(lines):
        if _patterns()["recap"].match(line.strip()):
            active, started = True, index
        elif active and (
            (is_rule(line) and index - started > RECAP_TABLE_HEAD_LINES)  # not the rule under its table's head
            or (_is_heading_shaped(line) and _has_rating_box(lines, index + 1))
        ):
            active = False
        if active:
            inside.add(index)
    return inside


def split_items(lines: list[str], subject: str, mentions: MentionFinder) -> list[Segment]:
    """One segment per report item; a single segment holding every line for a single-report mail."""
    whole = [Segment(lines=list(lines), heading=None, company_hint=None)]
    toc_entries, toc_range = _toc(lines)
    recap = _recap_lines(lines)
    list_keys = [key for key in map(_key, toc_entries + _subject_names(subject)) if key]
    vocabulary = theme_vocabulary()
    candidates: list[tuple[int, str | None]] = []
    for index, line in enumerate(lines):
        if index in toc_range or index in recap or not _is_heading_shaped(line):
            continue
        if is_table_row(line) and _in_table(lines, index):
            continue  # a table's header row, not a "|"-joined item heading
        bare = _bare(line)
        found = mentions(bare)
        company = found[0][0] if found and found[0][1] <= 1 else None
        after_rule = index > 0 and is_rule(lines[index - 1])
        by_list = _starts_with_any(bare, list_keys)
        head = re.split(r"\s*(?:\||:\s|\s[-–]\s)\s*", bare)[0]
        sector_led = vocabulary.sector_in(head) is not None and len(head.split()) <= 4 and (head != bare or after_rule)
        if company is None and not (by_list or after_rule or sector_led):
            continue
        candidates.append((index, company))
    confirmed: list[tuple[int, str | None]] = []
    for position, (index, company) in enumerate(candidates):
        stop = candidates[position + 1][0] if position + 1 < len(candidates) else len(lines)
        if _has_item_content(lines, index + 1, stop):
            confirmed.append((index, company))
    digest = bool(_patterns()["digest"].search(subject)) or any(
        _patterns()["digest"].search(line) for line in lines[:4]
    )
    companies = {company for _, company in confirmed if company}
    if len(confirmed) < 2 or not (digest or toc_entries or len(companies) >= 3):
        return whole
    segments = []
    for position, (index, company) in enumerate(confirmed):
        stop = confirmed[position + 1][0] if position + 1 < len(confirmed) else len(lines)
        body = [line for offset, line in enumerate(lines[index:stop], start=index) if offset not in recap]
        segments.append(Segment(lines=body, heading=lines[index].strip(), company_hint=company))
    return segments
