"""The one way to write: a transaction scope per connection, and retries on lock errors.

Why it is shaped like this (the burst failures of issue #10 item 3) is in bot/db.py's
docstring: one writer per connection (an asyncio lock), BEGIN IMMEDIATE on SQLite, always
COMMIT or ROLLBACK (also when cancelled), nested scopes in one task join the outer one, and a
whole transaction re-run with backoff on a transient lock error.
"""
from __future__ import annotations

import asyncio
import contextvars
import logging
import random
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from bot.storage import postgres

log = logging.getLogger("aftersales.db")

T = TypeVar("T")
RETRY_BUDGET_S = 30.0     # how long run_transaction keeps retrying a locked database


# (connection, task) pairs whose write lock is held, so a nested scope in the same task joins
# the outer transaction instead of deadlocking (a task started inside inherits the context,
# but not the lock: the task is part of the key).
_HELD: contextvars.ContextVar[frozenset[tuple[int, int]]] = contextvars.ContextVar("aftersales_db_held",
                                                                                   default=frozenset())


def _holding(conn: Any) -> bool:
    return (id(conn), id(asyncio.current_task())) in _HELD.get()


def write_lock(conn: Any) -> asyncio.Lock:
    """The connection's writer lock: one transaction at a time on one connection."""
    lock = getattr(conn, "_aftersales_write_lock", None)
    if lock is None:
        lock = asyncio.Lock()
        conn._aftersales_write_lock = lock
    return lock


def is_transient(exc: BaseException) -> bool:
    """A lock/busy error: the same transaction may succeed when tried again."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return "locked" in text or "busy" in text


@asynccontextmanager
async def transaction(conn: Any, immediate: bool = False) -> AsyncIterator[Any]:
    """`async with transaction(conn):` — one writer, always COMMIT or ROLLBACK.

    SQLite always begins IMMEDIATE (the write lock up front, under the busy timeout). On
    PostgreSQL `immediate=True` also takes the per-schema advisory lock (bot/storage/postgres.py):
    the audit chain needs it so two replicas never fork it; other writers do not."""
    if _holding(conn):            # nested in this task: part of the outer transaction
        yield conn
        return
    held = _HELD.get()
    async with write_lock(conn):
        token = _HELD.set(held | {(id(conn), id(asyncio.current_task()))})
        try:
            if conn.in_transaction:
                # Someone wrote outside a transaction scope (an implicit transaction): end it as
                # its author would have, rather than fold it into ours or drop it silently.
                log.warning("db: committing a stray implicit transaction before a new one")
                await conn.commit()
            if postgres.is_pg_connection(conn):
                await conn.begin(immediate)     # immediate: the per-schema advisory lock
            else:
                await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                await conn.commit()
            except BaseException:
                # Shielded: a cancelled task must still leave the connection outside a transaction.
                await asyncio.shield(_rollback(conn))
                raise
        finally:
            _HELD.reset(token)


async def _rollback(conn: Any) -> None:
    try:
        if conn.in_transaction:
            await conn.rollback()
    except Exception as exc:  # noqa: BLE001 - the original error is the one to report
        log.error("db: rollback failed: %s", type(exc).__name__)


def backoff(attempt: int, base_s: float = 0.05, cap_s: float = 2.0) -> float:
    """Delay before retry `attempt` (1-based): exponential, capped, with equal jitter."""
    top = min(cap_s, base_s * 2 ** (attempt - 1))
    return float(top / 2 + random.uniform(0, top / 2))


async def run_transaction(conn: Any, fn: Callable[[], Awaitable[T]], *,
                          budget_s: float = RETRY_BUDGET_S, immediate: bool = False) -> T:
    """Run `fn()` inside `transaction(conn)`; on a transient lock error roll back and run it
    again, with backoff, until `budget_s` has passed. `fn` must be safe to re-run."""
    deadline = time.monotonic() + budget_s
    attempt = 0
    while True:
        attempt += 1
        try:
            async with transaction(conn, immediate=immediate):
                return await fn()
        except sqlite3.OperationalError as exc:
            if not is_transient(exc) or _holding(conn) or time.monotonic() >= deadline:
                raise
            delay = backoff(attempt)
            log.warning("db: transaction hit a lock (attempt %d), retrying in %.2fs", attempt, delay)
            await asyncio.sleep(delay)


