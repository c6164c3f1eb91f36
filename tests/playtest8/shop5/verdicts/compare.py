"""List the turns whose reply or store actions differ between before.jsonl and after.jsonl.

    python3 tests/playtest8/shop5/verdicts/compare.py [--all]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent.parent
READS = ("list_", "get_", "search_", "check_", "match_", "refund_status", "tickets")


def load(name: str) -> dict:
    out = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        acts = [(a["name"], json.dumps(a.get("args"), sort_keys=True, ensure_ascii=False),
                 (a.get("result") or {}).get("code") if isinstance(a.get("result"), dict) else None)
                for a in d["trace"].get("actions", []) if not a["name"].startswith(READS) and a.get("ok")]
        out[(d["conversation"], d["turn"])] = (d["reply"], acts)
    return out


b, a = load("before.jsonl"), load("after.jsonl")
same = [k for k in b if b[k] == a.get(k)]
print(f"identical reply and writes: {len(same)} of {len(b)}")
for k in sorted(b):
    if b[k] != a.get(k) or "--all" in sys.argv:
        print(("SAME " if b[k] == a.get(k) else "DIFF ") + f"{k[0]}|{k[1]}")
