"""Wiring of the staff pages (/audit, /console) and the hand-off service into the main app.

The server mounts the page packages named in `[server] pages` (bot/web, whose `mount` and
`open` are these): `mount_staff_pages(app, settings)` when it builds the app and
`await open_console(app)` on start-up, before the inbox workers start (so no message is
handled without the console hook), and it awaits the closer returned on shutdown.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot import db
from bot.core.messages import Message
from bot.server.keys import ADAPTERS, HOOKS, HTTP, RUNTIME, SENDER, SETTINGS, TRANSCRIPT
from bot.web.console.handoffs import HandoffStore
from bot.web.console.hours import DutyHours
from bot.web.console.media import MediaHosts
from bot.web.console.notify import Notifier
from bot.web.console.service import ConsoleService
from bot.web.console.transcript import customer_transcript
from bot.web.staff.users import StaffStore

CONSOLE = web.AppKey("console_service", ConsoleService)
STAFF = web.AppKey("staff_store", StaffStore)


def mount_staff_pages(app: web.Application, settings: Any) -> None:
    from bot.web.console.web import create_console_app
    from bot.web.review import create_audit_app

    DutyHours.from_settings(settings)          # a wrong [hours] setting stops start-up here
    app.add_subapp("/audit", create_audit_app(settings, lambda: app[RUNTIME].audit, lambda: app[STAFF]))
    if settings["console"]["enabled"]:
        app.add_subapp("/console", create_console_app(settings, lambda: app[CONSOLE], lambda: app[STAFF]))


async def open_console(app: web.Application) -> Callable[[], Awaitable[None]]:
    """Open the staff and hand-off tables (own connection) and the service; returns the closer."""
    settings, rt = app[SETTINGS], app[RUNTIME]
    conn = await db.connect(rt.db_path)
    app[STAFF] = await StaffStore.open(conn, settings)
    idle: asyncio.Task[None] | None = None
    if settings["console"]["enabled"]:
        service = ConsoleService(
            handoffs=await HandoffStore.open(conn, rt.keyring), get_runtime=lambda: app[RUNTIME],
            send=app[SENDER], hours=DutyHours.from_settings(settings), notifier=Notifier.from_settings(settings),
            http=app[HTTP], idle_return_s=float(settings["console"]["idle_return_s"]), clock=rt.clock,
            adapters=lambda: app[ADAPTERS], media_hosts=MediaHosts.from_settings(settings))
        app[CONSOLE] = service
        app[HOOKS] = service            # the worker calls its console_* hooks around each turn
        idle = asyncio.create_task(service.idle_loop())
    handoffs = app[CONSOLE].handoffs if CONSOLE in app else None

    async def transcript(msg: Message) -> list[dict[str, str]]:
        # The chat page after a reload: the bot's history and any hand-off's shown entries.
        return await customer_transcript(app[RUNTIME], handoffs, msg)
    app[TRANSCRIPT] = transcript

    async def close() -> None:
        if idle is not None:
            idle.cancel()
            await app[CONSOLE].drain()
        await conn.close()
    return close
