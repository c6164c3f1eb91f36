"""GroupCommit(process_lock=): several processes' writers of one SQLite file hand the database
over through an flock(), not SQLite's sleeping busy wait (bot/server/intake.py)."""
from __future__ import annotations

import asyncio
import fcntl
import os
from pathlib import Path

from sqlalchemy import insert

from bot.db import connect
from bot.storage import query as q
from bot.storage.group_commit import GroupCommit
from bot.storage.schema import inbox as T

ROW = q.Statement(insert(T), ["platform", "message_id", "conversation", "created_at", "updated_at"])


def row(i: int) -> dict[str, object]:
    return {"platform": "p", "message_id": f"k{i}", "conversation": "c", "created_at": 0.0, "updated_at": 0.0}


async def _table(path: Path) -> None:
    conn = await connect(path)
    await conn.execute("CREATE TABLE inbox (seq INTEGER PRIMARY KEY, platform TEXT, message_id TEXT, "
                       "conversation TEXT, payload BLOB, status TEXT DEFAULT 'pending', attempts INT DEFAULT 0, "
                       "error TEXT, created_at REAL, updated_at REAL, reply BLOB, idempotent INT DEFAULT 0)")
    await conn.commit()
    await conn.close()


async def test_a_commit_waits_for_the_lock_another_process_holds(tmp_path: Path) -> None:
    db, lock = tmp_path / "a.db", str(tmp_path / "a.db.writer-lock")
    await _table(db)
    conn = await connect(db)
    writer = GroupCommit(conn, process_lock=lock)
    other = os.open(lock, os.O_RDWR)          # stands for another process's writer
    fcntl.flock(other, fcntl.LOCK_EX)
    try:
        pending = asyncio.ensure_future(writer.execute(ROW, row(1)))
        await asyncio.sleep(0.3)
        assert not pending.done()              # held elsewhere: not committed meanwhile
        fcntl.flock(other, fcntl.LOCK_UN)
        assert await pending == 1
        # And it released the lock after its commit: another holder gets it at once.
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(other, fcntl.LOCK_UN)
    finally:
        os.close(other)
        await writer.close()
        await conn.close()


async def test_two_writers_with_the_lock_commit_every_row(tmp_path: Path) -> None:
    db, lock = tmp_path / "a.db", str(tmp_path / "a.db.writer-lock")
    await _table(db)
    a, b = await connect(db), await connect(db)
    wa, wb = GroupCommit(a, process_lock=lock), GroupCommit(b, process_lock=lock)
    try:
        counts = await asyncio.gather(*((wa if i % 2 else wb).execute(ROW, row(i)) for i in range(200)))
        assert counts == [1] * 200
        rows = await (await a.execute("SELECT count(*) FROM inbox")).fetchall()
        assert rows[0][0] == 200
    finally:
        await wa.close()
        await wb.close()
        await a.close()
        await b.close()
