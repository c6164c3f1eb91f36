"""The key ring and the PII vault on bot.storage, on SQLite and PostgreSQL alike: data keys
created once per scope, crypto-shredding, master-key rotation, per-speaker vault rows."""
from __future__ import annotations

import pytest

from bot.db import connect
from bot.storage import query as q
from privacy.keys import KeyErased, KeyRing
from privacy.vault import Vault

MASTER = {"m1": bytes(range(32))}


async def test_keys_seal_erase_and_rotate(target: str) -> None:
    conn = await connect(target)
    ring = await KeyRing.open(conn, MASTER, "m1")
    blob = await ring.seal("customer-张三", "地址 / address".encode(), b"aad")
    again = await KeyRing.open(conn, MASTER, "m1")                 # a second ring reads the stored key
    assert await again.open("customer-张三", blob, b"aad") == "地址 / address".encode()
    assert await ring.is_erased("customer-张三") is False
    assert await ring.rotate("m2", bytes(range(1, 33))) >= 1    # every live key re-wrapped under m2
    assert set(await ring.kid_usage()) == {"m2"}
    assert await ring.erase("customer-张三") == 1
    assert await ring.is_erased("customer-张三") is True
    fresh = await KeyRing.open(conn, {**MASTER, "m2": bytes(range(1, 33))}, "m2")
    with pytest.raises(KeyErased):
        await fresh.open("customer-张三", blob, b"aad")
    await conn.close()


async def test_vault_rows_are_per_speaker_and_erasable(target: str) -> None:
    conn = await connect(target)
    ring = await KeyRing.open(conn, MASTER, "m1")
    vault = await Vault.open(conn, ring)
    await vault.save("group-1", "alice", {"<PHONE_NUMBER_1>": "13812345678"})
    await vault.save("group-1", "bob", {"<EMAIL_1>": "bob@example.com"})
    await vault.save("group-1", "alice", {"<PHONE_NUMBER_1>": "13900000000"})   # upsert, same row
    assert await vault.load("group-1", "alice") == {"<PHONE_NUMBER_1>": "13900000000"}
    assert await vault.load("group-1", "carol") == {}
    assert await vault.load_conversation("group-1") == {"<PHONE_NUMBER_1>": "13900000000",
                                                        "<EMAIL_1>": "bob@example.com"}
    await ring.erase("alice")
    assert await vault.load("group-1", "alice") == {}          # shredded: unreadable at once
    assert await vault.delete_scope("alice") == 1
    assert await vault.load_conversation("group-1") == {"<EMAIL_1>": "bob@example.com"}
    assert q.dialect_of(conn) == ("postgresql" if target.startswith("postgresql") else "sqlite")
    await conn.close()
