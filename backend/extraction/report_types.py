"""Report type (contract 4) from the way a note describes itself.

The heading (subject, kicker, headline) says what a note is; the body confirms rating and target
moves. Precedence when several fit: initiation > rating_change > results_update >
results_preview > target_change > general_update. Sector and macro notes are decided before
this, by what the note is about rather than what it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

REPORT_TYPES = (
    "initiation",
    "rating_change",
    "target_change",
    "results_update",
    "results_preview",
    "general_update",
    "sector_update",
    "macro_strategy",
)
COMPANY_TYPE_PRECEDENCE = (
    "initiation",
    "rating_change",
    "results_update",
    "results_preview",
    "target_change",
    "general_update",
)

# Quarter and half-year tags: 3QFY25, Q3FY25, 3Q25, F3Q25, 1QF25, 4QCY24, Q4 2024, 1HFY25, 9MFY25.
_PERIOD = (
    r"(?:[1-4]Q\s?(?:FY|CY|F)?'?\d{2}|Q[1-4]\s?(?:FY|CY|F)?'?\d{2}|F[1-4]Q\s?'?\d{2}|[1-4]QF\d{2}|"
    r"Q[1-4]\s+(?:FY|CY)?\s?20\d{2}|[12]H\s?(?:FY|CY)?\d{2}|H[12]\s?(?:FY|CY)?\d{2}|9M\s?FY\d{2}|"
    r"FY\d{2}\s+results)"
)


@dataclass(frozen=True)
class TypeEvidence:
    heading: str  # subject (single-report mails), item heading, kicker lines and headline
    body: str  # summary and bullets of the note
    rating_changed: bool  # a previous rating different from the current one was found
    target_moved: bool  # a previous target different from the current one was found


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "initiation": re.compile(
            r"\binitiat(?:e|es|ed|ing)\b(?:\s+[\w&'.()-]+){0,6}?\s+(?:coverage|on|with|at)\b|"
            r"\binitiation\b|\binitiating\s+coverage\b|\b(?:resum|reinstat)(?:e|es|ed|ing)\s+coverage\b|"
            r"\bre-?initiat(?:e|es|ed|ing|ion)\b|"
            r"^\s*initiating\b",
            flags | re.MULTILINE,
        ),
        "rating_move": re.compile(
            r"\b(?:upgrad|downgrad)(?:e|es|ed|ing)\b(?:\s+[\w&'.,-]+){0,6}?\s+(?:to|from)\s+|"
            r"^\s*(?:upgrade|downgrade)s?\s*(?:$|\||to\b)|\b(?:rating|reco(?:mmendation)?)\s+(?:change|revision)\b",
            flags | re.MULTILINE,
        ),
        "results": re.compile(
            rf"\bresults?\s+(?:update|review|analysis|note|recap|first\s+(?:take|cut)|takeaways|reaction|flash|"
            rf"snapshot|highlights|wrap)\b|"
            rf"\b(?:earnings|quarterly|quarter)\s+(?:update|review|recap|results?|first\s+take)\b|"
            rf"\b{_PERIOD}\s*(?:results?|review|RU|update|earnings|first\s+take|numbers|[:|–]|\s-\s)|\bRU\b|"
            rf"\b(?:reported|posted|delivered)\s+(?:a\s+)?{_PERIOD}|\bearnings\s+review\b|^\s*results\s*$|"
            r"\bQ[1-4]\s+(?:results|review|earnings|numbers)\b|\bpost[- ]results?\b|\bearnings\s+call\b|"
            r"\bresults?\s+(?:beat|miss|in[- ]line|ahead|below)\b|\bcompany\s+results?\b|"
            r"(?:^|[:|]\s*)[1-4]Q\s*:|"  # "HDFC Bank: 1Q: Margins dip as guided"
            r"\b(?:FQ[1-4]|F[1-4]Q)\b(?:\s*[:,-]?\s*[\w-]+){0,3}\s+(?:beat|miss|results?|print)\b",  # "FQ2 Azure beat"
            flags | re.MULTILINE,
        ),
        # a lead that reports the quarter: "4QFY25 consolidated EBITDA of INR4.1bn (+19% y-o-y) was
        # 3% above our estimate"
        "results_lead": re.compile(
            rf"\b{_PERIOD}\s+(?:[\w-]+\s+){{0,2}}(?:revenues?|sales|ebitda|ebit|pat|(?:net\s+)?profit|earnings|"
            r"eps|nii|net\s+income|operating\s+income)\b(?:[^.\n]|\.(?=\d)){0,80}?"
            r"\b(?:beat|missed|above|below|ahead\s+of|in\s+line|grew|rose|fell|declined|y-?o-?y|q-?o-?q)\b",
            flags,
        ),
        "initiation_body": re.compile(
            r"\bwe\s+(?:initiate|are\s+initiating|resume|reinstate)\b|\binitiat(?:e|ing)\s+coverage\b", flags
        ),
        "preview": re.compile(
            r"\bpreview\b|\bahead\s+of\s+(?:the\s+)?(?:results|earnings|print)|\bwhat\s+to\s+(?:expect|watch)\b|"
            r"\bresults?\s+(?:today|tomorrow|on\s+\w+)|\breports?\s+(?:its\s+)?\w*\s*results\s+on\b|"
            r"\bearnings\s+(?:preview|expectations)\b|\bexpectations\s+for\s+(?:the\s+)?quarter\b",
            flags,
        ),
        "target_move": re.compile(
            r"\b(?:rais|cut|cutting|lower|lift|increas|revis|trim|trimm|reduc|hik|bump|mov)(?:e|es|ed|ing|s)?\s+"
            r"(?:our\s+|the\s+)?(?:tp|pt|target(?:\s+price)?|price\s+target|fair\s+value|fv)\b|"
            r"\b(?:tp|pt|target(?:\s+price)?|price\s+target|fair\s+value|fv)\s+(?:is\s+)?"
            r"(?:raised|cut|lowered|increased|revised|revision|rises|falls|moves|trimmed|hiked|hike|goes\s+up|"
            r"goes\s+down)\b|"
            r"\b(?:tp|pt)\s+to\s+(?:rs|inr|usd|us\$|\$|₹)|\btarget\s+(?:price\s+)?change\b",
            flags,
        ),
    }


LEAD_CHARS = 400


def _results_note(evidence: TypeEvidence) -> bool:
    patterns = _patterns()
    return bool(
        patterns["results"].search(evidence.heading) or patterns["results_lead"].search(evidence.body[:LEAD_CHARS])
    )


def company_report_type(evidence: TypeEvidence) -> tuple[str, list[str]]:
    """The type of a company note and the reasons that decided it."""
    patterns = _patterns()
    heading, body = evidence.heading, evidence.body
    fits: dict[str, str] = {}
    if patterns["initiation"].search(heading) or patterns["initiation_body"].search(body[:800]):
        fits["initiation"] = "initiation wording"
    if evidence.rating_changed:
        fits["rating_change"] = "previous rating differs"
    elif patterns["rating_move"].search(heading):
        fits["rating_change"] = "upgrade/downgrade in heading"
    if patterns["preview"].search(heading):
        fits["results_preview"] = "preview wording"
    elif _results_note(evidence):
        fits["results_update"] = "results wording"
    if evidence.target_moved or patterns["target_move"].search(heading):
        fits["target_change"] = "target moved"
    for report_type in COMPANY_TYPE_PRECEDENCE:
        if report_type in fits:
            return report_type, [f"{report_type}: {fits[report_type]}"]
    return "general_update", ["general_update: no stronger type fits"]
