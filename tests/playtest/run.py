"""Replay one play-test round's conversations, each in a fresh database.

A batch (one `aftersales replay` run) holds at most one conversation per customer, so no
conversation sees what another did to the shop. Strangers count as their own customer.

    python tests/playtest/run.py tests/playtest2 > /tmp/round2.jsonl
    python tests/playtest/run.py tests/playtest4/en/heldout --shop config/demo_shop_en.json
    python tests/playtest/run.py FOLDER --root /tmp/original-checkout   # the same round on other code
    python tests/playtest/run.py FOLDER --shop SHOP.json --knowledge SHOP/knowledge   # another shop's texts and facts

Not a pytest module: the rounds are judged by a person reading the replies and traces.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-28T12:00:00+08:00"


def batches(conversations: Path, shop: Path) -> list[list[dict]]:
    fixture = json.loads(shop.read_text(encoding="utf-8"))
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


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(Path(__file__).parent))
    ap.add_argument("--shop", default=str(ROOT / "config" / "demo_shop.json"))
    ap.add_argument("--root", default=str(ROOT), help="the checkout whose code answers")
    ap.add_argument("--now", default=NOW)
    ap.add_argument("--knowledge", help="the shop's own knowledge folder (default: the configured one)")
    args = ap.parse_args(argv)
    shop = Path(args.shop).resolve()
    env = dict(os.environ, AFTERSALES_MASTER_KEY=base64.b64encode(bytes(32)).decode(), PYTHONPATH=args.root)
    for batch in batches(Path(args.folder) / "conversations.jsonl", shop):
        stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in batch)
        extra = ["--knowledge", str(Path(args.knowledge).resolve())] if args.knowledge else []
        run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--store", str(shop), "--now", args.now,
                              *extra],
                             input=stdin, capture_output=True, text=True, env=env, cwd=args.root)
        if run.returncode:
            print(run.stderr[-2000:], file=sys.stderr)
        sys.stdout.write(run.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
