"""The dedicated group-commit writer (bot/storage/group_commit.py): what an answer promises
(committed, exact per-write results), one bad write failing alone, backpressure, a clean
shutdown, and a SIGKILL that loses no acknowledged write."""
from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, Text, UniqueConstraint, insert
from sqlalchemy.schema import CreateTable

from bot.core.errors import Overloaded
from bot.db import connect
from bot.storage import query as q
from bot.storage.group_commit import GroupCommit, NewRows, WriterClosed
from bot.storage.transactions import write_lock

ROOT = Path(__file__).resolve().parents[2]
ROWS = Table("gc_rows", MetaData(), Column("seq", Integer, primary_key=True), Column("grp", Text, nullable=False),
             Column("k", Text, nullable=False), Column("v", Text, nullable=False), UniqueConstraint("grp", "k"))
NEW = NewRows(ROWS, "grp", "k", ["grp", "k", "v"])
PLAIN = q.Statement(insert(ROWS), ["grp", "k", "v"])
COUNT = q.Statement(ROWS.select().with_only_columns(ROWS.c.grp, ROWS.c.k, ROWS.c.v).order_by(ROWS.c.seq))


async def open_table(target: str) -> Any:
    conn = await connect(target)
    await q.execute_text(conn, str(CreateTable(ROWS).compile(dialect=q.sa_dialect(q.dialect_of(conn)))))
    await conn.commit()
    return conn


@pytest.fixture
async def conn(target: str) -> AsyncIterator[Any]:
    c = await open_table(target)
    yield c
    await c.close()


async def test_each_write_gets_its_own_exact_result_once_committed(conn: Any, target: str) -> None:
    writer = GroupCommit(conn)
    assert await writer.execute(NEW, {"grp": "a", "k": "old", "v": "first"}) == 1
    rows = [{"grp": "a" if i % 3 else "b", "k": f"k{i % 150}", "v": f"v{i}"} for i in range(300)]
    rows.append({"grp": "a", "k": "old", "v": "again"})          # already stored before
    results = await asyncio.gather(*(writer.execute(NEW, r) for r in rows))
    # The first of each (grp, k) is new; repeats in the same batch and the stored key are not.
    first: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        first.setdefault((r["grp"], r["k"]), i)
    expected = [int(first[(r["grp"], r["k"])] == i and r["k"] != "old") for i, r in enumerate(rows)]
    assert results == expected
    stored = await q.fetchall(conn, COUNT)
    assert [(g, k) for g, k, _ in stored][1:] == [(r["grp"], r["k"]) for i, r in enumerate(rows) if expected[i]]
    assert stored[0][2] == "first"                               # never overwritten
    assert writer.batches < len(rows) / 10                       # grouped: many writes per commit
    await writer.close()


async def test_an_answered_write_is_visible_to_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    conn = await open_table(str(path))
    writer = GroupCommit(conn)
    other = sqlite3.connect(path)

    async def put(i: int) -> None:
        assert await writer.execute(NEW, {"grp": "g", "k": f"k{i}", "v": "x"}) == 1
        # Answered means committed: a reader on its own connection already sees the row.
        assert other.execute("SELECT COUNT(*) FROM gc_rows WHERE k = ?", (f"k{i}",)).fetchone()[0] == 1
    await asyncio.gather(*(put(i) for i in range(200)))
    other.close()
    await writer.close()
    await conn.close()


async def test_one_bad_write_fails_alone(conn: Any) -> None:
    writer = GroupCommit(conn)
    await writer.execute(PLAIN, {"grp": "g", "k": "taken", "v": "x"})
    good = [writer.execute(NEW, {"grp": "g", "k": f"k{i}", "v": "x"}) for i in range(20)]
    bad = writer.execute(PLAIN, {"grp": "g", "k": "taken", "v": "y"})         # a plain INSERT: unique violation
    results = await asyncio.gather(*good, bad, return_exceptions=True)
    assert results[:20] == [1] * 20
    assert isinstance(results[20], sqlite3.IntegrityError)
    assert len(await q.fetchall(conn, COUNT)) == 21
    await writer.close()


async def test_intake_is_refused_when_the_writer_is_behind_and_the_rest_still_commits(conn: Any) -> None:
    writer = GroupCommit(conn, max_queued=5)
    lock = write_lock(conn)
    await lock.acquire()                    # the disk stalls: nothing can commit
    try:
        first = asyncio.ensure_future(writer.execute(NEW, {"grp": "g", "k": "k0", "v": "x"}, refusable=True))
        await asyncio.sleep(0.05)           # the flusher took it into a batch and waits for the disk
        queued = [first] + [asyncio.ensure_future(writer.execute(NEW, {"grp": "g", "k": f"k{i}", "v": "x"},
                                                                 refusable=True)) for i in range(1, 6)]
        await asyncio.sleep(0.05)
        assert writer.queued == 5
        with pytest.raises(Overloaded):     # the sixth waiting write: refused at once (a 503)
            await writer.execute(NEW, {"grp": "g", "k": "refused", "v": "x"}, refusable=True)
        # Work already accepted (a state change) is never refused.
        transition = asyncio.ensure_future(writer.execute(NEW, {"grp": "g", "k": "state", "v": "x"}))
        await asyncio.sleep(0.05)
        assert not any(f.done() for f in [*queued, transition])   # nothing answered before its commit
    finally:
        lock.release()
    assert await asyncio.gather(*queued, transition) == [1] * 7
    assert "refused" not in {k for _, k, _ in await q.fetchall(conn, COUNT)}
    await writer.close()


async def test_close_commits_what_is_queued_then_refuses(conn: Any) -> None:
    writer = GroupCommit(conn)
    lock = write_lock(conn)
    await lock.acquire()
    queued = [asyncio.ensure_future(writer.execute(NEW, {"grp": "g", "k": f"k{i}", "v": "x"})) for i in range(50)]
    await asyncio.sleep(0.02)
    closing = asyncio.ensure_future(writer.close())
    await asyncio.sleep(0.02)
    assert not closing.done()               # waits for the queued writes
    with pytest.raises(WriterClosed):
        await writer.execute(NEW, {"grp": "g", "k": "late", "v": "x"})
    lock.release()
    await closing
    assert all(f.done() and f.result() == 1 for f in queued)
    assert len(await q.fetchall(conn, COUNT)) == 50


async def test_a_caller_that_gives_up_does_not_cancel_the_shared_commit(conn: Any) -> None:
    writer = GroupCommit(conn)
    lock = write_lock(conn)
    await lock.acquire()
    quitter = asyncio.ensure_future(writer.execute(NEW, {"grp": "g", "k": "quit", "v": "x"}))
    stayer = asyncio.ensure_future(writer.execute(NEW, {"grp": "g", "k": "stay", "v": "x"}))
    await asyncio.sleep(0.02)
    quitter.cancel()                        # the webhook's client hung up
    lock.release()
    assert await stayer == 1
    await writer.close()
    assert {k for _, k, _ in await q.fetchall(conn, COUNT)} == {"quit", "stay"}


CHILD = textwrap.dedent("""
    import asyncio, sys
    sys.path.insert(0, sys.argv[2])
    from tests.storage.test_group_commit import NEW, open_table
    from bot.storage.group_commit import GroupCommit

    async def main():
        conn = await open_table(sys.argv[1])
        await conn.execute("PRAGMA synchronous=FULL")
        writer = GroupCommit(conn)
        n = 0
        async def one(task):
            nonlocal n
            while True:
                n += 1
                key = f"t{task}-{n}"
                await writer.execute(NEW, {"grp": "g", "k": key, "v": "x"})
                sys.stdout.write(key + "\\n")
                sys.stdout.flush()
        await asyncio.gather(*(one(t) for t in range(40)))
    asyncio.run(main())
""")


@pytest.mark.slow
def test_sigkill_loses_no_answered_write(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ROOT)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    answered: list[str] = []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            answered.append(line.strip())
            if len(answered) >= 2000:
                break
        proc.send_signal(signal.SIGKILL)     # mid-stream: batches queued, one probably mid-commit
        rest, err = proc.communicate(timeout=10)
        answered += rest.split()             # answered before the kill too, still in the pipe
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert len(answered) >= 2000, err
    with sqlite3.connect(path) as db:
        stored = {k for (k,) in db.execute("SELECT k FROM gc_rows")}
    missing = [k for k in answered if k not in stored]
    assert not missing, f"{len(missing)} answered writes lost, e.g. {missing[:3]}"
