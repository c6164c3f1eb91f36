"""The browser chat page at `/` and its small JSON API.

Messages from the page go through the same durable inbox and pipeline as every platform;
the page's "platform" delivers replies into per-message futures the HTTP request awaits.
With `chat.demo_identities` on, the page may act as any demo-shop identity (that is the
point of a demo); otherwise each browser is `web:<random id>` from an HttpOnly cookie.
"""
from __future__ import annotations

import asyncio
import secrets
import uuid
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.messages import Message, Reply

PLATFORM = "webchat"
PAGE = Path(__file__).parent / "static" / "chat.html"
_COOKIE = "aftersales_chat"
MAX_TEXT = 2000


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


async def page(request: web.Request) -> web.StreamResponse:
    resp = web.FileResponse(PAGE)
    resp.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'"
    return resp


async def identities(request: web.Request) -> web.Response:
    from bot.app import RUNTIME, SETTINGS
    if not request.app[SETTINGS]["chat"]["demo_identities"]:
        return web.json_response({"identities": []})
    out = []
    for c in await request.app[RUNTIME].shop.customers():
        for ident in c.identities:
            out.append({"identity": ident, "label": f"{c.name or c.id} ({ident})"})
    out.append({"identity": "web:stranger", "label": "Stranger (no account)"})
    return web.json_response({"identities": out})


async def send(request: web.Request) -> web.Response:
    from bot.app import INBOX, SETTINGS, WEBCHAT
    try:
        data = await request.json()
    except Exception:  # noqa: BLE001 - any parse failure is the client's
        return web.json_response({"error": "body must be JSON"}, status=400)
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        return web.json_response({"error": "text is required"}, status=400)
    if len(text) > MAX_TEXT:
        return web.json_response({"error": f"text over {MAX_TEXT} characters"}, status=413)
    cookie = request.cookies.get(_COOKIE) or secrets.token_urlsafe(12)
    user = f"web:{cookie}"
    wanted = data.get("user")
    if request.app[SETTINGS]["chat"]["demo_identities"] and isinstance(wanted, str) and ":" in wanted:
        user = wanted[:128]
    conversation = str(data.get("conversation") or f"{user}")[:128]
    msg = Message(platform=PLATFORM, conversation_id=conversation, sender_id=user,
                  message_id=uuid.uuid4().hex, text=text, identity=user)
    chat: WebChat = request.app[WEBCHAT]
    fut = chat.expect(msg.message_id)
    try:
        await request.app[INBOX].put(msg)
        reply = await asyncio.wait_for(fut, timeout=120)
    except TimeoutError:
        return web.json_response({"error": "the bot is taking too long; try again"}, status=504)
    finally:
        chat.forget(msg.message_id)
    body: dict[str, Any] = {"reply": reply.text, "message_id": msg.message_id}
    trace = reply.raw.get("trace") if reply.raw else None
    if trace is not None:
        body["trace"] = trace
    resp = web.json_response(body)
    if not request.cookies.get(_COOKIE):
        resp.set_cookie(_COOKIE, cookie, httponly=True, samesite="Strict", max_age=30 * 86400)
    return resp


def routes() -> list[Any]:
    return [web.get("/", page), web.get("/chat/api/identities", identities), web.post("/chat/api/send", send)]
