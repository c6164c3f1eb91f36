"""End-to-end messages per second with the template generator: signed generic webhook in,
full pipeline (redact, understand, retrieve, dialogue/tools, generate, restore, persist, audit),
signed answer POSTed to a local callback. Time runs from the first POST to the last answer.
`cpu_ms_per_msg` is the server process's CPU time (every thread, from /proc) from ready to the
last answer, per message: on a shared machine the figure wall-clock rates cannot give (#17).
`--baseline REF|DIR` runs the same load against a baseline checkout first, in the same run
(a git ref is checked out as a temporary worktree), and reports `[baseline, now]` pairs;
`--rounds R` alternates the two R times and reports medians (the machine's load falls on both).

    python bench/bench_e2e.py [--messages 300] [--concurrency 20] [--baseline REF|DIR] [--rounds 3]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
from _serve import ROOT, SECRET, cpu_seconds, free_port, start_bot, stop, tempdir  # noqa: E402
from aiohttp import web  # noqa: E402

from adapters.generic import signed_headers  # noqa: E402

TEXTS = ["where is my order SO202611200931?", "我的快递到哪了", "I want to return my shoes",
         "退款什么时候到账", "hello", "谢谢", "can I get an invoice?", "鞋子开胶了怎么办"]
USERS = ["telegram:1001", "web:demo", "telegram:1002", "web:stranger"]


async def run(args: argparse.Namespace, tmp: str, root: Path = ROOT) -> dict[str, float]:
    answered: dict[str, float] = {}
    sent_at: dict[str, float] = {}

    async def callback(request: web.Request) -> web.Response:
        answered[json.loads(await request.read())["in_reply_to"]] = time.monotonic()
        return web.json_response({"ok": True})

    cb_app = web.Application()
    cb_app.router.add_post("/cb", callback)
    runner = web.AppRunner(cb_app, access_log=None)
    await runner.setup()
    cb_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", cb_port).start()
    port = free_port()
    proc = await asyncio.to_thread(start_bot, port, tmp, True, f"http://127.0.0.1:{cb_port}/cb", None, root,
                                   args.profile or None)
    if args.profile:
        proc.send_signal(signal.SIGUSR1)
    cpu0 = cpu_seconds(proc.pid)
    statuses: Counter[int] = Counter()
    try:
        sem = asyncio.Semaphore(args.concurrency)
        async with aiohttp.ClientSession() as http:
            async def post(i: int) -> None:
                mid = f"e2e-{i}"
                body = json.dumps({"message_id": mid, "user": USERS[i % len(USERS)],
                                   "conversation": f"conv-{i % args.conversations}",
                                   "text": TEXTS[i % len(TEXTS)]}, ensure_ascii=False).encode()
                async with sem:
                    sent_at[mid] = time.monotonic()
                    async with http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                                         headers=signed_headers(SECRET, body)) as r:
                        statuses[r.status] += 1

            t0 = time.monotonic()
            await asyncio.gather(*(post(i) for i in range(args.messages)))
            acked = time.monotonic()
            deadline = t0 + args.timeout
            while len(answered) < statuses[200] and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            done = max(answered.values()) if answered else time.monotonic()
            await asyncio.sleep(0.5)       # the last audit records are written after the answers
            cpu = cpu_seconds(proc.pid) - cpu0
            if args.profile:
                proc.send_signal(signal.SIGUSR2)
                await asyncio.sleep(1.0)
    finally:
        await asyncio.to_thread(stop, proc)
        await runner.cleanup()
    lat = [answered[m] - sent_at[m] for m in answered]
    return {"messages": args.messages, "accepted": statuses[200], "answered": len(answered),
            "non_200": sum(v for k, v in statuses.items() if k != 200),
            "ack_seconds": acked - t0, "total_seconds": done - t0,
            "msgs_per_s": len(answered) / (done - t0),
            "cpu_ms_per_msg": cpu * 1000 / max(1, len(answered)),
            "latency_p50_s": statistics.median(lat) if lat else 0.0,
            "latency_p95_s": statistics.quantiles(lat, n=20)[18] if len(lat) > 1 else 0.0}


def _report(label: str, r: dict[str, float], tmp: str) -> None:
    if r["non_200"] or r["answered"] < r["accepted"]:
        print("server log tail:\n" + Path(tmp, "server.log").read_text()[-1500:])
    print(f"{label}{r['answered']}/{r['messages']} answered ({r['non_200']} not accepted) in {r['total_seconds']:.1f}s: "
          f"{r['msgs_per_s']:.1f} msg/s end to end (template generator), server CPU {r['cpu_ms_per_msg']:.2f} ms/message; "
          f"acknowledgements took {r['ack_seconds']:.1f}s; per-message latency p50 {r['latency_p50_s']:.2f}s "
          f"p95 {r['latency_p95_s']:.2f}s")


def _baseline_tree(ref: str, tmp: Path) -> tuple[Path, bool]:
    """A directory is used as is; a git ref is checked out as a temporary worktree (True: remove it)."""
    if Path(ref).is_dir():
        return Path(ref), False
    tree = tmp / "base"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), ref], cwd=ROOT, check=True)
    return tree, True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--conversations", type=int, default=60)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--profile", default="", help="write a cProfile of the server (main thread) to this file")
    ap.add_argument("--baseline", default="", help="git ref or checkout directory run first, same load")
    ap.add_argument("--rounds", type=int, default=1, help="with --baseline: alternate this many times (medians)")
    args = ap.parse_args()
    base: dict[str, float] | None = None
    bases: list[dict[str, float]] = []
    nows: list[dict[str, float]] = []
    work = Path(tempfile.mkdtemp(prefix="bench-e2e-base-"))
    tree, remove = _baseline_tree(args.baseline, work) if args.baseline else (ROOT, False)
    try:
        for _ in range(max(1, args.rounds) if args.baseline else 1):
            if args.baseline:
                with tempdir("bench-e2e-") as tmp:
                    bases.append(asyncio.run(run(args, tmp, tree)))
                    _report("baseline: ", bases[-1], tmp)
            with tempdir("bench-e2e-") as tmp:
                nows.append(asyncio.run(run(args, tmp)))
                _report("now: " if args.baseline else "", nows[-1], tmp)
    finally:
        if remove:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)

    def median(runs: list[dict[str, float]]) -> dict[str, float]:
        return {k: statistics.median(x[k] for x in runs) for k in runs[0]}
    r = median(nows)
    base = median(bases) if bases else None

    def fig(v: float) -> float | int:
        return round(v, 3) if isinstance(v, float) else v
    if base is None:
        print("RESULT " + json.dumps({k: fig(v) for k, v in r.items()}))
    else:
        if len(nows) > 1:
            print("per round, CPU per message now/baseline: "
                  + ", ".join(f"{n['cpu_ms_per_msg'] / b['cpu_ms_per_msg']:.2f}" for b, n in zip(bases, nows)))
        print(f"now/baseline (medians of {len(nows)}): CPU per message {r['cpu_ms_per_msg'] / base['cpu_ms_per_msg']:.2f}, "
              f"msg/s {r['msgs_per_s'] / base['msgs_per_s']:.2f}")
        print("RESULT " + json.dumps({k: [fig(base[k]), fig(v)] for k, v in r.items() if k != "messages"}))
    return 0 if all(x["answered"] == x["accepted"] == x["messages"] for x in nows) else 1

if __name__ == "__main__":
    sys.exit(main())
