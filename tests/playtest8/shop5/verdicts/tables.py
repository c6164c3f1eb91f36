"""Recompute the R/P/W tables of JUDGED.md from the per-turn verdicts (round 8, shop5).

    python3 tests/playtest8/shop5/verdicts/tables.py            # before tables + store-write audit
    python3 tests/playtest8/shop5/verdicts/tables.py --after    # before -> after, moves, both audits
    python3 tests/playtest8/shop5/verdicts/tables.py --after2   # before -> after -> after2, moves after -> after2, all three audits
    python3 tests/playtest8/shop5/verdicts/tables.py --after3   # before -> after -> after2 -> after3, moves after2 -> after3, all four audits

Checks that each verdict file covers every expected turn once with the expected category, and
that every successful store write / ticket in a replay file has a judgement in writes_<run>.txt.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "playtest"))
from verdicts import SHOP_WRITES, ShopTables, shop_main  # noqa: E402  (the shared tables code, tests/playtest/verdicts.py)

CATS = {"followup": "follow-ups / corrections / changed mind", "negation": "negation / quantities",
        "delivery": "delivery (status, late, damaged, customs)", "payment": "payment issues / refund status",
        "changes": "changes before shipping (options, qty, lines, payment, cancel)",
        "returns": "returns / exchanges / replacements", "product": "product info / faults / warranty",
        "other": "other (invoice, hand-off, privacy, policy, stranger)"}

TABLES = ShopTables(Path(__file__).resolve().parents[1], CATS, SHOP_WRITES, lang_from="prefix", missing=False, code_default=None, max_after=3, writes_option=False)

if __name__ == "__main__":
    shop_main(TABLES, sys.argv[1:])
