"""Key points: the distinct substantive points a note makes (figures, estimate changes, drivers,
valuation basis, risks), each one a bullet or sentence of the note itself.

Bullets are the primary source. A lead paragraph adds the sentences that carry a figure the
bullets do not already state (teaser mails often put the valuation basis there). A bullet that
only restates the rating and target ("Reiterate ADD; our fair value is unchanged") is not a point,
nor is boilerplate about attachments, links or re-sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from backend.extraction.fields import line_fields
from backend.extraction.models import KeyPoint
from backend.extraction.text_cleanup import BULLET, is_bullet, is_rule, is_table_row

MAX_POINTS = 10
MIN_WORDS = 4
NEAR_DUPLICATE = 0.6


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "figure": re.compile(
            r"\d(?:[\d,.]*)\s*(?:%|x\b|bps?\b|bn\b|mn\b|m\b|b\b|crore|cr\b|lakh|tn\b|trn\b|units|mt\b|gw\b|pp\b)|"
            r"(?:rs\.?|inr|₹|us\$|\$|usd|gbp|€|eur)\s?\d|\b\d{1,3}(?:,\d{2,3})+\b|"
            r"\b(?:fy|cy)\d{2}[ef]?\b.*\d",
            flags,
        ),
        "boilerplate": re.compile(
            r"^\W*(?:please\s+(?:find|see|refer)|find\s+attached|attached\s+(?:is|please|herewith)|"
            r"(?:the\s+)?(?:full|detailed|complete)\s+(?:\w+\s+)?report\b|click|download|read\s+(?:the|our)\s+"
            r"(?:full|detailed)|for\s+private\s+circulation|unsubscribe|view\s+(?:online|in\s+browser)|log\s*in)|"
            r"\b(?:is|are)\s+(?:in\s+the\s+)?attached\b|\battached\s+(?:pdf|report|note|file)\b|\bin\s+the\s+attached\b|"
            r"\bdisclaimer\b|\bnot\s+(?:a\s+)?research\s+report\b",
            flags,
        ),
        "restate_words": re.compile(
            r"\b(?:we|our|the|a|an|and|with|of|at|to|on|is|are|be|by|as|stock|rating|ratings|target|price|tp|pt|"
            r"fair|value|fv|maintain|maintains|retain|retains|reiterate|reiterates|keep|keeps|stay|stays|"
            r"remain|remains|rate|rated|unchanged|intact|recommendation|call|our|its|reiterating|"
            r"maintaining|retaining|new|revised|cmp|upside|downside|potential|implies|implying|12-month|month|"
            r"12m|stance|view|continue|continues|overall)\b",
            flags,
        ),
        "risk": re.compile(
            r"\brisks?\b|\bthreats?\b|\bheadwinds?\b|\bdownside\s+(?:risk|to)\b|\bkey\s+monitorables?\b", flags
        ),
        "estimate": re.compile(
            r"\b(?:raise|raises|raised|cut|cuts|lower|lowers|lowered|trim|trims|trimmed|increase|increases|"
            r"reduce|reduces|revise|revises|revised|upgrade|upgrades|downgrade|downgrades|tweak|tweaks)\b"
            r"[^.;]{0,60}\b(?:EPS|estimates?|EBITDA|forecasts?|earnings|revenue|PAT|volume|margin)\b",
            flags,
        ),
        "valuation": re.compile(
            r"\b(?:valu\w*|DCF|SOTP|SoTP|P/E|P/B|P/BV|P/ABV|EV/EBITDA|EV/GOV|multiple|WACC|premium|discount)\b|"
            r"\d+(?:\.\d+)?\s?x\s+(?:FY|CY|F\d|Mar|Dec|Sep|Jun|1-?yr|one-?year|12-?m)",
            flags,
        ),
        "driver": re.compile(
            r"\b(?:led\s+by|driven\s+by|due\s+to|backed\s+by|helped\s+by|on\s+the\s+back\s+of|aided\s+by|"
            r"supported\s+by|offset\s+by|as\s+a\s+result\s+of|thanks\s+to|because\s+of)\b",
            flags,
        ),
        "sentence_end": re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])"),
    }


_WORD = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _similar(left: frozenset[str], right: frozenset[str]) -> bool:
    if not left or not right:
        return False
    return len(left & right) / min(len(left), len(right)) >= NEAR_DUPLICATE


def has_figure(text: str) -> bool:
    return bool(_patterns()["figure"].search(text))


def is_boilerplate(text: str) -> bool:
    return bool(_patterns()["boilerplate"].search(text))


def restates_call(text: str, is_rating_word: Callable[[str], bool]) -> bool:
    """True for a sentence that only repeats the rating and target ("We retain ADD with a TP of Rs 215")."""
    stripped = re.sub(r"(?:rs\.?|inr|₹|us\$|\$|usd)\s?[\d,.]+", " ", text, flags=re.IGNORECASE)
    stripped = _patterns()["restate_words"].sub(" ", stripped)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", stripped) if not is_rating_word(w)]
    has_other_figure = bool(re.search(r"\d", re.sub(r"\b(?:FY|CY)\d{2}E?\b", "", stripped)))
    return len(words) <= 1 and not has_other_figure


def point_kind(text: str) -> str:
    patterns = _patterns()
    if patterns["risk"].search(text):
        return "risk"
    if patterns["estimate"].search(text):
        return "estimate_change"
    if patterns["valuation"].search(text):
        return "valuation"
    if patterns["driver"].search(text):
        return "driver"
    return "key_point"


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _patterns()["sentence_end"].split(paragraph) if s.strip()]


def prose_paragraphs(lines: list[str]) -> list[str]:
    """Lines of running text (not bullets, tables, rating boxes or short headings)."""
    out = []
    for line in lines:
        text = line.strip()
        if not text or is_bullet(text) or is_rule(text) or is_table_row(text) or line_fields(text):
            continue
        if len(text.split()) >= 8:
            out.append(text)
    return out


def extract_key_points(lines: list[str], is_rating_word: Callable[[str], bool]) -> list[KeyPoint]:
    """Distinct substantive points of a report body (lines after its heading), in reading order."""
    chosen: list[str] = []
    chosen_tokens: list[frozenset[str]] = []

    def consider(text: str, *, require_figure: bool) -> None:
        cleaned = text.strip().rstrip(":").strip()
        if len(chosen) >= MAX_POINTS or len(cleaned.split()) < MIN_WORDS or is_boilerplate(cleaned):
            return
        if require_figure and not has_figure(cleaned):
            return
        tokens = _tokens(cleaned)
        if any(_similar(tokens, existing) for existing in chosen_tokens):
            return
        if restates_call(cleaned, is_rating_word):
            return
        chosen.append(cleaned)
        chosen_tokens.append(tokens)

    bullets = [line[len(BULLET) :] for line in lines if is_bullet(line)]
    paragraphs = prose_paragraphs(lines)
    for paragraph in paragraphs if bullets else []:
        for sentence in split_sentences(paragraph):
            consider(sentence, require_figure=True)
    for bullet in bullets:
        consider(bullet, require_figure=False)
    if not bullets:
        for paragraph in paragraphs:
            for sentence in split_sentences(paragraph):
                consider(sentence, require_figure=True)
    return [KeyPoint(text=text, kind=point_kind(text)) for text in chosen[:MAX_POINTS]]
