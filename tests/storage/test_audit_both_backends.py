"""The audit log on bot.storage, on SQLite and PostgreSQL alike: a database made by the old
SQL script keeps working, the chain verifies with floats read back bit for bit (they are hash
inputs), filters compile per shape, purge anchors the chain, ratings upsert."""
from __future__ import annotations

from bot.db import connect
from bot.storage import query as q
from bot.storage.schema import schema_version
from privacy.audit import AuditEntry, AuditFilter, AuditLog
from privacy.keys import KeyRing
from tests.storage.legacy import make_old

MASTER = {"m1": bytes(range(32))}

# What privacy/audit.py's MIGRATIONS[0] created before the move (shipped: never edited).
OLD_V1 = """
CREATE TABLE audit_records (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ts REAL NOT NULL, platform TEXT NOT NULL,
    customer_id TEXT, conversation_hash TEXT, message_hash TEXT, intent TEXT, confidence REAL,
    handoff INTEGER, grounded INTEGER, sentiment TEXT, latency_ms REAL, scope TEXT NOT NULL,
    payload BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL
);
CREATE INDEX audit_ts ON audit_records(ts);
CREATE INDEX audit_customer ON audit_records(customer_id, seq);
CREATE INDEX audit_message ON audit_records(message_hash);
CREATE TABLE audit_checkpoints (seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, ts REAL NOT NULL, mac BLOB NOT NULL);
CREATE TABLE audit_state (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash BLOB NOT NULL,
                          ts REAL NOT NULL, mac BLOB NOT NULL);
CREATE TABLE audit_ratings (message_hash TEXT PRIMARY KEY, conversation_hash TEXT NOT NULL,
                            helpful INTEGER NOT NULL, ts REAL NOT NULL);
"""
_VERSION = q.Statement(schema_version.select().where(schema_version.c.component == "audit"))


def entry(i: int, customer: str, *, intent: str = "order_status", handoff: bool = False,
          sentiment: str = "neutral") -> AuditEntry:
    # 1/3 and 0.1 have no short binary form: a float4 column or a text round trip changes them.
    trace = {"intent": {"name": intent, "confidence": 1 / 3}, "sentiment": {"label": sentiment},
             "handoff": handoff, "grounded": i != 2, "timings_ms": {"total": 0.1 * i}}
    return AuditEntry(platform="webchat", conversation_key=f"webchat:{customer}", message_id=f"m{i}",
                      inbound=f"订单 <ORDER_ID_1> 到哪了 / where is it #{i}", reply="已发货 shipped",
                      trace=trace, customer_id=customer, time=1_800_000_000.125 + i)


async def test_chain_filters_purge_and_ratings(target: str) -> None:
    conn = await connect(target)
    ring = await KeyRing.open(conn, MASTER, "m1")
    log = await AuditLog.open(conn, ring, checkpoint_every=3)
    for i in range(1, 8):
        await log.append(entry(i, "c1" if i % 2 else "c2", handoff=i == 4, sentiment="negative" if i == 5 else "neutral"))
    assert (await log.verify()).ok
    [first] = await log.list(AuditFilter(customer="c1", newest_first=False, limit=1))
    assert (first.id, first.confidence, first.latency_ms) == (1, 1 / 3, 0.1)
    assert await log.count(AuditFilter(customer="c2")) == 3
    assert [r.id for r in await log.list(AuditFilter(handoff=True))] == [4]
    assert [r.id for r in await log.list(AuditFilter(negative=True))] == [5]
    assert [r.id for r in await log.list(AuditFilter(ungrounded=True))] == [2]
    assert [r.id for r in await log.list(AuditFilter(limit=2, offset=1))] == [6, 5]
    await log.record_rating("webchat:c1", "m3", True)
    await log.record_rating("webchat:c1", "m3", False)          # the last answer wins
    assert [r.rating for r in await log.list(AuditFilter(customer="c1"))] == [None, None, False, None]
    assert (await log.report())["satisfaction"] == {"rated": 1, "helpful": 0, "rate": 0.0}
    rec = await log.get(3)
    assert rec is not None and rec.inbound == "订单 <ORDER_ID_1> 到哪了 / where is it #3"
    assert await log.purge(1_800_000_000.125 + 4) == 3            # records 1..3 go, an anchor at 4
    result = await log.verify()
    assert result.ok and "chain 4..8" in result.reason, result  # 8: the purge's own record
    assert [r["id"] for r in [x async for x in log.export()]][:2] == [4, 5]
    await log.close()
    await conn.close()


async def test_a_database_from_the_old_script_is_kept_and_written(target: str) -> None:
    conn = await connect(target)
    await make_old(conn, "audit", OLD_V1)                  # what a deployment of the old code made
    ring = await KeyRing.open(conn, MASTER, "m1")
    log = await AuditLog.open(conn, ring)
    assert [tuple(r) for r in await q.fetchall(conn, _VERSION)] == [("audit", 1)]
    assert await log.append(entry(1, "c1")) == 1
    assert await log.append(entry(2, "c1")) == 2
    assert (await log.verify()).ok
    await log.close()
    await conn.close()
