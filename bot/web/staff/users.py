"""Staff accounts, their sessions and the sign-in failure counters, all in the store database.

Everything lives in tables (component `staff`) so several replicas share accounts and
sessions, and revoking a session (sign-out, a disabled account, a new password) takes effect
on every replica at once. Passwords are hashed with scrypt (memory-hard) from `cryptography`;
neither the password nor the session id is ever stored: a session row is keyed by the SHA-256
of its random id, so a copy of the database cannot be replayed as a cookie.
"""
from __future__ import annotations

import asyncio
import base64
import builtins
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import bindparam, delete, func, insert, or_, select, update

from bot import db
from bot.storage import migrations, schema
from bot.storage import query as q
from bot.web.staff.roles import ROLES as ROLES  # re-exported
from bot.web.staff.roles import UserError as UserError

COMPONENT = "staff"
MIN_PASSWORD_LEN = 10
U, S, F = schema.staff_users, schema.staff_sessions, schema.staff_login_failures
TABLES = migrations.Component(COMPONENT, [U, S, F], steps=[migrations.BASELINE])
_GET = q.Statement(select(U).where(U.c.username == bindparam("username")))
_LIST = q.Statement(select(U).order_by(U.c.username))
_ACTIVE = q.Statement(select(func.count()).select_from(U).where(U.c.disabled == 0))
_ADD = q.Statement(insert(U), ["username", "roles", "pw_hash", "disabled", "created_at", "updated_at"])
_SET_DISABLED = q.Statement(update(U).where(U.c.id == bindparam("w_id")), ["disabled", "updated_at"])
_SET_PASSWORD = q.Statement(update(U).where(U.c.id == bindparam("w_id")), ["pw_hash", "updated_at"])
_END_USER_SESSIONS = q.Statement(delete(S).where(S.c.user_id == bindparam("user_id")))
_EXPIRE_SESSIONS = q.Statement(delete(S).where(or_(S.c.created_at < bindparam("born_before"),
                                                    S.c.last_seen < bindparam("seen_before"))))
_NEW_SESSION = q.Statement(insert(S), ["sid_hash", "user_id", "csrf", "created_at", "last_seen"])
# Labelled: the session's and the account's created_at are both wanted.
_SESSION = q.Statement(select(S.c.csrf, S.c.created_at.label("session_created"), S.c.last_seen, *U.c)
                       .join_from(S, U, U.c.id == S.c.user_id).where(S.c.sid_hash == bindparam("sid_hash")))
_END_SESSION = q.Statement(delete(S).where(S.c.sid_hash == bindparam("sid_hash")))
_TOUCH_SESSION = q.Statement(update(S).where(S.c.sid_hash == bindparam("w_sid_hash")), ["last_seen"])
_SESSIONS_OF = q.Statement(select(func.count()).select_from(S).join(U, U.c.id == S.c.user_id)
                           .where(U.c.username == bindparam("username")))
_FAILURES = q.Statement(select(F.c.n, F.c.first_at).where(F.c.key == bindparam("key")))
_EXPIRE_FAILURES = q.Statement(delete(F).where(F.c.first_at < bindparam("before")))


def _count_failure(dialect: str) -> Any:
    ins = q.dialect_insert(dialect, F).values(n=1)
    return ins.on_conflict_do_update(index_elements=["key"], set_={"n": F.c.n + 1})


_FAIL = q.Statement(_count_failure, ["key", "first_at"])
_CLEAR_FAILURES = q.Statement(delete(F).where(F.c.key == bindparam("key")))


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    roles: frozenset[str]
    disabled: bool
    created_at: float

    def can(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class StaffSession:
    sid_hash: str
    user: StaffUser
    csrf: str
    created_at: float


# -- password hashing ---------------------------------------------------------------------
def hash_password(password: str, n: int = 2 ** 15, r: int = 8, p: int = 1) -> str:
    salt = secrets.token_bytes(16)
    digest = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))
    b64 = base64.urlsafe_b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        Scrypt(salt=base64.urlsafe_b64decode(salt), length=32, n=int(n), r=int(r), p=int(p)).verify(
            password.encode("utf-8"), base64.urlsafe_b64decode(digest))
        return True
    except (ValueError, InvalidKey):
        return False


# A hash to check against when the account does not exist, so a wrong user name costs the
# same time as a wrong password (no account enumeration by timing).
_DUMMY: dict[int, str] = {}


def _dummy_hash(n: int) -> str:
    if n not in _DUMMY:
        _DUMMY[n] = hash_password(secrets.token_urlsafe(16), n=n)
    return _DUMMY[n]


def parse_roles(roles: Iterable[str]) -> frozenset[str]:
    out = set()
    for item in roles:
        for role in str(item).split(","):
            role = role.strip().lower()
            if not role:
                continue
            if role not in ROLES:
                raise UserError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
            out.add(role)
    if not out:
        raise UserError("at least one role is needed")
    return frozenset(out)


def _check_strength(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LEN:
        raise UserError(f"password must be at least {MIN_PASSWORD_LEN} characters")
    if password.lower() == username.lower():
        raise UserError("password must differ from the user name")


def _hash_key(kind: str, value: str) -> str:
    return f"{kind}:" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


# -- the store ----------------------------------------------------------------------------
class StaffStore:
    def __init__(self, conn: Any, *, scrypt_n: int = 2 ** 15, session_ttl_s: float = 8 * 3600,
                 idle_timeout_s: float = 3600, failures_allowed: int = 5, window_s: float = 600) -> None:
        self.conn = conn
        self.scrypt_n = scrypt_n
        self.session_ttl_s = session_ttl_s
        self.idle_timeout_s = idle_timeout_s
        self.failures_allowed = failures_allowed
        self.window_s = window_s

    @classmethod
    async def open(cls, conn: Any, settings: Any | None = None) -> StaffStore:
        await migrations.migrate(conn, TABLES)
        if settings is None:
            return cls(conn)
        s = settings["staff"]
        return cls(conn, scrypt_n=int(s["scrypt_n"]), session_ttl_s=float(s["session_ttl_s"]),
                   idle_timeout_s=float(s["idle_timeout_s"]), failures_allowed=int(s["login_failures_allowed"]),
                   window_s=float(s["login_window_s"]))

    async def _rows(self, stmt: q.Statement, params: dict[str, Any] | None = None) -> list[Any]:
        return await q.fetchall(self.conn, stmt, params)

    async def _exec(self, stmt: q.Statement, params: dict[str, Any]) -> int:
        async with db.transaction(self.conn):
            return (await q.execute(self.conn, stmt, params)).rowcount

    @staticmethod
    def _user(row: Any) -> StaffUser:
        return StaffUser(int(row["id"]), row["username"], frozenset(filter(None, row["roles"].split(","))),
                         bool(row["disabled"]), float(row["created_at"]))

    # accounts
    async def add(self, username: str, roles: Iterable[str], password: str) -> StaffUser:
        username = username.strip()
        if not username or len(username) > 64 or any(c.isspace() for c in username):
            raise UserError("user name must be 1-64 characters without spaces")
        role_set = parse_roles(roles)
        _check_strength(password, username)
        if await self.get(username) is not None:
            raise UserError(f"user {username!r} already exists")
        pw = await asyncio.to_thread(hash_password, password, self.scrypt_n)
        now = time.time()
        await self._exec(_ADD, {"username": username, "roles": ",".join(sorted(role_set)), "pw_hash": pw,
                                "disabled": 0, "created_at": now, "updated_at": now})
        user = await self.get(username)
        assert user is not None
        return user

    async def get(self, username: str) -> StaffUser | None:
        rows = await self._rows(_GET, {"username": username})
        return self._user(rows[0]) if rows else None

    async def list(self) -> list[StaffUser]:  # noqa: A003
        return [self._user(r) for r in await self._rows(_LIST)]

    async def count_active(self) -> int:
        rows = await self._rows(_ACTIVE)
        return int(rows[0][0])

    async def set_disabled(self, username: str, disabled: bool = True) -> None:
        user = await self.get(username)
        if user is None:
            raise UserError(f"no user {username!r}")
        await self._exec(_SET_DISABLED, {"disabled": int(disabled), "updated_at": time.time(), "w_id": user.id})
        if disabled:        # their sessions end now, on every replica
            await self._exec(_END_USER_SESSIONS, {"user_id": user.id})

    async def set_password(self, username: str, password: str) -> None:
        user = await self.get(username)
        if user is None:
            raise UserError(f"no user {username!r}")
        _check_strength(password, username)
        pw = await asyncio.to_thread(hash_password, password, self.scrypt_n)
        await self._exec(_SET_PASSWORD, {"pw_hash": pw, "updated_at": time.time(), "w_id": user.id})
        await self._exec(_END_USER_SESSIONS, {"user_id": user.id})

    async def authenticate(self, username: str, password: str) -> StaffUser | None:
        rows = await self._rows(_GET, {"username": username})
        stored = rows[0]["pw_hash"] if rows else _dummy_hash(self.scrypt_n)
        ok = await asyncio.to_thread(check_password, password, stored)
        if not rows or not ok:
            return None
        user = self._user(rows[0])
        return None if user.disabled else user

    # sessions
    async def new_session(self, user: StaffUser) -> tuple[str, StaffSession]:
        sid = secrets.token_urlsafe(32)
        sid_hash = hashlib.sha256(sid.encode()).hexdigest()
        csrf = secrets.token_urlsafe(24)
        now = time.time()
        await self._exec(_EXPIRE_SESSIONS, {"born_before": now - self.session_ttl_s,
                                            "seen_before": now - self.idle_timeout_s})
        await self._exec(_NEW_SESSION, {"sid_hash": sid_hash, "user_id": user.id, "csrf": csrf, "created_at": now,
                                        "last_seen": now})
        return sid, StaffSession(sid_hash, user, csrf, now)

    async def session(self, sid: str) -> StaffSession | None:
        if not sid or len(sid) > 128:
            return None
        sid_hash = hashlib.sha256(sid.encode()).hexdigest()
        rows = await self._rows(_SESSION, {"sid_hash": sid_hash})
        if not rows:
            return None
        row, now = rows[0], time.time()
        born = float(row["session_created"])
        if row["disabled"] or now - born > self.session_ttl_s or now - row["last_seen"] > self.idle_timeout_s:
            await self._exec(_END_SESSION, {"sid_hash": sid_hash})
            return None
        if now - row["last_seen"] > 30:          # do not write on every request
            await self._exec(_TOUCH_SESSION, {"last_seen": now, "w_sid_hash": sid_hash})
        return StaffSession(sid_hash, self._user(row), row["csrf"], born)

    async def end_session(self, sid_hash: str) -> None:
        await self._exec(_END_SESSION, {"sid_hash": sid_hash})

    async def sessions_of(self, username: str) -> int:
        rows = await self._rows(_SESSIONS_OF, {"username": username})
        return int(rows[0][0])

    # sign-in failures: per account and per client, in the database (shared by replicas),
    # expired by time, never wiped wholesale (a wipe would reset an attacker's count too)
    def keys_for(self, username: str, client: str) -> builtins.list[str]:
        return [_hash_key("account", username.strip().lower()), _hash_key("client", client)]

    async def limited(self, keys: builtins.list[str]) -> bool:
        now = time.time()
        for key in keys:
            rows = await self._rows(_FAILURES, {"key": key})
            if rows and now - rows[0]["first_at"] <= self.window_s and rows[0]["n"] >= self.failures_allowed:
                return True
        return False

    async def fail(self, keys: builtins.list[str]) -> None:
        now = time.time()
        async with db.transaction(self.conn):
            await q.execute(self.conn, _EXPIRE_FAILURES, {"before": now - self.window_s})
            for key in keys:
                await q.execute(self.conn, _FAIL, {"key": key, "first_at": now})

    async def succeeded(self, username: str) -> None:
        """A right password clears the account's counter (not the client's: one good account
        must not launder a client's guesses at others)."""
        await self._exec(_CLEAR_FAILURES, {"key": self.keys_for(username, "")[0]})


def constant_time_eq(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
