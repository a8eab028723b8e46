"""How values read on a page: local dates, prices, ratings and report types."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

REPORT_TYPE_LABELS = {
    "initiation": "Initiation",
    "rating_change": "Rating change",
    "target_change": "Target change",
    "results_update": "Results",
    "results_preview": "Preview",
    "general_update": "Update",
    "sector_update": "Sector",
    "macro_strategy": "Macro / strategy",
}
_CURRENCY_SIGNS = {"INR": "₹", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def local_datetime(value: datetime | None, timezone: str, pattern: str = "%d %b %Y, %H:%M") -> str:
    if value is None:
        return "undated"
    return value.astimezone(ZoneInfo(timezone)).strftime(pattern)


def local_date(value: datetime | None, timezone: str) -> str:
    return local_datetime(value, timezone, "%d %b %Y")


def price(value: float | None, currency: str | None = None) -> str:
    """1234.5 INR -> "₹1,234.5"; whole prices without decimals."""
    if value is None:
        return "–"
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    sign = _CURRENCY_SIGNS.get(currency or "", f"{currency} " if currency else "")
    return f"{sign}{number}"


def change_percent(new: float | None, old: float | None) -> str | None:
    if new is None or old is None or old == 0:
        return None
    change = 100 * (new - old) / old
    return f"{change:+.1f}%"


def report_type_label(value: str) -> str:
    return REPORT_TYPE_LABELS.get(value, value.replace("_", " ").capitalize())


def path_part(value: str) -> str:
    """A name placed in a URL path (company names hold spaces, '&' and '/')."""
    return quote(value, safe="")


def query_string(values: dict[str, object]) -> str:
    """`?a=1&b=2` of the non-empty values ('' when none)."""
    kept = {key: value for key, value in values.items() if value not in (None, "")}
    return "?" + urlencode(kept) if kept else ""
