"""R/P/W tables for JUDGED.md, recomputed from the per-turn verdict files.

    python tests/playtest6/demo/verdicts/tables.py           # before (main 6faef5e)
    python tests/playtest6/demo/verdicts/tables.py --after   # before vs after, per split

Verdict lines are `conversation|turn|R/P/W|category|reason` in `<split>/verdicts/before.txt`
(and `after.txt` for the re-run on the integration branch);
the language of a conversation comes from `<split>/expectations.jsonl` (zh, or en = English and
mixed), written before the run so a table can't be tuned after seeing the replies.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROUND = Path(__file__).resolve().parents[1]
SPLITS = ("dev", "heldout")
CATS = {
    "followup": "follow-ups / corrections / changed mind",
    "negation": "negation / quantities",
    "delivery": "delivery (status, late, lost, not received)",
    "payment": "payment issues / refund status",
    "changes": "changes before shipping (items, variant, qty, address, payment, cancel)",
    "returns": "returns / exchanges / replacements",
    "product": "product info / faults / warranty",
    "other": "other (invoice, human, privacy, policy, chit-chat, unclear)",
}
Key = tuple[str, int]


def load(split: str, run: str = "before") -> dict[Key, tuple[str, str]]:
    """(conversation, turn) -> (verdict, category)."""
    out: dict[Key, tuple[str, str]] = {}
    for line in (ROUND / split / "verdicts" / f"{run}.txt").read_text(encoding="utf-8").splitlines():
        conv, turn, verdict, cat, _reason = line.split("|", 4)
        out[(conv, int(turn))] = (verdict, cat)
    return out


def languages(split: str) -> dict[str, str]:
    rows = (json.loads(x) for x in (ROUND / split / "expectations.jsonl").read_text(encoding="utf-8").splitlines())
    return {r["conversation"]: r["lang"] for r in rows}


def fmt(cnt: Counter[str]) -> str:
    n = sum(cnt.values())
    if not n:
        return "-"
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']} ({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)"


def all_right(v: dict[Key, tuple[str, str]]) -> str:
    convs = {c for c, _ in v}
    ok = sum(all(v[k][0] == "R" for k in v if k[0] == c) for c in convs)
    return f"{ok}/{len(convs)}"


def main() -> None:
    data = {s: load(s) for s in SPLITS}
    both = {**data["dev"], **data["heldout"]}
    print("| split | conversations | turns | R / P / W | conversations with every turn R |\n|---|---|---|---|---|")
    for s, v in (*data.items(), ("both", both)):
        convs = len({c for c, _ in v})
        print(f"| {s} | {convs} | {len(v)} | {fmt(Counter(x for x, _ in v.values()))} | {all_right(v)} |")
    print("\n| category | dev R / P / W | held-out R / P / W | both |\n|---|---|---|---|")
    for k, label in CATS.items():
        cells = [fmt(Counter(x for x, c in v.values() if c == k)) for v in (data["dev"], data["heldout"], both)]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\n| language | dev R / P / W | held-out R / P / W | both |\n|---|---|---|---|")
    lang = {**languages("dev"), **languages("heldout")}
    for lg, label in (("zh", "Chinese"), ("en", "English + mixed")):
        cells = [fmt(Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg)) for v in (data["dev"], data["heldout"], both)]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\n| turn position | both R / P / W |\n|---|---|")
    print(f"| first turn | {fmt(Counter(x for (_, t), (x, _) in both.items() if t == 0))} |")
    print(f"| follow-up turns | {fmt(Counter(x for (_, t), (x, _) in both.items() if t > 0))} |")


# Actions that change the shop or file something for a person; a W turn that ran one of these
# is a wrong store change (or a store change on a wrong reading), the most harmful failure.
WRITES = {"create_return", "create_exchange", "change_items", "change_address", "change_payment",
          "change_default_address", "cancel_order", "request_invoice", "create_ticket"}


def wrong_writes(split: str, run: str) -> list[str]:
    """W turns of `run` whose trace carried out a store-changing action (from `<run>.jsonl`)."""
    verdicts = load(split, run)
    out = []
    for line in (ROUND / split / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row["conversation"], int(row["turn"]))
        done = [a["name"] for a in row["trace"].get("actions", []) if a["name"] in WRITES and a.get("ok")]
        if done and verdicts[key][0] == "W":
            out.append(f"{key[0]}|{key[1]}: {', '.join(done)}")
    return sorted(out, key=lambda x: (int(x.split("|")[0][2:]), x))


def compare() -> None:
    """Before vs after, each split on its own (held-out is the measurement)."""
    lang = {**languages("dev"), **languages("heldout")}
    for s in SPLITS:
        b, a = load(s, "before"), load(s, "after")
        print(f"\n### {s}\n\n| | before R / P / W | after R / P / W |\n|---|---|---|")
        print(f"| all {len(a)} turns | {fmt(Counter(x for x, _ in b.values()))} | {fmt(Counter(x for x, _ in a.values()))} |")
        print(f"| conversations with every turn R | {all_right(b)} | {all_right(a)} |")
        for k, label in CATS.items():
            print(f"| {label} | " + " | ".join(fmt(Counter(x for x, c in v.values() if c == k)) for v in (b, a)) + " |")
        for lg, label in (("zh", "Chinese"), ("en", "English + mixed")):
            print(f"| {label} | " + " | ".join(fmt(Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg)) for v in (b, a)) + " |")
        print("| first turn | " + " | ".join(fmt(Counter(x for (_, t), (x, _) in v.items() if t == 0)) for v in (b, a)) + " |")
        print("| follow-up turns | " + " | ".join(fmt(Counter(x for (_, t), (x, _) in v.items() if t > 0)) for v in (b, a)) + " |")
        moved = Counter(f"{b[k][0]}->{a[k][0]}" for k in a if b[k][0] != a[k][0])
        print("\nverdict moves: " + ", ".join(f"{m} {n}" for m, n in sorted(moved.items())))
        print("wrong store changes after (W turns that ran a write): " + ("; ".join(wrong_writes(s, "after")) or "none"))


if __name__ == "__main__":
    import sys
    if "--after" in sys.argv:
        compare()
    else:
        main()
