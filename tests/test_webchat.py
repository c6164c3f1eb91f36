"""The chat page's JSON API: replies go through the inbox and pipeline like any platform.

Identity (issue #10 items 1, 2, 9, 12): demo identities only in the explicit demo config; otherwise
a shop-signed token or an anonymous, server-signed visitor who never sees orders.
"""
from __future__ import annotations

import asyncio
import json
import tomllib
from typing import Any

import pytest

from bot.core.errors import Overloaded
from bot.core.messages import Message
from bot.core.settings import PROJECT_ROOT, load_settings
from bot.server import chat_identity as ci
from bot.server.app import INBOX, WEBCHAT, create_app

SECRET = "test-webchat-secret"
EMILY_ORDER, EMILY_TRACKING = "SO202611251006", "7498907762"


def demo(make_settings: Any, **env: str) -> Any:
    return make_settings(CHAT_DEMO_IDENTITIES="true", **env)


async def visitor(client: Any) -> None:
    """What a browser does first: load the page, which issues the signed visitor cookie."""
    assert (await client.get("/")).status == 200
    assert "aftersales_chat" in {c.key for c in client.session.cookie_jar}


# -- shipped defaults (item 1) -------------------------------------------------------------------------

def test_shipped_defaults_have_demo_identities_off_and_make_run_uses_the_demo_config() -> None:
    assert load_settings(env={})["chat"]["demo_identities"] is False
    demo_file = PROJECT_ROOT / "config" / "demo.toml"
    assert tomllib.loads(demo_file.read_text())["chat"]["demo_identities"] is True
    assert load_settings(demo_file, env={})["chat"]["demo_identities"] is True
    run = (PROJECT_ROOT / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "--config config/demo.toml" in run


async def test_page_is_served_and_says_demo_only_in_demo_mode(aiohttp_client: Any, make_settings: Any,
                                                              models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    resp = await client.get("/")
    page = await resp.text()
    assert resp.status == 200 and "售后助手" in page
    assert 'id="demo-banner"' not in page and 'data-demo="false"' in page
    assert "frame-ancestors 'self'" in resp.headers["Content-Security-Policy"]
    client = await aiohttp_client(create_app(demo(make_settings)))
    page = await (await client.get("/")).text()
    assert 'id="demo-banner"' in page and "DEMO" in page and 'data-demo="true"' in page


async def test_identities_are_listed_only_in_demo_mode(aiohttp_client: Any, make_settings: Any,
                                                       models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    assert (await client.get("/chat/api/identities")).status == 404
    client = await aiohttp_client(create_app(demo(make_settings)))
    ids = (await (await client.get("/chat/api/identities")).json())["identities"]
    assert any(i["identity"] == "web:demo" for i in ids)


async def test_demo_mode_acts_as_the_chosen_identity_with_full_trace(aiohttp_client: Any, make_settings: Any,
                                                                     models: Any) -> None:
    client = await aiohttp_client(create_app(demo(make_settings)))
    await visitor(client)
    resp = await client.post("/chat/api/send", json={"text": "hello", "user": "web:demo", "conversation": "t1"})
    assert resp.status == 200
    data = await resp.json()
    assert "Emily" in data["reply"]                       # the demo customer's own name, restored for her
    assert data["trace"]["intent"]["name"] == "greeting"
    assert "timings_ms" in data["trace"]
    assert "Emily" not in str(data["trace"])              # never in the trace


# -- outside demo mode: tokens and anonymous visitors (items 1, 2) ---------------------------------------

async def test_outside_demo_a_claimed_user_gets_nothing(aiohttp_client: Any, make_settings: Any,
                                                        models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    await visitor(client)
    resp = await client.post("/chat/api/send", json={"text": "where is order SO202611261030", "user": "telegram:1001"})
    assert resp.status == 200
    assert "JDVA45908136669" not in (await resp.json())["reply"]   # claiming someone's identity gets you nothing


async def test_an_unsigned_cookie_naming_a_customer_is_refused(aiohttp_client: Any, make_settings: Any,
                                                               models: Any) -> None:
    # Before: Cookie aftersales_chat=demo made the visitor web:demo (Emily) and showed her orders.
    client = await aiohttp_client(create_app(make_settings()))
    for forged in ("demo", "anon-" + "a" * 24 + "." + "0" * 32):
        client.session.cookie_jar.clear()
        resp = await client.post("/chat/api/send", json={"text": f"where is my order {EMILY_ORDER}"},
                                 headers={"Cookie": f"aftersales_chat={forged}"})
        assert resp.status == 401
        assert (await resp.json())["detail"] == "visitor_session"
        assert resp.cookies["aftersales_chat"].value != forged      # a fresh, signed one instead


async def test_a_signed_token_names_the_customer(aiohttp_client: Any, make_settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    token = ci.mint_token(SECRET, "web:demo", ttl_s=600)
    resp = await client.post("/chat/api/send", json={"text": "hello"}, headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 200
    assert "Emily" in (await resp.json())["reply"]


@pytest.mark.parametrize("case", ["expired", "tampered", "wrong secret", "too long-lived", "not a token",
                                  "alg swap"])
async def test_bad_tokens_are_401(aiohttp_client: Any, make_settings: Any, models: Any, case: str) -> None:
    client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    good = ci.mint_token(SECRET, "web:demo", ttl_s=600)
    payload, mac = good.split(".")
    token = {
        "expired": ci.mint_token(SECRET, "web:demo", ttl_s=-1),
        "tampered": ci._b64url(json.dumps({"sub": "telegram:1001", "exp": 2**31}).encode()) + "." + mac,
        "wrong secret": ci.mint_token("other", "web:demo", ttl_s=600),
        "too long-lived": ci.mint_token(SECRET, "web:demo", ttl_s=10 * 86400),
        "not a token": "web:demo",
        "alg swap": payload + "." + mac.upper(),
    }[case]
    resp = await client.post("/chat/api/send", json={"text": f"where is {EMILY_ORDER}"},
                             headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 401


async def test_a_token_in_the_url_is_ignored(aiohttp_client: Any, make_settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    await visitor(client)
    token = ci.mint_token(SECRET, "web:demo", ttl_s=600)
    resp = await client.post(f"/chat/api/send?token={token}", json={"text": "hello"})
    assert resp.status == 200
    assert "Emily" not in (await resp.json())["reply"]


def test_token_and_visitor_primitives() -> None:
    token = ci.mint_token(SECRET, "web:123", ttl_s=60, now=1000)
    assert ci.verify_token(SECRET, token, 3600, now=1000) == "web:123"
    with pytest.raises(ci.VerificationError):
        ci.verify_token(SECRET, token, 3600, now=1060)             # expiry enforced
    with pytest.raises(ci.VerificationError):
        ci.verify_token(None, token, 3600, now=1000)               # no secret: no tokens
    ids = ci.VisitorIds.with_secret("k")
    vid, cookie = ids.new()
    assert ids.check(cookie) == vid and vid.startswith("anon-")
    assert ids.check(cookie[:-1] + ("0" if cookie[-1] != "0" else "1")) is None
    assert ci.VisitorIds.with_secret("other").check(cookie) is None


async def test_an_unvouched_chat_identity_never_maps_to_a_customer(aiohttp_client: Any, make_settings: Any,
                                                                   models: Any) -> None:
    # Even a chat message naming a real customer's identity is anonymous unless a token or demo mode vouched.
    client = await aiohttp_client(create_app(make_settings()))
    await visitor(client)
    app = client.server.app
    results = []
    for source in ("visitor", None, "token"):
        raw = {ci.RAW_KEY: source} if source else {}
        msg = Message("webchat", f"c-{source}", "web:demo", f"m-{source}", f"where is {EMILY_ORDER}",
                      identity="web:demo", raw=raw)
        fut = app[WEBCHAT].expect(msg.message_id)
        await app[INBOX].put(msg)
        results.append((await asyncio.wait_for(fut, 60)).text)
    assert EMILY_TRACKING not in results[0] and EMILY_TRACKING not in results[1]
    assert EMILY_TRACKING in results[2]


# -- cookies, floods, state (items 9, 12) -----------------------------------------------------------------

async def test_cookie_less_requests_store_nothing_and_get_a_signed_id(aiohttp_client: Any, make_settings: Any,
                                                                      models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    await client.get("/healthz")                   # start-up done
    put_calls: list[Message] = []
    inbox = client.server.app[INBOX]
    real_put = inbox.put

    async def spy(msg: Message) -> bool:
        put_calls.append(msg)
        return await real_put(msg)
    inbox.put = spy                                 # type: ignore[method-assign]
    for _ in range(5):
        resp = await client.post("/chat/api/send", json={"text": "hi"}, headers={"Cookie": ""},
                                 cookies=None)
        client.session.cookie_jar.clear()
        assert resp.status == 401
        morsel = resp.cookies["aftersales_chat"]
        assert morsel["httponly"] and morsel["samesite"] == "Lax" and not morsel["secure"]
    assert put_calls == []                          # no inbox row, hence no key, state or audit row
    resp = await client.post("/chat/api/send", json={"text": "hi"}, cookies={"aftersales_chat": morsel.value})
    assert resp.status == 200 and len(put_calls) == 1


async def test_cookies_are_secure_behind_a_trusted_tls_proxy(aiohttp_client: Any, make_settings: Any,
                                                             models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    resp = await client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert not resp.cookies["aftersales_chat"]["secure"]         # 127.0.0.1 is not a trusted proxy here
    client = await aiohttp_client(create_app(make_settings(SERVER_TRUSTED_PROXIES="127.0.0.1/32")))
    resp = await client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert resp.cookies["aftersales_chat"]["secure"]
    client = await aiohttp_client(create_app(make_settings(CHAT_SECURE_COOKIES="true")))
    assert (await client.get("/")).cookies["aftersales_chat"]["secure"]


async def test_chat_api_has_a_flood_limit_per_identity(aiohttp_client: Any, make_settings: Any,
                                                       models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(SERVER_PER_USER_PER_MINUTE="2")))
    await visitor(client)
    statuses = [(await client.post("/chat/api/send", json={"text": "hi"})).status for _ in range(3)]
    assert statuses == [200, 200, 429]
    resp = await client.post("/chat/api/send", json={"text": "hi"})
    assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1


async def test_new_visitor_ids_are_limited_per_address(aiohttp_client: Any, make_settings: Any,
                                                       models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(CHAT_NEW_VISITORS_PER_MINUTE="2")))
    statuses = []
    for _ in range(3):
        client.session.cookie_jar.clear()
        statuses.append((await client.post("/chat/api/send", json={"text": "hi"})).status)
    assert statuses == [401, 401, 429]


async def test_trace_has_no_timings_or_prompt_outside_demo_mode(aiohttp_client: Any, make_settings: Any,
                                                                models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    await visitor(client)
    data = await (await client.post("/chat/api/send", json={"text": "where is order SO202611261030"})).json()
    assert "intent" in data["trace"]
    assert "timings_ms" not in data["trace"] and "prompt" not in data["trace"]


async def test_full_inbox_is_503_with_retry_after(aiohttp_client: Any, make_settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    await visitor(client)

    async def full(msg: Message) -> bool:
        raise Overloaded("inbox full", retry_after=2)
    client.server.app[INBOX].put = full           # type: ignore[method-assign]
    resp = await client.post("/chat/api/send", json={"text": "hi"})
    assert resp.status == 503 and resp.headers["Retry-After"] == "2"


# -- bad input (items 8, 12) -------------------------------------------------------------------------------

async def test_bad_requests_are_refused_cleanly(aiohttp_client: Any, make_settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(demo(make_settings)))
    await visitor(client)
    assert (await client.post("/chat/api/send", data=b"{oops")).status == 400
    assert (await client.post("/chat/api/send", json={"text": ""})).status == 400
    assert (await client.post("/chat/api/send", json=["text"])).status == 400
    assert (await client.post("/chat/api/send", json={"text": "x" * 5000})).status == 413
    for field in ("text", "user", "conversation"):
        body = {"text": "hi", "user": "web:demo", "conversation": "c"}
        body[field] = "a\ud800b" if field != "user" else "web:\udc00"
        resp = await client.post("/chat/api/send", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
        assert resp.status == 400, field


async def test_a_chat_body_over_the_limit_is_413_even_chunked(aiohttp_client: Any, make_settings: Any,
                                                              models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    await visitor(client)
    big = b'{"text": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    assert (await client.post("/chat/api/send", data=big)).status == 413

    async def chunks() -> Any:
        for i in range(0, len(big), 256 * 1024):
            yield big[i:i + 256 * 1024]
    assert (await client.post("/chat/api/send", data=chunks())).status == 413
