"""The browser chat page at `/` and its small API: an adapter like the platforms' (it never
imports bot.server.app; the app hands it what it needs as `ChatDeps`).

Messages from the page go through the same durable inbox and pipeline as every platform;
the page's "platform" is bot/server/webchat_hub.py, delivering replies to open HTTP responses.

API (all under the identity below; bad input 4xx as JSON before anything streams):
- `POST /chat/api/send` {text, conversation, user?}: with `Accept: text/event-stream` the answer
  streams as server-sent events — `typing`, then `delta` / `draft` / `retract` while an LLM writes
  (bot/llm/draft.py), then `reply` {text, trace}: the checked answer, which replaces any draft;
  or `error` {error}. Without that header: one JSON {reply, message_id, trace} as before.
- `GET /chat/api/events?conversation=` (server-sent events): replies nobody's request waits on —
  an agent's answer (`from: "agent"`), "a person has joined" / "handed back" (`from: "notice"`),
  a bot reply whose page reloaded meanwhile; `: ping` comments keep proxies from closing it.
- `GET /chat/api/history?conversation=`: the conversation's recent messages this identity may
  see ({messages: [{from, text}]}), so a reloaded page shows what it missed.

Who is chatting (bot/server/chat_identity.py):
- a shop-signed identity token (`Authorization: Bearer <token>`, handed to the page by the
  embedding shop page, never in a URL) names a customer the shop vouches for;
- everyone else is an anonymous visitor with a server-generated, signed id in an HttpOnly
  cookie, issued when the page loads (or on a first API call without one, which then stores
  nothing). Visitors may ask general questions; the pipeline never maps them to a customer;
- only with `[chat] demo_identities` (config/demo.toml, `make run`) may the page pick any
  demo-shop identity; the page then says it is a demo, and traces carry timings and prompts.
A conversation id is a hash of the identity and the page's conversation name, so naming
someone else's conversation only ever opens one's own.
"""
from __future__ import annotations

import asyncio
import hashlib
import html
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.core.errors import BotError, PayloadError, VerificationError
from bot.core.messages import Message
from bot.server import chat_identity as ci
from bot.server.forwarded import client_ip, is_tls
from bot.server.http_body import error_response, read_body
from bot.server.keys import WEBCHAT
from bot.server.ratelimit import FloodLimiter, RateLimited
from bot.server.webchat_hub import TooManySubscribers

PLATFORM = "webchat"
PAGE = Path(__file__).resolve().parents[1] / "web" / "static" / "chat.html"
_COOKIE = "aftersales_chat"
MAX_TEXT = 2000
MAX_FIELD = 128
# Trace fields the page gets only in demo mode: timings tell whether an order id exists for
# someone else, and the prompt is internal.
_DEMO_ONLY_TRACE = ("timings_ms", "prompt")

# How long a turn may take before the page is told to try again, and how often an idle
# stream sends a comment (proxies close silent connections).
TURN_TIMEOUT_S = 120.0
PING_S = 15.0
HISTORY_LIMIT = 50


@dataclass
class ChatDeps:
    """What the page needs from the running app (bot/server/app.py builds it; read at request time)."""

    settings: Any
    put: Callable[[Message], Awaitable[Any]]                 # into the durable inbox
    flood: Callable[[str], Awaitable[tuple[bool, int]]]      # per-identity flood check (retry after s)
    customers: Callable[[], Awaitable[list[Any]]]            # demo mode: the shop's customers
    transcript: Callable[[Message], Awaitable[list[dict[str, str]]]]   # what this identity may see


HUB = WEBCHAT          # the app's key for the hub (bot/server/keys.py)
DEPS = web.AppKey("webchat_deps", ChatDeps)
VISITORS = web.AppKey("webchat_visitors", ci.VisitorIds)
NEW_VISITORS = web.AppKey("webchat_new_visitors", FloodLimiter)


def install(app: web.Application, settings: Any, deps: ChatDeps) -> None:
    """Routes and the visitor-id key (derived from the webchat secret, else the master key)."""
    from bot.core.errors import ConfigError
    from bot.server.forwarded import _networks
    try:
        _networks(tuple(settings["server"]["trusted_proxies"]))
    except ValueError as exc:
        raise ConfigError("server.trusted_proxies", str(exc)) from None
    secret = settings.secret("WEBCHAT_SECRET") or settings.secret("MASTER_KEY")
    app[VISITORS] = ci.VisitorIds.with_secret(secret)
    app[NEW_VISITORS] = FloodLimiter(settings["chat"]["new_visitors_per_minute"])
    app[DEPS] = deps
    app.on_shutdown.append(_shutdown)      # open streams end now, not at the shutdown timeout
    app.router.add_routes(routes(bool(settings["chat"]["demo_identities"])))


def _settings(request: web.Request) -> Any:
    return request.app[DEPS].settings


def _json_error(exc: BotError, cookie: str | None = None, request: web.Request | None = None) -> web.Response:
    resp = error_response(exc)
    if cookie and request is not None:
        _set_cookie(request, resp, cookie)
    return resp


def _set_cookie(request: web.Request, resp: web.StreamResponse, value: str) -> None:
    s = _settings(request)
    secure = bool(s["chat"]["secure_cookies"]) or is_tls(request, s["server"]["trusted_proxies"])
    resp.set_cookie(_COOKIE, value, httponly=True, samesite="Lax", secure=secure, path="/",
                    max_age=30 * 86400)


def _issue_visitor(request: web.Request) -> str | None:
    """A new signed visitor cookie value, or None when this address asks for too many."""
    s = _settings(request)
    limiter = request.app[NEW_VISITORS]
    if not limiter.allow(client_ip(request, s["server"]["trusted_proxies"])):
        return None
    return request.app[VISITORS].new()[1]


def _csp(settings: Any) -> str:
    ancestors = " ".join(["'self'", *settings["chat"]["embed_origins"]])
    return ("default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
            f"frame-ancestors {ancestors}")


async def page(request: web.Request) -> web.StreamResponse:
    s = _settings(request)
    demo = bool(s["chat"]["demo_identities"])
    text = PAGE.read_text(encoding="utf-8")
    banner = ('<div id="demo-banner" role="status">DEMO · 演示模式 — anyone may pick any demo customer; '
              'never run this configuration in production.</div>') if demo else ""
    text = text.replace("<!--DEMO-BANNER-->", banner)
    text = text.replace('data-demo="false"', f'data-demo="{"true" if demo else "false"}"')
    origins = html.escape(json.dumps(list(s["chat"]["embed_origins"])), quote=True)
    text = text.replace('data-embed-origins="[]"', f'data-embed-origins="{origins}"')
    resp = web.Response(text=text, content_type="text/html")
    resp.headers["Content-Security-Policy"] = _csp(s)
    resp.headers["Cache-Control"] = "no-store"
    if request.app[VISITORS].check(request.cookies.get(_COOKIE)) is None:
        value = _issue_visitor(request)
        if value:
            _set_cookie(request, resp, value)
    return resp


async def identities(request: web.Request) -> web.Response:
    """Demo mode only (the route is not mounted otherwise)."""
    out = []
    for c in await request.app[DEPS].customers():
        for ident in c.identities:
            out.append({"identity": ident, "label": f"{c.name or c.id} ({ident})"})
    out.append({"identity": "web:stranger", "label": "Stranger (no account)"})
    return web.json_response({"identities": out})


def _clean_str(value: Any, name: str, limit: int) -> str | None:
    """A client string that can be stored (no lone surrogates), or None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PayloadError(f"{name} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError(f"{name} is not valid Unicode") from None
    return value[:limit]


def _bearer(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization", "")
    if not auth:
        return None
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise VerificationError("Authorization must be 'Bearer <identity token>'")
    return token.strip()




def conversation_id(user: str, name: str) -> str:
    """The conversation's id: one identity's conversation, whoever else names it the same."""
    return hashlib.sha256(f"{user}\0{name}".encode()).hexdigest()[:32]


def _identify(request: web.Request, wanted: str | None) -> tuple[str, str] | web.Response:
    """(identity, source) of the caller, or the 401 that hands a new visitor their signed id.

    Raises BotError (401 for a bad token)."""
    s = _settings(request)
    token = _bearer(request)
    if token is not None:
        return ci.verify_token(s.secret("WEBCHAT_SECRET"), token, s["chat"]["token_max_ttl_s"]), ci.SOURCE_TOKEN
    visitor = request.app[VISITORS].check(request.cookies.get(_COOKIE))
    if visitor is None:
        # No signed id yet: issue one and store nothing; the page retries with it.
        cookie = _issue_visitor(request)
        if cookie is None:
            raise RateLimited("too many new visitors from this address", retry_after=60)
        return _json_error(VerificationError("visitor_session"), cookie, request)
    if bool(s["chat"]["demo_identities"]) and wanted and ":" in wanted:
        return wanted, ci.SOURCE_DEMO
    return f"web:{visitor}", ci.SOURCE_VISITOR


async def _flood(request: web.Request, user: str) -> None:
    allowed, wait = await request.app[DEPS].flood(f"{PLATFORM}|{user}")
    if not allowed:
        metrics = request.app.get("metrics")
        if metrics is not None:
            metrics.observe_rate_limited(PLATFORM, 1)
        raise RateLimited("per-identity flood limit", retry_after=wait)


def _wants_stream(request: web.Request) -> bool:
    return "text/event-stream" in request.headers.get("Accept", "")


async def _open_stream(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                       "Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    await resp.prepare(request)
    return resp


async def _write(resp: web.StreamResponse, event: dict[str, Any]) -> None:
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    await resp.write(f"event: {event['type']}\ndata: {data}\n\n".encode())


def _page_trace(trace: Any, demo: bool) -> dict[str, Any] | None:
    if not isinstance(trace, dict):
        return None
    return trace if demo else {k: v for k, v in trace.items() if k not in _DEMO_ONLY_TRACE}


async def send(request: web.Request) -> web.StreamResponse:
    s = _settings(request)
    demo = bool(s["chat"]["demo_identities"])
    try:
        body = await read_body(request, s["server"]["max_body_bytes"], s["server"]["body_timeout_s"])
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            raise PayloadError("body must be JSON") from None
        if not isinstance(data, dict):
            raise PayloadError("body must be a JSON object")
        text = _clean_str(data.get("text"), "text", 10 * MAX_TEXT)
        if text is None or not text.strip():
            raise PayloadError("text is required")
        if len(text) > MAX_TEXT:
            return web.json_response({"error": f"text over {MAX_TEXT} characters"}, status=413)
        wanted = _clean_str(data.get("user"), "user", MAX_FIELD)
        conversation = _clean_str(data.get("conversation"), "conversation", MAX_FIELD) or "default"
        who = _identify(request, wanted)
        if isinstance(who, web.Response):
            return who
        user, source = who
        await _flood(request, user)
    except BotError as exc:
        return _json_error(exc)

    msg = Message(platform=PLATFORM, conversation_id=conversation_id(user, conversation), sender_id=user,
                  message_id=uuid.uuid4().hex, text=text, identity=user, raw={ci.RAW_KEY: source})
    hub = request.app[HUB]
    fut = hub.expect(msg.message_id)
    if _wants_stream(request):
        return await _stream_turn(request, msg, demo)
    try:
        await request.app[DEPS].put(msg)
        reply = await asyncio.wait_for(fut, timeout=TURN_TIMEOUT_S)
    except BotError as exc:            # Overloaded (full inbox) -> 503 with Retry-After
        return _json_error(exc)
    except TimeoutError:
        return web.json_response({"error": "the bot is taking too long; try again"}, status=504)
    finally:
        hub.forget(msg.message_id)
    out: dict[str, Any] = {"reply": reply.text, "message_id": msg.message_id}
    trace = _page_trace(reply.raw.get("trace") if reply.raw else None, demo)
    if trace is not None:
        out["trace"] = trace
    return web.json_response(out)


async def _stream_turn(request: web.Request, msg: Message, demo: bool) -> web.StreamResponse:
    """One turn as server-sent events: typing, the draft (LLM only), then the checked reply."""
    hub = request.app[HUB]
    events = hub.events(msg.message_id)
    resp: web.StreamResponse | None = None
    try:
        try:
            await request.app[DEPS].put(msg)
        except BotError as exc:        # nothing streamed yet: a plain 503 the page understands
            return _json_error(exc)
        resp = await _open_stream(request)
        await _write(resp, {"type": "typing", "message_id": msg.message_id})
        deadline = time.monotonic() + TURN_TIMEOUT_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                await _write(resp, {"type": "error", "error": "the bot is taking too long; try again"})
                break
            try:
                event = await asyncio.wait_for(events.get(), min(PING_S, left))
            except TimeoutError:
                await resp.write(b": ping\n\n")
                continue
            if event["type"] == "reply":
                trace = _page_trace(event.get("trace"), demo)
                out = {"type": "reply", "text": event["text"], "message_id": msg.message_id}
                if trace is not None:
                    out["trace"] = trace
                await _write(resp, out)
                break
            if event["type"] == "bye":
                await _write(resp, {"type": "error", "error": "the server is restarting; try again"})
                break
            await _write(resp, event)
        await resp.write_eof()
        return resp
    except ConnectionResetError:       # the page went away; its reply goes to its subscription
        return resp if resp is not None else web.Response(status=499)
    finally:
        hub.forget(msg.message_id)


def _conversation_param(request: web.Request) -> str:
    return _clean_str(request.query.get("conversation"), "conversation", MAX_FIELD) or "default"


async def subscribe(request: web.Request) -> web.StreamResponse:
    """This identity's conversation, pushed: agent replies and notices as they are sent."""
    try:
        who = _identify(request, _clean_str(request.query.get("user"), "user", MAX_FIELD))
        if isinstance(who, web.Response):
            return who
        user, _ = who
        conv = conversation_id(user, _conversation_param(request))
    except BotError as exc:
        return _json_error(exc)
    hub = request.app[HUB]
    try:
        sub = hub.subscribe(conv, user)
    except TooManySubscribers:
        return web.json_response({"error": "too many open chat pages on this server; try again"}, status=429,
                                 headers={"Retry-After": "30"})
    resp: web.StreamResponse | None = None
    try:
        resp = await _open_stream(request)
        await _write(resp, {"type": "ready"})
        while True:
            try:
                event = await asyncio.wait_for(sub.events.get(), PING_S)
            except TimeoutError:
                await resp.write(b": ping\n\n")
                continue
            if event["type"] == "bye":
                break
            await _write(resp, event)
        await resp.write_eof()
        return resp
    except ConnectionResetError:       # the page closed or reloaded
        return resp if resp is not None else web.Response(status=499)
    finally:
        hub.unsubscribe(sub)


async def history(request: web.Request) -> web.Response:
    """The conversation's recent messages this identity may see (after a page reload)."""
    try:
        who = _identify(request, _clean_str(request.query.get("user"), "user", MAX_FIELD))
        if isinstance(who, web.Response):
            return who
        user, source = who
        await _flood(request, user)
        conv = conversation_id(user, _conversation_param(request))
    except BotError as exc:
        return _json_error(exc)
    probe = Message(PLATFORM, conv, user, "history", "", identity=user, raw={ci.RAW_KEY: source})
    messages = await request.app[DEPS].transcript(probe)
    resp = web.json_response({"messages": messages[-HISTORY_LIMIT:]})
    resp.headers["Cache-Control"] = "no-store"
    return resp


async def _shutdown(app: web.Application) -> None:
    app[HUB].close()


def routes(demo: bool) -> list[Any]:
    out = [web.get("/", page), web.post("/chat/api/send", send), web.get("/chat/api/events", subscribe),
           web.get("/chat/api/history", history)]
    if demo:
        out.append(web.get("/chat/api/identities", identities))
    return out

