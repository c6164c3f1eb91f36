"""Audit log throughput and its cost to the reply path.

Measures, on a fresh SQLite file (WAL) with realistic ~1.5 KB traces:
  * submit(): the time the reply path spends handing a record over (p50 / p99, microseconds);
  * event-loop lag (a 1 ms ticker's lateness) idle, at a paced 500 messages/s, and while the
    background writer runs flat out: how much encryption + hashing on the loop delays replies;
  * records/second through submit()+flush() (batched) and through append() one at a time;
  * verify() speed (records/second).

    .venv/bin/python bench/bench_audit.py [--records 5000]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.db import connect  # noqa: E402
from privacy.audit import AuditEntry, AuditLog  # noqa: E402
from privacy.keys import KeyRing  # noqa: E402


def make_entry(i: int) -> AuditEntry:
    trace = {
        "language": "zh", "intent": {"name": "return_request", "confidence": 0.91},
        "sentiment": {"label": "neutral", "score": 0.05},
        "redactions": [{"type": "PHONE_NUMBER", "placeholder": "<PHONE_NUMBER_1>"},
                       {"type": "PERSON", "placeholder": "<PERSON_1>"}],
        "entities": {"order_id": "SO202611200931", "sku": "SHOE-42"},
        "knowledge": [{"id": f"zh/returns#{k}", "title": "退货政策 / Return policy", "score": 3.1 - k} for k in range(3)],
        "actions": [{"name": "get_order", "args": {"order_id": "SO202611200931"}, "ok": True,
                     "result": {"status": "delivered", "delivered_at": "2026-11-21T15:30:00+08:00"}},
                    {"name": "create_return", "args": {"order_id": "SO202611200931", "reason": "尺码不合适"},
                     "ok": True, "result": {"id": "RT-20261123-0001", "status": "requested"}}],
        "generator": "llm:gemma3-270m", "grounded": True, "handoff": False,
        "prompt": "你是售后客服。只根据以下资料回答。\n" + "资料：签收后7天内可无理由退货。" * 8 + "\n客户：<PERSON_1> 想退货",
        "timings_ms": {"redact": 6.1, "understand": 11.4, "retrieve": 2.2, "dialogue": 3.0, "generate": 180.5,
                       "total": 205.0},
    }
    return AuditEntry("telegram", f"telegram:{1000 + i % 200}", f"m{i}",
                      "我是<PERSON_1>，电话<PHONE_NUMBER_1>，订单 SO202611200931 想退货，鞋子尺码不合适。",
                      "已为您提交退货申请 RT-20261123-0001，快递员会上门取件。", trace,
                      customer_id=f"c{i % 200}")


async def loop_lag(stop: asyncio.Event, samples: list[float], period: float = 0.001) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(period)
        samples.append((time.perf_counter() - t0 - period) * 1000)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p / 100))]


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        conn = await connect(Path(tmp) / "bench.db")
        ring = await KeyRing.open(conn, {"bench": bytes(32)}, "bench")
        log = await AuditLog.open(Path(tmp) / "bench.db", ring)
        entries = [make_entry(i) for i in range(n)]
        for e in entries[:50]:                 # warm the key cache (one data key per customer)
            await log.append(e)

        # Baseline loop lag with nothing running.
        stop, base = asyncio.Event(), []
        ticker = asyncio.create_task(loop_lag(stop, base))
        await asyncio.sleep(0.5)
        stop.set()
        await ticker

        # submit() cost and loop lag while the writer drains n records.
        stop, lag = asyncio.Event(), []
        ticker = asyncio.create_task(loop_lag(stop, lag))
        costs = []
        t0 = time.perf_counter()
        for e in entries:
            s = time.perf_counter()
            log.submit(e)
            costs.append((time.perf_counter() - s) * 1e6)
            if len(costs) % 20 == 0:
                await asyncio.sleep(0)         # a server yields between messages
        await log.flush()
        batched = n / (time.perf_counter() - t0)
        stop.set()
        await ticker

        # A realistic load: 500 messages/s for 2 s, one submit() per message.
        stop, paced = asyncio.Event(), []
        ticker = asyncio.create_task(loop_lag(stop, paced))
        start = time.perf_counter()
        for i in range(1000):
            log.submit(entries[i % n])
            delay = start + (i + 1) / 500 - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))
        await log.flush()
        stop.set()
        await ticker

        t0 = time.perf_counter()
        m = min(n, 1000)
        for e in entries[:m]:
            await log.append(e)
        single = m / (time.perf_counter() - t0)

        t0 = time.perf_counter()
        res = await log.verify()
        verify_rate = res.checked / (time.perf_counter() - t0)
        assert res.ok, res
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
        await log.close()
        await conn.close()

    print(f"audit bench: {n} records, ~{size / max(1, res.checked) / 1024:.1f} KiB/record on disk")
    print(f"  submit() on the reply path   p50 {statistics.median(costs):.1f} µs   p99 {pct(costs, 99):.1f} µs")
    print(f"  loop lag, idle               p50 {statistics.median(base):.2f} ms   p99 {pct(base, 99):.2f} ms")
    print(f"  loop lag, writer flat out    p50 {statistics.median(lag):.2f} ms   p99 {pct(lag, 99):.2f} ms   "
          f"max {max(lag):.1f} ms")
    print(f"  loop lag, 500 msg/s paced    p50 {statistics.median(paced):.2f} ms   p99 {pct(paced, 99):.2f} ms   "
          f"max {max(paced):.1f} ms")
    print(f"  throughput submit+flush      {batched:,.0f} records/s (batched background writer)")
    print(f"  throughput append()          {single:,.0f} records/s (one transaction per record)")
    print(f"  verify                       {verify_rate:,.0f} records/s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=5000)
    asyncio.run(main(ap.parse_args().records))
