"""Key hierarchy: envelope encryption, erasure, rotation, master-key parsing, dev key file."""
from __future__ import annotations

import base64
import logging
import os
import stat

import pytest

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.db import connect
from privacy.keys import DecryptError, FieldCipher, KeyErased, KeyRing, dev_key_file, parse_master_keys

pytestmark = pytest.mark.asyncio(loop_scope="session")

K1 = bytes(range(32))
K2 = bytes(range(1, 33))


@pytest.fixture
async def conn(tmp_path):
    c = await connect(tmp_path / "k.db")
    yield c
    await c.close()


async def test_seal_open_round_trip_and_scope_binding(conn):
    ring = await KeyRing.open(conn, {"m1": K1}, "m1")
    blob = await ring.seal("c1", "张伟 13812345678".encode(), b"ctx")
    assert await ring.open("c1", blob, b"ctx") == "张伟 13812345678".encode()
    with pytest.raises(DecryptError):
        await ring.open("c2", blob, b"ctx")          # another scope
    with pytest.raises(DecryptError):
        await ring.open("c1", blob, b"other")        # another AAD
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    with pytest.raises(DecryptError):
        await ring.open("c1", bytes(tampered), b"ctx")


async def test_data_keys_stored_only_wrapped(conn):
    ring = await KeyRing.open(conn, {"m1": K1}, "m1")
    await ring.seal("c1", b"x")
    raw = ring._by_id[ring._live["c1"]][1]
    async with conn.execute("SELECT wrapped, kid FROM data_keys WHERE key_id = ?", (ring._live["c1"],)) as cur:
        wrapped, kid = await cur.fetchone()
    assert kid == "m1" and raw not in bytes(wrapped)
    # A fresh ring (no cache) unwraps it from the table.
    ring2 = await KeyRing.open(conn, {"m1": K1}, "m1")
    assert await ring2.open("c1", await ring.seal("c1", b"y")) == b"y"
    with pytest.raises(DecryptError):
        await (await KeyRing.open(conn, {"m1": K2}, "m1")).open("c1", await ring.seal("c1", b"z"))


async def test_erase_shreds_one_scope_only(conn):
    ring = await KeyRing.open(conn, {"m1": K1}, "m1")
    a, b = await ring.seal("c1", b"alice"), await ring.seal("c2", b"bob")
    assert await ring.erase("c1") == 1
    for r in (ring, await KeyRing.open(conn, {"m1": K1}, "m1")):
        with pytest.raises(KeyErased):
            await r.open("c1", a)
        assert await r.open("c2", b) == b"bob"
    assert await ring.is_erased("c1") and not await ring.is_erased("c2")
    # A returning customer gets a new key; the old blob stays gone.
    fresh = await ring.seal("c1", b"new")
    assert await ring.open("c1", fresh) == b"new"
    with pytest.raises(KeyErased):
        await ring.open("c1", a)
    with pytest.raises(ValueError):
        await ring.erase("sys:audit-mac")


async def test_rotation_rewraps_and_old_blobs_stay_readable(conn):
    ring = await KeyRing.open(conn, {"m1": K1}, "m1")
    old = await ring.seal("c1", b"before rotation")
    assert await ring.rotate("m2", K2) == 2              # c1's key and the scope-index key
    assert await ring.kid_usage() == {"m2": 2}
    # Only the new master key is needed afterwards.
    ring2 = await KeyRing.open(conn, {"m2": K2}, "m2")
    assert await ring2.open("c1", old) == b"before rotation"
    with pytest.raises(DecryptError):
        await (await KeyRing.open(conn, {"m1": K1}, "m1")).open("c1", old)


async def test_field_cipher_is_text_safe(conn):
    fc = FieldCipher(await KeyRing.open(conn, {"m1": K1}, "m1"))
    token = await fc.encrypt("c9", "zw@example.com")
    assert token.startswith("v1.") and token.isascii() and "zw@" not in token
    assert await fc.decrypt("c9", token) == "zw@example.com"


async def test_parse_master_keys_formats():
    b64, hx = base64.b64encode(K1).decode(), K2.hex()
    keys, cur = parse_master_keys(f"new:{hx},old:{b64}")
    assert cur == "new" and keys == {"new": K2, "old": K1}
    keys, cur = parse_master_keys(b64)
    assert keys == {cur: K1} and cur.startswith("k")
    with pytest.raises(ConfigError) as exc:
        parse_master_keys("c2hvcnQ=")
    assert "AFTERSALES_MASTER_KEY" in str(exc.value) and "c2hvcnQ" not in str(exc.value)


async def test_from_settings_dev_key_file_is_0600_and_warns(tmp_path, conn, caplog):
    settings = load_settings(env={"AFTERSALES_DATA_DIR": str(tmp_path / "data")})
    with caplog.at_level(logging.WARNING, logger="privacy.keys"):
        ring = await KeyRing.from_settings(settings, conn)
    path = dev_key_file(settings.data_dir)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert any("DEVELOPMENT master key" in r.getMessage() for r in caplog.records)
    blob = await ring.seal("c1", b"dev")
    again = await KeyRing.from_settings(settings, conn)   # same file, same key
    assert await again.open("c1", blob) == b"dev"


async def test_from_settings_env_key(tmp_path, conn):
    env = {"AFTERSALES_DATA_DIR": str(tmp_path / "d"), "AFTERSALES_MASTER_KEY": "prod:" + K1.hex()}
    ring = await KeyRing.from_settings(load_settings(env=env), conn)
    assert ring.current_kid == "prod" and not dev_key_file(tmp_path / "d").exists()


async def test_scope_names_are_not_stored_in_clear(tmp_path, conn):
    ring = await KeyRing.open(conn, {"m1": K1}, "m1")
    scope = "identity:whatsapp:8613812345678"          # a wa_id is a phone number
    blob = await ring.seal(scope, b"x")
    await ring.seal("c-visible-id", b"y")
    async with conn.execute("SELECT scope FROM data_keys ORDER BY scope") as cur:
        stored = [r[0] for r in await cur.fetchall()]
    assert all(s.startswith(("h:", "sys:")) for s in stored) and len(stored) == 3
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("k.db*"))
    assert b"8613812345678" not in raw and b"c-visible-id" not in raw
    assert await ring.erase(scope) == 1
    with pytest.raises(KeyErased):
        await (await KeyRing.open(conn, {"m1": K1}, "m1")).open(scope, blob)


async def test_erase_by_another_process_reaches_a_running_ring(conn, monkeypatch):
    server = await KeyRing.open(conn, {"m1": K1}, "m1")
    blob = await server.seal("c1", b"cached")
    assert await server.open("c1", blob) == b"cached"
    cli = await KeyRing.open(conn, {"m1": K1}, "m1")          # e.g. `aftersales audit erase`
    await cli.erase("c1")
    monkeypatch.setattr(server, "recheck_s", 0.0)            # the re-check interval has passed
    with pytest.raises(KeyErased):
        await server.open("c1", blob)
    fresh = await server.seal("c1", b"new key")             # and new data gets a new key
    assert await cli.open("c1", fresh) == b"new key"
