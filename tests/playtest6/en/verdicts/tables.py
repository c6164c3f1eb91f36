"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts (python3 tables.py).

Verdict lines are `conv|turn|category|R/P/W|reason`; the language of each conversation (zh =
Chinese or mixed zh/en, en = English) comes from the split's expectations.txt, written before any
run. The script also checks that every expected turn has exactly one verdict with the same category.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

EN = Path(__file__).resolve().parents[1]
SPLITS = {"dev": EN / "verdicts" / "dev_before.txt", "heldout": EN / "heldout" / "verdicts" / "heldout_before.txt"}
CATS = {
    "followup": "follow-ups / changed mind",
    "negation": "negation / quantities",
    "delivery": "delivery issues",
    "payment": "payment issues / refund status",
    "changes": "changes before shipping (items, payment, address, cancel)",
    "returns": "returns / exchanges / warranty-window refusals",
    "product": "product info / faults / warranty",
    "other": "other (invoice, human, policy, privacy, chit-chat, unclear)",
}
Key = tuple[str, int]


def expectations(split: str) -> dict[Key, tuple[str, str]]:
    out: dict[Key, tuple[str, str]] = {}
    for line in (EN / split / "expectations.txt").read_text(encoding="utf-8").splitlines():
        conv, turn, cat, lang, _ = line.split("|", 4)
        out[(conv, int(turn))] = (cat, lang)
    return out


def verdicts(split: str) -> dict[Key, str]:
    out: dict[Key, str] = {}
    exp = expectations(split)
    for line in SPLITS[split].read_text(encoding="utf-8").splitlines():
        conv, turn, cat, verdict, _ = line.split("|", 4)
        key = (conv, int(turn))
        assert key not in out, f"two verdicts for {key}"
        assert verdict in "RPW" and len(verdict) == 1, line
        assert exp[key][0] == cat, f"category of {key} differs from expectations"
        out[key] = verdict
    assert set(out) == set(exp), f"{split}: verdicts and expectations cover different turns"
    return out


def fmt(cnt: Counter[str]) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']} ({100*cnt['R']/n:.0f}% / {100*cnt['P']/n:.0f}% / {100*cnt['W']/n:.0f}%)"


def main() -> None:
    data = {s: (verdicts(s), expectations(s)) for s in SPLITS}
    print("| split | conversations | turns | R / P / W |\n|---|---|---|---|")
    total: Counter[str] = Counter()
    for s, (v, _) in data.items():
        total += Counter(v.values())
        print(f"| {s} | {len({c for c, _ in v})} | {len(v)} | {fmt(Counter(v.values()))} |")
    print(f"| both | {sum(len({c for c, _ in v}) for v, _ in data.values())} | {sum(total.values())} | {fmt(total)} |\n")

    print("| category | dev turns | dev R / P / W | held-out turns | held-out R / P / W |\n|---|---|---|---|---|")
    for cat, label in CATS.items():
        cells = []
        for v, e in data.values():
            keys = [k for k in v if e[k][0] == cat]
            cells += [str(len(keys)), fmt(Counter(v[k] for k in keys))]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()

    print("| language | dev turns | dev R / P / W | held-out turns | held-out R / P / W |\n|---|---|---|---|---|")
    for lang in ("zh", "en"):
        cells = []
        for v, e in data.values():
            keys = [k for k in v if e[k][1] == lang]
            cells += [str(len(keys)), fmt(Counter(v[k] for k in keys))]
        print(f"| {lang} | " + " | ".join(cells) + " |")
    print()

    print("| split | first turns R / P / W | follow-up turns (turn ≥ 1) R / P / W | conversations with every turn R |\n|---|---|---|---|")
    for s, (v, _) in data.items():
        convs = {c for c, _ in v}
        ok = sum(all(v[k] == "R" for k in v if k[0] == c) for c in convs)
        first = Counter(v[k] for k in v if k[1] == 0)
        later = Counter(v[k] for k in v if k[1] > 0)
        print(f"| {s} | {fmt(first)} | {fmt(later)} | {ok}/{len(convs)} |")


if __name__ == "__main__":
    main()
