"""POST|GET /webhooks/{platform}: read the raw body (bounded), verify, parse, enqueue, answer.

The only place that turns aiohttp requests into `InboundRequest`s and `BotError`s into
HTTP statuses. Nothing here waits for the pipeline: the 200 goes out as soon as the
message is stored durably, well inside every platform's deadline.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiohttp import web

from adapters.base import InboundRequest, Parsed
from bot.core.errors import BotError, Overloaded, PayloadError, UnsupportedMedia
from bot.core.messages import Handshake
from bot.server.http_body import RequestTimeout, error_response, read_body  # noqa: F401 - shared with the chat page, re-exported
from bot.server.keys import ADAPTERS, FLOOD, INBOX, SENDER, SETTINGS
from bot.server.ratelimit import RateLimited

log = logging.getLogger("aftersales.webhook")

# Content types a webhook body may have; anything else is 415.
_ACCEPTED_TYPES = ("application/json", "text/xml", "application/xml", "application/x-www-form-urlencoded",
                   "text/plain", "")


# The usual acknowledgement, encoded once (json_response would dump it per request).
_OK_BODY = b'{"ok": true}'


def to_inbound(request: web.Request, body: bytes) -> InboundRequest:
    return InboundRequest(method=request.method, path=request.path, body=body,
                          headers={k.lower(): v for k, v in request.headers.items()},
                          query=dict(request.query) if request.query_string else {}, received_at=time.time())


def handshake_response(h: Handshake) -> web.Response:
    body = h.body.encode() if isinstance(h.body, str) else h.body
    return web.Response(status=h.status, body=body, content_type=h.content_type)


async def handle_webhook(request: web.Request) -> web.StreamResponse:
    app = request.app                   # a property lookup each time: read once (#17)
    name = request.match_info["platform"]
    adapter = app[ADAPTERS].get(name)
    if adapter is None:
        raise web.HTTPNotFound(text="no such webhook")
    metrics = app.get("metrics")
    status = 500
    try:
        ctype = request.content_type if request.body_exists else ""
        if request.method == "POST" and ctype not in _ACCEPTED_TYPES:
            raise UnsupportedMedia(f"unsupported content type {ctype}")
        server = app[SETTINGS]["server"]
        body = await read_body(request, server["max_body_bytes"], server["body_timeout_s"])
        req = to_inbound(request, body)
        adapter.verify(req)
        parsed: Parsed = adapter.parse(req)
        flood = app.get(FLOOD)
        if flood is not None and not flood.enabled:
            flood = None                # per_user_per_minute = 0: no bucket to spend
        limited, wait = 0, 1
        for msg in parsed.messages:
            if flood is not None:
                allowed, retry_after = await flood.check(msg.user)
                if not allowed:
                    limited, wait = limited + 1, max(wait, retry_after)
                    continue
            await app[INBOX].put(msg)
        if limited:
            # The others in a batch are stored; a redelivery dedupes them (bot/server/ratelimit.py).
            if metrics is not None:
                metrics.observe_rate_limited(name, limited)
            raise RateLimited("per-customer flood limit", retry_after=wait)
        for notice in parsed.notices:
            # Best effort and off the ack path: a notice that fails is not worth a retry storm.
            asyncio.get_running_loop().create_task(app[SENDER](notice))
        if parsed.handshake is not None:
            resp: web.StreamResponse = handshake_response(parsed.handshake)
        else:
            resp = web.Response(body=_OK_BODY, content_type="application/json")
        status = resp.status
        return resp
    except BotError as exc:
        status = exc.status
        if exc.status >= 500 and not isinstance(exc, Overloaded):
            log.error("webhook %s failed: %s", name, type(exc).__name__)
        return error_response(exc)
    except (RecursionError, UnicodeError):
        # Hostile input an adapter let through (JSON nested 100k deep; a lone surrogate escape
        # that cannot be stored as UTF-8): the body is malformed, not the server broken.
        status = 400
        return error_response(PayloadError("malformed body"))
    except Exception as exc:  # noqa: BLE001 - never a 500 with a traceback for bad input
        log.exception("webhook %s: unexpected %s", name, type(exc).__name__)
        status = 500
        return web.json_response({"error": "internal"}, status=500)
    finally:
        if metrics is not None:
            metrics.observe_request(name, status)


def routes() -> list[Any]:
    return [web.post("/webhooks/{platform}", handle_webhook), web.get("/webhooks/{platform}", handle_webhook)]
