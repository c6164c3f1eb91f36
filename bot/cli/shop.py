"""`aftersales shop check`: is the configured shop backend reachable and readable, and what it holds.

Prints one JSON object `{"backend", "ok", "counts", "detail"}` to stdout; exit status 0 when
the backend answered, 1 when it did not (the detail says why, without secrets).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # bot.shop imports its backends: not for `--help` (#17)
    from bot.shop.models import ShopCheck


def register(sub: Any) -> None:
    from bot.cli.main import _common

    p = sub.add_parser("shop", help="the shop system behind the bot (built-in store or Medusa)")
    ssub = p.add_subparsers(dest="shop_command", required=True)
    q = ssub.add_parser("check", help="is the configured shop backend reachable and readable (counts)")
    _common(q)
    q.set_defaults(func=cmd_shop_check)


def cmd_shop_check(args: argparse.Namespace) -> int:
    from bot.cli.main import settings_from

    check = asyncio.run(_check(settings_from(args)))
    json.dump({"backend": check.backend, "ok": check.ok, "counts": dict(check.counts), "detail": check.detail},
              sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0 if check.ok else 1


async def _check(settings: Any) -> ShopCheck:
    from bot.shop.factory import backend_name, open_shop
    from bot.shop.models import ShopCheck

    try:
        shop = await open_shop(settings)
    except Exception as exc:  # noqa: BLE001 - a check reports, it does not crash
        return ShopCheck(backend_name(settings), False, {}, f"cannot open the shop: {type(exc).__name__}: {exc}")
    try:
        return await shop.check()
    finally:
        await shop.close()
