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

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from verdicts import SET_CATS, SET_WRITES, RoundTables, round_main  # noqa: E402  (the shared tables code, tests/playtest/verdicts.py)

TABLES = RoundTables(Path(__file__).resolve().parents[1], ("demo", "en"), SET_CATS, SET_WRITES)

if __name__ == "__main__":
    round_main(TABLES, sys.argv[1:])
