"""bot/db.py's concurrency model (issue #10 item 3): a transaction scope that always commits or
rolls back (also when cancelled), one writer per connection, reads that never hold a snapshot
across an await, and lock errors retried for seconds."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot import db


async def open_pair(tmp_path: Path) -> tuple[object, object]:
    a = await db.connect(tmp_path / "t.db")
    await a.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER, who TEXT)")
    await a.commit()
    b = await db.connect(tmp_path / "t.db")
    return a, b


async def count(conn: object) -> int:
    async with conn.execute("SELECT COUNT(*) FROM t") as cur:
        return (await cur.fetchone())[0]


async def test_an_error_rolls_back_and_leaves_the_connection_usable(tmp_path: Path) -> None:
    a, b = await open_pair(tmp_path)
    with pytest.raises(ValueError):
        async with db.transaction(a):
            await a.execute("INSERT INTO t VALUES (1, 'a')")
            raise ValueError("boom")
    assert not a.in_transaction and await count(a) == 0
    async with db.transaction(a):
        await a.execute("INSERT INTO t VALUES (2, 'a')")
    assert await count(b) == 1                   # committed, visible to another connection
    await a.close()
    await b.close()


async def test_cancelled_inside_a_transaction_rolls_back(tmp_path: Path) -> None:
    a, b = await open_pair(tmp_path)
    entered = asyncio.Event()

    async def slow() -> None:
        async with db.transaction(a):
            await a.execute("INSERT INTO t VALUES (1, 'a')")
            entered.set()
            await asyncio.sleep(10)
    task = asyncio.create_task(slow())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.05)
    assert not a.in_transaction
    async with db.transaction(b):                # the write lock was released
        await b.execute("INSERT INTO t VALUES (2, 'b')")
    assert await count(a) == 1
    await a.close()
    await b.close()


async def test_transactions_on_one_connection_never_interleave(tmp_path: Path) -> None:
    a, b = await open_pair(tmp_path)

    async def writer(who: str) -> None:
        async with db.transaction(a):
            for n in range(3):
                await a.execute("INSERT INTO t VALUES (?, ?)", (n, who))
                await asyncio.sleep(0.01)        # other coroutines run here
            if who == "x":
                raise RuntimeError("x fails")    # only x's rows go
    results = await asyncio.gather(writer("x"), writer("y"), writer("z"), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    async with a.execute("SELECT who FROM t ORDER BY rowid") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["y"] * 3 + ["z"] * 3
    await a.close()
    await b.close()


async def test_an_open_read_does_not_turn_a_wait_into_database_is_locked(tmp_path: Path) -> None:
    """The burst's failure: connection A had a SELECT open across an await while connection B
    held the write lock; A's write then failed at once ("database is locked") instead of waiting."""
    a, b = await open_pair(tmp_path)
    for n in range(2000):
        await a.execute("INSERT INTO t VALUES (?, 'seed')", (n,))
    await a.commit()
    await b.execute("BEGIN IMMEDIATE")            # another connection is writing
    await b.execute("INSERT INTO t VALUES (-1, 'b')")

    async def release_later() -> None:
        await asyncio.sleep(0.5)
        await b.commit()
    releaser = asyncio.create_task(release_later())
    async with a.execute("SELECT n FROM t") as cur:   # a long read, its cursor open across awaits
        first = await cur.fetchone()
        assert first is not None

        async def write() -> None:
            await a.execute("INSERT INTO t VALUES (-2, 'a')")
        await db.run_transaction(a, write)       # waits for b instead of failing
    await releaser
    assert await count(a) == 2002
    await a.close()
    await b.close()


async def test_lock_errors_are_retried_with_backoff(tmp_path: Path) -> None:
    a, b = await open_pair(tmp_path)
    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise sqlite3.OperationalError("database is locked")
        await a.execute("INSERT INTO t VALUES (1, 'a')")
        return "ok"
    assert await db.run_transaction(a, flaky) == "ok"
    assert calls == 3 and await count(b) == 1
    with pytest.raises(sqlite3.OperationalError):
        async def always() -> None:
            raise sqlite3.OperationalError("database is locked")
        await db.run_transaction(a, always, budget_s=0.3)
    assert db.backoff(1) <= 0.05 and 1.0 <= db.backoff(12) <= 2.0
    await a.close()
    await b.close()
