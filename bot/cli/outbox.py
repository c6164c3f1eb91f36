"""`aftersales outbox list|replay`: the replies that were not (or not surely) delivered.

A reply becomes a dead letter when its platform refused it or kept failing for the whole retry
budget (`dead`), or when the process died while sending it to a platform without idempotency
keys (`unknown`: it may have arrived — look before replaying). Dead letters keep the sealed
reply; `replay` sends it again through the platform's adapter (with the same idempotency key
where the platform has one) and marks it done, or records the new error. Works on the SQLite
(or PostgreSQL) inbox and, when `[redis] url` is set, on the Redis inbox; safe while the
server runs. `register(subparsers)` adds the command to the main CLI (bot/cli/main.py).
Exit codes: 0 ok; 1 a replay failed or an id is unknown; 2 configuration.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict
from typing import Any

# aiohttp, the adapters and the inbox load in the functions below: `register` runs for every
# command (#17).


def register(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser("outbox", help="list or replay replies that were not delivered (dead letters)")
    osub = p.add_subparsers(dest="outbox_command", required=True)
    q = osub.add_parser("list", help="dead letters, oldest first")
    _common(q)
    q.add_argument("--json", action="store_true", help="one JSON object per line")
    q.set_defaults(func=lambda args: asyncio.run(_list(args)))
    q = osub.add_parser("replay", help="send dead letters again")
    _common(q)
    q.add_argument("ids", nargs="*", help="dead-letter ids from `outbox list`")
    q.add_argument("--all", action="store_true", help="every dead letter")
    q.set_defaults(func=lambda args: asyncio.run(_replay(args)))
    return p


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="TOML file overriding config/default.toml")
    p.add_argument("--db", help="SQLite database path")


async def _open(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from bot import db
    from bot.cli.main import settings_from
    from bot.inbox import Inbox
    from privacy.keys import KeyRing

    settings = settings_from(args)
    conn = await db.connect(settings.db_path)
    keyring = await KeyRing.from_settings(settings, conn)
    if settings["redis"]["url"]:
        from bot.redis_inbox import RedisInbox
        inbox: Any = await RedisInbox.from_settings(settings, keyring)
    else:
        inbox = await Inbox.open(settings.db_path, keyring, recover=False)
    return settings, conn, inbox


async def _close(conn: Any, inbox: Any) -> None:
    if hasattr(inbox, "r"):
        await inbox.r.aclose()
    else:
        await inbox.conn.close()
    await conn.close()


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))


async def _list(args: argparse.Namespace) -> int:
    _, conn, inbox = await _open(args)
    try:
        letters = await inbox.dead_letters()
    finally:
        await _close(conn, inbox)
    if args.json:
        for d in letters:
            print(json.dumps(asdict(d)))
        return 0
    if not letters:
        print("no dead letters")
        return 0
    print(f"{'id':>36}  {'platform':9} {'status':8} {'attempts':>8}  {'since (UTC)':19}  error")
    for d in letters:
        print(f"{d.id:>36}  {d.platform[:9]:9} {d.status:8} {d.attempts:>8}  {_when(d.updated_at)}  "
              f"{d.error or '-'}{'' if d.has_reply else ' (no reply stored)'}")
    return 0


async def _replay(args: argparse.Namespace) -> int:
    import aiohttp

    import adapters
    from adapters import outbound

    settings, conn, inbox = await _open(args)
    failed = 0
    try:
        ids = [d.id for d in await inbox.dead_letters()] if args.all else list(args.ids)
        if not ids:
            print("nothing to replay", file=sys.stderr)
            return 0 if args.all else 1
        outbound.configure(settings["outbound"])
        enabled = adapters.enabled_adapters(settings)
        async with aiohttp.ClientSession() as http:
            for letter_id in ids:
                reply = await inbox.dead_reply(letter_id)
                adapter = enabled.get(reply.platform) if reply is not None else None
                if reply is None or adapter is None:
                    why = "unknown id or no stored reply" if reply is None else f"{reply.platform} is not configured"
                    print(f"{letter_id}: not replayed ({why})", file=sys.stderr)
                    failed += 1
                    continue
                try:
                    delivery = await adapter.send(reply, http)
                except Exception as exc:  # noqa: BLE001 - recorded as the new error
                    delivery = {"ok": False, "error": type(exc).__name__}
                status = await inbox.resolve_dead(letter_id, delivery)
                print(f"{letter_id}: {'delivered' if status == 'done' else 'failed again: ' + str(delivery.get('error'))}")
                failed += status != "done"
    finally:
        await _close(conn, inbox)
    return 1 if failed else 0
