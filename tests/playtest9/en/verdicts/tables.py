"""R/P/W tables for tests/playtest9/en/JUDGED.md, recomputed from the per-turn verdict files.

    python3 tests/playtest9/en/verdicts/tables.py           # before (main 24353c0)
    python3 tests/playtest9/en/verdicts/tables.py --writes  # every store write of the before run, with its turn verdict
    python3 tests/playtest9/en/verdicts/tables.py --after   # before -> after, moves, turns that got worse, after writes
    python3 tests/playtest9/en/verdicts/tables.py --after2  # before -> after -> after2, after -> after2 moves, after2 writes

Verdict lines are `conversation|turn|R/P/W|category|reason` in `verdicts/<run>.txt`; the run's
replies and traces in `<run>.jsonl`. The language of a conversation comes from
`expectations.jsonl` (zh = Chinese or mixed with Chinese first, en = English), written before any
run. Every verdict file must cover every expected turn exactly once, with the expected category;
the script stops otherwise.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "playtest"))
from verdicts import SET_CATS, SET_WRITES, SetTables, set_main  # noqa: E402  (the shared tables code, tests/playtest/verdicts.py)

TABLES = SetTables(Path(__file__).resolve().parents[1], SET_CATS, SET_WRITES, langs=(("en", "English"), ("zh", "Chinese + mixed")), layout="en")

if __name__ == "__main__":
    set_main(TABLES, sys.argv[1:])
