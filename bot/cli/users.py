"""`aftersales users add|list|disable|enable|passwd`: staff accounts for /console and /audit.

The password is read from the terminal without echo (or one line on stdin with
`--password-stdin`, for scripts), never from the command line where `ps` would show it.
The first admin is made here: whoever can run this CLI already holds the database and key.
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.web.staff.roles import ROLES, UserError

if TYPE_CHECKING:
    from bot.web.staff.users import StaffStore


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UserError("the passwords differ")
    return first


def _runner(body: Callable[[argparse.Namespace, StaffStore], Awaitable[int]]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        async def go() -> int:
            overrides = {"data": {"db": args.db}} if args.db else None
            settings = load_settings(args.config, overrides=overrides)
            # here, not at import: SQLAlchemy is not for --help (#17)
            from bot.db import connect
            from bot.web.staff.users import StaffStore
            conn = await connect(settings.db_path)
            try:
                return await body(args, await StaffStore.open(conn, settings))
            finally:
                await conn.close()
        try:
            return asyncio.run(go())
        except (UserError, ConfigError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return run


async def _add(args: argparse.Namespace, staff: StaffStore) -> int:
    user = await staff.add(args.username, args.role, _read_password(args))
    print(f"added {user.username} ({', '.join(sorted(user.roles))})")
    return 0


async def _list(args: argparse.Namespace, staff: StaffStore) -> int:
    for u in await staff.list():
        print(f"{u.username:24} {','.join(sorted(u.roles)):28} {'disabled' if u.disabled else 'active'}")
    return 0


async def _disable(args: argparse.Namespace, staff: StaffStore) -> int:
    await staff.set_disabled(args.username, True)
    print(f"disabled {args.username}; their sessions are ended")
    return 0


async def _enable(args: argparse.Namespace, staff: StaffStore) -> int:
    await staff.set_disabled(args.username, False)
    print(f"enabled {args.username}")
    return 0


async def _passwd(args: argparse.Namespace, staff: StaffStore) -> int:
    if await staff.get(args.username) is None:
        raise UserError(f"no user {args.username!r}")
    await staff.set_password(args.username, _read_password(args))
    print(f"password changed for {args.username}; their sessions are ended")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="database path (default: the configured data.db)")
    p.add_argument("--config", help="TOML config file overriding config/default.toml")


def register(subparsers: Any) -> None:
    users = subparsers.add_parser("users", help="staff accounts for /console and /audit")
    sub = users.add_subparsers(dest="users_command", required=True)
    p = sub.add_parser("add", help="add a staff account")
    _common(p)
    p.add_argument("username")
    p.add_argument("--role", action="append", required=True,
                   help=f"one of {', '.join(ROLES)}; repeat (or comma-separate) for several")
    p.add_argument("--password-stdin", action="store_true", help="read the password from one line on stdin")
    p.set_defaults(func=_runner(_add))
    p = sub.add_parser("list", help="list staff accounts")
    _common(p)
    p.set_defaults(func=_runner(_list))
    for name, fn, text in (("disable", _disable, "disable an account and end its sessions"),
                           ("enable", _enable, "enable a disabled account")):
        p = sub.add_parser(name, help=text)
        _common(p)
        p.add_argument("username")
        p.set_defaults(func=_runner(fn))
    p = sub.add_parser("passwd", help="set a new password (ends the account's sessions)")
    _common(p)
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=_runner(_passwd))
