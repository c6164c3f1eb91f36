"""CPU milliseconds per message, stage by stage, for this checkout and a baseline checkout in the
same run (#17: wall clock is noise on a shared 2-core machine; process CPU time is not).

Each checkout runs in its own subprocess (its own code on sys.path): the template generator, a
fresh store seeded with the demo shop, messages one at a time. Per stage the CPU time of the whole
process (every thread: the redactor and NLU threads, the database threads) is read with
`time.process_time()` around the stage (the Trace's own `timed` blocks), and `audit` is the
record's sealing and hash-chained write (submit + flush). Then one cProfile of the turns with the
thread hops run inline, so the profile sees the redactor and the NLU too (the database threads
are not seen by it: their cost is in the per-stage CPU figures).

With `--rounds R` the baseline and this checkout are measured alternately R times each and each
stage's median is reported, so a change in the machine's load falls on both.

    python bench/profile_turn.py [--messages 300] [--baseline DIR] [--rounds 3] [--profile N]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("state", "redact", "understand", "retrieve", "dialogue", "generate", "restore", "persist", "audit",
          "other", "total")
TEXTS = ["where is my order SO202611200931?", "我的快递到哪了", "I want to return my shoes", "退款什么时候到账",
         "hello", "谢谢", "can I get an invoice?", "鞋子开胶了怎么办", "Hi, I'm Alex Morgan, call me on 13812345678",
         "我叫张伟，电话13812345678，地址上海市浦东新区世纪大道100号"]
USERS = ["telegram:1001", "web:demo", "telegram:1002", "web:stranger"]

# Runs inside the child, with the measured checkout first on sys.path.
CHILD = r'''
import asyncio, base64, contextlib, cProfile, io, json, os, pstats, sys, time
from pathlib import Path
root, tmp, n, profile_n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
texts, users = json.loads(sys.argv[5]), json.loads(sys.argv[6])
sys.path.insert(0, root)
os.chdir(root)
os.environ.setdefault("AFTERSALES_MASTER_KEY", base64.b64encode(bytes(range(32))).decode())
os.environ["AFTERSALES_NLU_CACHE_DIR"] = str(Path(tmp) / "nlu")
import bot.core.trace as trace_mod
from bot.core.messages import Message
from bot.core.settings import load_settings
from bot.pipeline.runtime import Runtime

cpu = {}
@contextlib.contextmanager
def timed(self, stage):
    t0 = time.perf_counter(); c0 = time.process_time()
    try:
        yield
    finally:
        self.timings_ms[stage] = round(self.timings_ms.get(stage, 0.0) + (time.perf_counter() - t0) * 1000, 3)
        cpu[stage] = cpu.get(stage, 0.0) + (time.process_time() - c0) * 1000
trace_mod.Trace.timed = timed

async def main():
    settings = load_settings(overrides={"data": {"dir": tmp, "db": str(Path(tmp) / "t.db")},
                                        "generator": {"kind": "template"}})
    rt = await Runtime.open(settings)
    per = {}
    def msg(i):
        return Message(platform="bench", conversation_id=f"c{i % 40}", sender_id=users[i % len(users)],
                       message_id=f"m{i}", text=texts[i % len(texts)], identity=users[i % len(users)])
    async def turn(i):
        c0 = time.process_time()
        result = await rt.pipeline.handle(msg(i))
        c1 = time.process_time()
        await rt.write_audit(msg(i), result, {"ok": True})
        await rt.audit.flush()
        c2 = time.process_time()
        return (c1 - c0) * 1000, (c2 - c1) * 1000
    try:
        for i in range(20):                      # caches, lazy loads: not the steady state
            await turn(i)
        for i in range(20, 20 + n):
            cpu.clear()
            pipe, audit = await turn(i)
            row = dict(cpu); row["audit"] = audit
            row["other"] = pipe - sum(v for k, v in cpu.items())
            row["total"] = pipe + audit
            for k, v in row.items():
                per.setdefault(k, []).append(v)
        prof_text = ""
        if profile_n:
            real = asyncio.to_thread
            async def inline(fn, *a, **kw):
                return fn(*a, **kw)
            asyncio.to_thread = inline
            prof = cProfile.Profile(time.process_time)
            prof.enable()
            for i in range(20 + n, 20 + n + profile_n):
                await turn(i)
            prof.disable()
            asyncio.to_thread = real
            buf = io.StringIO()
            st = pstats.Stats(prof, stream=buf)
            st.sort_stats("cumulative").print_stats(45)
            buf.write("\n--- by own time ---\n")
            st.sort_stats("tottime").print_stats(30)
            prof_text = buf.getvalue()
    finally:
        await rt.close()
    print("CHILD " + json.dumps({"cpu_ms": {k: sum(v) / len(v) for k, v in per.items()}, "profile": prof_text,
                                 "n": n, "profile_n": profile_n}))
asyncio.run(main())
'''


# bench_e2e.py's messages: what the server's CPU per message is measured on
E2E_TEXTS = ["where is my order SO202611200931?", "我的快递到哪了", "I want to return my shoes",
             "退款什么时候到账", "hello", "谢谢", "can I get an invoice?", "鞋子开胶了怎么办"]


def measure(root: Path, n: int, profile_n: int, texts: list[str] = TEXTS) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-prof-") as tmp:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(root), tmp, str(n), str(profile_n),
                               json.dumps(texts, ensure_ascii=False), json.dumps(USERS)],
                              capture_output=True, text=True, cwd=str(root),
                              env=dict(os.environ, PYTHONPATH=str(root), HF_HUB_OFFLINE="1"))
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("CHILD ")]
    if proc.returncode or not lines:
        raise RuntimeError(f"{root}: exit {proc.returncode}\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("CHILD "):])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--profile", type=int, default=0, help="turns to run under cProfile after the measurement")
    ap.add_argument("--baseline", default="", help="a baseline checkout measured in the same run")
    ap.add_argument("--rounds", type=int, default=1, help="alternate baseline and now this many times (medians)")
    ap.add_argument("--mix", choices=("turn", "e2e"), default="turn",
                    help="turn: ten texts, two with names and addresses; e2e: bench_e2e.py's eight")
    ap.add_argument("--out", default="", help="also write the report to this file")
    args = ap.parse_args()
    trees = ([("baseline", Path(args.baseline))] if args.baseline else []) + [("now", HERE.parent)]
    got: dict[str, list[dict[str, object]]] = {name: [] for name, _ in trees}
    for r in range(max(1, args.rounds)):
        for name, tree in trees:
            # the profile once, in the last round
            got[name].append(measure(tree, args.messages, args.profile if r == args.rounds - 1 else 0,
                                     E2E_TEXTS if args.mix == "e2e" else TEXTS))
    runs: list[tuple[str, dict[str, object]]] = []
    for name, results in got.items():
        stages = {s: statistics.median(float(x["cpu_ms"].get(s, 0.0)) for x in results)  # type: ignore[union-attr]
                  for s in STAGES}
        runs.append((name, {"cpu_ms": stages, "profile": results[-1]["profile"], "profile_n": args.profile}))
    out: list[str] = []
    names = [n for n, _ in runs]
    cpu = {n: r["cpu_ms"] for n, r in runs}
    out.append(f"CPU ms per message (process CPU, every thread), {args.messages} sequential turns after 20 warm-up, "
               f"template generator, demo shop, {args.mix} texts; median of {max(1, args.rounds)} alternating round(s)")
    out.append(f"{'stage':<11}" + "".join(f"{n:>10}" for n in names) + ("     now/base" if len(runs) == 2 else ""))
    for s in STAGES:
        vals = [cpu[n].get(s, 0.0) for n in names]       # type: ignore[union-attr]
        line = f"{s:<11}" + "".join(f"{v:>10.3f}" for v in vals)
        if len(runs) == 2 and vals[0]:
            line += f"{vals[1] / vals[0]:>12.2f}"
        out.append(line)
    for n, r in runs:
        if r.get("profile"):
            out.append(f"\n=== cProfile ({n}, {r['profile_n']} turns, CPU seconds; thread hops inline) ===")
            out.append(str(r["profile"]))
    text = "\n".join(out)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    figures = {f"cpu_ms_{s}": ([round(cpu["baseline"].get(s, 0.0), 3), round(cpu["now"].get(s, 0.0), 3)]  # type: ignore[union-attr]
                               if "baseline" in cpu else round(cpu["now"].get(s, 0.0), 3))  # type: ignore[union-attr]
               for s in STAGES}
    print("RESULT " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
