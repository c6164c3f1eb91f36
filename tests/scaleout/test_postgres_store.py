"""The store, key ring, vault and audit log on the real PostgreSQL: Core statements compiled for it, no translation."""
from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
from sqlalchemy import Column, MetaData, Table, Text, bindparam, insert, select, update

from bot import db
from bot.core.settings import PROJECT_ROOT, load_settings
from bot.shop.store import Store
from bot.storage import migrations
from bot.storage import query as q
from bot.storage.postgres import PgConnection, split_schema
from bot.storage.schema import Blob, Real, audit_records, serial
from privacy.audit import AuditEntry, AuditLog
from privacy.keys import FieldCipher, KeyRing
from privacy.vault import Vault

pytestmark = pytest.mark.scaleout

DEMO = json.loads((PROJECT_ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=8)))
M1 = bytes(range(32))
_DEMO = Table("demo_t", MetaData(), serial("id"), Column("v", Text), Column("b", Blob), Column("x", Real))
DEMO_COMPONENT = migrations.Component("demo", [_DEMO])
_ADD = q.Statement(insert(_DEMO), ["v", "b", "x"])
_BY_V = q.Statement(select(_DEMO).where(_DEMO.c.v == bindparam("v")))
_TAMPER = q.Statement(update(audit_records).where(audit_records.c.seq == bindparam("seq")), ["intent"])


async def _tables(url: str) -> set[str]:
    dsn, schema = split_schema(url)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
    finally:
        await conn.close()
    return {r[0] for r in rows}


async def test_settings_and_connect_dispatch_on_a_url(pg_url: str) -> None:
    s = load_settings(env={"AFTERSALES_DATA_DB": pg_url})
    assert s.db_url == pg_url and str(s.db_path) == pg_url
    conn = await db.connect(s.db_path)
    try:
        assert isinstance(conn, PgConnection)
        assert await migrations.migrate(conn, DEMO_COMPONENT) == DEMO_COMPONENT.version
        # Quotes and question marks are data, bytes stay bytes, a double stays bit-exact.
        new = await q.execute(conn, _ADD, {"v": "a?'b", "b": b"\x00\x01", "x": 1.0 / 3})
        assert new.lastrowid == 1                                   # the key via implicit RETURNING
        [row] = await q.fetchall(conn, _BY_V, {"v": "a?'b"})
        assert (row["id"], row["v"], bytes(row["b"]), row["x"]) == (1, "a?'b", b"\x00\x01", 1.0 / 3)
        assert await migrations.migrate(conn, DEMO_COMPONENT) == DEMO_COMPONENT.version  # nothing twice
    finally:
        await conn.close()
    assert {"demo_t", "schema_version"} <= await _tables(pg_url)


async def test_store_fixture_round_trip_and_mutations(pg_url: str) -> None:
    conn = await db.connect(pg_url)
    keyring = await KeyRing.open(conn, {"m1": M1}, "m1")
    store = await Store.open(pg_url, cipher=FieldCipher(keyring))
    try:
        assert await store.is_empty()
        shop = copy.deepcopy(DEMO)
        shop["customers"][0]["loyalty"] = {"tier": "gold"}          # unknown fields survive too
        await store.import_fixture(shop)
        assert not await store.is_empty()
        assert await store.export_fixture() == {**shop, **{k: shop.get(k, []) for k in ("returns", "exchanges",
                                                                                        "refunds", "tickets",
                                                                                        "invoices")}}
        order = shop["orders"][0]["id"]
        ret, refund = await store.create_return(order, "too small", [shop["orders"][0]["items"][0]["sku"]], NOW,
                                                Decimal("10.00"))
        ticket = await store.create_ticket("c1", "telegram:1001", "conv-1", "human_agent", ["hello 你好"], NOW)
        await store.save_state("telegram:1001", {"step": 2})
        assert await store.load_state("telegram:1001") == {"step": 2}
        out = await store.export_fixture()
        assert [r["id"] for r in out["returns"]] == [r["id"] for r in shop["returns"]] + [ret.id]
        assert out["refunds"][-1]["id"] == refund.id and out["refunds"][-1]["amount"] == "10.00"
        assert (await store.get_ticket(ticket.id)).transcript == ["hello 你好"]
        # Rows come back in insertion order (the hidden rowid), as on SQLite.
        assert [c["id"] for c in out["customers"]] == [c["id"] for c in shop["customers"]]
        # Personal data is sealed at rest on PostgreSQL too.
        dsn, schema = split_schema(pg_url)
        raw = await asyncpg.connect(dsn, server_settings={"search_path": schema})
        try:
            dump = json.dumps([list(map(str, r.values())) for r in await raw.fetch("SELECT * FROM customers")])
        finally:
            await raw.close()
        assert shop["customers"][0]["phone"] not in dump
    finally:
        await store.close()
        await conn.close()


async def test_audit_append_verify_and_tamper_on_postgres(pg_url: str) -> None:
    conn = await db.connect(pg_url)
    ring = await KeyRing.open(conn, {"m1": M1}, "m1")
    vault = await Vault.open(conn, ring)
    log = await AuditLog.open(conn, ring, checkpoint_every=4)
    try:
        trace: dict[str, Any] = {"intent": {"name": "order_status", "confidence": 0.9}, "handoff": False,
                                 "grounded": True, "sentiment": {"label": "neutral"}, "timings_ms": {"total": 3.5}}
        for i in range(1, 7):
            await log.append(AuditEntry(platform="generic", conversation_key="generic:c1", message_id=f"m{i}",
                                        inbound=f"where is <ORDER> #{i}", reply="shipped", trace=trace,
                                        customer_id="c1" if i % 2 else None, time=1_800_000_000 + i / 3))
        for i in range(7, 12):                             # the background writer, batched
            log.submit(AuditEntry(platform="generic", conversation_key="generic:c2", message_id=f"m{i}",
                                  inbound="hi", reply="hello", trace=trace, customer_id="c2"))
        await vault.save("generic:c1", "c1", {"<PHONE_NUMBER_1>": "13812345678"})
        await log.flush()
        result = await log.verify()
        assert result.ok and result.checked == 11, result
        rec = await log.get(3)
        assert rec is not None and rec.inbound == "where is <ORDER> #3" and rec.message_id == "m3"
        assert await vault.load("generic:c1", "c1") == {"<PHONE_NUMBER_1>": "13812345678"}
        # Erasure crypto-shreds and the chain still verifies.
        assert await log.erase("c1") >= 1
        assert (await log.get(1)).erased and (await log.verify()).ok
        # A changed byte is caught and named.
        async with db.transaction(conn):
            await q.execute(conn, _TAMPER, {"intent": "refund_status", "seq": 5})
        bad = await log.verify()
        assert not bad.ok and bad.first_bad == 5
    finally:
        await log.close()
        await conn.close()


async def test_two_audit_writers_on_one_schema_keep_one_chain(pg_url: str) -> None:
    """Two processes' worth of writers (two connections) append concurrently: BEGIN IMMEDIATE's
    advisory lock keeps a single, verifiable chain."""
    import asyncio

    conns = [await db.connect(pg_url) for _ in range(2)]
    logs = []
    for c in conns:
        ring = await KeyRing.open(c, {"m1": M1}, "m1")
        logs.append(await AuditLog.open(c, ring))
    try:
        async def write(log: AuditLog, tag: str) -> None:
            for i in range(15):
                await log.append(AuditEntry(platform="generic", conversation_key=f"generic:{tag}",
                                            message_id=f"{tag}{i}", inbound="x", reply="y", trace={},
                                            customer_id=None))
        await asyncio.gather(write(logs[0], "a"), write(logs[1], "b"))
        result = await logs[0].verify()
        assert result.ok and result.checked == 30, result
    finally:
        for log, c in zip(logs, conns):
            await log.close()
            await c.close()
