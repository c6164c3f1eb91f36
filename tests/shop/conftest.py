"""Shop fixtures: a built-in shop seeded with the contract fixture, on SQLite (sealed with a real
AES-GCM field cipher) and on PostgreSQL (a fresh schema named after the branch, dropped after)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.shop.store import Store
from bot.shop.store.builtin import BuiltinShop
from tests.shop.contract import ContractEnv, contract_fixture

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
_PG_CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")


class Cipher:
    """FieldCipher with per-scope AES-256-GCM keys from a fixed master key (as privacy.keys does)."""

    master = b"\x17" * 32

    def _key(self, scope: str) -> bytes:
        return HKDF(hashes.SHA256(), 32, salt=None, info=scope.encode()).derive(self.master)

    async def encrypt(self, scope: str, plaintext: str) -> str:
        nonce = os.urandom(12)
        return "v1:" + base64.b64encode(nonce + AESGCM(self._key(scope)).encrypt(nonce, plaintext.encode(),
                                                                                 scope.encode())).decode()

    async def decrypt(self, scope: str, token: str) -> str:
        blob = base64.b64decode(token.removeprefix("v1:"))
        return AESGCM(self._key(scope)).decrypt(blob[:12], blob[12:], scope.encode()).decode()

    async def blind_index(self, value: str, purpose: str = "index") -> str:
        return hmac.new(self.master, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


async def pg_base() -> str:
    errors = []
    for url in ((os.environ["AFTERSALES_TEST_PG"],) if os.environ.get("AFTERSALES_TEST_PG") else _PG_CANDIDATES):
        try:
            conn = await asyncpg.connect(url, timeout=5)
        except Exception as exc:  # noqa: BLE001 - try the next user
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
            continue
        await conn.close()
        return url
    raise RuntimeError("PostgreSQL is not reachable:\n" + "\n".join(errors))


@pytest.fixture(params=["sqlite", "postgres"])
async def builtin_store(request, tmp_path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        store = await Store.open(tmp_path / "shop.db", cipher=Cipher())
        yield store
        await store.close()
        return
    base = await pg_base()
    schema = "shop_" + uuid.uuid4().hex[:10]
    store = await Store.open(f"{base}?schema={schema}", cipher=Cipher())
    try:
        yield store
    finally:
        await store.close()
        conn = await asyncpg.connect(base)
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await conn.close()


@pytest.fixture
async def env(builtin_store: Store) -> ContractEnv:
    await builtin_store.import_fixture(contract_fixture(NOW))
    return ContractEnv(BuiltinShop(builtin_store), NOW)
