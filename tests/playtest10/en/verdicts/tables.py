"""R/P/W tables for tests/playtest10/en/JUDGED.md, recomputed from the per-turn verdict files.

    python3 tests/playtest10/en/verdicts/tables.py           # before (main 9929382) + its write audit
    python3 tests/playtest10/en/verdicts/tables.py --writes  # every store write of the before run, with its turn verdict
    python3 tests/playtest10/en/verdicts/tables.py --after   # before -> after, moves, turns that got worse, after writes + audit
    python3 tests/playtest10/en/verdicts/tables.py --after2  # before -> after -> after2, after -> after2 moves, after2 writes + audit
    python3 tests/playtest10/en/verdicts/tables.py --after3  # before -> after -> after2 -> after3, after2 -> after3 moves, after3 writes + audit

The write audit is `verdicts/writes_<run>.txt`: one line per successful write or ticket, and per
asked-for write that is missing, `conversation|turn|right/wrong/partly/missing|what`.

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
from verdicts import SET_CATS, SET_WRITES, SetTables, set_audit, set_compare3, set_main, set_writes  # noqa: E402  (the shared tables code, tests/playtest/verdicts.py)

TABLES = SetTables(Path(__file__).resolve().parents[1], SET_CATS, SET_WRITES, langs=(("en", "English"), ("zh", "Chinese + mixed")), layout="en", audit="table")


def after3() -> None:
    """--after3, the way the shared set_main does --after2 (set_main stops at --after2)."""
    set_compare3(TABLES, ("before", "after", "after2", "after3"))
    print("\nstore writes (after3): " + ("; ".join(set_writes(TABLES, "after3")) or "none"))
    set_audit(TABLES, "after3")


if __name__ == "__main__":
    if "--after3" in sys.argv[1:]:
        after3()
    else:
        set_main(TABLES, sys.argv[1:])
