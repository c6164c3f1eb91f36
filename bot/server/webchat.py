"""The browser chat page at `/` and its small JSON API.

Messages from the page go through the same durable inbox and pipeline as every platform;
the page's "platform" delivers replies into per-message futures the HTTP request awaits.

Who is chatting (bot/server/chat_identity.py):
- a shop-signed identity token (`Authorization: Bearer <token>`, handed to the page by the
  embedding shop page, never in a URL) names a customer the shop vouches for;
- everyone else is an anonymous visitor with a server-generated, signed id in an HttpOnly
  cookie, issued when the page loads (or on a first API call without one, which then stores
  nothing). Visitors may ask general questions; the pipeline never maps them to a customer;
- only with `[chat] demo_identities` (config/demo.toml, `make run`) may the page pick any
  demo-shop identity; the page then says it is a demo, and traces carry timings and prompts.
"""
from __future__ import annotations

import asyncio
import hashlib
import html
import json
import uuid
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.core.errors import BotError, PayloadError, VerificationError
from bot.core.messages import Message, Reply
from bot.server import chat_identity as ci
from bot.server.forwarded import client_ip, is_tls
from bot.server.ratelimit import FloodLimiter, RateLimited

PLATFORM = "webchat"
PAGE = Path(__file__).resolve().parents[1] / "web" / "static" / "chat.html"
_COOKIE = "aftersales_chat"
MAX_TEXT = 2000
MAX_FIELD = 128
# Trace fields the page gets only in demo mode: timings tell whether an order id exists for
# someone else, and the prompt is internal.
_DEMO_ONLY_TRACE = ("timings_ms", "prompt")

VISITORS = web.AppKey("webchat_visitors", ci.VisitorIds)
NEW_VISITORS = web.AppKey("webchat_new_visitors", FloodLimiter)


class WebChat:
    """Delivers replies to waiting page requests."""

    def __init__(self) -> None:
        self._waiters: dict[str, asyncio.Future[Reply]] = {}

    def expect(self, message_id: str) -> asyncio.Future[Reply]:
        fut: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._waiters[message_id] = fut
        return fut

    def forget(self, message_id: str) -> None:
        self._waiters.pop(message_id, None)

    async def send(self, reply: Reply) -> dict[str, Any]:
        fut = self._waiters.pop(reply.in_reply_to, None)
        if fut is None or fut.done():
            return {"ok": False, "attempts": 1, "error": "page went away"}
        fut.set_result(reply)
        return {"ok": True, "attempts": 1}


def install(app: web.Application, settings: Any) -> None:
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
    app.router.add_routes(routes(bool(settings["chat"]["demo_identities"])))


def _settings(request: web.Request) -> Any:
    from bot.server.keys import SETTINGS
    return request.app[SETTINGS]


def _json_error(exc: BotError, cookie: str | None = None, request: web.Request | None = None) -> web.Response:
    from bot.server.webhook import error_response
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
    from bot.server.keys import RUNTIME
    out = []
    for c in await request.app[RUNTIME].shop.customers():
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


async def send(request: web.Request) -> web.Response:
    from bot.server.keys import FLOOD, INBOX, SETTINGS, WEBCHAT
    from bot.server.webhook import read_body
    s = request.app[SETTINGS]
    demo = bool(s["chat"]["demo_identities"])
    try:
        token = _bearer(request)
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

        if token is not None:
            user = ci.verify_token(s.secret("WEBCHAT_SECRET"), token, s["chat"]["token_max_ttl_s"])
            source = ci.SOURCE_TOKEN
        else:
            visitor = request.app[VISITORS].check(request.cookies.get(_COOKIE))
            if visitor is None:
                # No signed id yet: issue one and store nothing; the page retries with it.
                cookie = _issue_visitor(request)
                if cookie is None:
                    raise RateLimited("too many new visitors from this address", retry_after=60)
                return _json_error(VerificationError("visitor_session"), cookie, request)
            user, source = f"web:{visitor}", ci.SOURCE_VISITOR
            if demo and wanted and ":" in wanted:
                user, source = wanted, ci.SOURCE_DEMO

        allowed, wait = await request.app[FLOOD].check(f"{PLATFORM}|{user}")
        if not allowed:
            metrics = request.app.get("metrics")
            if metrics is not None:
                metrics.observe_rate_limited(PLATFORM, 1)
            raise RateLimited("per-identity flood limit", retry_after=wait)
    except BotError as exc:
        return _json_error(exc)

    # A conversation belongs to one identity: another visitor naming the same id gets their own.
    conv = hashlib.sha256(f"{user}\0{conversation}".encode()).hexdigest()[:32]
    msg = Message(platform=PLATFORM, conversation_id=conv, sender_id=user,
                  message_id=uuid.uuid4().hex, text=text, identity=user, raw={ci.RAW_KEY: source})
    chat: WebChat = request.app[WEBCHAT]
    fut = chat.expect(msg.message_id)
    try:
        await request.app[INBOX].put(msg)
        reply = await asyncio.wait_for(fut, timeout=120)
    except BotError as exc:            # Overloaded (full inbox) -> 503 with Retry-After
        return _json_error(exc)
    except TimeoutError:
        return web.json_response({"error": "the bot is taking too long; try again"}, status=504)
    finally:
        chat.forget(msg.message_id)
    out: dict[str, Any] = {"reply": reply.text, "message_id": msg.message_id}
    trace = reply.raw.get("trace") if reply.raw else None
    if isinstance(trace, dict):
        out["trace"] = trace if demo else {k: v for k, v in trace.items() if k not in _DEMO_ONLY_TRACE}
    return web.json_response(out)


def routes(demo: bool) -> list[Any]:
    out = [web.get("/", page), web.post("/chat/api/send", send)]
    if demo:
        out.append(web.get("/chat/api/identities", identities))
    return out
