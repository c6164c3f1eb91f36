"""Wiring of the staff pages (/audit, /console) and the hand-off service into the main app.

bot/app.py calls `mount_staff_pages(app, settings)` when it builds the app and
`await open_console(app)` on start-up, before the inbox workers start (so no message is
handled without the console hook), and awaits the closer it returns on shutdown.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot import db
from bot.console.handoffs import HandoffStore
from bot.console.hours import DutyHours
from bot.console.notify import Notifier
from bot.console.service import ConsoleService
from bot.staff.users import StaffStore

CONSOLE = web.AppKey("console_service", ConsoleService)
STAFF = web.AppKey("staff_store", StaffStore)


def mount_staff_pages(app: web.Application, settings: Any) -> None:
    from bot.app import RUNTIME
    from bot.audit_web import create_audit_app
    from bot.console.web import create_console_app

    DutyHours.from_settings(settings)          # a wrong [hours] setting stops start-up here
    app.add_subapp("/audit", create_audit_app(settings, lambda: app[RUNTIME].audit, lambda: app[STAFF]))
    if settings["console"]["enabled"]:
        app.add_subapp("/console", create_console_app(settings, lambda: app[CONSOLE], lambda: app[STAFF]))


async def open_console(app: web.Application) -> Callable[[], Awaitable[None]]:
    """Open the staff and hand-off tables (own connection) and the service; returns the closer."""
    from bot.app import ADAPTERS, HTTP, RUNTIME, SENDER, SETTINGS

    settings, rt = app[SETTINGS], app[RUNTIME]
    conn = await db.connect(rt.db_path)
    app[STAFF] = await StaffStore.open(conn, settings)
    idle: asyncio.Task[None] | None = None
    if settings["console"]["enabled"]:
        service = ConsoleService(
            handoffs=await HandoffStore.open(conn, rt.keyring), get_runtime=lambda: app[RUNTIME],
            send=app[SENDER], hours=DutyHours.from_settings(settings), notifier=Notifier.from_settings(settings),
            http=app[HTTP], idle_return_s=float(settings["console"]["idle_return_s"]), clock=rt.clock,
            adapters=lambda: app[ADAPTERS])
        app[CONSOLE] = service
        idle = asyncio.create_task(service.idle_loop())

    async def close() -> None:
        if idle is not None:
            idle.cancel()
            await app[CONSOLE].drain()
        await conn.close()
    return close
