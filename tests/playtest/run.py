"""Replay one play-test round's conversations, each in a fresh database.

A batch (one `aftersales replay` run) holds at most one conversation per customer, so no
conversation sees what another did to the shop. Strangers count as their own customer.

    .venv/bin/python tests/playtest/run.py tests/playtest2 > /tmp/round2.jsonl

Not a pytest module: the rounds are judged by a person reading the replies and traces.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def batches(conversations: Path) -> list[list[dict]]:
    fixture = json.loads((ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8"))
    owner = {i: c["id"] for c in fixture["customers"] for i in c["identities"]}
    by_conv: dict[str, list[dict]] = {}
    for line in conversations.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        by_conv.setdefault(item["conversation"], []).append(item)
    out: list[dict[str, list[dict]]] = []
    for lines in by_conv.values():
        who = owner.get(lines[0]["user"], lines[0]["user"])
        free = next((b for b in out if who not in b), None)
        if free is None:
            out.append(free := {})
        free[who] = lines
    return [[line for lines in b.values() for line in lines] for b in out]


def main(folder: str) -> int:
    env = dict(os.environ, AFTERSALES_MASTER_KEY=base64.b64encode(bytes(32)).decode())
    for batch in batches(Path(folder) / "conversations.jsonl"):
        stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in batch)
        run = subprocess.run([str(ROOT / ".venv" / "bin" / "aftersales"), "replay", "--store",
                              str(ROOT / "config" / "demo_shop.json"), "--now", "2026-11-28T12:00:00+08:00"],
                             input=stdin, capture_output=True, text=True, env=env)
        if run.returncode:
            print(run.stderr[-2000:], file=sys.stderr)
        sys.stdout.write(run.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).parent)))
