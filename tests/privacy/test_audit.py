"""Audit log: round trip, tamper kinds named, rotation, erasure, purge, raw-bytes canary, report."""
from __future__ import annotations

import asyncio

import pytest

from bot.db import connect
from privacy.audit import AuditEntry, AuditFilter, AuditLog
from privacy.keys import KeyRing
from privacy.vault import Vault

pytestmark = pytest.mark.asyncio(loop_scope="session")

M1, M2 = bytes(range(32)), bytes(range(100, 132))
CANARIES = ("13812345678", "8613812345678", "张伟", "zw@example.com", "Jane Canary")


def trace(intent: str = "order_status", *, handoff: bool = False, grounded: bool = True,
          sentiment: str = "neutral", total: float = 40.0) -> dict:
    return {
        "language": "zh", "intent": {"name": intent, "confidence": 0.91},
        "sentiment": {"label": sentiment, "score": 0.2},
        "redactions": [{"type": "PHONE_NUMBER", "placeholder": "<PHONE_NUMBER_1>"}],
        "entities": {"order_id": "SO202611200931"},
        "knowledge": [{"id": "kb-returns", "title": "退货政策", "score": 3.2}],
        "actions": [{"name": "get_order", "args": {"order_id": "SO202611200931"}, "ok": True,
                     "result": {"status": "shipped"}}],
        "generator": "template", "grounded": grounded, "handoff": handoff,
        "prompt": None, "timings_ms": {"redact": 5.0, "nlu": 10.0, "total": total},
    }


def entry(i: int, customer: str | None = "c1", **kw) -> AuditEntry:
    return AuditEntry(platform="whatsapp", conversation_key="whatsapp:8613812345678" if customer == "c1"
                      else f"telegram:{customer}", message_id=f"m{i}",
                      inbound=f"我的电话是 <PHONE_NUMBER_1>，订单 SO202611200931 到哪了？#{i}",
                      reply="您的订单已发货。", trace=trace(**kw), customer_id=customer, time=1_800_000_000 + i)


@pytest.fixture
async def env(tmp_path):
    path = tmp_path / "a.db"
    conn = await connect(path)
    ring = await KeyRing.open(conn, {"m1": M1}, "m1")
    log = await AuditLog.open(conn, ring, checkpoint_every=4)
    yield path, conn, ring, log
    await log.close()
    await conn.close()


async def fill(log: AuditLog, n: int = 10) -> None:
    for i in range(1, n + 1):
        await log.append(entry(i, "c1" if i % 2 else "c2", handoff=i == 3, grounded=i != 5,
                               sentiment="negative" if i == 6 else "neutral", total=10.0 * i))


async def test_round_trip(env):
    _, _, _, log = env
    await fill(log)
    assert (await log.verify()).ok
    rec = await log.get(1)
    assert rec.inbound.startswith("我的电话是 <PHONE_NUMBER_1>") and rec.reply == "您的订单已发货。"
    assert rec.trace["intent"] == {"name": "order_status", "confidence": 0.91}
    assert rec.trace["actions"][0]["args"] == {"order_id": "SO202611200931"}
    assert rec.conversation_key == "whatsapp:8613812345678" and rec.message_id == "m1"
    assert rec.customer_id == "c1" and rec.latency_ms == 10.0 and not rec.erased
    assert [s.id for s in await log.list(AuditFilter(customer="c2"))] == [10, 8, 6, 4, 2]
    assert [s.id for s in await log.list(AuditFilter(handoff=True))] == [3]
    assert [s.id for s in await log.list(AuditFilter(ungrounded=True))] == [5]
    assert [s.id for s in await log.list(AuditFilter(negative=True))] == [6]
    assert [s.id for s in await log.list(AuditFilter(since=1_800_000_008, newest_first=False))] == [8, 9, 10]
    exported = [r async for r in log.export()]
    assert [r["id"] for r in exported] == list(range(1, 11)) and exported[0]["trace"]["language"] == "zh"


async def test_background_writer_batches_and_flushes(env):
    _, _, _, log = env
    for i in range(1, 501):
        log.submit(entry(i))
    await log.flush()
    assert await log.count() == 500 and (await log.verify()).ok
    await log.close()                       # drains, further submits refused
    with pytest.raises(RuntimeError):
        log.submit(entry(501))


async def test_concurrent_append_and_submit_keep_one_chain(env):
    _, _, _, log = env
    for i in range(50):
        log.submit(entry(i))
    await asyncio.gather(*(log.append(entry(100 + i)) for i in range(20)))
    await log.flush()
    res = await log.verify()
    assert res.ok and res.checked == 70


@pytest.mark.parametrize("tamper, first_bad, words", [
    ("flip one bit of record 6's ciphertext", 6, "changed"),
    ("UPDATE audit_records SET intent = 'refund_status' WHERE seq = 7", 7, "changed"),
    ("UPDATE audit_records SET ts = ts + 1 WHERE seq = 2", 2, "changed"),
    ("DELETE FROM audit_records WHERE seq = 5", 5, "missing"),
    # Reordering: records 3 and 4 swap places (every column but the position).
    ("UPDATE audit_records SET seq = CASE seq WHEN 3 THEN -4 WHEN 4 THEN -3 END WHERE seq IN (3, 4);"
     "UPDATE audit_records SET seq = -seq WHERE seq < 0", 3, "link"),
    ("DELETE FROM audit_records WHERE seq > 8", 9, "truncated"),
    ("DELETE FROM audit_records WHERE seq > 8; DELETE FROM audit_state WHERE name = 'head'", 9, "truncated"),
    ("DELETE FROM audit_records WHERE seq = 1", 1, "missing"),
])
async def test_each_tamper_kind_is_detected_and_named(env, tamper, first_bad, words):
    _, conn, _, log = env
    await fill(log, 10)
    assert (await log.verify()).ok
    if tamper.startswith("flip"):
        async with conn.execute("SELECT payload FROM audit_records WHERE seq = 6") as cur:
            payload = bytearray((await cur.fetchone())[0])
        payload[40] ^= 0x01
        await conn.execute("UPDATE audit_records SET payload = ? WHERE seq = 6", (bytes(payload),))
        await conn.commit()
    else:
        await conn.executescript(tamper)
    res = await log.verify()
    assert not res.ok and res.first_bad == first_bad and words in res.reason, res


async def test_recomputed_chain_is_caught_by_signed_checkpoints(env):
    """An attacker without the key rewrites record 6 and recomputes every later hash."""
    from privacy.audit import _INDEX_COLUMNS, chain_hash
    _, conn, _, log = env
    await fill(log, 10)
    async with conn.execute(f"SELECT seq, {', '.join(_INDEX_COLUMNS)}, payload, prev_hash FROM audit_records "
                            "ORDER BY seq") as cur:
        rows = await cur.fetchall()
    prev = None
    for r in rows:
        ix = {c: r[c] for c in _INDEX_COLUMNS}
        if r["seq"] == 6:
            ix["intent"] = "thanks_bye"
        p = bytes(r["prev_hash"]) if prev is None else prev
        h = chain_hash(p, r["seq"], bytes(r["payload"]), ix)
        await conn.execute("UPDATE audit_records SET intent = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                           (ix["intent"], p, h, r["seq"]))
        prev = h
    await conn.commit()
    res = await log.verify()
    assert not res.ok and res.first_bad == 5 and "rewritten" in res.reason   # checkpoints at 4 and 8


async def test_forged_signature_is_detected(env):
    _, conn, _, log = env
    await fill(log, 5)
    await conn.execute("UPDATE audit_state SET seq = 4 WHERE name = 'head'")
    await conn.commit()
    res = await log.verify()
    assert not res.ok and "signature" in res.reason


async def test_rotation_keeps_old_records_readable(env):
    path, conn, ring, log = env
    await fill(log, 4)
    assert await ring.rotate("m2", M2) >= 2
    await log.append(entry(5))
    ring2 = await KeyRing.open(conn, {"m2": M2}, "m2")           # the old master key is gone
    log2 = await AuditLog.open(conn, ring2)
    assert (await log2.verify()).ok
    assert (await log2.get(1)).trace["intent"]["name"] == "order_status"
    assert (await log2.get(5)).inbound.endswith("#5")


async def test_erase_shreds_one_customer_and_chain_still_verifies(env):
    _, _, _, log = env
    await fill(log, 10)
    assert await log.erase("c1") == 1
    assert (await log.verify()).ok
    c1 = await log.get(1)
    assert c1.erased and c1.inbound is None and c1.trace is None and c1.intent == "order_status"
    c2 = await log.get(2)
    assert not c2.erased and c2.inbound.endswith("#2")
    events = await log.list(AuditFilter(kind="erase"))
    assert len(events) == 1 and (await log.get(events[0].id)).details["customer_id"] == "c1"
    exported = [r async for r in log.export(AuditFilter(customer="c1", limit=None))]
    assert len(exported) == 5 and all(r["erased"] and r["inbound"] is None for r in exported)


async def test_purge_keeps_chain_verifiable_and_anchor_is_signed(env):
    _, conn, _, log = env
    await fill(log, 10)
    assert await log.purge(before=1_800_000_005) == 4                 # records 1..4 (ts < before)
    res = await log.verify()
    assert res.ok, res
    assert [s.id for s in await log.list(AuditFilter(newest_first=False))][:2] == [5, 6]
    await conn.execute("DELETE FROM audit_records WHERE seq = 5")     # deleting the new first record
    await conn.commit()
    res = await log.verify()
    assert not res.ok and res.first_bad == 5


async def test_purge_everything_then_append(env):
    _, _, _, log = env
    await fill(log, 3)
    assert await log.purge(before=2_000_000_000) == 3
    assert (await log.verify()).ok
    await log.append(entry(99))
    assert (await log.verify()).ok


async def test_no_canary_pii_in_raw_database_bytes(env):
    path, conn, ring, log = env
    await Vault(conn, ring).save("whatsapp:8613812345678", "c1",
                                 {"<PHONE_NUMBER_1>": "13812345678", "<PERSON_1>": "张伟"})
    for i in range(20):
        e = entry(i)
        e.inbound = f"<PERSON_1> here #{i}"
        e.trace["prompt"] = "Customer Jane Canary wrote: zw@example.com"   # even if a stage leaked it
        log.submit(e)
    await log.flush()
    await log.record_rating("whatsapp:8613812345678", "m3", True)
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert len(raw) > 10_000
    for canary in CANARIES:
        assert canary.encode() not in raw, canary
    assert (await log.get(1)).trace["prompt"].startswith("Customer Jane Canary")


async def test_report_measures(env):
    _, _, _, log = env
    await fill(log, 10)
    await log.record_rating("whatsapp:8613812345678", "m1", True)
    await log.record_rating("whatsapp:8613812345678", "m3", False)
    await log.record_rating("whatsapp:8613812345678", "m3", True)    # last answer wins
    await log.record_rating("telegram:c2", "m2", False)
    rep = await log.report()
    assert rep["messages"] == 10 and rep["conversations"] == 2
    assert rep["containment_rate"] == 0.5          # c1's conversation had a hand-off (message 3)
    assert rep["handoff_rate"] == 0.1 and rep["grounded_rate"] == 0.9
    assert rep["latency_ms"] == {"p50": 50.0, "p95": 100.0, "n": 10}
    assert rep["intents"] == {"order_status": 10} and rep["sentiment"]["negative"] == 1
    assert rep["satisfaction"] == {"rated": 3, "helpful": 2, "rate": 0.6667}
    assert (await log.list(AuditFilter(customer="c1", newest_first=False)))[0].rating is True
    assert (await log.report(since=1_800_000_009))["messages"] == 2


async def test_shared_connection_commits_never_split_a_batch(env):
    """The vault and key ring commit on the same connection while the writer is mid-batch."""
    _, conn, ring, log = env
    vault = await Vault.open(conn, ring)

    async def vault_traffic() -> None:
        for i in range(60):
            await vault.save(f"telegram:v{i}", f"cust{i}", {"<PERSON_1>": f"name {i}"})
    for i in range(300):
        log.submit(entry(i, customer=f"cust{i % 60}"))
    await asyncio.gather(vault_traffic(), log.flush())
    await log.flush()
    res = await log.verify()
    assert res.ok and res.checked == 300, res
    assert await vault.load("telegram:v59", "cust59") == {"<PERSON_1>": "name 59"}


async def test_unidentified_sender_scope_is_erasable_and_never_in_clear(env):
    path, conn, _, log = env
    scope = "identity:whatsapp:8613812345678"              # the store's scope for a stranger
    e = entry(1, customer=None)
    e.conversation_key, e.scope = "whatsapp:8613812345678", scope
    rid = await log.append(e)
    other = await log.append(entry(2, customer="c2"))
    await conn.commit()
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert b"8613812345678" not in raw
    assert (await log.get(rid)).conversation_key == "whatsapp:8613812345678"
    assert await log.erase(scope) == 1
    assert (await log.get(rid)).erased and not (await log.get(other)).erased
    assert (await log.verify()).ok
