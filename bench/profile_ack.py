"""CPU per acknowledgement, step by step, in one process: where each 0.1 ms of a signed generic
webhook's intake goes before the commit (verify, parse with its storable check, message key,
seal, metrics), this tree against a baseline checkout (`--baseline DIR`, e.g. a `git worktree`
of main) in the same run. Process CPU time (the machine is shared: wall clock is noise); every
step runs over the same signed requests, rounds of the two trees interleaved, best round shown.

    python bench/profile_ack.py [--baseline DIR] [--messages 5000] [--rounds 3]

The HTTP side (aiohttp's parsing, routing, response) is what the bare handler pays too and is
measured by bench/bench_webhook.py; the group commit's fsync is not CPU.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside a fresh interpreter with the measured tree first on sys.path.
CHILD = r"""
import asyncio, json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
n = int(sys.argv[2])
from adapters.base import InboundRequest
from adapters.generic import GenericAdapter, signed_headers
from bot.db import connect
from bot.inbox import message_key, seal_message
from bot.server.metrics import Metrics
from privacy.keys import KeyRing

async def main():
    tmp = tempfile.mkdtemp(prefix="profile-ack-")
    keyring = await KeyRing.open(await connect(Path(tmp) / "keys.db"), {"m1": bytes(range(32))}, "m1")
    adapter = GenericAdapter(secret="bench-secret")
    metrics = Metrics(process=False)
    reqs = []
    for i in range(n):
        body = json.dumps({"message_id": f"m-{i}", "user": f"web:u{i % 5000}", "conversation": f"c{i % 5000}",
                           "text": "where is my order SO202611200931? 我的包裹到哪了"}).encode()
        headers = {k.lower(): v for k, v in signed_headers("bench-secret", body).items()}
        reqs.append(InboundRequest(method="POST", path="/webhooks/generic", body=body, headers=headers,
                                   received_at=time.time()))
    await seal_message(keyring, adapter.parse(reqs[0]).messages[0])       # keys created, not timed
    out = {}
    t = time.process_time()
    for r in reqs:
        adapter.verify(r)
    out["verify"] = time.process_time() - t
    t = time.process_time()
    msgs = [adapter.parse(r).messages[0] for r in reqs]
    out["parse + storable"] = time.process_time() - t
    t = time.process_time()
    keys = [await message_key(keyring, m.platform, m.message_id) for m in msgs]
    out["message key"] = time.process_time() - t
    t = time.process_time()
    for m, k in zip(msgs, keys):
        await seal_message(keyring, m, k)
    out["seal"] = time.process_time() - t
    t = time.process_time()
    for _ in reqs:
        metrics.observe_request("generic", 200)
    out["metrics"] = time.process_time() - t
    # The same steps as one request does them, one message after the other (the seal then
    # finds the bytes the storable check encoded, as in the webhook).
    t = time.process_time()
    for r in reqs:
        adapter.verify(r)
        m = adapter.parse(r).messages[0]
        k = await message_key(keyring, m.platform, m.message_id)
        await seal_message(keyring, m, k)
        metrics.observe_request("generic", 200)
    out["all, per request"] = time.process_time() - t
    print(json.dumps({k: v * 1e6 / n for k, v in out.items()}))

asyncio.run(main())
"""


def measure(tree: Path, n: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(n)], cwd=tree, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, help="a checkout to compare with (e.g. a git worktree of main)")
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    trees = {"now": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):
        for label, tree in trees.items():
            got = measure(tree, args.messages)
            best[label] = {k: min(v, best.get(label, {}).get(k, v)) for k, v in got.items()}
    labels = list(reversed(trees))
    print(f"CPU µs per acknowledgement step, best of {args.rounds} rounds of {args.messages} requests")
    print(f"{'step':<20}" + "".join(f"{label:>10}" for label in labels))
    for step in best["now"]:
        print(f"{step:<20}" + "".join(f"{best[label][step]:>10.1f}" for label in labels))
    print("RESULT " + json.dumps({label: {k: round(v, 1) for k, v in best[label].items()} for label in labels}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
