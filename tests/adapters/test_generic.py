"""The generic signed webhook end to end: DESIGN.md's statuses, dedupe and the signed callback."""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from aiohttp import web

from adapters.generic import sign, signed_headers
from bot.server.app import INBOX, create_app

SECRET = "generic-test-secret"


class Callback:
    """A shop front end on loopback that records the bot's signed answers."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        self.event = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        ts = request.headers.get("X-Aftersales-Timestamp", "")
        if request.headers.get("X-Aftersales-Signature") != sign(SECRET, ts, body):
            self.bad_signatures += 1
            return web.Response(status=401)
        self.received.append(json.loads(body))
        self.event.set()
        return web.json_response({"ok": True})

    async def wait_for(self, n: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < n and time.monotonic() < deadline:
            await asyncio.sleep(0.05)


@pytest.fixture
async def bot(aiohttp_client: Any, aiohttp_server: Any, make_settings: Any, models: Any) -> Any:
    cb = Callback()
    cb_app = web.Application()
    cb_app.router.add_post("/cb", cb.handle)
    server = await aiohttp_server(cb_app)
    settings = make_settings(GENERIC_SECRET=SECRET, GENERIC_CALLBACK_URL=str(server.make_url("/cb")))
    client = await aiohttp_client(create_app(settings))
    client.callback = cb
    return client


def body_of(**fields: Any) -> bytes:
    base = {"message_id": "m-1", "user": "telegram:1001", "text": "我的订单到哪了"}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not None}, ensure_ascii=False).encode()


async def post(client: Any, body: bytes, headers: dict[str, str] | None = None) -> Any:
    return await client.post("/webhooks/generic", data=body, headers=headers if headers is not None else signed_headers(SECRET, body))


async def test_signed_message_is_answered_through_the_signed_callback(bot: Any) -> None:
    body = body_of(message_id="m-ok", conversation="c-42")
    resp = await post(bot, body)
    assert resp.status == 200
    await bot.callback.wait_for(1)
    (answer,) = bot.callback.received
    assert answer["in_reply_to"] == "m-ok"
    assert answer["user"] == "telegram:1001"
    assert answer["conversation"] == "c-42"
    assert answer["text"].strip()
    assert bot.callback.bad_signatures == 0


async def test_duplicate_message_id_gets_200_and_no_second_reply(bot: Any) -> None:
    body = body_of(message_id="m-dup")
    assert (await post(bot, body)).status == 200
    assert (await post(bot, body)).status == 200
    await bot.callback.wait_for(1)
    await bot.app[INBOX].wait_idle()
    await asyncio.sleep(0.3)
    assert [a["in_reply_to"] for a in bot.callback.received] == ["m-dup"]


async def test_forged_missing_and_stale_signatures_get_401(bot: Any) -> None:
    body = body_of(message_id="m-forged")
    forged = signed_headers("not-the-secret", body)
    assert (await post(bot, body, forged)).status == 401
    assert (await post(bot, body, {"Content-Type": "application/json"})).status == 401
    stale = signed_headers(SECRET, body, timestamp=int(time.time()) - 301)
    assert (await post(bot, body, stale)).status == 401
    future = signed_headers(SECRET, body, timestamp=int(time.time()) + 301)
    assert (await post(bot, body, future)).status == 401
    tampered = signed_headers(SECRET, body)
    assert (await post(bot, body.replace(b"m-forged", b"m-forgex"), tampered)).status == 401
    await asyncio.sleep(0.2)
    assert bot.callback.received == []


async def test_oversized_body_gets_413(bot: Any) -> None:
    body = body_of(message_id="m-big", text="x" * (1024 * 1024 + 10))
    assert (await post(bot, body)).status == 413


@pytest.mark.parametrize("body", [
    b"{not json",
    b"[1, 2, 3]",
    b"\xff\xfe\x00garbage",
    json.dumps({"user": "telegram:1001", "text": "hi"}).encode(),
    json.dumps({"message_id": "m", "text": "hi"}).encode(),
    json.dumps({"message_id": "m", "user": "telegram:1001"}).encode(),
    json.dumps({"message_id": 5, "user": "telegram:1001", "text": "hi"}).encode(),
    json.dumps({"message_id": "m", "user": "telegram:1001", "text": ""}).encode(),
])
async def test_malformed_or_incomplete_signed_body_gets_400(bot: Any, body: bytes) -> None:
    assert (await post(bot, body)).status == 400


async def test_unknown_platform_is_404(bot: Any) -> None:
    resp = await bot.post("/webhooks/nope", data=b"{}")
    assert resp.status == 404
