"""The company page's chart as SVG geometry: each broker's target price over time, and its ratings.

The page draws it as inline SVG from these numbers (no chart library, no script): one line per
broker through its target prices, markers coloured by the rating given with each target, and
below the plot one lane per broker with every rating it gave, targets or not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backend.reports.models import CompanyTimeline, TimelinePoint
from backend.web.formatting import local_date, price

WIDTH = 720
PLOT_TOP, PLOT_BOTTOM = 16, 236
PLOT_LEFT, PLOT_RIGHT = 72, WIDTH - 20
LANES_TOP = 276
LANE_HEIGHT = 30
# Okabe-Ito: told apart by colour-blind readers too.
BROKER_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999933")
RATING_COLORS = {"buy": "#1a7f37", "hold": "#b58105", "sell": "#cf222e"}
NO_RATING_COLOR = "#8c959f"


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    color: str
    label: str
    report_id: int


@dataclass(frozen=True)
class Series:
    broker: str
    color: str
    path: str  # SVG path data through the target prices
    markers: list[Marker]


@dataclass(frozen=True)
class Lane:
    broker: str
    color: str
    y: float
    markers: list[Marker]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class CompanyChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    series: list[Series]
    lanes: list[Lane]
    x_ticks: list[Tick]
    y_ticks: list[Tick] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return any(series.markers for series in self.series)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2, 2.5, 5 x 10^n steps) covering [low, high]."""
    span = high - low or abs(high) or 1.0
    raw = span / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    return ticks


def company_chart(timeline: CompanyTimeline, timezone: str) -> CompanyChart:
    points = [point for series in timeline.series for point in series.points]
    times = [point.published_at for point in points] or [datetime.now(ZoneInfo(timezone))]
    start, end = min(times), max(times)
    if end - start < timedelta(days=30):  # one note, or a few close together: show a month around them
        middle = start + (end - start) / 2
        start, end = middle - timedelta(days=15), middle + timedelta(days=15)

    def x_of(moment: datetime) -> float:
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (moment - start) / (end - start)

    prices = [point.target_price for point in points if point.target_price is not None]
    y_ticks = nice_ticks(min(prices) * 0.95, max(prices) * 1.05) if prices else []
    low, high = (y_ticks[0], y_ticks[-1]) if len(y_ticks) > 1 else (0.0, 1.0)

    def y_of(value: float) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (value - low) / (high - low)

    series, lanes = [], []
    for index, broker_series in enumerate(timeline.series):
        color = BROKER_COLORS[index % len(BROKER_COLORS)]
        priced = [point for point in broker_series.points if point.target_price is not None]
        markers = [_marker(point, x_of(point.published_at), y_of(point.target_price or 0), timezone)
                   for point in priced]
        path = " ".join(f"{'M' if i == 0 else 'L'}{m.x:.1f},{m.y:.1f}" for i, m in enumerate(markers))
        series.append(Series(broker_series.broker, color, path, markers))
        lane_y = LANES_TOP + LANE_HEIGHT * index + 18
        ratings = [_marker(point, x_of(point.published_at), lane_y, timezone) for point in broker_series.points]
        lanes.append(Lane(broker_series.broker, color, lane_y, ratings))
    currency = next((point.currency for point in points if point.currency), None)
    return CompanyChart(
        width=WIDTH,
        height=LANES_TOP + LANE_HEIGHT * len(lanes) + 8,
        plot_left=PLOT_LEFT, plot_right=PLOT_RIGHT, plot_top=PLOT_TOP, plot_bottom=PLOT_BOTTOM,
        series=series,
        lanes=lanes,
        x_ticks=_time_ticks(start, end, x_of, timezone),
        y_ticks=[Tick(y_of(value), price(value, currency)) for value in y_ticks] if prices else [],
    )


def _marker(point: TimelinePoint, x: float, y: float, timezone: str) -> Marker:
    rating = point.rating.capitalize() if point.rating else "no rating"
    target = f", target {price(point.target_price, point.currency)}" if point.target_price is not None else ""
    label = f"{local_date(point.published_at, timezone)}: {rating}{target} – {point.title}"
    return Marker(x, y, RATING_COLORS.get(point.rating or "", NO_RATING_COLOR), label, point.report_id)


def _time_ticks(
    start: datetime, end: datetime, x_of: Callable[[datetime], float], timezone: str, count: int = 5
) -> list[Tick]:
    pattern = "%d %b" if end - start < timedelta(days=120) else "%b %Y"
    zone = ZoneInfo(timezone)
    moments = [start + (end - start) * index / (count - 1) for index in range(count)]
    return [Tick(x_of(moment), moment.astimezone(zone).strftime(pattern)) for moment in moments]
