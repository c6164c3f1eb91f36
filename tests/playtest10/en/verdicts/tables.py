"""R/P/W tables for tests/playtest10/en/JUDGED.md, recomputed from the per-turn verdict files.

    python3 tests/playtest10/en/verdicts/tables.py           # before (main 9929382) + its write audit
    python3 tests/playtest10/en/verdicts/tables.py --writes  # every store write of the before run, with its turn verdict
    python3 tests/playtest10/en/verdicts/tables.py --after   # before -> after, moves, turns that got worse, after writes + audit
    python3 tests/playtest10/en/verdicts/tables.py --after2  # before -> after -> after2, after -> after2 moves, after2 writes + audit

The write audit is `verdicts/writes_<run>.txt`: one line per successful write or ticket, and per
asked-for write that is missing, `conversation|turn|right/wrong/partly/missing|what`.

Verdict lines are `conversation|turn|R/P/W|category|reason` in `verdicts/<run>.txt`; the run's
replies and traces in `<run>.jsonl`. The language of a conversation comes from
`expectations.jsonl` (zh = Chinese or mixed with Chinese first, en = English), written before any
run. Every verdict file must cover every expected turn exactly once, with the expected category;
the script stops otherwise.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

SET = Path(__file__).resolve().parents[1]
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


def expected() -> dict[Key, dict]:
    rows = (json.loads(x) for x in (SET / "expectations.jsonl").read_text(encoding="utf-8").splitlines())
    return {(r["conversation"], int(r["turn"])): r for r in rows}


def load(run: str) -> Verdicts:
    exp = expected()
    out: Verdicts = {}
    for line in (SET / "verdicts" / f"{run}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        conv, turn, verdict, cat, _reason = line.split("|", 4)
        key = (conv, int(turn))
        if key in out or key not in exp or verdict not in ("R", "P", "W") or cat != exp[key]["category"]:
            sys.exit(f"{run}: bad or duplicate verdict line: {line}")
        out[key] = (verdict, cat)
    if missing := sorted(set(exp) - set(out)):
        sys.exit(f"{run}: no verdict for {missing}")
    return out


def fmt(cnt: Counter[str]) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return (f"{cnt['R']} / {cnt['P']} / {cnt['W']} "
            f"({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)")


def short(cnt: Counter[str]) -> str:
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']}"


def all_right(v: Verdicts) -> str:
    convs = {c for c, _ in v}
    ok = sum(all(v[k][0] == "R" for k in v if k[0] == c) for c in convs)
    return f"{ok}/{len(convs)}"


def rows(v: Verdicts) -> dict[str, Counter[str]]:
    lang = {c: r["lang"] for (c, _), r in expected().items()}
    out: dict[str, Counter[str]] = {"all": Counter(x for x, _ in v.values())}
    for k in CATS:
        out[k] = Counter(x for x, c in v.values() if c == k)
    for lg in ("en", "zh"):
        out[lg] = Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg)
    out["first"] = Counter(x for (_, t), (x, _) in v.items() if t == 0)
    out["follow"] = Counter(x for (_, t), (x, _) in v.items() if t > 0)
    return out


LABELS = {"all": "all turns", **CATS, "en": "English", "zh": "Chinese + mixed",
          "first": "first turn", "follow": "follow-up turns"}


def tables(run: str) -> None:
    v = load(run)
    print("| run | conversations | turns | R / P / W | conversations with every turn R |\n|---|---|---|---|---|")
    print(f"| {run} | {len({c for c, _ in v})} | {len(v)} | {fmt(Counter(x for x, _ in v.values()))} | {all_right(v)} |")
    r = rows(v)
    print(f"\n| row | turns | {run} R / P / W |\n|---|---|---|")
    for k, label in LABELS.items():
        print(f"| {label} | {sum(r[k].values())} | {fmt(r[k])} |")


def writes(run: str) -> list[str]:
    verdicts = load(run)
    out = []
    for line in (SET / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row["conversation"], int(row["turn"]))
        done = [a["name"] + (f"({a['args']['reason']})" if a["name"] == "create_ticket" else "")
                for a in row["trace"].get("actions", [])
                if a["name"] in WRITES and a.get("ok") and (a.get("result") or {}).get("code", "ok") == "ok"]
        if done:
            out.append(f"{key[0]}|{key[1]}|{verdicts[key][0]}: {', '.join(done)}")
    return sorted(out, key=lambda x: (conv_no(x.split("|")[0]), int(x.split("|")[1])))


def conv_no(conv: str) -> int:
    """p10e12 -> 12: sort conversations by number, not as text."""
    digits = conv.rsplit("e", 1)[-1]
    return int(digits) if digits.isdigit() else 0


AUDIT = ("right", "partly", "wrong", "missing")


def audit(run: str) -> None:
    """Count the judged writes of `verdicts/writes_<run>.txt` (right / partly / wrong / missing)."""
    path = SET / "verdicts" / f"writes_{run}.txt"
    if not path.exists():
        print(f"\nwrite audit ({run}): no verdicts/writes_{run}.txt yet")
        return
    cnt: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        conv, turn, mark, _what = line.split("|", 3)
        key = (conv, int(turn))
        if key not in expected() or mark not in AUDIT:
            sys.exit(f"writes_{run}: bad line: {line}")
        cnt[mark] += 1
    print(f"\n| write audit ({run}) | right | partly | wrong | missing |\n|---|---|---|---|---|")
    print(f"| writes and tickets | {cnt['right']} | {cnt['partly']} | {cnt['wrong']} | {cnt['missing']} |")


def compare(b_run: str = "before", a_run: str = "after") -> None:
    b, a = load(b_run), load(a_run)
    print("| run | R / P / W | all-R conversations |\n|---|---|---|")
    for name, v in ((b_run, b), (a_run, a)):
        print(f"| {name} ({len(v)} turns) | {fmt(Counter(x for x, _ in v.values()))} | {all_right(v)} |")
    rb, ra = rows(b), rows(a)
    print(f"\n| row | {b_run} -> {a_run} (R / P / W) |\n|---|---|")
    for k, label in LABELS.items():
        print(f"| {label} | {short(rb[k])} -> {short(ra[k])} |")
    moved = Counter(f"{b[k][0]}->{a[k][0]}" for k in a if b[k][0] != a[k][0])
    print("\nverdict moves: " + (", ".join(f"{m} {n}" for m, n in sorted(moved.items())) or "none"))
    worse = [f"{k[0]}|{k[1]} {b[k][0]}->{a[k][0]}" for k in sorted(a) if "RPW".index(a[k][0]) > "RPW".index(b[k][0])]
    print("turns that got worse: " + (", ".join(worse) or "none"))


def compare3(runs: tuple[str, ...] = ("before", "after", "after2")) -> None:
    vs = [load(r) for r in runs]
    print("| run | R / P / W | all-R conversations |\n|---|---|---|")
    for name, v in zip(runs, vs):
        print(f"| {name} ({len(v)} turns) | {fmt(Counter(x for x, _ in v.values()))} | {all_right(v)} |")
    rs = [rows(v) for v in vs]
    print(f"\n| row | {' -> '.join(runs)} (R / P / W) |\n|---|---|")
    for k, label in LABELS.items():
        print(f"| {label} | {' -> '.join(short(r[k]) for r in rs)} |")
    print()
    compare(runs[-2], runs[-1])


def main(argv: list[str]) -> None:
    if "--after2" in argv:
        compare3()
        print("\nstore writes (after2): " + ("; ".join(writes("after2")) or "none"))
        audit("after2")
    elif "--after" in argv:
        compare()
        print("\nstore writes (after): " + ("; ".join(writes("after")) or "none"))
        audit("after")
    elif "--writes" in argv:
        print("store writes (before):\n" + "\n".join(writes("before")))
    else:
        tables("before")
        audit("before")


if __name__ == "__main__":
    main(sys.argv[1:])
