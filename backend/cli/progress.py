"""A progress line on the terminal for long commands: count, rate, and ETA when the size is known."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


class TerminalProgress:
    """Redraws one status line at most every `interval` seconds; silent when not on a terminal."""

    def __init__(self, label: str, total_bytes: int | None = None, stream: TextIO | None = None,
                 interval: float = 0.25) -> None:
        self.label = label
        self.total_bytes = total_bytes
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.interval = interval
        self.messages = 0
        self.bytes = 0
        self.started = time.monotonic()
        self._last_draw = 0.0

    def advance(self, messages: int, size: int) -> None:
        self.messages += messages
        self.bytes += size
        now = time.monotonic()
        if self.enabled and now - self._last_draw >= self.interval:
            self._last_draw = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-6)
        text = f"{self.label}: {self.messages:,} messages, {self.messages / elapsed:,.0f}/s"
        if self.total_bytes:
            share = min(self.bytes / self.total_bytes, 1.0)
            text += f", {share:.0%} of {self.total_bytes / 1e6:,.1f} MB"
            if share > 0:
                text += f", ETA {_clock(elapsed / share - elapsed)}"
        return text

    def close(self) -> None:
        if self.enabled and self._last_draw:
            self.stream.write("\r" + self.line() + "\x1b[K\n")
            self.stream.flush()
