"""Turns whose reply or trace.actions (name, args, ok, result) differ between two runs.

    python3 tests/playtest8/verdicts/compare_after2.py [SET ...] [--old after] [--new after2] [--show]
    python3 tests/playtest8/verdicts/compare_after2.py [SET ...] --after3 [--show]   # after2 -> after3

SET is demo, en or shop5 (default: all three). --show prints both replies and the differing actions.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROUND = Path(__file__).resolve().parents[1]


def load(s: str, run: str) -> dict:
    out = {}
    for line in (ROUND / s / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        acts = [json.dumps({k: a.get(k) for k in ("name", "args", "ok", "result")}, sort_keys=True, ensure_ascii=False)
                for a in d["trace"].get("actions", [])]
        out[(d["conversation"], int(d["turn"]))] = (d["reply"], acts)
    return out


def main(argv: list[str]) -> None:
    old = argv[argv.index("--old") + 1] if "--old" in argv else ("after2" if "--after3" in argv else "after")
    new = argv[argv.index("--new") + 1] if "--new" in argv else ("after3" if "--after3" in argv else "after2")
    sets = [a for a in argv if a in ("demo", "en", "shop5")] or ["demo", "en", "shop5"]
    for s in sets:
        a, b = load(s, old), load(s, new)
        if set(a) != set(b):
            print(f"{s}: turn sets differ: missing {sorted(set(a) - set(b))} extra {sorted(set(b) - set(a))}")
        diff = [k for k in sorted(a) if a[k] != b.get(k)]
        print(f"{s}: identical {len(a) - len(diff)} of {len(a)}; changed: " + ", ".join(f"{c}|{t}" for c, t in diff))
        if "--show" in argv:
            for k in diff:
                ra, aa = a[k]
                rb, ab = b.get(k, ("<missing>", []))
                print(f"\n=== {s} {k[0]}|{k[1]}  reply {'same' if ra == rb else 'CHANGED'}; actions {'same' if aa == ab else 'CHANGED'}")
                if ra != rb:
                    print(f"--- {old}: {ra}\n+++ {new}: {rb}")
                if aa != ab:
                    print("--- " + old + " actions:\n  " + "\n  ".join(x for x in aa if x not in ab))
                    print("+++ " + new + " actions:\n  " + "\n  ".join(x for x in ab if x not in aa))


if __name__ == "__main__":
    main(sys.argv[1:])
