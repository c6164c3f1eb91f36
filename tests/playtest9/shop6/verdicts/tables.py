"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts (round 9, shop6).

    python3 tests/playtest9/shop6/verdicts/tables.py            # before tables + store-write audit
    python3 tests/playtest9/shop6/verdicts/tables.py --after    # before -> after, moves, both audits (verdicts/after.txt)
    python3 tests/playtest9/shop6/verdicts/tables.py --after2   # before -> after -> after2 (verdicts/after2.txt), moves after -> after2
    python3 tests/playtest9/shop6/verdicts/tables.py --writes   # store-write audit only (add --after / --after2 for more runs)

Checks that each verdict file covers every expected turn once with the expected category, and
that every successful store write / ticket in a replay file has a judgement in writes_<run>.txt.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CATS = {"followup": "follow-ups / corrections / changed mind", "negation": "negation / quantities",
        "delivery": "delivery (status, late, damaged, customs)", "payment": "payment issues / refund status",
        "changes": "changes before shipping (options, qty, lines, payment, cancel)",
        "returns": "returns / exchanges / replacements", "product": "product info / faults / warranty",
        "other": "other (invoice, hand-off, privacy, policy, stranger)"}
LANG = {"z": "Chinese / mixed", "e": "English"}
WRITES = {"cancel_order", "change_items", "change_payment", "change_address", "change_shipping_address",
          "change_default_address", "create_return", "create_exchange", "create_refund", "create_ticket",
          "add_to_ticket", "close_ticket", "request_invoice", "reissue_invoice"}


def load(name: str) -> dict[tuple[str, int], tuple[str, str]]:
    out = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            c, t, v, cat, *_ = line.split("|")
            if (c, int(t)) in out:
                sys.exit(f"{name}: {c}|{t} judged twice")
            out[(c, int(t))] = (v, cat)
    return out


def categories() -> dict[tuple[str, int], str]:
    out = {}
    for line in (HERE / "categories.txt").read_text(encoding="utf-8").splitlines():
        c, t, cat = line.split("|")
        out[(c, int(t))] = cat
    return out


def verdicts(name: str) -> dict[tuple[str, int], str]:
    v, cat = load(name), categories()
    if set(v) != set(cat):
        sys.exit(f"{name}: covers {len(v)} turns, expected {len(cat)}: missing {sorted(set(cat) - set(v))}")
    bad = [k for k in v if v[k][1] != cat[k]]
    if bad or any(x[0] not in "RPW" for x in v.values()):
        sys.exit(f"{name}: wrong category or verdict at {bad}")
    return {k: x[0] for k, x in v.items()}


def fmt(cnt: Counter) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']} ({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)"


def rows(cat: dict[tuple[str, int], str]) -> list[tuple[str, list]]:
    keys = sorted(cat)
    out = [("all", keys)]
    out += [(label, [k for k in keys if k[0].startswith(p)]) for p, label in LANG.items()]
    out += [("first turns", [k for k in keys if k[1] == 0]), ("follow-up turns", [k for k in keys if k[1] > 0])]
    out += [(label, [k for k in keys if cat[k] == c]) for c, label in CATS.items()]
    return out


def all_r(v: dict[tuple[str, int], str], prefix: str) -> str:
    convs = sorted({c for c, _ in v if c.startswith(prefix)})
    return f"{sum(all(v[k] == 'R' for k in v if k[0] == c) for c in convs)}/{len(convs)}"


def writes(run: str) -> list[str]:
    """Every successful write of a replay, with its judgement from writes_<run>.txt."""
    judged = {}
    path = HERE / f"writes_{run}.txt"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.strip():
            c, t, name, v, reason = line.split("|", 4)
            judged[(c, int(t), name)] = (v, reason)
    out, seen = [], set()
    for line in (HERE.parent / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for a in d["trace"].get("actions", []):
            res = a.get("result") if isinstance(a.get("result"), dict) else {}
            if a["name"] in WRITES and a.get("ok") and res.get("code") == "ok":
                key = (d["conversation"], d["turn"], a["name"])
                if key not in judged:
                    sys.exit(f"writes_{run}.txt: no judgement for {key}")
                seen.add(key)
                v, reason = judged[key]
                out.append(f"{v} {key[0]}|{key[1]} {a['name']}: {reason}")
    extra = set(judged) - seen
    if extra:
        sys.exit(f"writes_{run}.txt: judgements for writes that did not happen: {sorted(extra)}")
    return out


def audit(run: str) -> None:
    w = writes(run)
    c = Counter(x[0] for x in w)
    print(f"\nstore writes and tickets in {run}.jsonl: {len(w)} (right {c['R']}, partly {c['P']}, wrong {c['W']})")
    print("\n".join("  " + x for x in w))


def table(runs: list[str]) -> None:
    cat = categories()
    vs = [verdicts(f"{r}.txt") for r in runs]
    print("| split / category | turns | " + " | ".join(f"{r} R / P / W" for r in runs) + " |")
    print("|---|---|" + "---|" * len(runs))
    for label, keys in rows(cat):
        print(f"| {label} | {len(keys)} | " + " | ".join(fmt(Counter(v[k] for k in keys)) for v in vs) + " |")
    print()
    for p, label in (("", "all"), *LANG.items()):
        print(f"conversations with every turn R ({label}): " + ", ".join(f"{r} {all_r(v, p)}" for r, v in zip(runs, vs)))
    if len(vs) >= 2:
        b, a = vs[-2], vs[-1]
        moved = Counter((b[k], a[k]) for k in a if b[k] != a[k])
        print(f"\nverdict moves {runs[-2]} -> {runs[-1]}:", ", ".join(f"{x}->{y} {n}" for (x, y), n in sorted(moved.items())) or "none")
        worse = [k for k in a if "RPW".index(a[k]) > "RPW".index(b[k])]
        print(f"turns that got worse ({runs[-2]} -> {runs[-1]}):", ", ".join(f"{c}|{t} {b[(c, t)]}->{a[(c, t)]}" for c, t in sorted(worse)) or "none")
    for r in runs:
        audit(r)


if __name__ == "__main__":
    runs = ["before", "after", "after2"] if "--after2" in sys.argv else ["before", "after"] if "--after" in sys.argv else ["before"]
    if "--writes" in sys.argv:  # only the store-write audit(s)
        for r in runs:
            audit(r)
        sys.exit(0)
    table(runs)
