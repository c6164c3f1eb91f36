"""Where the milliseconds of one turn go: the pipeline in-process (template generator, a fresh
store seeded with the demo shop), each message's trace `timings_ms` aggregated per stage, then
the redaction stage profiled on its own (spaCy NER vs the recognizers).

    python bench/bench_turn.py [--messages 400]

Run sequentially (one message at a time), so a stage's time is its own, not time spent waiting
for the event loop; `bench_e2e.py` measures the concurrent server.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TEXTS = ["where is my order SO202611200931?", "我的快递到哪了", "I want to return my shoes", "退款什么时候到账",
         "hello", "谢谢", "can I get an invoice?", "鞋子开胶了怎么办", "Hi, I'm Alex Morgan, call me on 13812345678",
         "我叫张伟，电话13812345678，地址上海市浦东新区世纪大道100号"]
USERS = ["telegram:1001", "web:demo", "telegram:1002", "web:stranger"]
STAGES = ("state", "redact", "understand", "retrieve", "dialogue", "generate", "restore", "persist", "total")


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0.0)


async def run(n: int, tmp: str) -> dict[str, dict[str, float]]:
    from bot.core.messages import Message
    from bot.core.settings import load_settings
    from bot.pipeline.runtime import Runtime

    settings = load_settings(overrides={"data": {"dir": tmp, "db": str(Path(tmp) / "t.db")},
                                        "generator": {"kind": "template"}})
    rt = await Runtime.open(settings)
    per: dict[str, list[float]] = {s: [] for s in STAGES}
    try:
        for i in range(n):
            msg = Message(platform="bench", conversation_id=f"c{i % 40}", sender_id=USERS[i % len(USERS)],
                          message_id=f"m{i}", text=TEXTS[i % len(TEXTS)], identity=USERS[i % len(USERS)])
            result = await rt.process(msg)
            if i < 20:      # first turns pay for caches; not the steady state
                continue
            for stage in STAGES:
                per[stage].append(result.trace.timings_ms.get(stage, 0.0))
        # Redaction alone, profiled: which part of it costs.
        prof = cProfile.Profile()
        prof.enable()
        t0 = time.perf_counter()
        for i in range(n):
            rt.redactor.analyze(TEXTS[i % len(TEXTS)])
        redact_ms = (time.perf_counter() - t0) * 1000 / n
        prof.disable()
    finally:
        await rt.close()
    out = {s: {"mean": statistics.fmean(v), "p50": _pct(v, 50), "p95": _pct(v, 95)} for s, v in per.items() if v}
    out["redact_alone"] = {"mean": redact_ms, "p50": redact_ms, "p95": redact_ms}
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative")
    print("redaction profile (cumulative ms per message, top entries):")
    rows = []
    for (file, _line, func), (_, _, _, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "site-packages" in file or "privacy" in file:
            rows.append((ct * 1000 / n, f"{Path(file).parent.name}/{Path(file).name}:{func}"))
    for ms, name in sorted(rows, reverse=True)[:14]:
        print(f"  {ms:7.3f}  {name}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=400)
    args = ap.parse_args()
    os.environ.setdefault("AFTERSALES_MASTER_KEY", base64.b64encode(bytes(range(32))).decode())
    with tempfile.TemporaryDirectory(prefix="bench-turn-") as tmp:
        os.environ.setdefault("AFTERSALES_NLU_CACHE_DIR", str(Path(tmp) / "nlu"))
        r = asyncio.run(run(args.messages, tmp))
    total = r["total"]["mean"]
    print(f"\nper turn, {args.messages - 20} messages after warm-up, sequential:")
    print(f"{'stage':<14} {'mean ms':>8} {'p50':>7} {'p95':>7} {'share':>6}")
    for stage, v in r.items():
        share = f"{100 * v['mean'] / total:5.1f}%" if stage in STAGES and stage != "total" else ""
        print(f"{stage:<14} {v['mean']:>8.2f} {v['p50']:>7.2f} {v['p95']:>7.2f} {share:>6}")
    print("RESULT " + json.dumps({k: round(v["mean"], 2) for k, v in r.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
