"""Outbound delivery shared by every adapter.

Platforms throttle (HTTP 429 with `Retry-After`, or a JSON field saying how long to wait),
fail transiently (5xx, dropped connections) and cap message length. Each adapter describes
its API's answer with a `classify` function; everything else is here, once:

- `RateLimiter` paces sends per destination (Telegram 1/s per chat, WeCom 30/min per member…),
  because some platforms silently drop what exceeds their limit.
- `deliver()` makes one API call with retries: `Retry-After` honoured (up to a cap; both the
  delta-seconds and the HTTP-date form), 5xx, 429, timeouts and connection errors retried
  with exponential backoff and jitter over minutes (`configure()` sets the defaults from
  `[outbound]`), other 4xx not retried.
- Send-state hooks (`send_hooks()`): the worker learns the moment the first request of a reply
  is about to leave (`before_request`: the inbox marks the message `sending` only then, so
  pacing and the waits before the first request are outside the unknown window) and when an
  answer proves nothing was accepted (`not_sent`: a 429, a refused connection).
- `idempotency_key()`: a stable key per reply part, for platforms that dedupe on one (the
  generic callback's `Idempotency-Key`, Feishu's `uuid`, LINE's `X-Line-Retry-Key`), so a
  resend after a timeout or a restart is not a second message.
- `split_text()` cuts an over-long answer at the platform's limit, at a paragraph, line,
  sentence or word boundary where one is near.

Delivery facts (`Delivery.facts()`) go into the trace: status codes and error codes only,
never the URL (Telegram's bot token is in it) nor the text.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime
import email.utils
import hashlib
import json
import math
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import aiohttp

Sleep = Callable[[float], Awaitable[None]]
Measure = Literal["chars", "utf8", "utf16"]


# --------------------------------------------------------------------------- outcome

@dataclass(frozen=True, slots=True)
class Outcome:
    """How one API answer is judged: delivered, worth retrying, and after how long."""

    ok: bool
    retry: bool = False
    retry_after: float | None = None
    error: str | None = None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """A `Retry-After` value in seconds from now: delta-seconds ("120", also "1.5") or an
    HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT", RFC 9110 §10.2.3). None when absent or
    unreadable (the caller then backs off on its own); never negative, never NaN/inf."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:            # obsolete date forms: HTTP dates are always UTC
            when = when.replace(tzinfo=datetime.UTC)
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def retry_after_header(headers: Mapping[str, str]) -> float | None:
    """`Retry-After` in seconds, in either form (see `parse_retry_after`)."""
    return parse_retry_after(headers.get("Retry-After") or headers.get("retry-after"))


def idempotency_key(in_reply_to: str, platform: str = "", part: int = 0) -> str:
    """Stable across retries and restarts: the same reply part always gets the same key."""
    return hashlib.sha256(f"aftersales-reply\x00{platform}\x00{in_reply_to}\x00{part}".encode()).hexdigest()[:32]


# --------------------------------------------------------------------------- send hooks

@dataclass(frozen=True, slots=True)
class SendHooks:
    before_request: Callable[[], Awaitable[None]] | None = None
    not_sent: Callable[[], Awaitable[None]] | None = None


_HOOKS: contextvars.ContextVar[SendHooks | None] = contextvars.ContextVar("aftersales_send_hooks", default=None)


@contextlib.contextmanager
def send_hooks(hooks: SendHooks) -> Iterator[None]:
    """Install `hooks` for the `deliver()` calls made inside this block (this task only)."""
    token = _HOOKS.set(hooks)
    try:
        yield
    finally:
        _HOOKS.reset(token)


async def before_request() -> None:
    """Call before an outbound request leaves (adapters with their own HTTP code call it too)."""
    hooks = _HOOKS.get()
    if hooks is not None and hooks.before_request is not None:
        await hooks.before_request()


async def not_sent() -> None:
    hooks = _HOOKS.get()
    if hooks is not None and hooks.not_sent is not None:
        await hooks.not_sent()


def http_outcome(status: int, headers: Mapping[str, str], body: Any) -> Outcome:
    """The default judgement: 2xx delivered; 429 and 5xx retried; other 4xx final."""
    if 200 <= status < 300:
        return Outcome(ok=True)
    if status == 429:
        return Outcome(ok=False, retry=True, retry_after=retry_after_header(headers),
                       error="http_429")
    if status >= 500:
        return Outcome(ok=False, retry=True, retry_after=retry_after_header(headers),
                       error=f"http_{status}")
    return Outcome(ok=False, error=f"http_{status}")


Classify = Callable[[int, Mapping[str, str], Any], Outcome]


# --------------------------------------------------------------------------- retries

# `[outbound]` settings (config/default.toml); `configure()` replaces them at start-up. With
# these, a reply is retried for about 4 minutes (1+2+4+…+60 s, jittered) before it becomes a
# dead letter the operator can replay (`aftersales outbox`).
DEFAULTS: dict[str, float] = {"max_attempts": 9, "base_delay_s": 1.0, "max_delay_s": 60.0,
                              "max_retry_after_s": 300.0, "timeout_s": 10.0}


def configure(section: Mapping[str, Any] | None) -> None:
    """Set the retry defaults every adapter's `RetryPolicy()` starts from."""
    for key in DEFAULTS:
        if section and key in section:
            DEFAULTS[key] = float(section[key])


def _default(key: str) -> Any:
    return field(default_factory=lambda: int(DEFAULTS[key]) if key == "max_attempts" else DEFAULTS[key])


@dataclass
class RetryPolicy:
    """Exponential backoff with jitter; `sleep` is injectable so tests can record waits."""

    max_attempts: int = _default("max_attempts")
    base_delay_s: float = _default("base_delay_s")
    max_delay_s: float = _default("max_delay_s")
    # A platform asking us to wait longer than this gets a failure (a dead letter) instead.
    max_retry_after_s: float = _default("max_retry_after_s")
    timeout_s: float = _default("timeout_s")
    # Does the platform drop a repeat of this request (an idempotency key, a single-use token)?
    # If not, a request that may have been accepted (a timeout after it was sent, a dropped
    # connection) is not retried: a second copy to the customer is worse than a dead letter.
    idempotent: bool = False
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (1-based): half fixed, half random ("equal jitter")."""
        cap = min(self.max_delay_s, self.base_delay_s * (2 ** (attempt - 1)))
        delay: float = cap / 2 + self.rng.uniform(0, cap / 2)
        return delay


@dataclass(slots=True)
class Delivery:
    """What happened to one API call (or, via `combine`, to all parts of one reply)."""

    ok: bool
    attempts: int = 0
    status: int | None = None
    error: str | None = None
    body: Any = None            # the platform's parsed answer, for the adapter only
    waited_s: float = 0.0

    def facts(self, **extra: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "attempts": self.attempts, "status": self.status,
                               "error": self.error}
        if self.waited_s:
            out["waited_s"] = round(self.waited_s, 3)
        out.update(extra)
        return out


async def deliver(http: aiohttp.ClientSession, method: str, url: str, *,
                  policy: RetryPolicy, classify: Classify = http_outcome,
                  headers_fn: Callable[[], Mapping[str, str]] | None = None,
                  **request: Any) -> Delivery:
    """One API call with retries. `request` goes to `http.request` (json=, data=, headers=, params=);
    `headers_fn`, when given, builds the headers afresh for each attempt (signed timestamps)."""
    attempts = 0
    waited = 0.0
    maybe_sent = False          # could any attempt so far have been accepted?
    last = Delivery(ok=False)
    timeout = aiohttp.ClientTimeout(total=policy.timeout_s)
    while attempts < policy.max_attempts:
        attempts += 1
        await before_request()
        if headers_fn is not None:
            request["headers"] = headers_fn()
        try:
            async with http.request(method, url, timeout=timeout, **request) as resp:
                raw = await resp.read()
                body = _decode(raw, resp.content_type)
                outcome = classify(resp.status, resp.headers, body)
                last = Delivery(ok=outcome.ok, attempts=attempts, status=resp.status,
                                error=outcome.error, body=body, waited_s=waited)
        except (TimeoutError, aiohttp.ClientError) as exc:
            # A refused connection took nothing: retry. A timeout or a connection dropped after
            # the request went out may have been accepted: retried only where the platform
            # dedupes (policy.idempotent), else reported (a dead letter for the operator).
            outcome = Outcome(ok=False, retry=True, error=f"connection:{type(exc).__name__}")
            last = Delivery(ok=False, attempts=attempts, status=None, error=outcome.error,
                            waited_s=waited)
            if isinstance(exc, aiohttp.ClientConnectorError):
                if not maybe_sent:
                    await not_sent()     # never connected: nothing can have been accepted
            else:
                maybe_sent = True
                if not policy.idempotent:
                    last.error = f"{outcome.error}:maybe_delivered"
                    return last
        else:
            if last.status == 429:
                if not maybe_sent:
                    await not_sent()     # throttled: the platform took nothing
            elif not outcome.ok:
                maybe_sent = True        # a 5xx may come from a proxy after the platform accepted
        if outcome.ok or not outcome.retry or attempts >= policy.max_attempts:
            return last
        if outcome.retry_after is not None:
            if outcome.retry_after > policy.max_retry_after_s:
                last.error = f"{outcome.error}:retry_after_{outcome.retry_after:g}s_too_long"
                return last
            delay = outcome.retry_after
        else:
            delay = policy.backoff(attempts)
        waited += delay
        await policy.sleep(delay)
    return last


def _decode(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        # Some APIs answer text/plain ("ok"); keep it short, it is only for classification.
        return raw[:200].decode("utf-8", "replace") if content_type.startswith("text/") else None


def combine(parts: Iterable[Delivery]) -> Delivery:
    """Sum the deliveries of a split reply: ok only if every part went out."""
    parts = list(parts)
    if not parts:
        return Delivery(ok=False, error="empty_reply")
    failed = next((p for p in parts if not p.ok), None)
    return Delivery(ok=failed is None, attempts=sum(p.attempts for p in parts),
                    status=(failed or parts[-1]).status,
                    error=failed.error if failed else None, body=parts[-1].body,
                    waited_s=sum(p.waited_s for p in parts))


# --------------------------------------------------------------------------- pacing

class RateLimiter:
    """Per-destination pacing (GCRA): up to `burst` sends at once, then one every `interval_s`.

    In memory and per process: it smooths one worker pool's output; the platforms' own 429s
    remain the backstop.
    """

    def __init__(self, interval_s: float, burst: int = 1, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep,
                 max_keys: int = 50_000) -> None:
        self.interval_s = interval_s
        self.burst = max(1, burst)
        self.clock = clock
        self.sleep = sleep
        self.max_keys = max_keys
        self._tat: dict[str, float] = {}   # theoretical arrival time per destination

    def reserve(self, key: str) -> float:
        """Book the next slot for `key`; return how long to wait for it."""
        now = self.clock()
        if len(self._tat) >= self.max_keys:
            self._tat = {k: t for k, t in self._tat.items() if t > now}
        tat = max(self._tat.get(key, now), now)
        delay = max(0.0, tat - (self.burst - 1) * self.interval_s - now)
        self._tat[key] = tat + self.interval_s
        return delay

    async def wait(self, key: str) -> float:
        delay = self.reserve(key)
        if delay > 0:
            await self.sleep(delay)
        return delay


# --------------------------------------------------------------------------- splitting

def measure(text: str, how: Measure = "chars") -> int:
    """Length as the platform counts it (Telegram: UTF-16 units; WeCom: UTF-8 bytes)."""
    if how == "chars":
        return len(text)
    if how == "utf8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


# Preferred cut points, best first. CJK sentence ends carry no following space.
_BREAKS: tuple[tuple[str, ...], ...] = (
    ("\n\n",),
    ("\n",),
    ("。", "！", "？", "；", ". ", "! ", "? ", "; "),
    ("，", "、", ", ", " "),
)


def split_text(text: str, limit: int, how: Measure = "chars") -> list[str]:
    """Cut `text` into parts of at most `limit` (as measured by `how`), at natural boundaries.

    Whitespace at a cut is dropped; nothing else is lost. A part is never empty.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if measure(rest, how) <= limit:
            parts.append(rest)
            break
        fit = _longest_prefix(rest, limit, how)
        cut = _best_cut(rest[:fit])
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if not head:        # only whitespace fitted: cut hard
            head, rest = rest[:fit], rest[fit:].lstrip()
        parts.append(head)
    return parts


def _longest_prefix(text: str, limit: int, how: Measure) -> int:
    if how == "chars":
        return limit
    lo, hi = 1, min(len(text), limit)  # every char is >= 1 unit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid], how) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _best_cut(window: str) -> int:
    """Index to cut at inside `window`; a boundary in its last half, else the whole window."""
    floor = len(window) // 2
    for group in _BREAKS:
        best = max(window.rfind(sep) + len(sep) if window.rfind(sep) >= 0 else -1
                   for sep in group)
        if best > floor:
            return best
    return len(window)
