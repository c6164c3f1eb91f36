"""Group commit: one writer per connection, every write queued meanwhile committed together.

Why (issue #17, measured on the shared 2-core machine): the inbox's 200 waits for its row to
be committed with an fsync. Committing each request's write alone costs an fsync each; the
earlier group commit shared the fsync but still ran BEGIN, every INSERT and COMMIT as separate
jobs on aiosqlite's thread, and each job is a round trip between that thread and the event
loop (a queue hand-off, a GIL switch, a wake-up). Under load a batch of 200 rows took
100-500 ms of such round trips for 5-15 ms of real work, and the acks waited on it.

Here a batch is ONE job on the connection's thread: BEGIN IMMEDIATE, every queued statement,
COMMIT (the fsync), and one wake-up back on the loop that resolves every waiter of the batch.
While it runs, new writes queue up and form the next batch, so the fsync rate stays bounded
however many requests arrive, and a write waits at most about two commits.

Guarantees:
- `execute()` returns only after the COMMIT of the transaction holding its statement returned
  (durable as the connection's `synchronous` setting makes commits: FULL for the inbox);
- statements run in the order they were queued; each waiter gets its own statement's rowcount;
- a batch that fails is retried statement by statement, each in its own transaction, so one
  bad write fails only its own caller; transient lock errors are retried with backoff for up
  to `RETRY_BUDGET_S`;
- backpressure: past `max_queued` waiting writes, a write that may be refused
  (`refusable=True`: new intake, which the sender redelivers) raises `Overloaded` at once;
  others (state transitions of work already accepted) always queue;
- `close()` refuses new writes, commits everything already queued, then returns. A process
  killed mid-batch loses only writes whose callers were never answered (SQLite rolls the
  uncommitted transaction back on the next open).

`process_lock` (a file path; SQLite): several processes write this database through their own
group commits (bot/server/intake.py). SQLite's own lock makes a writer that finds it taken
sleep in growing steps (1, 2, 5, 10, 15 ms ...) however soon it is released, and every ack in
its batch waits out the sleep; an exclusive flock() on the file, taken on the connection's
thread around each batch, hands the database over the moment a commit ends. (Rows/s of two
writers are the same either way on this machine: bench/bench_intake_writers.py.)

The same job runs on PostgreSQL through bot.storage.postgres's synchronous bridge (the audit
writer's path): one transaction per batch there too.
"""
from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, select

from bot.core.errors import Overloaded
from bot.storage import query as q
from bot.storage.transactions import RETRY_BUDGET_S, backoff, is_transient, write_lock

log = logging.getLogger("aftersales.db")


class WriterClosed(Overloaded):
    """The writer is shutting down: nothing new is taken (503; the sender retries later)."""


class NewRows:
    """Rows inserted unless their unique key (`group`, `key`) exists, many per statement.

    Each statement the driver runs costs the writer thread a GIL hand-off with the busy event
    loop (up to the 5 ms switch interval under load), so a batch's rows go in as one
    multi-row INSERT after one SELECT of the keys already there, instead of one INSERT each.
    Row counts are padded to a power of two (repeating the last row, which the conflict
    clause skips), so a handful of compiled shapes serve every batch size."""

    def __init__(self, table: Table, group: str, key: str, columns: Sequence[str]) -> None:
        self.table = table
        self.group = group
        self.key = key
        self.columns = tuple(columns)
        self.one = q.Statement(q.insert_ignore(table), self.columns)

    def existing(self, groups: int, keys: int) -> q.Statement:
        t = self.table.c
        return q.shaped(("new-rows.existing", self.table.name, self.group, self.key, groups, keys), lambda: (
            select(t[self.group], t[self.key]).where(
                t[self.group].in_([bindparam(f"g{i}") for i in range(groups)]),
                t[self.key].in_([bindparam(f"k{i}") for i in range(keys)]))))

    def insert(self, n: int) -> q.Statement:
        def build() -> Any:
            def stmt(dialect: str) -> Any:
                rows: list[dict[str, Any]] = [{c: bindparam(f"{c}_{i}") for c in self.columns} for i in range(n)]
                return q.dialect_insert(dialect, self.table).values(rows).on_conflict_do_nothing()
            return stmt
        return q.shaped(("new-rows.insert", self.table.name, self.columns, n), build)


@dataclass
class _Write:
    stmt: q.Statement | NewRows        # NewRows: `params` is the row; the result 1 if new, else 0
    params: Mapping[str, Any]
    future: asyncio.Future[int] = field(repr=False)


def _bucket(n: int) -> int:
    return 1 << max(0, n - 1).bit_length()


def _padded(values: list[Any], n: int) -> list[Any]:
    return values + [values[-1]] * (n - len(values))


def _insert_new(raw: Any, dialect: str, spec: NewRows, writes: list[_Write]) -> list[int]:
    """Inside the batch's transaction: 1 for each row whose key was not there before (the first
    of repeated keys in the batch), else 0."""
    if len(writes) == 1:
        return [q.execute_sync(raw, dialect, spec.one, writes[0].params).rowcount]
    pairs = [(w.params[spec.group], w.params[spec.key]) for w in writes]
    groups = list(dict.fromkeys(g for g, _ in pairs))
    keys = list(dict.fromkeys(k for _, k in pairs))
    ng, nk = _bucket(len(groups)), _bucket(len(keys))
    args = {f"g{i}": g for i, g in enumerate(_padded(groups, ng))}
    args.update({f"k{i}": k for i, k in enumerate(_padded(keys, nk))})
    seen = {tuple(r) for r in q.execute_sync(raw, dialect, spec.existing(ng, nk), args).rows}
    out, new = [], []
    for pair, w in zip(pairs, writes):
        fresh = pair not in seen
        seen.add(pair)
        out.append(int(fresh))
        if fresh:
            new.append(w.params)
    if new:
        n = _bucket(len(new))
        values = {f"{c}_{i}": row[c] for i, row in enumerate(_padded(new, n)) for c in spec.columns}
        inserted = q.execute_sync(raw, dialect, spec.insert(n), values).rowcount
        if inserted != len(new):
            # Another connection inserted one of these keys meanwhile (PostgreSQL has no
            # database-wide write lock): the batch is retried one row at a time, exactly.
            raise sqlite3.IntegrityError(f"{len(new) - inserted} of {len(new)} new rows were already there")
    return out


def _run_batch_locked(raw: Any, dialect: str, writes: list[_Write], lock_fd: int) -> list[int]:
    """`_run_batch` holding the processes' writer lock (blocking: this is the connection's thread)."""
    fcntl.flock(lock_fd, fcntl.LOCK_EX)
    try:
        return _run_batch(raw, dialect, writes)
    finally:
        fcntl.flock(lock_fd, fcntl.LOCK_UN)


def _run_batch(raw: Any, dialect: str, writes: list[_Write]) -> list[int]:
    """On the connection's thread: one transaction for the whole batch; results in order."""
    if dialect == q.SQLITE:
        raw.execute("BEGIN IMMEDIATE")
    # PostgreSQL's bridge opens the transaction at the first write (as sqlite3 would).
    try:
        counts: list[int] = []
        i = 0
        while i < len(writes):
            stmt = writes[i].stmt
            if isinstance(stmt, NewRows):
                j = i
                while j < len(writes) and writes[j].stmt is stmt:      # a run of the same rows' inserts
                    j += 1
                counts += _insert_new(raw, dialect, stmt, writes[i:j])
                i = j
            else:
                counts.append(q.execute_sync(raw, dialect, stmt, writes[i].params).rowcount)
                i += 1
        raw.commit()
    except BaseException:
        if raw.in_transaction:
            raw.rollback()
        raise
    return counts


class GroupCommit:
    """The dedicated writer of one connection (see the module docstring)."""

    def __init__(self, conn: Any, *, max_queued: int = 20_000, max_batch: int = 2_000,
                 retry_budget_s: float = RETRY_BUDGET_S, process_lock: str | None = None) -> None:
        self.conn = conn
        self.dialect = q.dialect_of(conn)
        self.max_queued = max(1, max_queued)
        self.max_batch = max(1, max_batch)
        self.retry_budget_s = retry_budget_s
        self._queue: list[_Write] = []
        self._flusher: asyncio.Task[None] | None = None
        self._closed = False
        self._lock_fd = -1
        if process_lock is not None and self.dialect == q.SQLITE:
            self._lock_fd = os.open(process_lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.batches = 0            # committed batches (tests and benchmarks read these)
        self.committed = 0          # statements committed

    @property
    def queued(self) -> int:
        return len(self._queue)

    async def execute(self, stmt: q.Statement | NewRows, params: Mapping[str, Any], *,
                      refusable: bool = False) -> int:
        """Queue one writing statement (its rowcount), or one row of a `NewRows` (1 if it was
        new, else 0); the answer comes once the transaction holding it is committed."""
        if self._closed:
            raise WriterClosed("shutting down", retry_after=2)
        if refusable and len(self._queue) >= self.max_queued:
            raise Overloaded("storage writer behind", retry_after=1)
        fut: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._queue.append(_Write(stmt, params, fut))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        # A caller that gives up (a client that hung up) cancels only its own future: the
        # statement stays in the queue and is committed with its batch either way.
        return await fut

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:self.max_batch], self._queue[self.max_batch:]
            try:
                counts = await self._commit(batch)
            except Exception as exc:  # noqa: BLE001 - isolate the bad write, fail only its caller
                if len(batch) == 1:
                    _fail(batch[0], exc)
                    continue
                log.warning("db: a batch of %d writes failed (%s); retrying one by one", len(batch),
                            type(exc).__name__)
                for w in batch:
                    try:
                        _resolve(w, (await self._commit([w]))[0])
                    except Exception as one:  # noqa: BLE001 - reported to that write's caller
                        _fail(w, one)
                continue
            for w, n in zip(batch, counts):
                _resolve(w, n)

    async def _commit(self, batch: list[_Write]) -> list[int]:
        deadline = time.monotonic() + self.retry_budget_s
        attempt = 0
        while True:
            attempt += 1
            try:
                # The connection's writer lock: no other scope's transaction is open meanwhile.
                async with write_lock(self.conn):
                    counts: list[int] = (
                        await _in_thread(self.conn, _run_batch, self.dialect, batch) if self._lock_fd < 0
                        else await _in_thread(self.conn, _run_batch_locked, self.dialect, batch, self._lock_fd))
                self.batches += 1
                self.committed += len(batch)
                return counts
            except Exception as exc:
                if not is_transient(exc) or time.monotonic() >= deadline:
                    raise
            await asyncio.sleep(backoff(attempt))

    async def close(self) -> None:
        """Take nothing new; commit what is queued (its callers get their answers)."""
        self._closed = True
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)
        if self._queue:                 # queued after the flusher's last look: one more round
            self._flusher = asyncio.create_task(self._flush())
            await asyncio.shield(self._flusher)
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1


def _resolve(w: _Write, n: int) -> None:
    if not w.future.done():
        w.future.set_result(n)


def _fail(w: _Write, exc: BaseException) -> None:
    if not w.future.done():
        w.future.set_exception(exc)


async def _in_thread(conn: Any, fn: Any, *args: Any) -> Any:
    """`fn(raw_connection, *args)` as ONE job on the connection's own thread (aiosqlite's, or
    the PostgreSQL bridge's). aiosqlite (pinned) has no public hook for this; `_execute` and
    `_conn` are its internals, used the same way by privacy/audit.py."""
    return await conn._execute(lambda: fn(conn._conn, *args))
