"""The extraction output: one `ExtractedReport` per research report found in an email (contract 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXTRACTOR_VERSION = "1.0.0"

KEY_POINT_KINDS = ("key_point", "risk", "estimate_change", "valuation", "driver")


@dataclass(frozen=True)
class KeyPoint:
    """One distinct substantive point of a report, as written in the source text."""

    text: str
    kind: str  # one of KEY_POINT_KINDS


@dataclass(frozen=True)
class ExtractedReport:
    """One research report, normalized. Field names are the columns of extracted_reports."""

    archive_id: str
    user_id: str
    broker: str
    company_canonical: str
    company_raw: str | None
    report_type: str
    title: str
    summary: str
    key_points: list[KeyPoint]
    published_at: str
    confidence: float
    duplicate_key: str
    rating: str | None = None
    rating_raw: str | None = None
    previous_rating: str | None = None
    target_price: float | None = None
    previous_target_price: float | None = None
    currency: str | None = None
    ticker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: `key_points` as strings, `points` with their kinds."""
        return {
            "archive_id": self.archive_id,
            "user_id": self.user_id,
            "broker": self.broker,
            "company_canonical": self.company_canonical,
            "company_raw": self.company_raw,
            "ticker": self.ticker,
            "report_type": self.report_type,
            "title": self.title,
            "summary": self.summary,
            "key_points": [point.text for point in self.key_points],
            "points": [{"text": point.text, "kind": point.kind} for point in self.key_points],
            "published_at": self.published_at,
            "rating": self.rating,
            "rating_raw": self.rating_raw,
            "previous_rating": self.previous_rating,
            "target_price": self.target_price,
            "previous_target_price": self.previous_target_price,
            "currency": self.currency,
            "confidence": self.confidence,
            "duplicate_key": self.duplicate_key,
        }


@dataclass(frozen=True)
class ExtractionResult:
    """What one email yielded: zero reports for non-research mail, several for a morning note."""

    is_research: bool
    broker: str | None
    published_at: str | None
    reports: list[ExtractedReport] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "is_research": self.is_research,
            "broker": self.broker,
            "published_at": self.published_at,
            "reports": [report.to_dict() for report in self.reports],
            "reasons": list(self.reasons),
        }
