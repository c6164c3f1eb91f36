"""Issue #10 item 6: both `Retry-After` forms, retries over minutes with a configurable budget,
stable idempotency keys (generic callback, LINE push), the send-state hooks the inbox uses."""
from __future__ import annotations

import email.utils
import json
import time

import pytest
from contract import Answer

from adapters import outbound
from adapters.generic import GenericAdapter, sign
from adapters.outbound import RetryPolicy, SendHooks, deliver, parse_retry_after, send_hooks
from bot.core.messages import Message, Reply


def test_retry_after_delta_seconds_and_http_date() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(" 1.5 ", now) == 1.5
    assert parse_retry_after(email.utils.formatdate(now + 90, usegmt=True), now) == pytest.approx(90.0)
    assert parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == 0.0      # in the past: now
    assert parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == 0.0     # RFC 850 form
    for bad in (None, "", "soon", "nan", "inf", "-5x", "Mon, 99 Foo 2026 25:61:00 GMT"):
        value = parse_retry_after(bad, now)
        assert value is None or value >= 0.0, bad
    assert parse_retry_after("-5", now) == 0.0


async def test_http_date_retry_after_is_waited_not_raised(fake_api, http) -> None:
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    fake_api.on("POST", "/send", Answer(429, {}, {"Retry-After": when}))
    waits: list[float] = []

    async def sleep(s: float) -> None:
        waits.append(s)
    result = await deliver(http, "POST", f"{fake_api.base}/send", policy=RetryPolicy(sleep=sleep), json={})
    assert result.ok and result.attempts == 2
    assert len(waits) == 1 and 0.5 <= waits[0] <= 2.5


def test_retry_budget_is_minutes_and_configurable() -> None:
    policy = RetryPolicy()
    # Worst case of the default schedule: each wait at its cap (equal jitter: between cap/2 and cap).
    worst = sum(min(policy.max_delay_s, policy.base_delay_s * 2 ** (a - 1)) for a in range(1, policy.max_attempts))
    assert policy.max_attempts >= 8 and 120 <= worst <= 600
    saved = dict(outbound.DEFAULTS)
    try:
        outbound.configure({"max_attempts": 3, "base_delay_s": 0.1, "max_delay_s": 2.0})
        assert (RetryPolicy().max_attempts, RetryPolicy().base_delay_s, RetryPolicy().max_delay_s) == (3, 0.1, 2.0)
    finally:
        outbound.DEFAULTS.update(saved)


async def test_generic_callback_has_a_stable_idempotency_key_and_fresh_signatures(fake_api, http) -> None:
    waits: list[float] = []

    async def sleep(s: float) -> None:
        waits.append(s)
    fake_api.on("POST", "/cb", Answer(503, {}), Answer(500, {}))
    adapter = GenericAdapter(secret="s3cret", callback_url=f"{fake_api.base}/cb", retry=RetryPolicy(sleep=sleep))
    reply = Reply.to(Message("generic", "c1", "web:1", "m-1", "hi"), "answer")
    facts = await adapter.send(reply, http)
    assert facts["ok"] is True and facts["attempts"] == 3
    calls = fake_api.calls_to("/cb")
    keys = {c.headers["Idempotency-Key"] for c in calls}
    assert len(calls) == 3 and len(keys) == 1
    for c in calls:                    # each attempt signed (timestamp + body) on its own
        assert c.headers["X-Aftersales-Signature"] == sign("s3cret", c.headers["X-Aftersales-Timestamp"], c.body)
        assert json.loads(c.body)["in_reply_to"] == "m-1"
    again = await adapter.send(reply, http)      # a resend after a restart: the same key
    assert again["ok"] and fake_api.calls_to("/cb")[-1].headers["Idempotency-Key"] in keys
    assert GenericAdapter.idempotent_send is True


async def test_generic_callback_409_means_already_delivered(fake_api, http) -> None:
    fake_api.on("POST", "/cb", Answer(409, {}))
    adapter = GenericAdapter(secret="s", callback_url=f"{fake_api.base}/cb")
    facts = await adapter.send(Reply.to(Message("generic", "c1", "web:1", "m-2", "hi"), "x"), http)
    assert facts["ok"] is True and facts["attempts"] == 1


async def test_hooks_mark_the_first_request_and_prove_nothing_was_sent(fake_api, http) -> None:
    events: list[str] = []

    async def before() -> None:
        events.append("before")

    async def not_sent() -> None:
        events.append("not_sent")

    async def sleep(s: float) -> None:
        events.append("sleep")
    fake_api.on("POST", "/send", Answer(429, {}, {"Retry-After": "1"}), Answer(500, {}), Answer(429, {}))
    with send_hooks(SendHooks(before_request=before, not_sent=not_sent)):
        result = await deliver(http, "POST", f"{fake_api.base}/send", policy=RetryPolicy(sleep=sleep), json={})
    assert result.ok
    # 429 first: provably not sent. After the 500 (maybe accepted by a proxy) a 429 proves nothing.
    assert events == ["before", "not_sent", "sleep", "before", "sleep", "before", "sleep", "before"]


async def test_refused_connection_is_provably_not_sent(http) -> None:
    events: list[str] = []

    async def note(what: str) -> None:
        events.append(what)

    async def sleep(s: float) -> None:
        pass
    with send_hooks(SendHooks(before_request=lambda: note("before"), not_sent=lambda: note("not_sent"))):
        result = await deliver(http, "POST", "http://127.0.0.1:9/x", json={},
                               policy=RetryPolicy(max_attempts=2, sleep=sleep))
    assert not result.ok and events == ["before", "not_sent", "before", "not_sent"]


async def test_a_timeout_is_retried_only_where_the_platform_dedupes(aiohttp_server, http) -> None:
    import asyncio

    from aiohttp import web

    hits: list[int] = []

    async def slow(request: web.Request) -> web.Response:
        hits.append(1)
        await asyncio.sleep(3.0)             # accepted, but much slower than our timeout
        return web.json_response({"ok": True})
    async def ping(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})
    app = web.Application()
    app.router.add_post("/send", slow)
    app.router.add_get("/ping", ping)
    server = await aiohttp_server(app)
    # Warm the server and the connection first: the timed requests must reach the handler
    # (a cold first connection on a busy machine can take longer than the timeout itself).
    async with http.get(str(server.make_url("/ping"))) as warm:
        assert warm.status == 200

    async def sleep(s: float) -> None:
        pass
    url = str(server.make_url("/send"))
    once = await deliver(http, "POST", url, json={}, policy=RetryPolicy(timeout_s=0.6, sleep=sleep))
    assert not once.ok and once.attempts == 1 and once.error.endswith("maybe_delivered")
    assert len(hits) == 1                    # Telegram-like: no second copy, a dead letter instead
    again = await deliver(http, "POST", url, json={},
                          policy=RetryPolicy(timeout_s=0.6, max_attempts=3, idempotent=True, sleep=sleep))
    assert not again.ok and again.attempts == 3 and len(hits) == 4      # keyed: retried
