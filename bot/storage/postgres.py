"""PostgreSQL connections for bot.storage: asyncpg behind the small API bot.db's SQLite
connections offer, with no SQL rewriting (issue 11 replaced the regex translation).

What runs here is already PostgreSQL: statements bot.storage.query compiled for this dialect
(`execute_compiled`, `executemany_compiled`), or SQL text a caller wrote for PostgreSQL
(`execute(sql, args)`, `$n` parameters). Around it, what the components rely on:

- one statement at a time per connection (an asyncio lock, as aiosqlite's one thread does);
  rows are fetched eagerly and returned as `Row`s (by position or by column name);
- transactions: `begin(immediate)` (`immediate`: a per-schema advisory lock, what SQLite's
  BEGIN IMMEDIATE gives the audit chain: two replicas never fork it), `commit`, `rollback`;
  a compiled write outside a transaction opens one, as Python's sqlite3 does, so a scope's
  rules are the same on both backends; a failed statement that opened it rolls it back;
- `_execute(fn)` / `_conn`: the synchronous side the audit writer runs one whole
  transaction on (bot.storage.query.execute_sync), bridged to the event loop;
- errors surface as sqlite3 exceptions (IntegrityError, OperationalError), so the
  components' `except` clauses hold on both backends.

The URL may name a schema: `postgresql://user@host:5432/db?schema=name` sets search_path
(the schema is created if missing).
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# The URL forms live in the core (settings read them too); callers import them from here as well.
from bot.core.db_url import PostgresURL, is_postgres_url, normalize_url  # noqa: F401

# SQLite's BEGIN IMMEDIATE, here: one writer per schema until the transaction ends.
_WRITER_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':immediate'))"


def split_schema(url: str) -> tuple[str, str | None]:
    """Remove our `schema=` query parameter from the URL; return (dsn, schema)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = [(k, v) for k, v in query if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode(rest))), schema or None


class Row(tuple[Any, ...]):
    """Like sqlite3.Row: index by position or column name; `keys()`."""

    _index: dict[str, int]

    def __new__(cls, values: Iterable[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _plain(value: Any) -> Any:
    # SUM()/AVG() of integers come back as numeric; SQLite gives int / float.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _rows(records: Sequence[Any]) -> list[Row]:
    if not records:
        return []
    index = {k: i for i, k in enumerate(records[0].keys())}
    return [Row((_plain(v) for v in rec.values()), index) for rec in records]


class Cursor:
    """The result of one statement, all rows fetched (aiosqlite Cursor subset)."""

    arraysize = 1

    def __init__(self, rows: list[Row], rowcount: int = -1, lastrowid: int | None = None) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.description = tuple((k, None, None, None, None, None, None) for k in rows[0].keys()) if rows else None

    async def fetchone(self) -> Row | None:
        return self.next_row()

    async def fetchall(self) -> list[Row]:
        return self.rest()

    async def fetchmany(self, size: int | None = None) -> list[Row]:
        size = size or self.arraysize
        out = self._rows[self._pos:self._pos + size]
        self._pos += len(out)
        return out

    def next_row(self) -> Row | None:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    def rest(self) -> list[Row]:
        out, self._pos = self._rows[self._pos:], len(self._rows)
        return out

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> Row:
        row = self.next_row()
        if row is None:
            raise StopAsyncIteration
        return row

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class Pending:
    """`await conn.execute(...)` and `async with conn.execute(...) as cur`, like aiosqlite."""

    def __init__(self, coro: Any) -> None:
        self._coro = coro
        self._cursor: Any = None

    def __await__(self) -> Any:
        return self._coro.__await__()

    async def __aenter__(self) -> Any:
        self._cursor = await self._coro
        return self._cursor

    async def __aexit__(self, *exc: Any) -> None:
        if self._cursor is not None:
            await self._cursor.close()


# -- errors -------------------------------------------------------------------------------------
class PgIntegrityError(sqlite3.IntegrityError):
    """A PostgreSQL integrity violation, catchable as sqlite3/aiosqlite IntegrityError."""


class PgOperationalError(sqlite3.OperationalError):
    """Any other PostgreSQL error, catchable as sqlite3/aiosqlite OperationalError."""


def _wrap_error(exc: Exception) -> Exception:
    import asyncpg

    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
        err: Exception = PgIntegrityError(str(exc))
    else:
        err = PgOperationalError(f"{type(exc).__name__}: {exc}")
    err.__cause__ = exc
    return err


def _is_pg_error(exc: BaseException) -> bool:
    import asyncpg

    return isinstance(exc, (asyncpg.PostgresError, asyncpg.InterfaceError))


def _is_arg_error(exc: BaseException) -> bool:
    import asyncpg

    return isinstance(exc, asyncpg.DataError) and "invalid input for query argument" in str(exc)


def _to_type(value: Any, pg_type: str) -> Any:
    if value is None:
        return None
    if pg_type in ("text", "varchar", "bpchar", "name"):
        return value if isinstance(value, str) else (value.decode() if isinstance(value, bytes) else str(value))
    if pg_type in ("int2", "int4", "int8"):
        return int(value)
    if pg_type in ("float4", "float8", "numeric"):
        return float(value) if pg_type != "numeric" else Decimal(str(value))
    if pg_type == "bytea":
        return bytes(value) if not isinstance(value, str) else value.encode()
    if pg_type == "bool":
        return bool(value)
    return value


def _count(status: str | None) -> int:
    """`INSERT 0 1` / `UPDATE 3` / `DELETE 0` → the row count."""
    try:
        return int((status or "").rsplit(" ", 1)[-1])
    except (ValueError, IndexError):
        return -1


# -- the connection ------------------------------------------------------------------------------
class PgConnection:
    """One asyncpg connection with the API bot.storage and the components call."""

    def __init__(self, pg: Any, schema: str | None) -> None:
        self._pg = pg
        self.schema = schema
        self.row_factory: Any = None          # accepted and ignored: rows are always Row
        self._lock = asyncio.Lock()
        self._loop = asyncio.get_running_loop()

    @property
    def in_transaction(self) -> bool:
        return bool(self._pg.is_in_transaction())

    def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Pending:
        """SQL text written for PostgreSQL (`$n` parameters), run as is."""
        return Pending(self._locked(self._run, sql, tuple(parameters or ()), "text", False))

    def execute_compiled(self, sql: str, args: Sequence[Any], kind: str, returning: bool) -> Pending:
        """A statement bot.storage compiled for PostgreSQL (`kind`: select|insert|update|delete|ddl)."""
        return Pending(self._locked(self._run, sql, tuple(args), kind, returning))

    async def executemany_compiled(self, sql: str, rows: Iterable[Sequence[Any]], kind: str) -> Cursor:
        return await self._locked(self._run_many, sql, [tuple(r) for r in rows], kind)  # type: ignore[no-any-return]

    async def begin(self, immediate: bool = False) -> None:
        """Open a transaction; `immediate`: also the per-schema writer lock (SQLite's BEGIN IMMEDIATE)."""
        await self._locked(self._begin, immediate)

    async def commit(self) -> None:
        await self._locked(self._commit)

    async def rollback(self) -> None:
        await self._locked(self._rollback)

    async def close(self) -> None:
        async with self._lock:
            if self._pg.is_closed():
                return
            try:
                if self.in_transaction:
                    await self._pg.execute("ROLLBACK")   # sqlite3 also drops uncommitted work on close
            finally:
                await self._pg.close()

    async def _execute(self, fn: Callable[[], Any]) -> Any:
        """The hook aiosqlite's `_execute` is for SQLite: run `fn` — which calls `conn._conn`
        synchronously — as one job no other coroutine's statement can interleave with."""
        async with self._lock:
            return await asyncio.to_thread(fn)

    @property
    def _conn(self) -> SyncConnection:
        return SyncConnection(self)

    # internals (lock held) --------------------------------------------------------------------
    async def _locked(self, fn: Callable[..., Any], *args: Any) -> Any:
        async with self._lock:
            return await fn(*args)

    async def _begin(self, immediate: bool = False) -> None:
        if not self.in_transaction:
            await self._pg.execute("BEGIN")
        if immediate:
            await self._pg.execute(_WRITER_LOCK)

    async def _commit(self) -> None:
        if self.in_transaction:
            await self._pg.execute("COMMIT")

    async def _rollback(self) -> None:
        if self.in_transaction:
            await self._pg.execute("ROLLBACK")

    async def _run(self, sql: str, args: tuple[Any, ...], kind: str, returning: bool) -> Cursor:
        was_open = self.in_transaction
        try:
            if kind in ("insert", "update", "delete"):
                await self._begin()            # a write opens a transaction, as in sqlite3
            # Rows: fetch (asyncpg's statement cache prepares each SQL once); a write without
            # RETURNING: execute, whose status carries the row count. SQL text is fetched (its
            # rowcount is then the number of rows it returned).
            fetch = kind in ("select", "text") or returning
            try:
                out = await (self._pg.fetch(sql, *args) if fetch else self._pg.execute(sql, *args))
            except Exception as exc:  # noqa: BLE001 - only an argument type error is retried
                if not _is_arg_error(exc):
                    raise
                types = [p.name for p in (await self._pg.prepare(sql)).get_parameters()]
                typed = [_to_type(v, t) for v, t in zip(args, types)]
                out = await (self._pg.fetch(sql, *typed) if fetch else self._pg.execute(sql, *typed))
            rows = _rows(out) if fetch else []
            count = len(rows) if fetch else _count(out)
            # No lastrowid on PostgreSQL: an INSERT's new key comes back through RETURNING.
            lastrowid = rows[0][0] if kind == "insert" and returning and rows else None
            return Cursor(rows, count, lastrowid)
        except BaseException as exc:
            # SQLite undoes just the failed statement; PostgreSQL dooms the whole transaction.
            # When this statement opened it, undo it here so the connection stays usable (a
            # shared connection: the next component's work must not inherit the failure).
            if not was_open and self.in_transaction:
                await self._pg.execute("ROLLBACK")
            if isinstance(exc, Exception) and _is_pg_error(exc):
                raise _wrap_error(exc) from exc
            raise

    async def _run_many(self, sql: str, rows: list[tuple[Any, ...]], kind: str) -> Cursor:
        if not rows:
            return Cursor([], 0)
        was_open = self.in_transaction
        try:
            if kind != "ddl":
                await self._begin()
            try:
                await self._pg.executemany(sql, rows)
            except Exception as exc:  # noqa: BLE001 - only an argument type error is retried
                if not _is_arg_error(exc):
                    raise
                types = [p.name for p in (await self._pg.prepare(sql)).get_parameters()]
                await self._pg.executemany(sql, [tuple(_to_type(v, t) for v, t in zip(r, types)) for r in rows])
            return Cursor([], len(rows))
        except BaseException as exc:
            if not was_open and self.in_transaction:
                await self._pg.execute("ROLLBACK")
            if isinstance(exc, Exception) and _is_pg_error(exc):
                raise _wrap_error(exc) from exc
            raise


class SyncConnection:
    """The sqlite3.Connection subset bot.storage.query's `*_sync` calls, run from the worker
    thread `PgConnection._execute` starts; each call is bridged to the event loop. The async
    lock is already held, so these go straight to the unlocked internals."""

    def __init__(self, conn: PgConnection) -> None:
        self._c = conn

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._c._loop).result()

    @property
    def in_transaction(self) -> bool:
        return self._c.in_transaction

    def execute_compiled(self, sql: str, args: Sequence[Any], kind: str, returning: bool) -> SyncCursor:
        return SyncCursor(self._call(self._c._run(sql, tuple(args), kind, returning)))

    def executemany_compiled(self, sql: str, rows: Iterable[Sequence[Any]], kind: str) -> SyncCursor:
        return SyncCursor(self._call(self._c._run_many(sql, [tuple(r) for r in rows], kind)))

    def commit(self) -> None:
        self._call(self._c._commit())

    def rollback(self) -> None:
        self._call(self._c._rollback())


class SyncCursor:
    def __init__(self, cur: Cursor) -> None:
        self._cur = cur
        self.rowcount = cur.rowcount
        self.lastrowid = cur.lastrowid

    def fetchone(self) -> Row | None:
        return self._cur.next_row()

    def fetchall(self) -> list[Row]:
        return self._cur.rest()

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


async def connect(target: Any) -> PgConnection:
    """Open one connection; `?schema=` selects (and creates) the schema."""
    import asyncpg

    dsn, schema = split_schema(normalize_url(target))
    settings = {"search_path": f'"{schema}"'} if schema else {}
    if schema and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
        raise ValueError("schema names are letters, digits and underscores")
    pg = await asyncpg.connect(dsn, server_settings=settings)
    if schema:
        try:
            await pg.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        except (asyncpg.UniqueViolationError, asyncpg.DuplicateSchemaError):
            pass                            # another replica created it at the same moment
    return PgConnection(pg, schema)


def is_pg_connection(conn: Any) -> bool:
    return isinstance(conn, PgConnection)
