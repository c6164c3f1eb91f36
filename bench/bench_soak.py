"""Memory under a steady load: drive signed generic webhooks at a fixed rate at a running
`aftersales serve` (template generator, workers on, answers POSTed to a local callback) for N
minutes, sampling the server's RSS; report RSS over time and the growth after warm-up.

    python bench/bench_soak.py [--minutes 60] [--rate 20] [--sample 30] [--conversations 5000]

One hour is the documented setting; `make bench` runs a short soak (BENCH_SOAK_MINUTES, 2 by
default) so the whole suite stays tolerable.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
from _serve import SECRET, free_port, start_bot, stop, tempdir  # noqa: E402
from aiohttp import web  # noqa: E402

from adapters.generic import signed_headers  # noqa: E402

TEXTS = ["where is my order SO202611200931?", "我的快递到哪了", "I want to return my shoes", "退款什么时候到账",
         "hello", "谢谢", "can I get an invoice?", "鞋子开胶了怎么办", "Hi, I'm Alex Morgan, call me on 13812345678",
         "我叫张伟，电话13812345678"]
USERS = ["telegram:1001", "web:demo", "telegram:1002", "web:stranger"]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_table(samples: list[tuple[float, float, int, int]], every: float) -> str:
    """RSS at each `every` seconds (the sample nearest after it) and at the end, with the change."""
    picked: list[tuple[float, float, int, int]] = []
    mark = 0.0
    for s in samples:
        if s[0] >= mark:
            picked.append(s)
            mark = (s[0] // every + 1) * every
    if samples and picked[-1] is not samples[-1]:
        picked.append(samples[-1])
    lines = [f"{'minute':>7} {'RSS MB':>8} {'change':>7} {'sent':>7} {'answered':>9}"]
    for s in picked:
        lines.append(f"{s[0] / 60:>7.1f} {s[1]:>8.1f} {s[1] - picked[0][1]:>+7.1f} {s[2]:>7} {s[3]:>9}")
    return "\n".join(lines)


async def soak(args: argparse.Namespace, tmp: str) -> dict[str, object]:
    answered = 0

    async def callback(request: web.Request) -> web.Response:
        nonlocal answered
        await request.read()
        answered += 1
        return web.json_response({"ok": True})

    cb = web.Application()
    cb.router.add_post("/cb", callback)
    runner = web.AppRunner(cb, access_log=None)
    await runner.setup()
    cb_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", cb_port).start()
    port = free_port()
    proc = await asyncio.to_thread(start_bot, port, tmp, True, f"http://127.0.0.1:{cb_port}/cb")
    samples: list[tuple[float, float, int, int]] = []
    sent = errors = 0
    try:
        async with aiohttp.ClientSession() as http:
            async def post(i: int) -> None:
                nonlocal errors
                # Many customers over the run, as in production: per-conversation state must not pile up
                # in the process (it lives in the store).
                body = json.dumps({"message_id": f"soak-{i}", "user": USERS[i % len(USERS)],
                                   "conversation": f"soak-conv-{i % args.conversations}", "text": TEXTS[i % len(TEXTS)]},
                                  ensure_ascii=False).encode()
                try:
                    async with http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                                         headers=signed_headers(SECRET, body)) as r:
                        errors += r.status != 200
                except aiohttp.ClientError:
                    errors += 1

            t0 = time.monotonic()
            end = t0 + args.minutes * 60
            next_sample = t0
            tasks: set[asyncio.Task[None]] = set()
            for i in itertools.count():
                now = time.monotonic()
                if now >= end:
                    break
                if now >= next_sample:
                    samples.append((now - t0, rss_mb(proc.pid), sent, answered))
                    print(f"  {now - t0:7.0f} s  RSS {samples[-1][1]:7.1f} MB  sent {sent}  answered {answered}",
                          flush=True)
                    next_sample += args.sample
                task = asyncio.create_task(post(i))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                sent += 1
                await asyncio.sleep(max(0.0, t0 + (i + 1) / args.rate - time.monotonic()))
            await asyncio.gather(*tasks)
            deadline = time.monotonic() + 60
            while answered < sent - errors and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            samples.append((time.monotonic() - t0, rss_mb(proc.pid), sent, answered))
            print(rss_table(samples, args.table_every))
    finally:
        await asyncio.to_thread(stop, proc)
        await runner.cleanup()
    # Growth is judged after warm-up (first-message caches, SQLite page cache): the first fifth.
    warm = samples[max(1, len(samples) // 5)]
    last = samples[-1]
    hours = max(last[0] - warm[0], 1.0) / 3600
    return {"minutes": args.minutes, "rate_per_s": args.rate, "sent": sent, "answered": answered,
            "errors": errors, "rss_start_mb": round(samples[0][1], 1), "rss_after_warmup_mb": round(warm[1], 1),
            "rss_end_mb": round(last[1], 1), "rss_peak_mb": round(max(s[1] for s in samples), 1),
            "growth_mb_per_hour_after_warmup": round((last[1] - warm[1]) / hours, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=float(os.environ.get("BENCH_SOAK_MINUTES", 60)))
    ap.add_argument("--rate", type=float, default=20.0, help="messages per second")
    ap.add_argument("--sample", type=float, default=30.0, help="seconds between RSS samples")
    ap.add_argument("--conversations", type=int, default=5000, help="distinct conversations, reused in turn")
    ap.add_argument("--table-every", type=float, default=300.0, help="seconds between rows of the final RSS table")
    args = ap.parse_args()
    with tempdir("bench-soak-") as tmp:
        r = asyncio.run(soak(args, tmp))
    print(f"{r['answered']}/{r['sent']} answered at {args.rate:g}/s for {args.minutes:g} min: RSS "
          f"{r['rss_start_mb']} MB at ready, {r['rss_after_warmup_mb']} MB after warm-up, {r['rss_end_mb']} MB at "
          f"the end (peak {r['rss_peak_mb']}); growth after warm-up {r['growth_mb_per_hour_after_warmup']} MB/h")
    print("RESULT " + json.dumps(r))
    return 0 if r["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
