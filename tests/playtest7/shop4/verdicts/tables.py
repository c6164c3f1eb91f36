"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts.

    python3 tests/playtest7/shop4/verdicts/tables.py          # the before tables
    python3 tests/playtest7/shop4/verdicts/tables.py --after  # before vs after, store-change audit
    python3 tests/playtest7/shop4/verdicts/tables.py --after2 # before -> after -> after2 (final code), after2 writes
    python3 tests/playtest7/shop4/verdicts/tables.py --after3 # before -> after2 -> after3 (integ7 code), after3 writes
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CATS = {"followup": "follow-ups / changed mind", "negation": "negation / quantities",
        "delivery": "delivery issues (status, late, not received, damaged, customs)",
        "payment": "payment issues / refund status",
        "changes": "changes before shipping (options, qty, lines, payment, address, cancel)",
        "returns": "returns / exchanges / replacements", "product": "product info / faults / warranty",
        "other": "other (invoice, human, policy, privacy, chit-chat, unclear)"}
# conversation ids: z = Chinese or mixed zh/en, e = English
LANG = {"z": "zh / mixed", "e": "en"}
# Tool calls that change the shop (tickets and invoices are listed apart).
STORE_CHANGES = {"cancel_order", "change_items", "change_payment", "change_payment_method", "change_address",
                 "change_shipping_address", "change_default_address", "create_return", "create_exchange",
                 "create_refund"}


def load(name: str) -> dict[tuple[str, int], str]:
    out = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        c, t, v, *_ = line.split("|")
        out[(c, int(t))] = v
    return out


def fmt(cnt: Counter) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return (f"{cnt['R']} / {cnt['P']} / {cnt['W']} "
            f"({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)")


def rows(v: dict[tuple[str, int], str], cat: dict[tuple[str, int], str]) -> list[tuple[str, list]]:
    out: list[tuple[str, list]] = [("shop4 held-out (all)", list(v))]
    out += [(label, [k for k in v if k[0].startswith(p)]) for p, label in LANG.items()]
    out += [("first turns", [k for k in v if k[1] == 0]),
            ("follow-up turns (turn >= 1)", [k for k in v if k[1] > 0])]
    out += [(label, [x for x in v if cat[x] == k]) for k, label in CATS.items()]
    return out


def all_r(v: dict[tuple[str, int], str], prefix: str) -> str:
    convs = {c for c, _ in v if c.startswith(prefix)}
    return f"{sum(all(v[x] == 'R' for x in v if x[0] == c) for c in convs)}/{len(convs)}"


def store_changes(replies: str, v: dict[tuple[str, int], str]) -> list[str]:
    """Every successful write in a replay file, marked by its turn's verdict (a W turn's write is wrong)."""
    out = []
    for line in (HERE.parent / replies).read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        key = (d["conversation"], d["turn"])
        for a in d["trace"].get("actions", []):
            if (a["name"] in STORE_CHANGES or a["name"] in ("create_ticket", "request_invoice")) and a.get("ok"):
                keep = ("order_id", "items", "swaps", "new_sku", "sku", "kind", "payment_method_id", "title")
                args = {k: x for k, x in (a.get("args") or {}).items() if k in keep}
                out.append(f"{v.get(key, '?')} {key[0]}|{key[1]} {a['name']} {json.dumps(args, ensure_ascii=False)}")
    return out


def before() -> None:
    v, cat = load("before.txt"), load("categories.txt")
    print("| split / category | turns | R / P / W |\n|---|---|---|")
    for label, keys in rows(v, cat):
        print(f"| {label} | {len(keys)} | {fmt(Counter(v[k] for k in keys))} |")
    print()
    for p, label in (("", "all"), *LANG.items()):
        print(f"conversations with every turn R ({label}): {all_r(v, p)}")
    changes = store_changes("before.jsonl", v)
    print(f"\nwrites in before.jsonl: {len(changes)}")
    print("\n".join("  " + c for c in changes))


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
        print(f"\nwrites in {name}: {len(changes)} made, {len(wrong)} in a W turn")
        print("\n".join("  " + c for c in changes))


def after2() -> None:
    b, a, a2, cat = load("before.txt"), load("after.txt"), load("after2.txt"), load("categories.txt")
    if set(a2) != set(b):
        sys.exit(f"after2.txt covers {len(a2)} turns, expected {len(b)}")
    print("| split / category | turns | before R / P / W | after R / P / W | after2 R / P / W |\n|---|---|---|---|---|")
    for label, keys in rows(a2, cat):
        print(f"| {label} | {len(keys)} | " + " | ".join(fmt(Counter(v[k] for k in keys)) for v in (b, a, a2)) + " |")
    print()
    for p, label in (("", "all"), *LANG.items()):
        print(f"conversations with every turn R ({label}): before {all_r(b, p)}, after {all_r(a, p)}, after2 {all_r(a2, p)}")
    moved = Counter((a[k], a2[k]) for k in a2 if a[k] != a2[k])
    print("\nverdict moves after -> after2:", ", ".join(f"{x}->{y} {n}" for (x, y), n in sorted(moved.items())) or "none")
    changes = store_changes("after2.jsonl", a2)
    wrong = [c for c in changes if c.startswith("W ")]
    print(f"\nwrites in after2.jsonl: {len(changes)} made, {len(wrong)} in a W turn")
    print("\n".join("  " + c for c in changes))


def after3() -> None:
    b, a2, a3, cat = load("before.txt"), load("after2.txt"), load("after3.txt"), load("categories.txt")
    if set(a3) != set(b):
        sys.exit(f"after3.txt covers {len(a3)} turns, expected {len(b)}")
    print("| split / category | turns | before R / P / W | after2 R / P / W | after3 R / P / W |\n|---|---|---|---|---|")
    for label, keys in rows(a3, cat):
        print(f"| {label} | {len(keys)} | " + " | ".join(fmt(Counter(v[k] for k in keys)) for v in (b, a2, a3)) + " |")
    print()
    for p, label in (("", "all"), *LANG.items()):
        print(f"conversations with every turn R ({label}): before {all_r(b, p)}, after2 {all_r(a2, p)}, after3 {all_r(a3, p)}")
    moved = Counter((a2[k], a3[k]) for k in a3 if a2[k] != a3[k])
    print("\nverdict moves after2 -> after3:", ", ".join(f"{x}->{y} {n}" for (x, y), n in sorted(moved.items())) or "none")
    for name, v in (("after2.jsonl", a2), ("after3.jsonl", a3)):
        changes = store_changes(name, v)
        wrong = [c for c in changes if c.startswith("W ")]
        print(f"\nwrites in {name}: {len(changes)} made, {len(wrong)} in a W turn")
        print("\n".join("  " + c for c in changes))


if __name__ == "__main__":
    if "--after3" in sys.argv:
        after3()
    elif "--after2" in sys.argv:
        after2()
    else:
        after() if "--after" in sys.argv else before()
