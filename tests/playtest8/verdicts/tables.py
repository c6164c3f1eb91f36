"""R/P/W tables for tests/playtest8/JUDGED.md, recomputed from the per-turn verdict files.

    python3 tests/playtest8/verdicts/tables.py           # before (main 35725e8)
    python3 tests/playtest8/verdicts/tables.py --writes  # every store write of the before run, with its verdict
    python3 tests/playtest8/verdicts/tables.py --after   # before -> after per set and both, moves, after writes
    python3 tests/playtest8/verdicts/tables.py --after2  # before -> after -> after2, moves after -> after2, after2 writes
    python3 tests/playtest8/verdicts/tables.py --after3  # before -> after -> after2 -> after3, moves after2 -> after3, after3 writes

Verdict lines are `conversation|turn|R/P/W|category|reason` in `<set>/verdicts/<run>.txt`. The
language of a conversation comes from `<set>/expectations.jsonl` (zh, or en = English and mixed
zh/en), written before any run. Every verdict file must cover every expected turn exactly once,
with the expected category; the script stops otherwise.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROUND = Path(__file__).resolve().parents[1]
SETS = ("demo", "en")
CATS = {
    "followup": "follow-ups / corrections / changed mind",
    "negation": "negation / quantities",
    "delivery": "delivery (status, late, lost, not received, stuck)",
    "payment": "payment issues / refund status",
    "changes": "changes before shipping (items, option, qty, address, payment, cancel)",
    "returns": "returns / exchanges / replacements",
    "product": "product info / faults / warranty",
    "other": "other (invoice, hand-off, strangers, policy, chit-chat)",
}
# Actions that change the shop or file something for a person.
WRITES = {"create_return", "create_exchange", "change_items", "change_address", "change_payment",
          "change_default_address", "cancel_order", "request_invoice", "create_ticket",
          "add_to_ticket"}
Key = tuple[str, int]
Verdicts = dict[Key, tuple[str, str]]


def expected(s: str) -> dict[Key, dict]:
    rows = (json.loads(x) for x in (ROUND / s / "expectations.jsonl").read_text(encoding="utf-8").splitlines())
    return {(r["conversation"], int(r["turn"])): r for r in rows}


def load(s: str, run: str) -> Verdicts:
    exp = expected(s)
    out: Verdicts = {}
    for line in (ROUND / s / "verdicts" / f"{run}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        conv, turn, verdict, cat, _reason = line.split("|", 4)
        key = (conv, int(turn))
        if key in out or key not in exp or verdict not in ("R", "P", "W") or cat != exp[key]["category"]:
            sys.exit(f"{s}/{run}: bad or duplicate verdict line: {line}")
        out[key] = (verdict, cat)
    if missing := sorted(set(exp) - set(out)):
        sys.exit(f"{s}/{run}: no verdict for {missing}")
    return out


def fmt(cnt: Counter[str]) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return (f"{cnt['R']} / {cnt['P']} / {cnt['W']} "
            f"({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)")


def all_right(v: Verdicts) -> str:
    convs = {c for c, _ in v}
    ok = sum(all(v[k][0] == "R" for k in v if k[0] == c) for c in convs)
    return f"{ok}/{len(convs)}"


def views(run: str) -> tuple[list[str], list[Verdicts], dict[str, str]]:
    data = {s: load(s, run) for s in SETS}
    lang = {f"{s}:{c}": r["lang"] for s in SETS for (c, _), r in expected(s).items()}
    per = [{(f"{s}:{c}", t): x for (c, t), x in data[s].items()} for s in SETS]
    both = {k: x for v in per for k, x in v.items()}
    return [*SETS, "both"], [*per, both], lang


def rows(v: Verdicts, lang: dict[str, str]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {"all": Counter(x for x, _ in v.values())}
    for k in CATS:
        out[k] = Counter(x for x, c in v.values() if c == k)
    for lg in ("zh", "en"):
        out[lg] = Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg)
    out["first"] = Counter(x for (_, t), (x, _) in v.items() if t == 0)
    out["follow"] = Counter(x for (_, t), (x, _) in v.items() if t > 0)
    return out


LABELS = {"all": "all turns", **CATS, "zh": "Chinese", "en": "English + mixed",
          "first": "first turn", "follow": "follow-up turns"}


def tables(run: str) -> None:
    cols, vs, lang = views(run)
    print(f"| set ({run}) | conversations | turns | R / P / W | conversations with every turn R |\n|---|---|---|---|---|")
    for name, v in zip(cols, vs):
        print(f"| {name} | {len({c for c, _ in v})} | {len(v)} | {fmt(Counter(x for x, _ in v.values()))} | {all_right(v)} |")
    rs = [rows(v, lang) for v in vs]
    print("\n| " + run + " | " + " | ".join(f"{c} R / P / W" for c in cols) + " |\n|---|---|---|---|")
    for k, label in LABELS.items():
        print(f"| {label} | " + " | ".join(fmt(r[k]) for r in rs) + " |")


def writes(s: str, run: str) -> list[str]:
    verdicts = load(s, run)
    out = []
    for line in (ROUND / s / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row["conversation"], int(row["turn"]))
        done = [a["name"] for a in row["trace"].get("actions", [])
                if a["name"] in WRITES and a.get("ok") and (a.get("result") or {}).get("code", "ok") == "ok"]
        if done:
            out.append(f"{key[0]}|{key[1]}|{verdicts[key][0]}: {', '.join(done)}")
    return sorted(out, key=lambda x: (int(x.split("|")[0][3:]), int(x.split("|")[1])))


def compare(b_run: str = "before", a_run: str = "after") -> None:
    cb, vb, lang = views(b_run)
    _, va, _ = views(a_run)
    print(f"| set | {b_run} R / P / W | {a_run} R / P / W | all-R conversations |\n|---|---|---|---|")
    for name, b, a in zip(cb, vb, va):
        print(f"| {name} ({len(a)} turns) | {fmt(Counter(x for x, _ in b.values()))} | "
              f"{fmt(Counter(x for x, _ in a.values()))} | {all_right(b)} -> {all_right(a)} |")
    print("\n| row | " + " | ".join(f"{c} {b_run} -> {a_run}" for c in cb) + " |\n|---|---|---|---|")
    rb = [rows(v, lang) for v in vb]
    ra = [rows(v, lang) for v in va]
    short = lambda c: f"{c['R']} / {c['P']} / {c['W']}"  # noqa: E731
    for k, label in LABELS.items():
        print(f"| {label} | " + " | ".join(f"{short(x[k])} -> {short(y[k])}" for x, y in zip(rb, ra)) + " |")
    for s, b, a in zip(cb, vb, va):
        moved = Counter(f"{b[k][0]}->{a[k][0]}" for k in a if b[k][0] != a[k][0])
        print(f"\n{s} verdict moves: " + (", ".join(f"{m} {n}" for m, n in sorted(moved.items())) or "none"))
        worse = [f"{k[0]}|{k[1]} {b[k][0]}->{a[k][0]}" for k in sorted(a) if "RPW".index(a[k][0]) > "RPW".index(b[k][0])]
        print(f"{s} turns that got worse: " + (", ".join(worse) or "none"))


def compare3(runs: tuple[str, ...] = ("before", "after", "after2")) -> None:
    per = [views(r) for r in runs]
    cols, lang = per[0][0], per[0][2]
    print("| set | " + " | ".join(f"{r} R / P / W" for r in runs) + " | all-R conversations |\n|---|" + "---|" * (len(runs) + 1))
    for i, name in enumerate(cols):
        vs = [p[1][i] for p in per]
        print(f"| {name} ({len(vs[0])} turns) | " + " | ".join(fmt(Counter(x for x, _ in v.values())) for v in vs)
              + " | " + " -> ".join(all_right(v) for v in vs) + " |")
    print("\n| row | " + " | ".join(f"{c} " + " -> ".join(runs) for c in cols) + " |\n|---|---|---|---|")
    rs = [[rows(v, lang) for v in p[1]] for p in per]
    short = lambda c: f"{c['R']} / {c['P']} / {c['W']}"  # noqa: E731
    for k, label in LABELS.items():
        print(f"| {label} | " + " | ".join(" -> ".join(short(r[i][k]) for r in rs) for i in range(len(cols))) + " |")
    b_run, a_run = runs[-2], runs[-1]
    for i, s in enumerate(cols):
        b, a = per[-2][1][i], per[-1][1][i]
        moved = Counter(f"{b[k][0]}->{a[k][0]}" for k in a if b[k][0] != a[k][0])
        print(f"\n{s} verdict moves {b_run} -> {a_run}: " + (", ".join(f"{m} {n}" for m, n in sorted(moved.items())) or "none"))
        worse = [f"{k[0]}|{k[1]} {b[k][0]}->{a[k][0]}" for k in sorted(a) if "RPW".index(a[k][0]) > "RPW".index(b[k][0])]
        print(f"{s} turns that got worse ({b_run} -> {a_run}): " + (", ".join(worse) or "none"))


def main(argv: list[str]) -> None:
    if "--after3" in argv:
        compare3(("before", "after", "after2", "after3"))
        for s in SETS:
            print(f"\n{s} store writes (after3): " + ("; ".join(writes(s, "after3")) or "none"))
    elif "--after2" in argv:
        compare3()
        for s in SETS:
            print(f"\n{s} store writes (after2): " + ("; ".join(writes(s, "after2")) or "none"))
    elif "--after" in argv:
        compare()
        for s in SETS:
            print(f"\n{s} store writes (after): " + ("; ".join(writes(s, "after")) or "none"))
    elif "--writes" in argv:
        for s in SETS:
            print(f"{s} store writes (before): " + ("; ".join(writes(s, "before")) or "none"))
    else:
        tables("before")


if __name__ == "__main__":
    main(sys.argv[1:])
