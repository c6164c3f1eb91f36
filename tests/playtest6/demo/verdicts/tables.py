"""R/P/W tables for JUDGED.md, recomputed from the per-turn verdict files.

    python tests/playtest6/demo/verdicts/tables.py

Verdict lines are `conversation|turn|R/P/W|category|reason` in `<split>/verdicts/before.txt`;
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


def load(split: str) -> dict[Key, tuple[str, str]]:
    """(conversation, turn) -> (verdict, category)."""
    out: dict[Key, tuple[str, str]] = {}
    for line in (ROUND / split / "verdicts" / "before.txt").read_text(encoding="utf-8").splitlines():
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


if __name__ == "__main__":
    main()
