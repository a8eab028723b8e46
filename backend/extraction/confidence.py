"""Confidence of one extracted report in [0, 1]: lower when fields had to be guessed.

Each guess costs a fixed share: a fuzzy or missing company, a rating or target read from prose
rather than a rating box, a currency inferred from the company's market, a publication date
taken from the mail header, a title taken from the subject, a type that fell through to
general_update, and a report with fewer than two key points.
"""

from __future__ import annotations

from dataclasses import dataclass

FLOOR = 0.05


@dataclass(frozen=True)
class Evidence:
    company_method: str  # "exact" | "alias" | "ticker_code" | "isin" | "symbol" | "fuzzy" | "theme" | "none"
    company_score: float
    rating_source: str | None  # "box" | "subject" | "text" | None
    target_source: str | None  # "box" | "subject" | "text" | None
    currency_guessed: bool
    date_source: str  # "printed" | "header"
    title_source: str  # "body" | "subject"
    type_defaulted: bool
    key_points: int
    company_report: bool


def confidence(evidence: Evidence) -> float:
    score = 1.0
    if evidence.company_method == "none":
        score -= 0.35
    elif evidence.company_method == "fuzzy":
        score -= 0.25 * (1.0 - evidence.company_score) + 0.1
    if evidence.company_report:
        if evidence.rating_source is None:
            score -= 0.15
        elif evidence.rating_source == "text":
            score -= 0.05
        if evidence.target_source is None:
            score -= 0.1
        elif evidence.target_source == "text":
            score -= 0.05
        if evidence.currency_guessed:
            score -= 0.05
    if evidence.date_source != "printed":
        score -= 0.05
    if evidence.title_source != "body":
        score -= 0.1
    if evidence.type_defaulted:
        score -= 0.05
    if evidence.key_points < 2:
        score -= 0.1
    return round(max(FLOOR, min(1.0, score)), 2)
