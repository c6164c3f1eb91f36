"""The chat page across two replicas sharing PostgreSQL and Redis (bot/server/webchat_relay.py): a page
subscribed on replica B gets an agent reply sent from replica A; a turn posted to B and answered
by A's worker streams back to B's waiting request; Redis only ever carries sealed blobs."""
from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest
import redis.asyncio as aioredis

from bot.core.messages import Reply
from bot.server.app import SENDER, create_app
from bot.server.webchat import conversation_id
from tests.scaleout.conftest import REDIS_URL
from tests.stream_llm import parse_sse

pytestmark = pytest.mark.scaleout

SECRET = "relay-test-secret"
AGENT_TEXT = "Hi, Amy here from support: your parcel is with the courier."


async def _next_event(resp: Any, timeout: float = 20) -> dict[str, Any]:
    while True:
        got = parse_sse((await asyncio.wait_for(resp.content.readuntil(b"\n\n"), timeout)).decode())
        if got:
            return got[0]


async def test_pushes_and_answers_cross_replicas_sealed(aiohttp_client: Any, make_settings: Any, pg_url: str,
                                                       redis_prefix: str, models: Any) -> None:
    env = {"DATA_DB": pg_url, "DATA_SEED_FIXTURE": "", "REDIS_URL": REDIS_URL, "REDIS_PREFIX": redis_prefix,
           "WEBCHAT_SECRET": SECRET}
    app_a = create_app(make_settings(**env))
    await aiohttp_client(app_a)
    # B only serves pages: every message it takes is answered by A's worker.
    b = await aiohttp_client(create_app(make_settings(**env, SERVER_PROCESS_INBOX="false")))
    spy = aioredis.from_url(REDIS_URL)
    pubsub = spy.pubsub()
    await pubsub.subscribe(f"{redis_prefix}:webchat:relay")
    try:
        assert (await b.get("/")).status == 200
        cookie = next(c.value for c in b.session.cookie_jar if c.key == "aftersales_chat")
        who = "web:" + cookie.split(".")[0]
        page = await b.get("/chat/api/events", params={"conversation": "p"}, headers={"Accept": "text/event-stream"})
        assert page.status == 200 and (await _next_event(page))["type"] == "ready"

        conv = conversation_id(who, "p")
        out = await app_a[SENDER](Reply("webchat", conv, who, "m-1", AGENT_TEXT, {"console": {"kind": "reply"}}, who))
        assert out["ok"] and out["relayed"]
        assert await _next_event(page) == {"type": "message", "from": "agent", "text": AGENT_TEXT}

        resp = await b.post("/chat/api/send", json={"text": "how long does shipping take?", "conversation": "p"},
                            headers={"Accept": "text/event-stream"})
        events = parse_sse(await asyncio.wait_for(resp.text(), 90))
        assert [e["type"] for e in events] == ["typing", "reply"] and events[-1]["text"].strip()
        with pytest.raises(TimeoutError):       # the answer went to the request, not to the page too
            await asyncio.wait_for(page.content.readuntil(b"\n\n"), 1.0)
        page.close()

        seen = []
        for _ in range(20):         # None also stands for the (ignored) subscribe confirmation
            msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
            if msg is not None:
                seen.append(base64.b64decode(msg["data"]))
        assert len(seen) >= 2                                      # the push and the answer
        for blob in seen:
            assert b"Amy" not in blob and who.encode() not in blob and b"shipping" not in blob
    finally:
        await pubsub.aclose()
        await spy.aclose()
