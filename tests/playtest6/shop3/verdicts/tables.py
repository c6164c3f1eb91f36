"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts.

    python3 verdicts/tables.py          # the before tables (original judging)
    python3 verdicts/tables.py --after  # before vs after, and the store changes still wrong after
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CATS = {"followup": "follow-ups / changed mind", "negation": "negation / quantities",
        "delivery": "delivery issues (status, not received, stuck, damaged)",
        "payment": "payment issues / refund status",
        "changes": "changes before shipping (items, qty, payment, address, cancel)",
        "returns": "returns / exchanges", "product": "product info / faults / warranty",
        "other": "other (invoice, human, policy, privacy, chit-chat, unclear)"}
# conversation ids: z = Chinese or mixed zh/en, e = English
LANG = {"z": "zh / mixed", "e": "en"}


def load(name: str) -> dict[tuple[str, int], str]:
    out = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        c, t, v, *_ = line.split("|")
        out[(c, int(t))] = v
    return out


def fmt(cnt: Counter) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']} ({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)"


def main() -> None:
    v = load("before.txt")
    cat = load("categories.txt")
    print("| split | turns | R / P / W |\n|---|---|---|")
    print(f"| shop3 held-out (all) | {len(v)} | {fmt(Counter(v.values()))} |")
    for p, label in LANG.items():
        keys = [k for k in v if k[0].startswith(p)]
        print(f"| {label} | {len(keys)} | {fmt(Counter(v[k] for k in keys))} |")
    first = [k for k in v if k[1] == 0]
    later = [k for k in v if k[1] > 0]
    print(f"| first turns | {len(first)} | {fmt(Counter(v[k] for k in first))} |")
    print(f"| follow-up turns (turn >= 1) | {len(later)} | {fmt(Counter(v[k] for k in later))} |\n")
    print("| category | turns | R / P / W |\n|---|---|---|")
    for k, label in CATS.items():
        keys = [x for x in v if cat[x] == k]
        print(f"| {label} | {len(keys)} | {fmt(Counter(v[x] for x in keys))} |")
    print()
    for p, label in (("", "all"), *LANG.items()):
        convs = {c for c, _ in v if c.startswith(p)}
        ok = sum(all(v[x] == "R" for x in v if x[0] == c) for c in convs)
        print(f"conversations with every turn R ({label}): {ok}/{len(convs)}")


# Tool calls that change the shop; tickets are left out, as in the before count.
STORE_CHANGES = {"cancel_order", "change_items", "change_payment", "change_address", "create_return",
                 "create_exchange", "create_refund"}


def rows(v: dict[tuple[str, int], str], cat: dict[tuple[str, int], str]) -> list[tuple[str, list]]:
    """(label, keys) for every line of the split / language / turn / category tables."""
    out: list[tuple[str, list]] = [("shop3 held-out (all)", list(v))]
    out += [(label, [k for k in v if k[0].startswith(p)]) for p, label in LANG.items()]
    out += [("first turns", [k for k in v if k[1] == 0]),
            ("follow-up turns (turn >= 1)", [k for k in v if k[1] > 0])]
    out += [(label, [x for x in v if cat[x] == k]) for k, label in CATS.items()]
    return out


def all_r(v: dict[tuple[str, int], str], prefix: str) -> str:
    convs = {c for c, _ in v if c.startswith(prefix)}
    return f"{sum(all(v[x] == 'R' for x in v if x[0] == c) for c in convs)}/{len(convs)}"


def store_changes(replies: str, v: dict[tuple[str, int], str]) -> list[str]:
    """Every store change in a replay file, marked by its turn's verdict (a W turn's change is wrong)."""
    out = []
    for line in (HERE.parent / replies).read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        key = (d["conversation"], d["turn"])
        for a in d["trace"].get("actions", []):
            if a["name"] in STORE_CHANGES and a.get("ok"):
                args = {k: x for k, x in a["args"].items() if k in ("order_id", "items", "swaps", "new_sku", "sku")}
                out.append(f"{v[key]} {key[0]}|{key[1]} {a['name']} {json.dumps(args, ensure_ascii=False)}")
    return out


def after() -> None:
    b, a, cat = load("before.txt"), load("after.txt"), load("categories.txt")
    print("| split / category | turns | before R / P / W | after R / P / W |\n|---|---|---|---|")
    for label, keys in rows(a, cat):
        print(f"| {label} | {len(keys)} | {fmt(Counter(b[k] for k in keys))} | {fmt(Counter(a[k] for k in keys))} |")
    print()
    for p, label in (("", "all"), *LANG.items()):
        print(f"conversations with every turn R ({label}): before {all_r(b, p)}, after {all_r(a, p)}")
    moved = Counter((b[k], a[k]) for k in a if b[k] != a[k])
    print("\nverdict moves:", ", ".join(f"{x}->{y} {n}" for (x, y), n in sorted(moved.items())))
    for name, v in (("before.jsonl", b), ("after.jsonl", a)):
        changes = store_changes(name, v)
        wrong = [c for c in changes if c.startswith("W ")]
        print(f"\nstore changes in {name}: {len(changes)} made, {len(wrong)} in a W turn")
        if name == "after.jsonl":
            print("\n".join("  " + c for c in wrong))


if __name__ == "__main__":
    after() if "--after" in sys.argv else main()
