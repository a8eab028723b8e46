"""The records the company master hands out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    canonical: str  # common name without legal suffixes: "Reliance Industries", "Dr. Reddy's Laboratories"
    ticker: str  # primary symbol: NSE symbol ("RELIANCE", "M&M") or US ticker ("AAPL")
    isin: str | None
    exchange: str  # "NSE", "NASDAQ", "NYSE"


@dataclass(frozen=True)
class CompanyMatch:
    company: Company
    raw: str  # the text exactly as written in the input
    method: str  # "ticker_code" | "isin" | "symbol" | "exact" | "alias" | "fuzzy"
    score: float  # 1.0 for exact forms; the fuzzy score scaled to [0, 1]
    start: int  # span of `raw` in the searched text (-1 when matched from a bare name)
    end: int
