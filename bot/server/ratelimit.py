"""Per-customer flood limit (`server.per_user_per_minute`), enforced at the webhook.

A token bucket per identity (`platform:id`): a burst of up to N messages, then N per minute.
It runs after verify+parse (a forged request never spends a customer's budget) and before the
durable write, so a flooding customer costs neither disk nor pipeline time. Over the limit the
webhook answers 429 with Retry-After: the platform (or shop front end) redelivers later, and
the inbox's dedupe on message id makes redelivering a partly-stored batch safe.

This one is in-process; with Redis configured the app uses bot.redis_inbox.SharedFloodLimiter,
the same bucket on shared keys, behind the same `check()`. Identities are never logged.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable

from bot.core.errors import Overloaded


class RateLimited(Overloaded):
    """429: this customer is over their flood limit (Retry-After says when to come back)."""

    status = 429


class FloodLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 200_000) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0          # tokens per second
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}   # identity -> (tokens, last update)

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def allow(self, key: str) -> bool:
        """Spend one token for `key`; False when the bucket is empty."""
        if not self.enabled:
            return True
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > self.max_keys:
            self._prune(now)
        return True

    async def check(self, key: str) -> tuple[bool, int]:
        """(allowed, retry_after_seconds): the interface both limiters share."""
        if self.allow(key):
            return True, 0
        return False, self.retry_after(key)

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` has a token again (at least 1)."""
        if not self.enabled:
            return 1
        tokens, _ = self._buckets.get(key, (self.capacity, 0.0))
        return max(1, math.ceil((1.0 - tokens) / self.rate))

    def _prune(self, now: float) -> None:
        # A bucket idle for a full minute is full again: forgetting it changes nothing.
        idle = 60.0
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < idle}
        if len(self._buckets) > self.max_keys:      # still too many active keys: keep the newest
            newest = sorted(self._buckets.items(), key=lambda kv: kv[1][1])[-self.max_keys // 2:]
            self._buckets = dict(newest)
