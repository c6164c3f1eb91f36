"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts (python3 verdicts/tables.py)."""
from __future__ import annotations

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


if __name__ == "__main__":
    main()
