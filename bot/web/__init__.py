"""Pages for people: the review pages (/audit), the agent console (/console), staff sign-in.

A page package the server mounts by name (`[server] pages` in config/default.toml): it depends
on the server's keys (bot/server/keys.py), never the other way round. The console's modules load
only when the server mounts it: commands such as `aftersales users` import bot.web.staff alone.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # only for the hints: `aftersales users` and every other command skip aiohttp (#17)
    from aiohttp import web


def mount(app: web.Application, settings: Any) -> None:
    """Add /audit and /console to the app (bot/web/console/mount.py)."""
    from bot.web.console.mount import mount_staff_pages
    mount_staff_pages(app, settings)


async def open(app: web.Application) -> Callable[[], Awaitable[None]]:  # noqa: A001 - the Pages protocol's name
    """Open the staff and hand-off tables and the console service; returns the closer."""
    from bot.web.console.mount import open_console
    return await open_console(app)
