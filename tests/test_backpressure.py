"""Backpressure at the webhook: 503 + Retry-After when the inbox is full, 413, 415, 400, and the
per-customer flood limit (429 + Retry-After, enforced in bot/server/webhook.py before the durable write)."""
from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.settings import PROJECT_ROOT

if str(PROJECT_ROOT) not in sys.path:      # the real `adapters` package, not tests/adapters
    sys.path.insert(0, str(PROJECT_ROOT))

from adapters.generic import signed_headers  # noqa: E402
from bot.server.app import INBOX, create_app  # noqa: E402
from bot.server.ratelimit import FloodLimiter  # noqa: E402

SECRET = "backpressure-secret"
in_session_loop = pytest.mark.asyncio(loop_scope="session")


def body(mid: str, user: str = "web:bp", text: str = "where is my order?") -> bytes:
    return json.dumps({"message_id": mid, "user": user, "text": text}).encode()


async def post(client: Any, data: Any, headers: dict[str, str] | None = None) -> Any:
    return await client.post("/webhooks/generic", data=data,
                             headers=signed_headers(SECRET, data) if headers is None else headers)


@pytest.fixture
async def stored_only(aiohttp_client: Any, make_settings: Any, models: Any) -> Any:
    """A bot that acknowledges and stores but does not process: the inbox only fills up."""
    settings = make_settings(GENERIC_SECRET=SECRET, SERVER_PROCESS_INBOX="false", SERVER_INBOX_MAX_PENDING="3",
                             SERVER_MAX_BODY_BYTES="4096", SERVER_PER_USER_PER_MINUTE="1000")
    return await aiohttp_client(create_app(settings))


@in_session_loop
async def test_full_inbox_answers_503_with_retry_after(stored_only: Any) -> None:
    for i in range(3):
        resp = await post(stored_only, body(f"full-{i}", user=f"web:u{i}"))
        assert resp.status == 200
    resp = await post(stored_only, body("full-3", user="web:u3"))
    assert resp.status == 503
    assert int(resp.headers["Retry-After"]) >= 1
    assert stored_only.app[INBOX].depth == 3           # the refused message was not stored
    ready = await stored_only.get("/readyz")
    assert ready.status == 503                          # load balancers stop sending here
    # A duplicate of a stored message is still refused while full (the platform retries later,
    # and dedupe answers it then): the inbox never grows past its bound.
    assert (await post(stored_only, body("full-0", user="web:u0"))).status == 503


@in_session_loop
async def test_oversized_body_is_413(stored_only: Any) -> None:
    big = body("big", text="x" * 5000)
    resp = await post(stored_only, big)
    assert resp.status == 413
    assert stored_only.app[INBOX].depth == 0


@in_session_loop
async def test_oversized_chunked_body_without_content_length_is_413(stored_only: Any) -> None:
    big = body("big-chunked", text="y" * 20000)

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(big), 1000):
            yield big[i:i + 1000]

    resp = await post(stored_only, chunks(), headers=signed_headers(SECRET, big))
    assert resp.status == 413


@in_session_loop
@pytest.mark.parametrize("ctype", ["image/png", "multipart/form-data; boundary=x", "application/octet-stream"])
async def test_unsupported_content_type_is_415(stored_only: Any, ctype: str) -> None:
    b = body("ctype")
    headers = dict(signed_headers(SECRET, b), **{"Content-Type": ctype})
    assert (await post(stored_only, b, headers=headers)).status == 415


@in_session_loop
@pytest.mark.parametrize("raw", [b"{not json", b"[]", b'{"message_id": "m", "user": "web:x"}',
                                 b'{"message_id": 5, "user": "web:x", "text": "hi"}', b"\xff\xfe\x00garbage"])
async def test_malformed_body_is_400(stored_only: Any, raw: bytes) -> None:
    resp = await post(stored_only, raw)
    assert resp.status == 400
    assert (await resp.json())["error"] == "PayloadError"


# -- per-customer flood limit -------------------------------------------------------------------------

def test_flood_limiter_bucket_refills_over_time() -> None:
    now = [1000.0]
    lim = FloodLimiter(3, clock=lambda: now[0])
    assert [lim.allow("a") for _ in range(4)] == [True, True, True, False]
    assert lim.allow("b")                       # budgets are per customer
    assert lim.retry_after("a") == 20           # 3 a minute: one token every 20 s
    now[0] += 20
    assert lim.allow("a") and not lim.allow("a")
    assert FloodLimiter(0).allow("a")           # 0 turns the limit off


def test_flood_limiter_memory_is_bounded() -> None:
    now = [0.0]
    lim = FloodLimiter(5, clock=lambda: now[0], max_keys=100)
    for i in range(1000):
        now[0] += 1.0
        lim.allow(f"user-{i}")
    assert len(lim._buckets) <= 101


@in_session_loop
async def test_flooding_customer_gets_429_and_others_are_unaffected(aiohttp_client: Any, make_settings: Any,
                                                                   models: Any) -> None:
    settings = make_settings(GENERIC_SECRET=SECRET, SERVER_PROCESS_INBOX="false", SERVER_PER_USER_PER_MINUTE="3")
    client = await aiohttp_client(create_app(settings))
    statuses = [(await post(client, body(f"flood-{i}", user="telegram:666"))).status for i in range(3)]
    assert statuses == [200, 200, 200]
    resp = await post(client, body("flood-3", user="telegram:666"))
    assert resp.status == 429
    assert 1 <= int(resp.headers["Retry-After"]) <= 20
    assert (await post(client, body("calm-0", user="telegram:1001"))).status == 200
    assert client.app[INBOX].depth == 4                # the flooder's 4th message was not stored
    metrics = await (await client.get("/metrics")).text()
    assert 'aftersales_rate_limited_total{platform="generic"} 1.0' in metrics
    assert 'aftersales_webhook_requests_total{platform="generic",status="429"} 1.0' in metrics
