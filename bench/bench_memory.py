"""Memory per 10,000 active conversations.

A conversation's state (language, pending step, last order, a short redacted history) lives in
the store, not in the process; what a replica holds per active customer is a flood-limit bucket.
This measures both bounds: (1) RSS delta with 10k realistic states held in memory (the worst
case: a cache of every state) plus 10k flood-limit buckets; (2) RSS delta and database growth
after saving 10k states through the real store. The state shape is taken from a real
three-turn conversation through the pipeline.

    python bench/bench_memory.py [--conversations 10000]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import copy
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


async def run(n: int) -> dict[str, float]:
    from bot.core.messages import Message
    from bot.core.settings import load_settings
    from bot.pipeline.runtime import Runtime
    from bot.server.ratelimit import FloodLimiter

    tmp = tempfile.mkdtemp(prefix="bench-mem-")
    settings = load_settings(env={"AFTERSALES_DATA_DIR": tmp, "AFTERSALES_GENERATOR_KIND": "template",
                                  "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(range(32))).decode()})
    rt = await Runtime.open(settings)
    try:
        for i, text in enumerate(["我的订单到哪了", "SO202611200931", "我想退货"]):
            await rt.process(Message("generic", "mem-sample", "u", f"mem-{i}", text, identity="telegram:1001"))
        sample = await rt.store.load_state("generic:mem-sample")
        await rt.audit.flush()
        gc.collect()

        # (1) in memory: states + flood-limit buckets
        base = rss_bytes()
        limiter = FloodLimiter(30)
        states = {}
        for i in range(n):
            s = copy.deepcopy(sample)
            s["history"] = [[role, f"{text} #{i}"] for role, text in s.get("history", [])]
            states[f"generic:conv-{i}"] = s
            limiter.allow(f"telegram:{100000 + i}")
        gc.collect()
        in_memory = rss_bytes() - base
        state_json = sum(len(json.dumps(s, ensure_ascii=False).encode()) for s in states.values())

        # (2) persisted through the store
        db = rt.db_path
        size0 = sum(os.path.getsize(p) for p in db.parent.glob(db.name + "*"))
        base = rss_bytes()
        t0 = time.perf_counter()
        for key, s in states.items():
            await rt.store.save_state(key, s)
        save_s = time.perf_counter() - t0
        del states
        gc.collect()
        persisted_rss = rss_bytes() - base
        size1 = sum(os.path.getsize(p) for p in db.parent.glob(db.name + "*"))
    finally:
        await rt.close()
    return {"conversations": n, "rss_in_memory_mb": in_memory / 2**20, "state_json_mb": state_json / 2**20,
            "rss_after_persist_mb": persisted_rss / 2**20, "db_growth_mb": (size1 - size0) / 2**20,
            "save_states_per_s": n / save_s, "history_turns": len(sample.get("history", [])) // 2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", type=int, default=10000)
    args = ap.parse_args()
    r = asyncio.run(run(args.conversations))
    print(f"{r['conversations']} conversations ({r['history_turns']} turns of history each):")
    print(f"  held in memory (states + flood buckets): {r['rss_in_memory_mb']:.1f} MiB RSS "
          f"(serialised states {r['state_json_mb']:.1f} MiB)")
    print(f"  persisted in the store: {r['rss_after_persist_mb']:+.1f} MiB RSS, database +{r['db_growth_mb']:.1f} MiB, "
          f"{r['save_states_per_s']:.0f} saves/s")
    print("RESULT " + json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
