"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts (round 10, shop7).

    python3 tests/playtest10/shop7/verdicts/tables.py            # before tables + store-write audit
    python3 tests/playtest10/shop7/verdicts/tables.py --after    # before -> after, moves, both audits (verdicts/after.txt)
    python3 tests/playtest10/shop7/verdicts/tables.py --after2   # before -> after -> after2 (verdicts/after2.txt)
    python3 tests/playtest10/shop7/verdicts/tables.py --writes   # store-write audit only (add --after / --after2)

Verdict lines: conv|turn|R/P/W|category|reason. Write lines (writes_<run>.txt): conv|turn|action|R/P/W|reason
for every successful write or ticket in <run>.jsonl, plus conv|turn|action|missing|reason for a write the
customer asked for (a clear yes, an explicit request) that never happened. The script checks that each
verdict file covers every expected turn once with the expected category, and that every successful store
write / ticket in a replay file has a judgement.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CATS = {"status": "order status", "delivery": "delivery issues (not received, late, damaged, customs)",
        "returns": "returns", "exchange": "exchanges (option swaps)", "negation": "negation / quantities / keep X",
        "changes": "changes before shipping (options, qty)", "cancel": "cancel", "address": "address change",
        "confirm": "clear yes after a confirmation", "confirm_q": "question inside an open confirmation",
        "payment": "payment problems", "refund": "refund status", "invoice": "invoice",
        "warranty": "warranty / faults", "product": "product questions", "multi": "several requests in one message",
        "followup": "vague follow-ups", "human": "asking for a human", "stranger": "strangers (not their order)"}
WRITES = {"cancel_order", "change_items", "change_payment", "change_address", "change_shipping_address",
          "change_default_address", "create_return", "create_exchange", "create_refund", "create_ticket",
          "add_to_ticket", "close_ticket", "request_invoice", "reissue_invoice"}


def expectations() -> dict[tuple[str, int], dict]:
    rows = [json.loads(x) for x in (HERE.parent / "expectations.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(r["conversation"], r["turn"]): r for r in rows}


def categories() -> dict[tuple[str, int], str]:
    out = {}
    for line in (HERE / "categories.txt").read_text(encoding="utf-8").splitlines():
        c, t, cat = line.split("|")
        out[(c, int(t))] = cat
    return out


def verdicts(name: str) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            c, t, v, cat, *_ = line.split("|")
            if (c, int(t)) in out:
                sys.exit(f"{name}: {c}|{t} judged twice")
            out[(c, int(t))] = (v, cat)
    cat = categories()
    if set(out) != set(cat):
        sys.exit(f"{name}: covers {len(out)} turns, expected {len(cat)}: missing {sorted(set(cat) - set(out))}")
    bad = [k for k in out if out[k][1] != cat[k]]
    if bad or any(x[0] not in ("R", "P", "W") for x in out.values()):
        sys.exit(f"{name}: wrong category or verdict at {bad}")
    return {k: x[0] for k, x in out.items()}


def fmt(cnt: Counter) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return (f"{cnt['R']} / {cnt['P']} / {cnt['W']} "
            f"({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)")


def rows(cat: dict[tuple[str, int], str]) -> list[tuple[str, list]]:
    exp = expectations()
    keys = sorted(cat)
    out = [("all", keys), ("Chinese / mixed", [k for k in keys if exp[k]["lang"] == "zh"]),
           ("English", [k for k in keys if exp[k]["lang"] == "en"]),
           ("first turns", [k for k in keys if k[1] == 0]), ("follow-up turns", [k for k in keys if k[1] > 0])]
    out += [(label, [k for k in keys if cat[k] == c]) for c, label in CATS.items()]
    return out


def all_r(v: dict[tuple[str, int], str], lang: str | None) -> str:
    exp = expectations()
    convs = sorted({c for c, t in v if lang is None or exp[(c, t)]["lang"] == lang})
    return f"{sum(all(v[k] == 'R' for k in v if k[0] == c) for c in convs)}/{len(convs)}"


def writes(run: str) -> tuple[list[str], list[str]]:
    """Every successful write of a replay with its judgement, and the judged missing writes."""
    judged, missing = {}, []
    path = HERE / f"writes_{run}.txt"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.strip():
            c, t, name, v, reason = line.split("|", 4)
            if v == "missing":
                missing.append(f"missing {c}|{t} {name}: {reason}")
            else:
                judged[(c, int(t), name)] = (v, reason)
    out, seen = [], set()
    for line in (HERE.parent / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for a in d["trace"].get("actions", []):
            res = a.get("result") if isinstance(a.get("result"), dict) else {}
            if a["name"] in WRITES and a.get("ok") and res.get("code", "ok") == "ok":
                key = (d["conversation"], d["turn"], a["name"])
                if key not in judged:
                    sys.exit(f"writes_{run}.txt: no judgement for {key}")
                seen.add(key)
                v, reason = judged[key]
                out.append(f"{v} {key[0]}|{key[1]} {a['name']}: {reason}")
    extra = set(judged) - seen
    if extra:
        sys.exit(f"writes_{run}.txt: judgements for writes that did not happen: {sorted(extra)}")
    return out, missing


def audit(run: str) -> None:
    w, missing = writes(run)
    c = Counter(x[0] for x in w)
    print(f"\nstore writes and tickets in {run}.jsonl: {len(w)} (right {c['R']}, partly {c['P']}, wrong {c['W']}); "
          f"asked-for writes missing: {len(missing)}")
    print("\n".join("  " + x for x in w + missing))


def table(runs: list[str]) -> None:
    cat = categories()
    vs = [verdicts(f"{r}.txt") for r in runs]
    print("| split / category | turns | " + " | ".join(f"{r} R / P / W" for r in runs) + " |")
    print("|---|---|" + "---|" * len(runs))
    for label, keys in rows(cat):
        print(f"| {label} | {len(keys)} | " + " | ".join(fmt(Counter(v[k] for k in keys)) for v in vs) + " |")
    print()
    for lang, label in ((None, "all"), ("zh", "Chinese / mixed"), ("en", "English")):
        print(f"conversations with every turn R ({label}): "
              + ", ".join(f"{r} {all_r(v, lang)}" for r, v in zip(runs, vs)))
    if len(vs) >= 2:
        b, a = vs[-2], vs[-1]
        moved = Counter((b[k], a[k]) for k in a if b[k] != a[k])
        print(f"\nverdict moves {runs[-2]} -> {runs[-1]}:",
              ", ".join(f"{x}->{y} {n}" for (x, y), n in sorted(moved.items())) or "none")
        worse = [k for k in a if "RPW".index(a[k]) > "RPW".index(b[k])]
        print(f"turns that got worse ({runs[-2]} -> {runs[-1]}):",
              ", ".join(f"{c}|{t} {b[(c, t)]}->{a[(c, t)]}" for c, t in sorted(worse)) or "none")
    for r in runs:
        audit(r)


if __name__ == "__main__":
    runs = (["before", "after", "after2"] if "--after2" in sys.argv
            else ["before", "after"] if "--after" in sys.argv else ["before"])
    if "--writes" in sys.argv:  # only the store-write audit(s)
        for r in runs:
            audit(r)
        sys.exit(0)
    table(runs)
