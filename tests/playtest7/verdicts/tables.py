"""R/P/W tables for tests/playtest7/JUDGED.md, recomputed from the per-turn verdict files.

    python3 tests/playtest7/verdicts/tables.py           # before (main 74e4e65)
    python3 tests/playtest7/verdicts/tables.py --writes  # every store write of the before run, with its verdict
    python3 tests/playtest7/verdicts/tables.py --after   # before vs after, per set, plus the write audit
    python3 tests/playtest7/verdicts/tables.py --after2  # before -> after -> after2 (final code), writes of after2
    python3 tests/playtest7/verdicts/tables.py --after3  # before -> after2 -> after3 (integ7 code), writes of after3

Verdict lines are `conversation|turn|R/P/W|category|reason` in `<set>/verdicts/before.txt` (and
`after.txt` for the developers' code). The language of a conversation comes from
`<set>/expectations.jsonl` (zh, or en = English and mixed zh/en), written before any run.
Every verdict file must cover every expected turn exactly once; the script stops otherwise.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from verdicts import all_right, fmt  # noqa: E402  (the shared play-test tables)

ROUND = Path(__file__).resolve().parents[1]
SETS = ("demo", "en")
CATS = {
    "followup": "follow-ups / corrections / changed mind",
    "negation": "negation / quantities",
    "delivery": "delivery (status, late, lost, not received, damaged, customs)",
    "payment": "payment issues / refund status",
    "changes": "changes before shipping (items, option, qty, address, payment, cancel)",
    "returns": "returns / exchanges / replacements",
    "product": "product info / faults / warranty",
    "other": "other (invoice, hand-off, privacy, policy, chit-chat, gibberish)",
}
# Actions that change the shop or file something for a person.
WRITES = {"create_return", "create_exchange", "change_items", "change_address", "change_payment",
          "change_default_address", "cancel_order", "request_invoice", "create_ticket"}
Key = tuple[str, int]
Verdicts = dict[Key, tuple[str, str]]


def expected(s: str) -> dict[Key, dict]:
    rows = (json.loads(x) for x in (ROUND / s / "expectations.jsonl").read_text(encoding="utf-8").splitlines())
    return {(r["conversation"], int(r["turn"])): r for r in rows}


def load(s: str, run: str = "before") -> Verdicts:
    """(conversation, turn) -> (verdict, category); checked against the expectations."""
    exp = expected(s)
    out: Verdicts = {}
    for line in (ROUND / s / "verdicts" / f"{run}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        conv, turn, verdict, cat, _reason = line.split("|", 4)
        key = (conv, int(turn))
        if key in out or key not in exp or verdict not in "RPW" or cat != exp[key]["category"]:
            sys.exit(f"{s}/{run}: bad or duplicate verdict line: {line}")
        out[key] = (verdict, cat)
    if missing := sorted(set(exp) - set(out)):
        sys.exit(f"{s}/{run}: no verdict for {missing}")
    return out


def lang_of(s: str) -> dict[str, str]:
    return {c: r["lang"] for (c, _), r in expected(s).items()}


def tables(run: str) -> None:
    data = {s: load(s, run) for s in SETS}
    both = {(f"{s}:{c}", t): x for s, v in data.items() for (c, t), x in v.items()}
    lang = {f"{s}:{c}": lg for s in SETS for c, lg in lang_of(s).items()}
    cols = [*SETS, "both"]
    views = [{(f"{s}:{c}", t): x for (c, t), x in data[s].items()} for s in SETS] + [both]
    print(f"| set ({run}) | conversations | turns | R / P / W | conversations with every turn R |\n|---|---|---|---|---|")
    for name, v in zip(cols, views):
        print(f"| {name} | {len({c for c, _ in v})} | {len(v)} | {fmt(Counter(x for x, _ in v.values()))} | {all_right(v)} |")
    head = " | ".join(f"{c} R / P / W" for c in cols)
    print(f"\n| category | {head} |\n|---|---|---|---|")
    for k, label in CATS.items():
        print(f"| {label} | " + " | ".join(fmt(Counter(x for x, c in v.values() if c == k)) for v in views) + " |")
    print(f"\n| language | {head} |\n|---|---|---|---|")
    for lg, label in (("zh", "Chinese"), ("en", "English + mixed")):
        print(f"| {label} | " + " | ".join(fmt(Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg))
                                      for v in views) + " |")
    print(f"\n| turn position | {head} |\n|---|---|---|---|")
    print("| first turn | " + " | ".join(fmt(Counter(x for (_, t), (x, _) in v.items() if t == 0)) for v in views) + " |")
    print("| follow-up turns | " + " | ".join(fmt(Counter(x for (_, t), (x, _) in v.items() if t > 0)) for v in views) + " |")


def writes(s: str, run: str) -> list[str]:
    """Every store-changing action that succeeded in `<set>/<run>.jsonl`, with the turn's verdict."""
    verdicts = load(s, run)
    out = []
    # `<run>_rerun.jsonl`: conversations replayed again on their own because a crash in another
    # conversation of the same replay batch cut them off (see JUDGED.md).
    files = [ROUND / s / f"{run}.jsonl", ROUND / s / f"{run}_rerun.jsonl"]
    lines = [x for f in files if f.exists() for x in f.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        row = json.loads(line)
        key = (row["conversation"], int(row["turn"]))
        done = [a["name"] for a in row["trace"].get("actions", [])
                if a["name"] in WRITES and a.get("ok") and (a.get("result") or {}).get("code", "ok") == "ok"]
        if done:
            out.append(f"{key[0]}|{key[1]}|{verdicts[key][0]}: {', '.join(done)}")
    return out


def compare() -> None:
    for s in SETS:
        b, a = load(s, "before"), load(s, "after")
        lang = lang_of(s)
        print(f"\n### {s}\n\n| | before R / P / W | after R / P / W |\n|---|---|---|")
        print(f"| all {len(a)} turns | {fmt(Counter(x for x, _ in b.values()))} | {fmt(Counter(x for x, _ in a.values()))} |")
        print(f"| conversations with every turn R | {all_right(b)} | {all_right(a)} |")
        for k, label in CATS.items():
            print(f"| {label} | " + " | ".join(fmt(Counter(x for x, c in v.values() if c == k)) for v in (b, a)) + " |")
        for lg, label in (("zh", "Chinese"), ("en", "English + mixed")):
            print(f"| {label} | " + " | ".join(fmt(Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg))
                                          for v in (b, a)) + " |")
        print("| first turn | " + " | ".join(fmt(Counter(x for (_, t), (x, _) in v.items() if t == 0)) for v in (b, a)) + " |")
        print("| follow-up turns | " + " | ".join(fmt(Counter(x for (_, t), (x, _) in v.items() if t > 0)) for v in (b, a)) + " |")
        moved = Counter(f"{b[k][0]}->{a[k][0]}" for k in a if b[k][0] != a[k][0])
        print("\nverdict moves: " + (", ".join(f"{m} {n}" for m, n in sorted(moved.items())) or "none"))
        print("\nstore writes after (conversation|turn|verdict: actions): " + ("; ".join(writes(s, "after")) or "none"))
    b = {(s, *k): x for s in SETS for k, x in load(s, "before").items()}
    a = {(s, *k): x for s in SETS for k, x in load(s, "after").items()}
    print("\n### both sets\n\n| | before R / P / W | after R / P / W |\n|---|---|---|")
    print(f"| all {len(a)} turns | {fmt(Counter(x for x, _ in b.values()))} | {fmt(Counter(x for x, _ in a.values()))} |")
    for k, label in CATS.items():
        print(f"| {label} | " + " | ".join(fmt(Counter(x for x, c in v.values() if c == k)) for v in (b, a)) + " |")


def compare3(runs: tuple[str, str, str] = ("before", "after", "after2")) -> None:
    """before -> after -> after2 (or any three runs) per set and for both sets, verdict moves between
    the last two runs, writes of the last run."""
    prev, last = runs[1], runs[2]
    data = {s: {r: load(s, r) for r in runs} for s in SETS}
    for s in (*SETS, "both"):
        if s == "both":
            v = {r: {(x, *k): y for x in SETS for k, y in data[x][r].items()} for r in runs}
            lang = {(x, c): lg for x in SETS for c, lg in lang_of(x).items()}
            conv = lambda k: (k[0], k[1])  # noqa: E731
        else:
            v = data[s]
            lang = lang_of(s)
            conv = lambda k: k[0]  # noqa: E731
        first = lambda k: k[-1] == 0  # noqa: E731
        print(f"\n### {s}\n\n| | " + " | ".join(f"{r} R / P / W" for r in runs) + " |\n|---|---|---|---|")
        print(f"| all {len(v[last])} turns | " + " | ".join(fmt(Counter(x for x, _ in v[r].values())) for r in runs) + " |")
        if s != "both":
            print("| conversations with every turn R | " + " | ".join(all_right(v[r]) for r in runs) + " |")
        for k, label in CATS.items():
            print(f"| {label} | " + " | ".join(fmt(Counter(x for x, c in v[r].values() if c == k)) for r in runs) + " |")
        for lg, label in (("zh", "Chinese"), ("en", "English + mixed")):
            print(f"| {label} | " + " | ".join(fmt(Counter(x for key, (x, _) in v[r].items() if lang[conv(key)] == lg))
                                          for r in runs) + " |")
        print("| first turn | " + " | ".join(fmt(Counter(x for key, (x, _) in v[r].items() if first(key))) for r in runs) + " |")
        print("| follow-up turns | " + " | ".join(fmt(Counter(x for key, (x, _) in v[r].items() if not first(key)))
                                               for r in runs) + " |")
        moved = Counter(f"{v[prev][k][0]}->{v[last][k][0]}" for k in v[last] if v[prev][k][0] != v[last][k][0])
        print(f"\nverdict moves {prev} -> {last}: " + (", ".join(f"{m} {n}" for m, n in sorted(moved.items())) or "none"))
        if s != "both":
            print(f"\nstore writes {last} (conversation|turn|verdict: actions): " + ("; ".join(writes(s, last)) or "none"))


if __name__ == "__main__":
    if "--after3" in sys.argv:
        compare3(("before", "after2", "after3"))
    elif "--after2" in sys.argv:
        compare3()
    elif "--after" in sys.argv:
        compare()
    elif "--writes" in sys.argv:
        for s in SETS:
            print(f"{s}: " + ("; ".join(writes(s, "before")) or "none"))
    else:
        tables("before")
