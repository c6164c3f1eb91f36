"""Core statements compiled once per dialect and run on a bot.db connection.

A component declares its statements once (`Statement(select(...)...)`, or a builder taking
the dialect name when the SQL differs, as upserts do) and runs them with named parameters:

    rows = await fetchall(conn, PENDING, {"conv": conv})

Compiling a Core statement costs ~0.3 ms; the compiled SQL and the order of its parameters
are kept per dialect, so a call is a dict lookup and a driver call. Statements whose shape
varies (an UPDATE setting a varying set of columns) are cached by their shape with `shaped()`.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, Table, bindparam, literal
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine.interfaces import Dialect

from bot.storage import postgres

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
_DIALECTS: dict[str, Dialect] = {}


def sa_dialect(name: str) -> Dialect:
    """SQLAlchemy's dialect for `name`, with the driver's parameter style: qmark (?) for
    sqlite3, numeric_dollar ($1) for asyncpg. Built on first use."""
    d = _DIALECTS.get(name)
    if d is None:
        if name == SQLITE:
            d = sqlite.dialect(paramstyle="qmark")
        elif name == POSTGRESQL:
            from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg
            d = pg_asyncpg.dialect()  # type: ignore[no-untyped-call]  # SQLAlchemy leaves it untyped
        else:
            raise ValueError(f"no dialect {name!r}")
        _DIALECTS[name] = d
    return d


Builder = Callable[[str], Executable]


def dialect_of(conn: Any) -> str:
    """The dialect name of a bot.db connection."""
    return POSTGRESQL if postgres.is_pg_connection(conn) else SQLITE


@dataclass(frozen=True)
class Compiled:
    """One statement in one dialect: the SQL, its parameter names in order, their defaults."""

    sql: str
    names: tuple[str, ...]
    defaults: Mapping[str, Any]
    kind: str                 # select | insert | update | delete | ddl
    returning: bool

    def args(self, params: Mapping[str, Any] | None) -> tuple[Any, ...]:
        if not params:
            return tuple(self.defaults[n] for n in self.names)
        return tuple(params[n] if n in params else self.defaults[n] for n in self.names)


def compile_for(stmt: Executable, dialect: str, columns: Sequence[str] | None = None) -> Compiled:
    """Compile `stmt` for `dialect` (uncached: use Statement for anything run repeatedly).

    `columns`: for an INSERT or UPDATE, the columns set from parameters of the same names."""
    if columns:
        # Bound as v_<column> (SQLAlchemy reserves the bare column name), called <column> by callers.
        stmt = stmt.values({c: bindparam(_SET + c) for c in columns})  # type: ignore[attr-defined]  # insert/update
    element: Any = stmt                       # every Executable we build is a ClauseElement (has compile)
    c: Any = element.compile(dialect=sa_dialect(dialect))
    if "POSTCOMPILE" in str(c):
        raise ValueError("an IN over a list expands per call: write it with storage.query.one_of")
    if not hasattr(c, "isinsert"):           # a DDL compiler: CREATE TABLE, CREATE INDEX, ...
        return Compiled(str(c), (), {}, "ddl", False)
    kind = ("insert" if c.isinsert else "update" if c.isupdate else "delete" if c.isdelete else "select")
    names = tuple(_caller_name(n, columns) for n in c.positiontup or ())
    # Only binds that carry a value (literals) have a default: a missing parameter is a KeyError.
    defaults = {_caller_name(n, columns): b.effective_value for n, b in c.binds.items() if not b.required}
    return Compiled(str(c), names, defaults, kind, bool(getattr(c, "returning", None)))


_SET = "v_"


def _caller_name(name: str, columns: Sequence[str] | None) -> str:
    return name[len(_SET):] if columns and name.startswith(_SET) and name[len(_SET):] in columns else name


class Statement:
    """A Core statement (or a builder per dialect), compiled once per dialect on first use.

    `columns`: an INSERT's or UPDATE's columns bound from parameters named like them."""

    __slots__ = ("_build", "_columns", "_compiled")

    def __init__(self, stmt: Executable | Builder, columns: Sequence[str] | None = None) -> None:
        self._build: Builder = stmt if callable(stmt) and not isinstance(stmt, Executable) else (lambda _d: stmt)
        self._columns = tuple(columns) if columns is not None else None
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect: str) -> Compiled:
        c = self._compiled.get(dialect)
        if c is None:
            c = self._compiled[dialect] = compile_for(self._build(dialect), dialect, self._columns)
        return c


_SHAPED: dict[Hashable, Statement] = {}


def shaped(key: Hashable, build: Callable[[], Executable], columns: Sequence[str] | None = None) -> Statement:
    """The Statement for one shape of a varying statement (`key` names the shape), built once.
    The number of shapes is bounded by the call sites (a key never holds data)."""
    stmt = _SHAPED.get(key)
    if stmt is None:
        stmt = _SHAPED[key] = Statement(build(), columns)
    return stmt


@dataclass
class Result:
    """What one statement gave: its rows (all fetched), rows affected, the new row's id."""

    rows: list[Any]
    rowcount: int
    lastrowid: int | None = None

    def first(self) -> Any:
        return self.rows[0] if self.rows else None

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None


async def execute(conn: Any, stmt: Statement, params: Mapping[str, Any] | None = None) -> Result:
    """Run `stmt` on `conn` (inside the caller's transaction scope when it writes)."""
    dialect = dialect_of(conn)
    c = stmt.compiled(dialect)
    args = c.args(params)
    if dialect == POSTGRESQL:
        cur = await conn.execute_compiled(c.sql, args, c.kind, c.returning)
    else:
        cur = await conn.execute(c.sql, args)
    rows = list(await cur.fetchall()) if (c.kind == "select" or c.returning) else []
    return Result(rows, cur.rowcount, _lastrowid(dialect, c, cur, rows))


def _lastrowid(dialect: str, c: Compiled, cur: Any, rows: list[Any]) -> int | None:
    # PostgreSQL has no lastrowid: an INSERT there returns the new key (implicit RETURNING).
    if dialect == POSTGRESQL:
        return rows[0][0] if c.kind == "insert" and c.returning and rows else None
    return cur.lastrowid if c.kind == "insert" else None


async def execute_text(conn: Any, sql: str) -> None:
    """One statement already written for the connection's dialect (DDL a step renders itself)."""
    if dialect_of(conn) == POSTGRESQL:
        await conn.execute_compiled(sql, (), "ddl", False)
    else:
        await conn.execute(sql)


async def fetchall(conn: Any, stmt: Statement, params: Mapping[str, Any] | None = None) -> list[Any]:
    return (await execute(conn, stmt, params)).rows


async def executemany(conn: Any, stmt: Statement, params: Iterable[Mapping[str, Any]]) -> None:
    """Run a writing statement once per parameter set, in the caller's transaction."""
    dialect = dialect_of(conn)
    c = stmt.compiled(dialect)
    rows = [c.args(p) for p in params]
    if dialect == POSTGRESQL:
        await conn.executemany_compiled(c.sql, rows, c.kind)
    else:
        await conn.executemany(c.sql, rows)


def execute_sync(raw: Any, dialect: str, stmt: Statement, params: Mapping[str, Any] | None = None) -> Result:
    """Run `stmt` on the synchronous side of a connection (the job `conn._execute(fn)` runs:
    sqlite3 itself, or bot.storage.postgres's bridge), for writers that must not yield mid-way."""
    c = stmt.compiled(dialect)
    args = c.args(params)
    cur = raw.execute_compiled(c.sql, args, c.kind, c.returning) if dialect == POSTGRESQL else raw.execute(c.sql, args)
    rows = list(cur.fetchall()) if (c.kind == "select" or c.returning) else []
    return Result(rows, cur.rowcount, _lastrowid(dialect, c, cur, rows))


def executemany_sync(raw: Any, dialect: str, stmt: Statement, params: Iterable[Mapping[str, Any]]) -> None:
    """`executemany` on the synchronous side (see `execute_sync`): one writing statement per
    parameter set, in the transaction the caller's scope opened."""
    c = stmt.compiled(dialect)
    rows = [c.args(p) for p in params]
    if not rows:
        return
    if dialect == POSTGRESQL:
        raw.executemany_compiled(c.sql, rows, c.kind)
    else:
        raw.executemany(c.sql, rows)


def one_of(column: ColumnElement[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (…)` over fixed values, one placeholder each (so the SQL compiles once)."""
    return column.in_([literal(v) for v in values])


# -- dialect-aware writes -------------------------------------------------------------------------
def dialect_insert(dialect: str, table: Table) -> Any:
    """The dialect's INSERT (the one with on_conflict_do_nothing / on_conflict_do_update)."""
    if dialect == POSTGRESQL:
        from sqlalchemy.dialects import postgresql
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_ignore(table: Table) -> Builder:
    """INSERT that skips a row whose key exists (rowcount 0), on either dialect."""
    def build(dialect: str) -> Executable:
        stmt: Executable = dialect_insert(dialect, table).on_conflict_do_nothing()
        return stmt
    return build


def upsert(table: Table, keys: Sequence[str], update: Sequence[str] | None = None) -> Builder:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET the other columns (or `update`) to the new row's."""
    def build(dialect: str) -> Executable:
        ins = dialect_insert(dialect, table)
        cols = update if update is not None else [c.name for c in table.columns if c.name not in keys]
        stmt: Executable = (ins.on_conflict_do_nothing(index_elements=list(keys)) if not cols else
                             ins.on_conflict_do_update(index_elements=list(keys),
                                                       set_={c: ins.excluded[c] for c in cols}))
        return stmt
    return build
