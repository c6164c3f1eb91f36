"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts (round 11, shop8).

    python3 tests/playtest11/shop8/verdicts/tables.py            # before tables + store-write audit
    python3 tests/playtest11/shop8/verdicts/tables.py --after    # before -> after, moves, both audits (verdicts/after.txt)
    python3 tests/playtest11/shop8/verdicts/tables.py --after2   # before -> after -> after2 (verdicts/after2.txt)
    python3 tests/playtest11/shop8/verdicts/tables.py --after3   # before -> after -> after2 -> after3 (verdicts/after3.txt)
    python3 tests/playtest11/shop8/verdicts/tables.py --writes   # store-write audit only (add --after / --after2 / --after3)

Verdict lines: conv|turn|R/P/W|category|reason. Write lines (writes_<run>.txt): conv|turn|action|R/P/W|reason
for every successful write or ticket in <run>.jsonl, plus conv|turn|action|missing|reason for a write the
customer asked for (a clear yes, an explicit request) that never happened. The script checks that each
verdict file covers every expected turn once with the expected category, and that every successful store
write / ticket in a replay file has a judgement.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "playtest"))
from verdicts import SHOP_WRITES, ShopTables, shop_main  # noqa: E402  (the shared tables code, tests/playtest/verdicts.py)

CATS = {"status": "order status", "delivery": "delivery issues (not received, late, damaged, customs)",
        "returns": "returns", "exchange": "exchanges (option swaps)", "negation": "negation / quantities / keep X",
        "changes": "changes before shipping (options, qty)", "cancel": "cancel", "address": "address change",
        "confirm": "clear yes after a confirmation", "confirm_q": "question inside an open confirmation",
        "payment": "payment problems", "refund": "refund status", "invoice": "invoice",
        "warranty": "warranty / faults", "product": "product questions", "multi": "several requests in one message",
        "followup": "vague follow-ups", "human": "asking for a human", "stranger": "strangers (not their order)"}

TABLES = ShopTables(Path(__file__).resolve().parents[1], CATS, SHOP_WRITES, max_after=3)

if __name__ == "__main__":
    shop_main(TABLES, sys.argv[1:])
