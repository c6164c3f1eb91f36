"""Every aiohttp AppKey the server's parts share, in one module that imports none of them.

The app, the webhook and chat handlers, and page packages mounted beside them (bot/web) all read
the same keys; defining them here (not in app.py) is what lets those modules import each other
one way only. Types named only in annotations are imported for the type checker alone.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

import aiohttp
from aiohttp import web

from bot.core.messages import Message, Reply
from bot.core.settings import Settings

if TYPE_CHECKING:
    from adapters.base import Adapter
    from bot.inbox import Inbox
    from bot.pipeline.runner import TurnResult
    from bot.pipeline.runtime import Runtime
    from bot.redis_inbox import RedisInbox, SharedFloodLimiter
    from bot.server.ratelimit import FloodLimiter
    from bot.server.webchat_hub import WebChat


class TurnHooks(Protocol):
    """What a page package (the agent console) may do around each turn the worker runs."""

    async def console_intercept(self, msg: Message) -> bool:
        """True: a person has this conversation; the bot does not answer it."""

    async def console_before_send(self, msg: Message, result: TurnResult) -> None:
        """Before the reply leaves (open a hand-off, off-hours wording)."""

    async def console_after_send(self, msg: Message, result: TurnResult) -> None:
        """After it left (ask once whether it helped)."""


Sender = Callable[[Reply], Coroutine[Any, Any, dict[str, Any]]]

SETTINGS = web.AppKey("settings", Settings)
RUNTIME: web.AppKey[Runtime] = web.AppKey("runtime")
INBOX: web.AppKey[Inbox | RedisInbox] = web.AppKey("inbox")
ADAPTERS: web.AppKey[dict[str, Adapter]] = web.AppKey("adapters")
WEBCHAT: web.AppKey[WebChat] = web.AppKey("webchat")
HTTP = web.AppKey("http", aiohttp.ClientSession)
# What the app's make_sender builds: typed, so the webhook and the console call it with the right shape.
SENDER: web.AppKey[Sender] = web.AppKey("sender")
FLOOD: web.AppKey[FloodLimiter | SharedFloodLimiter] = web.AppKey("flood")
PIPELINE_SLOTS = web.AppKey("pipeline_slots", asyncio.Semaphore)
# Set by a page package that wants to see every turn (bot/web/console/mount.py).
HOOKS: web.AppKey[TurnHooks] = web.AppKey("turn_hooks")
# What a chat-page customer may see again after a reload (set by bot/web: history and hand-off).
Transcript = Callable[[Message], Awaitable[list[dict[str, str]]]]
TRANSCRIPT: web.AppKey[Transcript] = web.AppKey("transcript")
