"""Shared outbound machinery: splitting, pacing, retries (with real waits where it matters)."""
from __future__ import annotations

import random
import time

from contract import Answer
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.outbound import Delivery, RateLimiter, RetryPolicy, combine, deliver, measure, split_text


def test_short_text_is_one_part() -> None:
    assert split_text("  hello  ", 10) == ["hello"]
    assert split_text("", 10) == []


def test_split_prefers_paragraphs_then_sentences() -> None:
    text = "First paragraph here.\n\nSecond one is a bit longer. It has two sentences."
    assert split_text(text, 40) == ["First paragraph here.",
                                    "Second one is a bit longer.", "It has two sentences."]


def test_split_chinese_at_sentence_end() -> None:
    text = "您的订单已发货。" * 3 + "预计明天送达。"
    parts = split_text(text, 10)
    assert all(p.endswith("。") for p in parts)
    assert "".join(parts) == text


def test_split_counts_bytes_for_byte_limits() -> None:
    text = "退货" * 500            # 3 bytes a character in UTF-8
    parts = split_text(text, 2048, "utf8")
    assert all(measure(p, "utf8") <= 2048 for p in parts)
    assert "".join(parts) == text and len(parts) == 2


def test_utf16_counts_emoji_twice() -> None:
    assert measure("😀a", "utf16") == 3 and measure("😀a") == 2


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400),
       st.integers(min_value=4, max_value=60), st.sampled_from(["chars", "utf8", "utf16"]))
def test_split_never_exceeds_and_loses_nothing_but_whitespace(text, limit, how) -> None:
    parts = split_text(text, limit, how)
    assert all(p and measure(p, how) <= limit for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


async def test_rate_limiter_paces_per_destination() -> None:
    clock = [100.0]
    limiter = RateLimiter(interval_s=2.0, burst=2, clock=lambda: clock[0])
    assert [limiter.reserve("a") for _ in range(4)] == [0.0, 0.0, 2.0, 4.0]
    assert limiter.reserve("b") == 0.0            # another chat is not held up
    clock[0] += 10
    assert limiter.reserve("a") == 0.0


async def test_rate_limiter_really_waits() -> None:
    limiter = RateLimiter(interval_s=0.2)
    start = time.monotonic()
    for _ in range(3):
        await limiter.wait("chat")
    assert time.monotonic() - start >= 0.39


def test_backoff_grows_with_jitter() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0, rng=random.Random(1))
    for attempt, cap in ((1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (6, 8.0)):
        d = policy.backoff(attempt)
        assert cap / 2 <= d <= cap


async def test_retry_after_really_waited(fake_api, http) -> None:
    fake_api.on("POST", "/send", Answer(429, {}, {"Retry-After": "1"}))
    start = time.monotonic()
    result = await deliver(http, "POST", f"{fake_api.base}/send", policy=RetryPolicy(), json={})
    assert result.ok and result.attempts == 2
    assert time.monotonic() - start >= 1.0
    assert result.facts() == {"ok": True, "attempts": 2, "status": 200, "error": None,
                              "waited_s": 1.0}


async def test_too_long_retry_after_gives_up(fake_api, http) -> None:
    fake_api.on("POST", "/send", Answer(429, {}, {"Retry-After": "3600"}))
    result = await deliver(http, "POST", f"{fake_api.base}/send", policy=RetryPolicy(), json={})
    assert not result.ok and result.attempts == 1 and "too_long" in result.error


async def test_connection_errors_retried_then_reported(http) -> None:
    waits: list[float] = []

    async def sleep(s: float) -> None:
        waits.append(s)

    # a closed port on loopback: connection refused every time
    result = await deliver(http, "POST", "http://127.0.0.1:9/x", json={},
                           policy=RetryPolicy(max_attempts=3, sleep=sleep))
    assert not result.ok and result.attempts == 3 and len(waits) == 2
    assert result.error.startswith("connection:")


def test_combine_reports_first_failure() -> None:
    parts = [Delivery(True, 1, 200), Delivery(False, 4, 500, "http_500")]
    assert combine(parts).facts() == {"ok": False, "attempts": 5, "status": 500,
                                      "error": "http_500"}
    assert combine([]).ok is False
