"""Per-client token buckets for the endpoints that take a secret (login, tokens, scheduler).

In memory and per process: enough to make guessing a token or the scheduler secret from one
address hopeless, without a shared store. The table of buckets is bounded; the least recently
seen clients are forgotten first (a forgotten client simply starts with a full bucket).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from backend.api.config import RateLimit
from backend.errors import RateLimitedError

MAX_CLIENTS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """`burst` attempts at once per key, refilled continuously at `per_minute`."""

    def __init__(self, what: str, limit: RateLimit, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.what = what
        self.capacity = float(limit.burst)
        self.refill_per_second = limit.per_minute / 60.0
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Refuse (RateLimitedError) when `key` has no attempt left; spends nothing."""
        with self._lock:
            bucket = self._refilled(key)
            if bucket.tokens < 1:
                raise RateLimitedError(self.what, self._wait(bucket))

    def spend(self, key: str) -> None:
        """Count one attempt of `key`; refuse when none was left."""
        with self._lock:
            bucket = self._refilled(key)
            if bucket.tokens < 1:
                raise RateLimitedError(self.what, self._wait(bucket))
            bucket.tokens -= 1

    def _wait(self, bucket: _Bucket) -> float:
        return (1 - bucket.tokens) / self.refill_per_second if self.refill_per_second else 60.0

    def _refilled(self, key: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.pop(key, None)
        if bucket is None:
            bucket = _Bucket(tokens=self.capacity, updated=now)
        else:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.refill_per_second)
            bucket.updated = now
        self._buckets[key] = bucket  # most recently seen last
        while len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return bucket


@dataclass(frozen=True)
class RateLimiters:
    """The buckets of one application."""

    login: RateLimiter
    token_failures: RateLimiter
    cron: RateLimiter
