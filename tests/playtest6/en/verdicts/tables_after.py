"""Before vs after tables for JUDGED.md's "After" section (python3 tables_after.py).

Reads the before verdicts (verdicts/dev_before.txt, heldout/verdicts/heldout_before.txt) and the
after verdicts written in the same `conv|turn|category|R/P/W|reason` format next to them
(verdicts/dev_after.txt, heldout/verdicts/heldout_after.txt). Both are checked against the split's
expectations.txt by tables.verdicts(), so each after file covers exactly the same turns.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import tables
from tables import CATS, EN, expectations, fmt

AFTER = {"dev": EN / "verdicts" / "dev_after.txt", "heldout": EN / "heldout" / "verdicts" / "heldout_after.txt"}
BEFORE = dict(tables.SPLITS)


def load(files: dict[str, Path]) -> dict[str, dict[tables.Key, str]]:
    # tables.verdicts reads tables.SPLITS; point it at the wanted files for the call.
    tables.SPLITS = files
    try:
        return {s: tables.verdicts(s) for s in files}
    finally:
        tables.SPLITS = BEFORE


def all_r(v: dict[tables.Key, str]) -> str:
    convs = {c for c, _ in v}
    ok = sum(all(v[k] == "R" for k in v if k[0] == c) for c in convs)
    return f"{ok}/{len(convs)}"


# Store-changing tool calls (everything else in trace.actions only reads).
WRITES = {"change_items", "cancel_order", "create_return", "create_exchange", "change_payment",
          "change_address", "change_default_address", "create_ticket"}


def store_writes(split: str) -> dict[tables.Key, list[str]]:
    """The write actions of every turn of the split's after.jsonl that changed the store."""
    out: dict[tables.Key, list[str]] = {}
    for line in (EN / split / "after.jsonl").read_text(encoding="utf-8").splitlines():
        turn = json.loads(line)
        names = [a["name"] for a in turn["trace"].get("actions", []) if a["name"] in WRITES and a.get("ok")]
        if names:
            out[(turn["conversation"], int(turn["turn"]))] = names
    return out


def print_writes(after: dict[str, dict[tables.Key, str]]) -> None:
    print("| split | turns with a store write | order/return/exchange writes | tickets | write turns judged P / W |")
    print("|---|---|---|---|---|")
    listed: list[str] = []
    for s, v in after.items():
        w = store_writes(s)
        orders = sum(n != "create_ticket" for names in w.values() for n in names)
        tickets = sum(n == "create_ticket" for names in w.values() for n in names)
        bad = Counter(v[k] for k in w if v[k] != "R")
        print(f"| {s} | {len(w)} | {orders} | {tickets} | {bad['P']} / {bad['W']} |")
        wrong = [k for k in sorted(w) if v[k] == "W"]
        if s == "dev":
            listed += [f"dev {k[0]} t{k[1]}: {'+'.join(w[k])}" for k in wrong]
        else:
            # Held-out stays unseen: only counts per tool leave heldout/, no ids or phrasings.
            tools = Counter("+".join(w[k]) for k in wrong)
            listed.append(f"{s}: " + (", ".join(f"{t} ×{n}" for t, n in sorted(tools.items())) or "none"))
    print("\nwrite turns judged W after:\n" + "\n".join(listed))


def main() -> None:
    before, after = load(BEFORE), load(AFTER)
    exp = {s: expectations(s) for s in BEFORE}
    for s in BEFORE:
        b, a = before[s], after[s]
        print(f"### {s}\n")
        print("| | turns | before R / P / W | after R / P / W |\n|---|---|---|---|")
        print(f"| all turns | {len(b)} | {fmt(Counter(b.values()))} | {fmt(Counter(a.values()))} |")
        first = [k for k in b if k[1] == 0]
        later = [k for k in b if k[1] > 0]
        for label, keys in (("first turns", first), ("follow-up turns (turn ≥ 1)", later)):
            print(f"| {label} | {len(keys)} | {fmt(Counter(b[k] for k in keys))} | {fmt(Counter(a[k] for k in keys))} |")
        print(f"| conversations with every turn R | {len({c for c, _ in b})} | {all_r(b)} | {all_r(a)} |\n")
        print("| category | turns | before R / P / W | after R / P / W |\n|---|---|---|---|")
        for cat, label in CATS.items():
            keys = [k for k in b if exp[s][k][0] == cat]
            print(f"| {label} | {len(keys)} | {fmt(Counter(b[k] for k in keys))} | {fmt(Counter(a[k] for k in keys))} |")
        print()
        print("| language | turns | before R / P / W | after R / P / W |\n|---|---|---|---|")
        for lang in ("zh", "en"):
            keys = [k for k in b if exp[s][k][1] == lang]
            print(f"| {lang} | {len(keys)} | {fmt(Counter(b[k] for k in keys))} | {fmt(Counter(a[k] for k in keys))} |")
        moves = Counter(f"{b[k]}→{a[k]}" for k in b if b[k] != a[k])
        print("\nverdict changes: " + (", ".join(f"{m} {n}" for m, n in sorted(moves.items())) or "none") + "\n")
    print_writes(after)


if __name__ == "__main__":
    main()
