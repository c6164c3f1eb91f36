"""The chat page's JSON API: replies go through the inbox and pipeline like any platform."""
from __future__ import annotations

from typing import Any

from bot.app import create_app


async def test_page_is_served(aiohttp_client: Any, settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(settings))
    resp = await client.get("/")
    assert resp.status == 200
    assert "售后助手" in await resp.text()


async def test_send_returns_the_reply_and_trace_for_the_chosen_demo_identity(aiohttp_client: Any, settings: Any,
                                                                              models: Any) -> None:
    client = await aiohttp_client(create_app(settings))
    ids = (await (await client.get("/chat/api/identities")).json())["identities"]
    assert any(i["identity"] == "web:demo" for i in ids)
    resp = await client.post("/chat/api/send", json={"text": "hello", "user": "web:demo", "conversation": "t1"})
    assert resp.status == 200
    data = await resp.json()
    assert "Emily" in data["reply"]                       # the demo customer's own name, restored for her
    assert data["trace"]["intent"]["name"] == "greeting"
    assert "Emily" not in str(data["trace"])              # never in the trace


async def test_without_demo_identities_each_browser_is_anonymous(aiohttp_client: Any, make_settings: Any,
                                                                 models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(CHAT_DEMO_IDENTITIES="false")))
    assert (await (await client.get("/chat/api/identities")).json())["identities"] == []
    resp = await client.post("/chat/api/send", json={"text": "where is order SO202611261030", "user": "telegram:1001"})
    data = await resp.json()
    assert "JDVA45908136669" not in data["reply"]          # claiming someone's identity gets you nothing
    assert "aftersales_chat" in resp.cookies


async def test_bad_requests_are_refused_cleanly(aiohttp_client: Any, settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(settings))
    assert (await client.post("/chat/api/send", data=b"{oops")).status == 400
    assert (await client.post("/chat/api/send", json={"text": ""})).status == 400
    assert (await client.post("/chat/api/send", json={"text": "x" * 5000})).status == 413
