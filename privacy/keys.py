"""Envelope encryption: master key(s) -> per-scope data keys -> AES-256-GCM sealed blobs.

Why envelopes: each customer ("scope") gets its own random data key, stored only wrapped
(encrypted) by a master key that never touches the database. Destroying one wrapped data
key makes exactly that customer's records unreadable (crypto-shredding) while everything
else, including the audit hash chain, stays intact; rotating the master key only re-wraps
the small data keys, never the records.

Formats
    master keys   AFTERSALES_MASTER_KEY = "<key>" or "kid:<key>,kid2:<key>" (base64 or hex,
                  32 bytes each). The first entry is the current key (wraps new data keys);
                  the others stay able to unwrap during a rotation. Without the variable, a
                  development key file `<data dir>/master.key` (mode 0600) is created.
    sealed blob   0x01 | data-key id (8 bytes) | nonce (12) | AES-GCM ciphertext+tag.
                  The AAD binds the scope and the header, so a blob moved to another scope
                  or another key id does not open.
Scopes starting with "sys:" are internal (checkpoint MAC key, blind-index keys); they
survive erasure and are re-wrapped by rotation like any other key. Every other scope name is
stored only as a keyed hash ("h:..."), because callers use scopes such as
"identity:whatsapp:<wa_id>" and a wa_id is a phone number.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, overload

import aiosqlite
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import bindparam, case, func, select, update

from bot.core.errors import ConfigError
from bot.db import migrations, run_transaction, schema
from bot.db import query as q

log = logging.getLogger(__name__)

SYSTEM_SCOPE = "system"
_VERSION = b"\x01"
_HEADER_LEN = 1 + 8
_NONCE_LEN = 12
_DEV_KEY_FILE = "master.key"

T = schema.data_keys
COMPONENT = migrations.Component("keys", [T], steps=[migrations.BASELINE])
_ERASED_AT = q.Statement(select(T.c.erased_at).where(T.c.key_id == bindparam("key_id")))
_KEY = q.Statement(select(T.c.scope, T.c.kid, T.c.wrapped, T.c.erased_at).where(T.c.key_id == bindparam("key_id")))
_LIVE = q.Statement(select(T.c.key_id).where(T.c.scope == bindparam("sid"), T.c.erased_at.is_(None)))
# Ignore a conflict: another process may have created the live key meanwhile; it is re-read.
_CREATE = q.Statement(q.insert_ignore(T), ["key_id", "scope", "kid", "wrapped", "created_at"])
_ERASURE = q.Statement(select(func.sum(case((T.c.erased_at.is_(None), 1), else_=0)), func.count())
                       .where(T.c.scope == bindparam("sid")))
_SHRED = q.Statement(update(T).where(T.c.scope == bindparam("sid"), T.c.erased_at.is_(None))
                     .values(wrapped=None, kid=None), ["erased_at"])
_TO_REWRAP = q.Statement(select(T.c.key_id, T.c.scope, T.c.kid, T.c.wrapped)
                         .where(T.c.erased_at.is_(None), T.c.kid != bindparam("current")))
_REWRAP = q.Statement(update(T).where(T.c.key_id == bindparam("w_key_id"), T.c.kid == bindparam("w_kid")),
                      ["kid", "wrapped"])
_USAGE = q.Statement(select(T.c.kid, func.count()).where(T.c.erased_at.is_(None)).group_by(T.c.kid))


class _ClassOrInstance:
    """`KeyRing.open(conn, keys, kid)` builds a ring; `ring.open(scope, blob)` decrypts.

    Both spellings are in the published seam, so the name dispatches on how it is reached.
    """

    def __init__(self, on_class: Any, on_instance: Any) -> None:
        self.on_class, self.on_instance = on_class, on_instance

    @overload
    def __get__(self, obj: None, objtype: Any = None) -> Callable[..., Awaitable[KeyRing]]: ...
    @overload
    def __get__(self, obj: KeyRing, objtype: Any = None) -> Callable[..., Awaitable[bytes]]: ...

    def __get__(self, obj: KeyRing | None, objtype: Any = None) -> Any:
        if obj is None:
            return self.on_class.__get__(None, objtype)
        return self.on_instance.__get__(obj, objtype)


class KeyRingError(Exception):
    """Base for key-hierarchy failures."""


class KeyErased(KeyRingError):
    """The data key that sealed this blob was destroyed: the data is gone for good."""


class DecryptError(KeyRingError):
    """A blob failed authentication: wrong scope, wrong AAD, tampered, or unknown master key."""


def _lp(*parts: bytes) -> bytes:
    """Length-prefixed concatenation, so AAD pieces cannot run into each other."""
    return b"".join(len(p).to_bytes(4, "big") + p for p in parts)


def _decode_key(text: str, where: str) -> bytes:
    text = text.strip()
    raw: bytes | None = None
    if len(text) == 64:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = None
    if raw is None:
        try:
            alt = b"-_" if ("-" in text or "_" in text) else None
            raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=alt, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(where, "a master key must be 32 bytes as base64 or hex") from None
    if len(raw) != 32:
        raise ConfigError(where, f"a master key must be 32 bytes, got {len(raw)}")
    return raw


def key_fingerprint(key: bytes) -> str:
    """A stable, non-secret key id for a master key given without one."""
    return "k" + hashlib.sha256(b"aftersales-master-kid\x00" + key).hexdigest()[:8]


def parse_master_keys(value: str, where: str = "AFTERSALES_MASTER_KEY") -> tuple[dict[str, bytes], str]:
    """Parse "<key>" or "kid:<key>,kid2:<key2>" (commas or newlines); returns (keys, current kid)."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in value.replace("\n", ",").split(","):
        item = item.strip()
        if not item or item.startswith("#"):
            continue
        if ":" in item:
            kid, _, text = item.partition(":")
            kid = kid.strip()
            if not kid or not kid.replace("-", "").replace("_", "").isalnum():
                raise ConfigError(where, "a key id must be letters, digits, '-' or '_'")
        else:
            text = item
            kid = ""
        key = _decode_key(text, where)
        kid = kid or key_fingerprint(key)
        if kid in keys and keys[kid] != key:
            raise ConfigError(where, f"key id {kid!r} given twice with different keys")
        if kid not in keys:
            order.append(kid)
        keys[kid] = key
    if not keys:
        raise ConfigError(where, "no master key given")
    return keys, order[0]


def format_master_keys(keys: Mapping[str, bytes], current: str) -> str:
    """Inverse of parse_master_keys (current key first)."""
    kids = [current] + [k for k in keys if k != current]
    return ",".join(f"{k}:{base64.b64encode(keys[k]).decode()}" for k in kids)


def dev_key_file(data_dir: Path) -> Path:
    return Path(data_dir) / _DEV_KEY_FILE


def load_or_create_dev_keys(data_dir: Path) -> tuple[dict[str, bytes], str]:
    """The development master key file; created with mode 0600 when missing, loudly."""
    path = dev_key_file(data_dir)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(format_master_keys({"dev1": key}, "dev1") + "\n")
            log.warning("!" * 72)
            log.warning("AFTERSALES_MASTER_KEY is not set: generated a DEVELOPMENT master key at %s "
                        "(mode 0600). Losing this file makes the audit log and vault unreadable. "
                        "Set AFTERSALES_MASTER_KEY in production.", path)
            log.warning("!" * 72)
    else:
        log.warning("AFTERSALES_MASTER_KEY is not set: using the development key file %s", path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ConfigError(str(path), f"development key file must be mode 0600, is {oct(mode)}")
    return parse_master_keys(path.read_text(), where=str(path))


def save_dev_keys(data_dir: Path, keys: Mapping[str, bytes], current: str) -> None:
    """Rewrite the development key file atomically (used by `keys rotate --generate`)."""
    path = dev_key_file(data_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(format_master_keys(keys, current) + "\n")
    os.replace(tmp, path)


def master_keys_from_settings(settings: Any) -> tuple[dict[str, bytes], str, bool]:
    """(keys, current kid, from_env). Env wins; otherwise the development key file."""
    value = settings.secret("MASTER_KEY")
    if value:
        keys, current = parse_master_keys(value)
        return keys, current, True
    keys, current = load_or_create_dev_keys(settings.data_dir)
    return keys, current, False


class KeyRing:
    """Per-scope data keys wrapped by the current master key; unwrapped keys cached in memory.

    The cache is per process; cached customer keys are re-checked against the table every
    `recheck_s` seconds, so an erase made by another process (the CLI while the server runs)
    takes effect here within that time without a query per decryption.
    """

    recheck_s: float = 30.0

    def __init__(self, conn: aiosqlite.Connection, master_keys: Mapping[str, bytes], current_kid: str) -> None:
        if current_kid not in master_keys:
            raise ConfigError("AFTERSALES_MASTER_KEY", f"current key id {current_kid!r} has no key")
        self.conn = conn
        self._masters = {kid: AESGCM(bytes(k)) for kid, k in master_keys.items()}
        self.current_kid = current_kid
        self._by_id: dict[str, tuple[str, bytes]] = {}      # key_id -> (scope id, raw data key)
        self._aead: dict[str, AESGCM] = {}
        self._seal_fixed: dict[str, tuple[bytes, bytes]] = {}   # key_id -> (blob header, AAD prefix)
        self._live: dict[str, str] = {}                     # scope -> live key_id
        self._sids: dict[str, str] = {}                     # scope -> stored scope id
        self._checked: dict[str, float] = {}                # key_id -> when last seen live in the table
        self._erased: set[str] = set()
        self._lock = asyncio.Lock()

    # -- construction -------------------------------------------------------------------
    @classmethod
    async def create(cls, conn: aiosqlite.Connection, master_keys: Mapping[str, bytes],
                     current_kid: str) -> KeyRing:
        """Migrate the data_keys table and build a ring (also reachable as `KeyRing.open(...)`)."""
        await migrations.migrate(conn, COMPONENT)
        return cls(conn, master_keys, current_kid)

    @classmethod
    async def from_settings(cls, settings: Any, conn: aiosqlite.Connection) -> KeyRing:
        keys, current, _ = master_keys_from_settings(settings)
        return await cls.create(conn, keys, current)

    @property
    def master_kids(self) -> list[str]:
        return list(self._masters)

    # -- wrapping -----------------------------------------------------------------------
    def _wrap(self, key_id: str, scope: str, raw: bytes, kid: str) -> bytes:
        nonce = os.urandom(_NONCE_LEN)
        aad = _lp(b"aftersales/dk/v1", key_id.encode(), scope.encode(), kid.encode())
        return nonce + self._masters[kid].encrypt(nonce, raw, aad)

    def _unwrap(self, key_id: str, scope: str, wrapped: bytes, kid: str) -> bytes:
        master = self._masters.get(kid)
        if master is None:
            raise DecryptError(f"data key {key_id} is wrapped by master key {kid!r}, which is not configured")
        aad = _lp(b"aftersales/dk/v1", key_id.encode(), scope.encode(), kid.encode())
        try:
            return master.decrypt(wrapped[:_NONCE_LEN], wrapped[_NONCE_LEN:], aad)
        except InvalidTag:
            raise DecryptError(f"data key {key_id} does not unwrap under master key {kid!r}") from None

    def _remember(self, key_id: str, scope: str, raw: bytes) -> None:
        self._by_id[key_id] = (scope, raw)
        self._aead[key_id] = AESGCM(raw)
        self._checked[key_id] = time.monotonic()

    def _drop(self, key_id: str) -> None:
        self._by_id.pop(key_id, None)
        self._aead.pop(key_id, None)
        self._seal_fixed.pop(key_id, None)
        self._checked.pop(key_id, None)
        self._erased.add(key_id)
        for scope, live in list(self._live.items()):
            if live == key_id:
                del self._live[scope]

    async def _still_live(self, key_id: str) -> bool:
        """Re-check a cached key now and then (internal keys are never erased)."""
        sid = self._by_id[key_id][0]
        if sid.startswith("sys:") or time.monotonic() - self._checked.get(key_id, 0.0) < self.recheck_s:
            return True
        row = (await q.execute(self.conn, _ERASED_AT, {"key_id": key_id})).first()
        if row is None or row[0] is not None:
            self._drop(key_id)
            return False
        self._checked[key_id] = time.monotonic()
        return True

    async def _load_id(self, key_id: str) -> tuple[str, bytes]:
        if key_id in self._by_id:
            if await self._still_live(key_id):
                return self._by_id[key_id]
            raise KeyErased(f"data key {key_id} was erased")
        if key_id in self._erased:
            raise KeyErased(f"data key {key_id} was erased")
        row = (await q.execute(self.conn, _KEY, {"key_id": key_id})).first()
        if row is None:
            raise DecryptError(f"unknown data key {key_id}")
        if row["erased_at"] is not None or row["wrapped"] is None:
            self._erased.add(key_id)
            raise KeyErased(f"data key {key_id} was erased")
        raw = self._unwrap(key_id, row["scope"], bytes(row["wrapped"]), row["kid"])
        self._remember(key_id, row["scope"], raw)
        return row["scope"], raw

    async def _sid(self, scope: str) -> str:
        """The scope as stored: internal scopes as is, others as a keyed hash (no PII in clear)."""
        if scope.startswith("sys:"):
            return scope
        sid = self._sids.get(scope)
        if sid is None:
            secret = self._by_id[await self._live_key("sys:scope-index")][1]
            sid = "h:" + hmac.new(secret, scope.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
            self._sids[scope] = sid
        return sid

    async def _live_key(self, scope: str) -> str:
        """The scope's live data key id, created on first use (race-safe across processes)."""
        key_id = self._live.get(scope)
        if key_id is not None and await self._still_live(key_id):
            return key_id
        sid = await self._sid(scope)   # before the lock: it may itself create the index key
        async with self._lock:
            if scope in self._live:
                return self._live[scope]
            for attempt in range(2):
                row = (await q.execute(self.conn, _LIVE, {"sid": sid})).first()
                if row is not None:
                    live_id: str = row["key_id"]
                    await self._load_id(live_id)
                    self._live[scope] = live_id
                    return live_id
                if attempt:
                    break
                key_id = secrets.token_hex(8)
                raw = secrets.token_bytes(32)
                wrapped = self._wrap(key_id, sid, raw, self.current_kid)
                row_args = {"key_id": key_id, "scope": sid, "kid": self.current_kid, "wrapped": wrapped,
                            "created_at": time.time()}

                async def insert(row_args: dict[str, Any] = row_args) -> int:
                    return (await q.execute(self.conn, _CREATE, row_args)).rowcount
                if await run_transaction(self.conn, insert) == 1:
                    self._remember(key_id, sid, raw)
                    self._live[scope] = key_id
                    return key_id
        raise KeyRingError("could not create a data key")

    # -- public API ---------------------------------------------------------------------
    async def seal(self, scope: str, plaintext: bytes, aad: bytes = b"") -> bytes:
        """Encrypt under the scope's data key (created on first use)."""
        key_id = await self._live_key(scope)
        fixed = self._seal_fixed.get(key_id)
        if fixed is None:
            # The header and the AAD's fixed part depend on the key only: built once per key,
            # not per sealed message (the webhook seals every message before its 200, #17).
            header = _VERSION + bytes.fromhex(key_id)
            fixed = self._seal_fixed[key_id] = (header, _lp(b"aftersales/seal/v1", self._by_id[key_id][0].encode(),
                                                              header))
        header, prefix = fixed
        nonce = os.urandom(_NONCE_LEN)
        return header + nonce + self._aead[key_id].encrypt(nonce, plaintext, prefix + _lp(aad))

    @staticmethod
    def _seal_aad(sid: str, header: bytes, aad: bytes) -> bytes:
        # Bound to the stored scope id (a keyed function of the scope) so a blob can also be
        # opened knowing only its key id, without the scope name ever being stored in clear.
        return _lp(b"aftersales/seal/v1", sid.encode(), header, aad)

    async def _open(self, scope: str | None, blob: bytes, aad: bytes) -> bytes:
        blob = bytes(blob)
        if len(blob) < _HEADER_LEN + _NONCE_LEN + 16 or blob[:1] != _VERSION:
            raise DecryptError("not a sealed blob")
        header = blob[:_HEADER_LEN]
        key_id = header[1:].hex()
        key_sid, _ = await self._load_id(key_id)
        if scope is not None and key_sid != await self._sid(scope):
            raise DecryptError("blob sealed for another scope")
        nonce = blob[_HEADER_LEN:_HEADER_LEN + _NONCE_LEN]
        try:
            return self._aead[key_id].decrypt(nonce, blob[_HEADER_LEN + _NONCE_LEN:],
                                              self._seal_aad(key_sid, header, aad))
        except InvalidTag:
            raise DecryptError("blob failed authentication") from None

    async def open_blob(self, scope: str, blob: bytes, aad: bytes = b"") -> bytes:
        """Decrypt a sealed blob; KeyErased if its data key was destroyed, DecryptError if forged
        or sealed for another scope."""
        return await self._open(scope, blob, aad)

    # In the class body (not patched on afterwards) so the type checker sees the descriptor.
    open = _ClassOrInstance(create, open_blob)

    async def open_sealed(self, blob: bytes, aad: bytes = b"") -> bytes:
        """Decrypt whatever scope sealed it (the header names the data key); same errors."""
        return await self._open(None, blob, aad)

    async def is_erased(self, scope: str) -> bool:
        """True when the scope had data keys and none is live any more."""
        row = (await q.execute(self.conn, _ERASURE, {"sid": await self._sid(scope)})).first()
        assert row is not None   # an aggregate always yields one row
        live, total = row
        return bool(total) and not live

    async def erase(self, scope: str) -> int:
        """Destroy every data key of `scope` (crypto-shredding). Returns how many were destroyed."""
        if scope.startswith("sys:"):
            raise ValueError("internal scopes cannot be erased")
        sid = await self._sid(scope)
        async with self._lock:
            # secure_delete zeroes the freed bytes of the old wrapped key in the page itself;
            # the WAL checkpoint then pushes the rewritten page into the main file.
            sqlite = q.dialect_of(self.conn) == q.SQLITE
            if sqlite:
                await self.conn.execute("PRAGMA secure_delete=ON")

            async def shred() -> int:
                return (await q.execute(self.conn, _SHRED, {"erased_at": time.time(), "sid": sid})).rowcount
            count = await run_transaction(self.conn, shred)
            self.forget(scope)
        if not sqlite:           # PostgreSQL: the old tuple goes with VACUUM; no WAL file of ours
            return count
        try:
            # The pragma returns a row: read it, or the statement stays in progress and the
            # next commit on this connection fails ("SQL statements in progress").
            async with self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
                await cur.fetchall()
        except aiosqlite.Error:  # a busy reader elsewhere: the next checkpoint will do it
            pass
        return count

    def forget(self, scope: str) -> None:
        """Drop a scope's unwrapped keys from the in-memory cache."""
        self._live.pop(scope, None)
        sid = scope if scope.startswith("sys:") else self._sids.get(scope)
        for key_id, (s, _) in list(self._by_id.items()):
            if s == sid:
                self._drop(key_id)

    async def rotate(self, new_kid: str | None = None, new_key: bytes | None = None) -> int:
        """Make `new_kid` current (adding `new_key`) and re-wrap every live data key under it.

        Old master keys stay configured in this ring so anything not yet re-wrapped still
        opens; records themselves never change. Returns the number of keys re-wrapped.
        """
        if new_kid is not None:
            if new_key is not None:
                if len(new_key) != 32:
                    raise ValueError("a master key must be 32 bytes")
                self._masters[new_kid] = AESGCM(bytes(new_key))
            elif new_kid not in self._masters:
                raise ValueError(f"unknown master key id {new_kid!r}")
            self.current_kid = new_kid
        async with self._lock:
            rows = await q.fetchall(self.conn, _TO_REWRAP, {"current": self.current_kid})
            updates = []
            for row in rows:
                raw = self._unwrap(row["key_id"], row["scope"], bytes(row["wrapped"]), row["kid"])
                updates.append({"kid": self.current_kid,
                                "wrapped": self._wrap(row["key_id"], row["scope"], raw, self.current_kid),
                                "w_key_id": row["key_id"], "w_kid": row["kid"]})
            async def rewrap() -> None:
                await q.executemany(self.conn, _REWRAP, updates)
            await run_transaction(self.conn, rewrap)
        return len(updates)

    async def kid_usage(self) -> dict[str, int]:
        """How many live data keys each master key wraps (for `keys rotate` output)."""
        return {row[0]: row[1] for row in await q.fetchall(self.conn, _USAGE)}

    async def system_secret(self, purpose: str) -> bytes:
        """A 32-byte secret for an internal purpose (MAC keys, blind indexes), kept wrapped."""
        key_id = await self._live_key("sys:" + purpose)
        return self._by_id[key_id][1]

    async def blind_index(self, value: str, purpose: str = "index") -> str:
        """Keyed hash of an identifier (e.g. a WhatsApp wa_id, which is a phone number) for lookups."""
        secret = await self.system_secret("blind-" + purpose)
        return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


class FieldCipher:
    """Text-safe adapter for PII columns: `"v1." + base64url(sealed blob)`."""

    PREFIX = "v1."

    def __init__(self, keyring: KeyRing, aad: bytes = b"field") -> None:
        self.keyring = keyring
        self.aad = aad

    async def encrypt(self, scope: str, plaintext: str) -> str:
        blob = await self.keyring.seal(scope, plaintext.encode("utf-8"), self.aad)
        return self.PREFIX + base64.urlsafe_b64encode(blob).decode().rstrip("=")

    async def blind_index(self, value: str, purpose: str = "index") -> str:
        """Keyed hash for lookups of values that must not be stored in clear (platform ids)."""
        return await self.keyring.blind_index(value, purpose)

    async def decrypt(self, scope: str, token: str) -> str:
        """Raises KeyErased when the scope was erased, DecryptError for a foreign token."""
        if not token.startswith(self.PREFIX):
            raise DecryptError("not an encrypted field")
        body = token[len(self.PREFIX):]
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return (await self.keyring.open(scope, blob, self.aad)).decode("utf-8")
