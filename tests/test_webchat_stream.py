"""The chat page's live paths (issues #15 "answers that stream", #16 agent replies reach the page).

- the draft protocol (bot/llm/draft.py): pieces held back until whole, the customer's own
  placeholders restored, invented ids and unknown placeholders masked, retract on rejection;
- the hub (bot/server/webchat_hub.py): a turn's answer goes to its request, anything else to the
  conversation's subscribers of the same identity only;
- over HTTP: `POST /chat/api/send` as server-sent events with the template generator and with an
  OpenAI-compatible server streaming chunks on loopback (tests/stream_llm.py), the subscription
  and history endpoints, and their 4xx answers to bad input.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.core.messages import Reply
from bot.llm.draft import DraftStream
from bot.llm.grounding import DRAFT_MASK
from bot.server import chat_identity as ci
from bot.server.app import SENDER, WEBCHAT, create_app
from bot.server.webchat import conversation_id
from bot.server.webchat_hub import MAX_SUBSCRIBERS_PER_CONVERSATION, TooManySubscribers, WebChat
from privacy.pseudonyms import Pseudonymizer
from tests.stream_llm import StreamingLLM, llm_env, parse_sse

SECRET = "stream-test-secret"
STREAM = {"Accept": "text/event-stream"}
EMILY = "web:demo"          # the demo shop's Emily (token-vouched)


def _req(**over: Any) -> Any:
    from bot.llm import GenerationRequest
    base: dict[str, Any] = dict(language="en", intent="order_status", user_text="where is <ORDER_ID_1>?",
                                history=[], facts={"order": {"id": "<ORDER_ID_1>", "status": "shipped",
                                                             "tracking_no": "SF1234567890"}},
                                snippets=[], template_answer="Order <ORDER_ID_1> has shipped (SF1234567890).",
                                placeholders=["<ORDER_ID_1>", "<PERSON_1>"])
    base.update(over)
    return GenerationRequest(**base)


def _stream(req: Any, mapping: dict[str, str]) -> tuple[DraftStream, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []
    pseudo = Pseudonymizer(mapping)
    return DraftStream(req, pseudo.restore, events.append), events


def _shown(events: list[dict[str, Any]]) -> str:
    text = ""
    for e in events:
        text = text + e["text"] if e["type"] == "delta" else e["text"] if e["type"] == "draft" else ""
    return text


# -- the draft protocol ----------------------------------------------------------------------------

def test_draft_holds_back_a_half_written_placeholder_and_restores_it_whole() -> None:
    stream, events = _stream(_req(), {"<ORDER_ID_1>": "W2378156"})
    for piece in ["Your order ", "<ORD", "ER_I", "D_1> has ", "shipped", "."]:
        stream.feed(piece)
        assert "<" not in _shown(events) and "ORD" not in _shown(events)   # never half a placeholder
    stream.finish()
    assert _shown(events) == "Your order W2378156 has shipped."
    assert [e["type"] for e in events].count("delta") >= 2                 # built up, not at once
    assert all("<ORDER_ID_1>" not in e.get("text", "") for e in events)


def test_draft_masks_invented_ids_addresses_and_unknown_placeholders() -> None:
    stream, events = _stream(_req(), {"<ORDER_ID_1>": "W2378156", "<PHONE_1>": "13800001111"})
    for piece in ["Tracking SF1234567890, ", "also ZX9081726354 ", "mail bob@example.org ",
                  "call <PHONE_1> ", "ok"]:
        stream.feed(piece)
    stream.finish()
    shown = _shown(events)
    assert "SF1234567890" in shown                       # in the facts: shown
    assert "ZX9081726354" not in shown and "bob@example.org" not in shown
    # <PHONE_1> is in this conversation's vault but not allowed in this answer: not restored
    assert "13800001111" not in shown and "<PHONE_1>" not in shown and shown.count(DRAFT_MASK) == 3


def test_draft_retract_and_stop_at_end_of_reply() -> None:
    stream, events = _stream(_req(), {"<ORDER_ID_1>": "W2378156"})
    stream.feed("Shipped today.\nCustomer: now ignore")
    assert _shown(events) == "Shipped today."            # a completion model's next line is not the reply
    stream.feed(" more")
    stream.retract("grounding_failed")
    assert events[-1] == {"type": "retract", "reason": "grounding_failed"}
    silent, none = _stream(_req(), {})
    silent.retract("timeout")
    assert none == []                                     # nothing shown, nothing to retract


# -- the hub ----------------------------------------------------------------------------------------

async def test_hub_delivers_a_turn_to_its_request_and_pushes_the_rest_to_that_identity_only() -> None:
    hub = WebChat()
    conv_a, conv_b = conversation_id("web:anon-a", "page-1"), conversation_id("web:anon-b", "page-1")
    assert conv_a != conv_b                                # same page name, different identities
    a, b = hub.subscribe(conv_a, "web:anon-a"), hub.subscribe(conv_b, "web:anon-b")
    forged = hub.subscribe(conv_a, "web:anon-b")           # cannot happen over HTTP; still refused a push
    events = hub.events("m1")
    sink = hub.draft_sink("m1")
    assert sink is not None and hub.draft_sink("nobody-waits") is None
    sink({"type": "delta", "text": "Hi"})
    out = await hub.send(Reply("webchat", conv_a, "web:anon-a", "m1", "Hello", {}, "web:anon-a"))
    assert out["ok"] and events.get_nowait()["type"] == "delta" and events.get_nowait()["text"] == "Hello"
    assert a.events.empty()                                # the answer went to the request, not pushed
    agent = Reply("webchat", conv_a, "web:anon-a", "m1", "I'm Amy", {"console": {"kind": "reply"}}, "web:anon-a")
    assert (await hub.send(agent))["pages"] == 1
    assert a.events.get_nowait() == {"type": "message", "from": "agent", "text": "I'm Amy"}
    assert b.events.empty() and forged.events.empty()
    notice = Reply("webchat", conv_a, "web:anon-a", "x", "Amy joined", {"console": {"kind": "join"}}, "web:anon-a")
    await hub.send(notice)
    assert a.events.get_nowait()["notice"] == "joined"
    hub.expect("m2")                                        # a JSON-path request: no draft to stream
    assert hub.draft_sink("m2") is None
    hub.events("m3")
    hub.forget("m3")                                        # its page reloaded mid-turn: the answer is pushed
    await hub.send(Reply("webchat", conv_a, "web:anon-a", "m3", "Late answer", {}, "web:anon-a"))
    assert a.events.get_nowait() == {"type": "message", "from": "bot", "text": "Late answer"}
    hub.unsubscribe(a)
    gone = await hub.send(agent)
    assert not gone["ok"] and "opens it again" in gone["error"]


def test_hub_bounds_pages_per_conversation_and_in_all(monkeypatch: Any) -> None:
    hub = WebChat()
    pages = [hub.subscribe("c", "web:x") for _ in range(MAX_SUBSCRIBERS_PER_CONVERSATION)]
    newest = hub.subscribe("c", "web:x")        # a reload: the oldest page's stream ends instead
    assert pages[0].events.get_nowait() == {"type": "bye"} and hub.subscribers("c") == MAX_SUBSCRIBERS_PER_CONVERSATION
    assert newest.events.empty() and all(p.events.empty() for p in pages[1:])
    import bot.server.webchat_hub as hub_module
    monkeypatch.setattr(hub_module, "MAX_SUBSCRIBERS", hub_module.MAX_SUBSCRIBERS_PER_CONVERSATION + 1)
    hub.subscribe("d", "web:y")
    with pytest.raises(TooManySubscribers):
        hub.subscribe("e", "web:z")


# -- over HTTP --------------------------------------------------------------------------------------

async def _visitor(client: Any) -> None:
    assert (await client.get("/")).status == 200


async def _turn(client: Any, text: str, conversation: str = "p1", headers: dict[str, str] | None = None
                ) -> list[dict[str, Any]]:
    resp = await client.post("/chat/api/send", json={"text": text, "conversation": conversation},
                             headers={**STREAM, **(headers or {})})
    assert resp.status == 200 and resp.content_type == "text/event-stream", await resp.text()
    return parse_sse(await resp.text())


async def test_template_turn_streams_typing_then_the_checked_reply(aiohttp_client: Any, make_settings: Any,
                                                                   models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    await _visitor(client)
    events = await _turn(client, "how long do refunds take?")
    assert [e["type"] for e in events] == ["typing", "reply"]          # the template: final text at once
    assert events[-1]["text"].strip() and events[-1]["trace"]["generator"] == "template"
    assert "timings_ms" not in events[-1]["trace"]                      # demo-only fields stay out
    plain = await client.post("/chat/api/send", json={"text": "how long do refunds take?", "conversation": "p2"})
    assert (await plain.json())["reply"] == events[-1]["text"]          # same answer on the JSON path


async def test_bad_input_is_refused_before_anything_streams(aiohttp_client: Any, make_settings: Any,
                                                            models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    fresh = await client.get("/chat/api/events", params={"conversation": "p1"}, headers=STREAM)
    assert fresh.status == 401 and (await fresh.json())["detail"] == "visitor_session"   # no cookie yet
    await _visitor(client)
    for body, status in ((b"not json", 400), (b"[1]", 400), (json.dumps({"text": " "}).encode(), 400),
                         (json.dumps({"text": "x" * 2001}).encode(), 413),
                         (json.dumps({"text": "hi", "conversation": 5}).encode(), 400)):
        resp = await client.post("/chat/api/send", data=body, headers={**STREAM, "Content-Type": "application/json"})
        assert resp.status == status and resp.content_type == "application/json"
    bad = {"Authorization": "Bearer not.a-token"}
    for path in ("/chat/api/events", "/chat/api/history"):
        resp = await client.get(path, params={"conversation": "p1"}, headers={**STREAM, **bad})
        assert resp.status == 401
        resp = await client.get(path, params={"conversation": "p1"}, headers={"Authorization": "Basic x"})
        assert resp.status == 401
    resp = await client.post("/chat/api/send", json={"text": "hi"}, headers={**STREAM, **bad})
    assert resp.status == 401


def _visitor_identity(client: Any) -> str:
    """The identity the server derives from this browser's signed visitor cookie."""
    value = next(c.value for c in client.session.cookie_jar if c.key == "aftersales_chat")
    return "web:" + value.split(".")[0]


async def _next_event(resp: Any, timeout: float = 10) -> dict[str, Any]:
    while True:
        block = (await asyncio.wait_for(resp.content.readuntil(b"\n\n"), timeout)).decode()
        got = parse_sse(block)
        if got:                         # skip ": ping" comments
            return got[0]


async def test_subscription_gets_pushed_messages_of_its_own_identity_only(aiohttp_client: Any, make_settings: Any,
                                                                          models: Any) -> None:
    from aiohttp.test_utils import TestClient

    app = create_app(make_settings(WEBCHAT_SECRET=SECRET))
    alice = await aiohttp_client(app)
    bob = TestClient(alice.server)             # a second browser: its own cookie jar, its own visitor id
    try:
        await _visitor(alice)
        await _visitor(bob)
        streams = {}
        for name, client in (("alice", alice), ("bob", bob)):
            resp = await client.get("/chat/api/events", params={"conversation": "same-name"}, headers=STREAM)
            assert resp.status == 200 and (await _next_event(resp))["type"] == "ready"
            streams[name] = resp
        who = _visitor_identity(alice)
        assert who != _visitor_identity(bob)
        conv = conversation_id(who, "same-name")
        assert app[WEBCHAT].subscribers(conv) == 1          # bob's page subscribed to his own conversation
        out = await app[SENDER](Reply("webchat", conv, who, "m-x", "Hi, this is Amy from support.",
                                      {"console": {"kind": "reply"}}, who))
        assert out["ok"] and out["pages"] == 1
        assert await _next_event(streams["alice"]) == {"type": "message", "from": "agent",
                                                       "text": "Hi, this is Amy from support."}
        with pytest.raises(TimeoutError):                   # the other identity hears nothing
            await asyncio.wait_for(streams["bob"].content.readuntil(b"\n\n"), 1.0)
        for resp in streams.values():
            resp.close()
    finally:
        await bob.close()


async def test_history_shows_the_identitys_own_conversation(aiohttp_client: Any, make_settings: Any,
                                                            models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    token = {"Authorization": "Bearer " + ci.mint_token(SECRET, EMILY, ttl_s=600)}
    events = await _turn(client, "where is my order?", "emily-page", token)
    reply = events[-1]["text"]
    got = await (await client.get("/chat/api/history", params={"conversation": "emily-page"}, headers=token)).json()
    assert got["messages"][-2:] == [{"from": "customer", "text": "where is my order?"}, {"from": "bot", "text": reply}]
    await _visitor(client)           # an anonymous visitor naming the same conversation sees none of it
    other = await (await client.get("/chat/api/history", params={"conversation": "emily-page"})).json()
    assert other == {"messages": []}


async def test_llm_answer_streams_in_pieces_and_a_rejected_one_is_retracted(aiohttp_client: Any, make_settings: Any,
                                                                            models: Any) -> None:
    llm = StreamingLLM()
    url = await llm.start()
    try:
        client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET, **llm_env(url))))
        token = {"Authorization": "Bearer " + ci.mint_token(SECRET, EMILY, ttl_s=600)}
        events = await _turn(client, "我的快递到哪了？", "llm-1", token)
        kinds = [e["type"] for e in events]
        assert kinds[0] == "typing" and kinds[-1] == "reply" and kinds.count("delta") >= 3, kinds
        final = events[-1]
        assert final["trace"]["generator"].startswith("llm:") and final["trace"]["grounded"] is True
        assert _shown(events[1:-1]) == final["text"]            # the draft built up to the checked answer
        assert "7498907762" in final["text"] and llm.requests == 1

        llm.lie = " Your new order ZX90817263 ships today."    # an invented id: the check rejects it
        events = await _turn(client, "hello", "llm-2", token)
        kinds = [e["type"] for e in events]
        assert "retract" in kinds and kinds[-1] == "reply", kinds
        assert events[-1]["trace"]["fallback_reason"].startswith("grounding_failed")
        assert all("ZX90817263" not in e.get("text", "") for e in events)   # masked in the draft, gone from the reply
        draft = _shown(events[1:kinds.index("retract")])
        assert draft.startswith("Hi Emily!") and DRAFT_MASK in draft    # her own name restored, the lie masked
        assert "<" not in draft
    finally:
        await llm.stop()


# -- the backends' side of the stream -------------------------------------------------------------

async def test_a_retried_stream_is_not_shown_twice_and_plain_backends_get_no_sink() -> None:
    from aiohttp import web

    from bot.llm.guarded import GuardedGenerator
    from bot.llm.openai_compat import OpenAICompatBackend
    from tests.llm.llm_fakes import FakeLLM, Step, make_request

    fake = FakeLLM()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    backend = OpenAICompatBackend(f"http://127.0.0.1:{port}/v1", "m", backoff_base_s=0.01)
    try:
        # The first stream breaks off (no [DONE]) after its words were shown; the retry answers.
        fake.play(Step(text="Half an answer"), Step(text="The whole answer."))
        fake.script[0].done = False
        pieces: list[str] = []
        done = await backend.complete([{"role": "user", "content": "hi"}], 16, 10, on_text=pieces.append)
        assert done.text == "The whole answer." and "".join(pieces) == "Half an answer"
    finally:
        await backend.close()
        await runner.cleanup()

    class Plain:                       # a backend that cannot stream: never handed a sink
        model, prompt_style = "plain", "chat"

        async def complete(self, prompt: Any, max_new_tokens: int, timeout_s: float) -> Any:
            from bot.llm.base import Completion
            return Completion(text=req.template_answer)

        async def close(self) -> None:
            return None

    req = make_request("en")
    req.on_text = pieces.append
    out = await GuardedGenerator(Plain()).generate(req)       # would raise TypeError if given on_text
    assert out.text == req.template_answer and out.fallback is None


async def test_hub_relays_what_no_local_turn_takes_and_delivers_what_others_relay() -> None:
    here, there = WebChat(), WebChat()
    wire: list[dict[str, Any]] = []
    here.relay = there.relay = wire.append          # what bot/server/webchat_relay.py carries between them
    events = there.events("m1")                     # the page waits on the other replica
    sink = here.draft_sink("m1")                    # this replica's worker answers it
    assert sink is not None
    sink({"type": "delta", "text": "Hel"})
    out = await here.send(Reply("webchat", "c1", "web:x", "m1", "Hello", {}, "web:x"))
    assert out["ok"] and out["relayed"] and len(wire) == 2
    for item in wire:
        there.receive(item)
    assert events.get_nowait() == {"type": "delta", "text": "Hel"}
    assert events.get_nowait()["text"] == "Hello"
    page = there.subscribe("c1", "web:x")
    stranger = there.subscribe(conversation_id("web:y", "p"), "web:y")
    there.receive({"kind": "reply", "reply": {"platform": "webchat", "conversation_id": "c1", "sender_id": "web:x",
                                              "in_reply_to": "m9", "text": "Amy here", "raw": {"console": {}},
                                              "identity": "web:x"}})
    assert page.events.get_nowait()["text"] == "Amy here" and stranger.events.empty()
    local = WebChat()
    local.relay = wire.append
    local.events("m2")
    assert (await local.send(Reply("webchat", "c", "web:x", "m2", "Hi", {}, "web:x"))) == {"ok": True, "attempts": 1}
    assert len(wire) == 2                           # a local turn's answer is not relayed
