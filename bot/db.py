"""Shared database access: connections, transactions, per-component schema migrations.

Concurrency model (issue #10 item 3). Several components share one connection (the key ring,
vault and audit log share the runtime's), and every connection is driven by many coroutines.
SQLite then has two traps, both answered with an immediate "database is locked" that no busy
timeout cures:

- a statement left open across an `await` (a SELECT whose cursor is not yet closed) keeps a
  read transaction on the connection; a write that then needs the write lock held by another
  connection fails at once instead of waiting (and after another connection committed, the
  snapshot is stale: SQLITE_BUSY_SNAPSHOT);
- an implicit transaction (Python's sqlite3 opens one before INSERT/UPDATE/DELETE) spans the
  awaits until `commit()`: other coroutines' statements land inside it, a failure leaves the
  connection stuck in it, and one coroutine's rollback takes another's writes with it.

So here:

- `connect()` returns a connection whose `execute` runs the statement *and fetches all its
  rows* in one job on the connection's thread, so no read transaction outlives the job (a
  statement kept open while the connection writes can deadlock on its own stale snapshot).
  Scans that could be large should page by key (`WHERE seq > ? LIMIT n`);
- `transaction(conn)` is the one way to write: it holds the connection's write lock (an
  asyncio lock: one writer per connection at a time), opens `BEGIN IMMEDIATE` (the database
  write lock is taken up front, under the busy timeout) and always ends in COMMIT or
  ROLLBACK, also on cancellation; nested use in the same task joins the outer transaction;
- `run_transaction(conn, fn)` re-runs a whole transaction on a transient lock error with
  exponential backoff and jitter for up to `RETRY_BUDGET_S` seconds (a burst lasts seconds,
  not the 0.6 s the old retries allowed); the busy timeout is 30 s per attempt.

A `postgresql://` URL opens PostgreSQL behind the same API (bot/storage/postgres.py); the same
`transaction()` works there (with `immediate=True` it takes a per-schema advisory lock, as the
audit chain needs).

Storage (issue 11): every component is on bot/storage/ — SQLAlchemy Core tables in one
MetaData, statements compiled once per dialect and run on these connections with no SQL
rewriting, versioned migrations (`bot.storage.migrations.migrate(conn, Component)`).

Where this module ends: it opens connections (the SQLite tuning above, or PostgreSQL) and
re-exports bot.storage (`db.query`, `db.schema`, `db.migrations`, the transaction scope) for
the components that reach storage through it. privacy/ may import only the core and bot.db
(tests/test_gates.py PRIVACY_ALLOWED): bot.db is privacy's one door to storage, so that the
allow-list names a single façade rather than each storage module privacy happens to use.
"""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage import migrations, postgres, query, schema  # the storage layer, for components behind this façade
from bot.storage.transactions import (
    RETRY_BUDGET_S,
    backoff,
    is_transient,
    run_transaction,
    transaction,
    write_lock,
)

__all__ = ["BUSY_TIMEOUT_MS", "RETRY_BUDGET_S", "backoff", "connect", "is_transient", "migrations",
           "private_file", "query", "run_transaction", "schema", "transaction", "write_lock"]

# aiosqlite logs every statement with its parameters at DEBUG: parameters can be personal data.
logging.getLogger("aiosqlite").addFilter(lambda record: record.levelno > logging.DEBUG)
log = logging.getLogger("aftersales.db")

BUSY_TIMEOUT_MS = 30_000


class PrefetchedCursor:
    """The rows of one statement, all fetched in the job that ran it (aiosqlite Cursor subset)."""

    def __init__(self, cursor: sqlite3.Cursor, rows: list[Any]) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid
        self.description = cursor.description
        self.arraysize = 1

    async def fetchone(self) -> Any:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    async def fetchall(self) -> list[Any]:
        out, self._pos = self._rows[self._pos:], len(self._rows)
        return out

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = size or self.arraysize
        out = self._rows[self._pos:self._pos + size]
        self._pos += len(out)
        return out

    def __aiter__(self) -> PrefetchedCursor:
        return self

    async def __anext__(self) -> Any:
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    async def close(self) -> None:
        self._rows, self._pos = [], 0

    async def __aenter__(self) -> PrefetchedCursor:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class SQLiteConnection(aiosqlite.Connection):
    """aiosqlite, except that `execute` fetches all rows in the job that ran the statement."""

    def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Any:  # type: ignore[override]
        return postgres.Pending(self._execute_fetch(sql, parameters))

    async def _execute_fetch(self, sql: str, parameters: Sequence[Any] | None) -> PrefetchedCursor:
        def run() -> tuple[sqlite3.Cursor, list[Any]]:
            cur = self._conn.execute(sql, parameters or ())
            try:
                return cur, (cur.fetchall() if cur.description is not None else [])
            finally:
                cur.close()
        cur, rows = await self._execute(run)
        return PrefetchedCursor(cur, rows)


def private_file(path: str | Path) -> None:
    """Create `path` owner-only (0600) if missing, and tighten it if it exists.

    SQLite creates its -wal and -shm files with the database file's mode, so the whole
    database stays unreadable to other local users (it holds sealed but personal data)."""
    import os
    fd = os.open(str(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


async def connect(path: str | Path) -> Any:
    """Open a connection tuned for a concurrent webhook server (WAL, busy timeout, prefetching).

    A `postgresql://` URL opens PostgreSQL behind the same API instead (bot/storage/postgres.py)."""
    if postgres.is_postgres_url(path):
        return await postgres.connect(path)
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        private_file(path)
    conn = await SQLiteConnection(lambda: sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000), 64)
    conn.row_factory = aiosqlite.Row
    # Deleted rows (handled inbox payloads, erased vault rows) are overwritten with zeros,
    # not left readable in free pages of the file.
    await conn.execute("PRAGMA secure_delete=ON")
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


# -- transactions: bot/storage/transactions.py (re-exported: components call db.transaction) --------
