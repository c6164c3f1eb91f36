"""Summary tables for JUDGED.md from the per-turn verdict files (python3 tables.py)."""
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CATS = {"followup": "follow-ups / changed mind", "negation": "negation / quantities", "delivery": "delivery issues",
        "payment": "payment issues / refund status", "changes": "changes before shipping (items, payment, address, cancel)",
        "returns": "returns / exchanges", "product": "product info / faults / warranty", "other": "other (invoice, human, policy, someone else's order, default address)"}


def load(name: str) -> dict:
    out = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        c, t, v, *_ = line.split("|")
        out[(c, int(t))] = v
    return out


def fmt(cnt: Counter) -> str:
    n = sum(cnt.values())
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']} ({100*cnt['R']/n:.0f}% / {100*cnt['P']/n:.0f}% / {100*cnt['W']/n:.0f}%)" if n else "-"


def main() -> None:
    cat = {(c, int(t)): k for c, t, k in (l.split("|") for l in (HERE / "categories.txt").read_text().split())}
    print("| shop | turns | before R / P / W | after R / P / W |\n|---|---|---|---|")
    tot_b, tot_a = Counter(), Counter()
    for shop in ("demo", "en"):
        b, a = Counter(load(f"{shop}_before.txt").values()), Counter(load(f"{shop}_after.txt").values())
        tot_b += b; tot_a += a
        print(f"| {shop} | {sum(a.values())} | {fmt(b)} | {fmt(a)} |")
    print(f"| both | {sum(tot_a.values())} | {fmt(tot_b)} | {fmt(tot_a)} |\n")
    print("| category | turns | before R / P / W | after R / P / W |\n|---|---|---|---|")
    vb = {**load("demo_before.txt"), **load("en_before.txt")}
    va = {**load("demo_after.txt"), **load("en_after.txt")}
    for k, label in CATS.items():
        keys = [x for x in va if cat[x] == k]
        print(f"| {label} | {len(keys)} | {fmt(Counter(vb[x] for x in keys))} | {fmt(Counter(va[x] for x in keys))} |")
    print()
    # conversations fully right (every turn R)
    for shop in ("demo", "en"):
        for w in ("before", "after"):
            v = load(f"{shop}_{w}.txt"); convs = {c for c, _ in v}
            ok = sum(all(v[x] == "R" for x in v if x[0] == c) for c in convs)
            print(f"{shop} {w}: conversations with every turn R: {ok}/{len(convs)}")
    print("\n| playtest4 held-out (re-run today on this code) | turns | R / P / W |\n|---|---|---|")
    for f, label in (("p4_demo_heldout_rerun.txt", "demo shop"), ("p4_en_heldout_rerun.txt", "English shop")):
        v = Counter(load(f).values())
        print(f"| {label} | {sum(v.values())} | {fmt(v)} |")


if __name__ == "__main__":
    main()
