"""Reading a request body and the JSON error shape, shared by the webhooks and the chat page.

Kept apart from bot/server/webhook.py so the chat page (an adapter of its own) needs neither the
webhook module nor bot.server.app.
"""
from __future__ import annotations

import asyncio

from aiohttp import web

from bot.core.errors import BotError, Overloaded, PayloadTooLarge


class RequestTimeout(BotError):
    """408: the client stopped sending its body (a half-sent request holds no worker forever)."""

    status = 408


async def read_body(request: web.Request, limit: int, timeout_s: float | None = None) -> bytes:
    """The whole raw body, however it arrives (several TCP segments, chunked), at most `limit` bytes.

    `request.content.read(n)` returns whatever is buffered so far, so one call would verify a
    signature over a prefix; this reads to the end. Over `limit`: 413, declared or not.
    """
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"body over {limit} bytes")
    content = request.content
    if content.is_eof():
        # The whole body arrived with the headers (a webhook's usual few hundred bytes): take it
        # as is, without a deadline to arm or a read to await (#17: every ack pays for those).
        body = content.read_nowait(-1)
        if len(body) > limit:
            raise PayloadTooLarge(f"body over {limit} bytes")
        return body

    async def read_all() -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = await request.content.read(64 * 1024)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"body over {limit} bytes")
            chunks.append(chunk)

    if not timeout_s:
        return await read_all()
    try:
        # A deadline on this task, not wait_for: on Python 3.11 wait_for runs the read in a task
        # of its own, one more task and loop round trip for every webhook.
        async with asyncio.timeout(timeout_s):
            return await read_all()
    except TimeoutError:
        raise RequestTimeout(f"body not received within {timeout_s:g} s") from None


def error_response(exc: BotError) -> web.Response:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Overloaded) else None
    return web.json_response({"error": type(exc).__name__, "detail": str(exc)}, status=exc.status,
                             headers=headers)
