"""R/P/W tables for tests/playtest10/demo/JUDGED.md, recomputed from the per-turn verdict files.

    python3 tests/playtest10/demo/verdicts/tables.py           # before (snapshot main-9929382) + write audit
    python3 tests/playtest10/demo/verdicts/tables.py --writes  # every store write of the before run, with its turn verdict
    python3 tests/playtest10/demo/verdicts/tables.py --after   # before -> after, verdict moves, after writes + audit (needs verdicts/after.txt, writes_after.txt, after.jsonl)
    python3 tests/playtest10/demo/verdicts/tables.py --after2  # before -> after -> after2, after -> after2 moves, after2 writes + audit

Verdict lines are `conversation|turn|R/P/W|category|reason` in `verdicts/<run>.txt`. The language
of a conversation comes from `expectations.jsonl` (zh, or en = English and mixed zh/en), written
before any run. Every verdict file must cover every expected turn exactly once, with the expected
category; the script stops otherwise. The write audit reads `verdicts/writes_<run>.txt`, lines
`conversation|turn|action|right/wrong/partly/missing|note` (every successful write or ticket of the
run, and every write the customer asked for that did not happen), judged by hand.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "playtest"))
from verdicts import SET_CATS, SET_WRITES, SetTables, set_main  # noqa: E402  (the shared tables code, tests/playtest/verdicts.py)

TABLES = SetTables(Path(__file__).resolve().parents[1], SET_CATS, SET_WRITES, layout="demo", audit="summary")

if __name__ == "__main__":
    set_main(TABLES, sys.argv[1:])
