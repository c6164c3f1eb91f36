"""Webhook acknowledgement: throughput and p50/p99 latency at 200 concurrent connections.

The bot's generic webhook (signed, verified, parsed, sealed and committed to the durable inbox
before the 200) against a bare aiohttp handler that just answers 200, measured in the same run
on loopback, so the figure that matters is the ratio. Two bot runs: workers off (acknowledge
only) and workers on (the pipeline competes for the same CPU). Every request carries a fresh
message id, so each 200 is a real durable insert, not a dedupe hit.

Load generator: `wrk` when installed (apt-get install -y wrk), else an aiohttp client (which is
itself the bottleneck at ~1,000 requests/s: its ratios say little). The bot runs on its
configured event loop ([server] event_loop, uvloop by default), the bare handler on asyncio's.
    python bench/bench_webhook.py [--duration 8] [--connections 200] [--baseline DIR] [--no-workers-on]
                                  [--intake-processes 1,2]
`--intake-processes 1,2`: one workers-off run per count ([server] intake_processes: the parent and
N-1 webhook-only children on the same port, bot/server/intake.py); the workers-on run uses the
last count. cpu/req then sums the parent's and the children's CPU.
`--baseline DIR`: also run that checkout's server (e.g. a `git worktree` of main) workers off,
right after this tree's, in the same run. `cpu/req` is the server's user+sys CPU over the run
divided by the requests answered (every thread), the figure least moved by other load.
Aim (issue 17): bot ≥ 0.8 × bare throughput, p99 < 50 ms, every 200 still a committed fsync.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _serve import ROOT, SECRET, cpu_seconds, free_port, start_bare, start_bot, stop, tempdir  # noqa: E402

from adapters.generic import sign  # noqa: E402

LUA = r"""
local reqs = {}
local idx = 0
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
function init(args)
  local n = tonumber(args[2])
  local i = 0
  for line in io.lines(args[1]) do
    if (i % n) == (tid - 1) then
      local ts, sig, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
      reqs[#reqs + 1] = wrk.format("POST", "/webhooks/generic", {["Content-Type"] = "application/json",
        ["X-Aftersales-Timestamp"] = ts, ["X-Aftersales-Signature"] = sig}, body)
    end
    i = i + 1
  end
end
function request()
  idx = idx + 1
  if idx > #reqs then idx = 1 end
  return reqs[idx]
end
"""


def signed_lines(n: int, tag: str) -> list[tuple[str, str, bytes]]:
    ts = str(int(time.time()))
    out = []
    for i in range(n):
        body = json.dumps({"message_id": f"{tag}-{i}", "user": f"web:bench{i % 5000}",
                           "conversation": f"c{i % 5000}", "text": "where is my order SO202611200931?"}).encode()
        out.append((ts, sign(SECRET, ts, body), body))
    return out


_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(text)
    return float(m.group(1)) * _UNIT[m.group(2)]


def run_wrk(port: int, lines: list[tuple[str, str, bytes]], duration: int, connections: int) -> dict[str, float]:
    threads = 2
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        data = Path(tmp) / "reqs.tsv"
        data.write_bytes(b"".join(f"{ts}\t{sig}\t".encode() + body + b"\n" for ts, sig, body in lines))
        script = Path(tmp) / "post.lua"
        script.write_text(LUA)
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
                              "--timeout", "5s", "-s", str(script), f"http://127.0.0.1:{port}/webhooks/generic",
                              "--", str(data), str(threads)],
                             capture_output=True, text=True, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "requests": total, "p50_ms": _ms(lat["50"]), "p99_ms": _ms(lat["99"]),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(0) if errors else "",
            "wrapped": total > len(lines)}


async def _client_load(port: int, lines: list[tuple[str, str, bytes]], duration: int,
                       connections: int) -> dict[str, float]:
    import aiohttp

    url = f"http://127.0.0.1:{port}/webhooks/generic"
    latencies: list[float] = []
    non2xx = 0
    counter = 0
    stop_at = time.monotonic() + duration

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal counter, non2xx
        while time.monotonic() < stop_at:
            ts, sig, body = lines[counter % len(lines)]
            counter += 1
            t0 = time.perf_counter()
            async with http.post(url, data=body, headers={"Content-Type": "application/json",
                                                          "X-Aftersales-Timestamp": ts,
                                                          "X-Aftersales-Signature": sig}) as r:
                await r.read()
                non2xx += r.status >= 300
            latencies.append((time.perf_counter() - t0) * 1000)

    conn = aiohttp.TCPConnector(limit=connections)
    t0 = time.monotonic()
    async with aiohttp.ClientSession(connector=conn) as http:
        await asyncio.gather(*(worker(http) for _ in range(connections)))
    elapsed = time.monotonic() - t0
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "requests": len(latencies), "p50_ms": q[49], "p99_ms": q[98],
            "non_2xx": non2xx, "socket_errors": "", "wrapped": counter > len(lines)}


def load(port: int, lines: list[tuple[str, str, bytes]], duration: int, connections: int) -> dict[str, float]:
    if shutil.which("wrk"):
        return run_wrk(port, lines, duration, connections)
    return asyncio.run(_client_load(port, lines, duration, connections))


def inbox_depth(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        m = re.search(r"^aftersales_inbox_depth (\S+)$", r.read().decode(), re.M)
    return float(m.group(1)) if m else -1


def family_cpu_seconds(pid: int) -> float:
    """CPU of `pid` and its intake children (`python -m bot.server.intake`), from /proc."""
    total = cpu_seconds(pid)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == pid and b"bot.server.intake" in (entry / "cmdline").read_bytes():
                total += cpu_seconds(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


def wait_children(pid: int, n: int, timeout: float = 60) -> None:
    """Until `n` intake children run (they start after the parent is ready)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = 0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    kids += ppid == pid and b"bot.server.intake" in (entry / "cmdline").read_bytes()
                except (OSError, ValueError, IndexError):
                    pass
        if kids >= n:
            time.sleep(2)           # import and bind
            return
        time.sleep(0.2)
    raise TimeoutError(f"{n} intake children did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--requests", type=int, default=80000, help="distinct signed requests prepared per run")
    ap.add_argument("--baseline", type=Path, help="another checkout to run workers off in the same run")
    ap.add_argument("--no-workers-on", action="store_true", help="skip the workers-on run")
    ap.add_argument("--intake-processes", default="1",
                    help="comma-separated [server] intake_processes counts, one workers-off run each")
    args = ap.parse_args()
    counts = [int(n) for n in args.intake_processes.split(",") if n.strip()]
    tool = "wrk" if shutil.which("wrk") else "aiohttp-client"
    print(f"load generator: {tool}; {args.connections} connections; {args.duration}s per run; loopback")
    results: dict[str, dict[str, float]] = {}

    port = free_port()
    proc = start_bare(port)
    try:
        load(port, signed_lines(2000, "warm"), 2, args.connections)
        cpu0 = cpu_seconds(proc.pid)
        results["bare"] = load(port, signed_lines(args.requests, "bare"), args.duration, args.connections)
        results["bare"]["cpu_ms"] = (cpu_seconds(proc.pid) - cpu0) * 1000 / max(1, results["bare"]["requests"])
    finally:
        stop(proc)

    def name(base: str, n: int) -> str:
        return base if n == 1 else base.replace("bot_", f"bot_intake{n}_")

    runs = [(name("bot_workers_off", n), False, ROOT, n) for n in counts]
    if args.baseline:
        runs.append(("baseline_workers_off", False, args.baseline.resolve(), 1))
    if not args.no_workers_on:
        runs.append((name("bot_workers_on", counts[-1]), True, ROOT, counts[-1]))
    for label, process, root, n in runs:
        with tempdir("bench-webhook-") as tmp:
            port = free_port()
            env = {"AFTERSALES_SERVER_INTAKE_PROCESSES": str(n)} if n != 1 else None
            proc = start_bot(port, tmp, process=process, root=root, extra_env=env)
            try:
                if n > 1:
                    wait_children(proc.pid, n - 1)
                load(port, signed_lines(2000, f"warm-{label}"), 2, args.connections)
                time.sleep(1.5 if n > 1 else 0)      # the parent re-reads the children's rows each second
                before = inbox_depth(port)
                cpu0, own0 = family_cpu_seconds(proc.pid), cpu_seconds(proc.pid)
                results[label] = load(port, signed_lines(args.requests, label), args.duration, args.connections)
                answered = max(1, results[label]["requests"])
                results[label]["cpu_ms"] = (family_cpu_seconds(proc.pid) - cpu0) * 1000 / answered
                if n > 1:       # of which the parent's (the rest: its intake children's)
                    results[label]["parent_cpu_ms"] = (cpu_seconds(proc.pid) - own0) * 1000 / answered
                if not process:
                    time.sleep(1.5 if n > 1 else 0)
                    results[label]["stored"] = inbox_depth(port) - before
            finally:
                stop(proc)

    bare = results["bare"]["rps"]
    print(f"{'run':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'ratio':>8}{'cpu/req ms':>12}")
    for label, r in results.items():
        print(f"{label:<28}{r['rps']:>10.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{int(r['non_2xx']):>9}"
              f"{r['rps'] / bare:>8.2f}{r['cpu_ms']:>12.3f}"
              + ("  (request list wrapped: some dedupes)" if r.get("wrapped") and label != "bare" else ""))
    for label, r in results.items():
        if "parent_cpu_ms" in r:
            print(f"cpu/req of {label}: parent {r['parent_cpu_ms']:.3f} ms, intake children "
                  f"{r['cpu_ms'] - r['parent_cpu_ms']:.3f} ms")
    for label, r in results.items():
        if "stored" in r:
            print(f"stored durably during the {label} run: {int(r['stored'])} (answered {int(r['requests'])})")
    summary = {"tool": tool, "bot_event_loop": os.environ.get("AFTERSALES_SERVER_EVENT_LOOP", "uvloop"), **{f"{k}_{m}": round(v[m], 2) for k, v in results.items()
                                for m in ("rps", "p50_ms", "p99_ms")},
               **{f"ratio_{k}": round(v["rps"] / bare, 3) for k, v in results.items() if k != "bare"},
               **{f"{k}_cpu_ms": round(v["cpu_ms"], 3) for k, v in results.items()}}
    print("RESULT " + json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
