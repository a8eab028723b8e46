"""Brokerage Insights: sell-side research email turned into a deduplicated research database."""

__version__ = "0.1.0"
