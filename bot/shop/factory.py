"""`open_shop(settings)`: the configured shop backend behind the `Shop` interface.

`[shop] backend = "builtin"` (default) wraps the bot's own store (SQLite, or PostgreSQL when
`data.db` is a postgresql:// URL). `"medusa"` imports `bot.shop.medusa` by name, lazily, so
the connector is optional code that plugs in: that module provides

    async def open_shop(settings: Settings, *, store: Store | None = None) -> Shop

and reads `[shop] base_url`, `identity`, `identity_key`, `timeout_s`, `retries` and the secret
`AFTERSALES_MEDUSA_API_KEY` (or `AFTERSALES_MEDUSA_EMAIL` / `AFTERSALES_MEDUSA_PASSWORD`).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bot.core.errors import ConfigError
from bot.shop.ports import Shop

if TYPE_CHECKING:  # pragma: no cover
    from bot.core.settings import Settings
    from bot.shop.store import Store

BACKENDS = ("builtin", "medusa")
CONNECTOR_MODULES = {"medusa": "bot.shop.medusa"}


def backend_name(settings: Settings) -> str:
    try:
        name: str = settings["shop"]["backend"]
    except KeyError:
        return "builtin"
    if name not in BACKENDS:
        raise ConfigError("shop.backend", f"must be one of {', '.join(BACKENDS)}; got {name!r}")
    return name


async def open_shop(settings: Settings, *, store: Store | None = None) -> Shop:
    """The configured backend. `store` is the bot's own store when the caller already opened
    it (the runtime); the built-in backend wraps it, a connector may ignore it. Without it the
    built-in backend opens its own (closed by the returned shop's close())."""
    name = backend_name(settings)
    if name == "builtin":
        from bot.shop.store.builtin import BuiltinShop
        if store is not None:
            return BuiltinShop(store)
        return await BuiltinShop.open(settings)
    try:
        module: Any = importlib.import_module(CONNECTOR_MODULES[name])
    except ModuleNotFoundError as exc:
        if exc.name != CONNECTOR_MODULES[name]:
            raise
        raise ConfigError("shop.backend", f"{name!r}: connector module {CONNECTOR_MODULES[name]} is not installed") \
            from None
    shop: Shop = await module.open_shop(settings, store=store)
    return shop
