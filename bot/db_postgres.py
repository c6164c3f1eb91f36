"""PostgreSQL behind the aiosqlite API the components use, so the same code runs on both.

`bot.db.connect()` hands a `postgresql://` URL here. The returned `PgConnection` offers the
subset of aiosqlite.Connection the store, key ring, vault, audit log and inbox call
(execute → awaitable / async-context cursor, executemany, executescript, commit, rollback,
close, plus the `_execute`/`_conn` pair the audit writer uses to run one synchronous
transaction), and translates the SQLite dialect they write:

- `?` → `$n`; `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` → an upsert
  on the table's primary key; `datetime('now')`; `SUM(x IS NULL)`; `IFNULL`; `LIKE` → `ILIKE`;
- DDL: INTEGER → BIGINT, REAL → DOUBLE PRECISION (float4 would change audit hashes), BLOB →
  BYTEA, `INTEGER PRIMARY KEY [AUTOINCREMENT]` → identity; tables without one get a hidden
  `rowid` identity column so `ORDER BY rowid` keeps insertion order;
- PRAGMAs are dropped; `BEGIN IMMEDIATE` also takes a per-schema advisory lock, which is what
  SQLite's write lock gave the audit chain (two replicas never fork it).

Transactions follow Python sqlite3's legacy mode: INSERT/UPDATE/DELETE open one implicitly,
`commit()` ends it, SELECTs outside one autocommit. One asyncpg connection runs one statement
at a time, so every call is serialised by a lock (as aiosqlite's single thread does).

The URL may name a schema: `postgresql://user@host:5432/db?schema=name` sets search_path
(the schema is created if missing). Errors surface as sqlite3 exceptions (IntegrityError,
OperationalError) so the components' `except` clauses keep working.
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# The URL forms live in the core (settings read them too); callers import them from here as well.
from bot.core.db_url import PostgresURL, is_postgres_url, normalize_url  # noqa: F401


def split_schema(url: str) -> tuple[str, str | None]:
    """Remove our `schema=` query parameter from the URL; return (dsn, schema)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = [(k, v) for k, v in query if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode(rest))), schema or None


# -- SQL translation --------------------------------------------------------------------------
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|\?", re.S)
_SENTINEL = re.compile(r"\x00(\d+)\x00")


class Translated:
    """One statement in PostgreSQL form plus what the connection must do around it."""

    __slots__ = ("sql", "kind", "table", "replace_cols", "immediate", "has_returning", "nparams")

    def __init__(self, sql: str, kind: str, table: str | None = None, replace_cols: list[str] | None = None,
                 immediate: bool = False, nparams: int = 0) -> None:
        self.sql = sql
        self.kind = kind                  # select | dml | insert | ddl | begin | commit | rollback | pragma
        self.table = table
        self.replace_cols = replace_cols  # INSERT OR REPLACE: the columns to update on conflict
        self.immediate = immediate
        self.has_returning = bool(re.search(r"\bRETURNING\b", sql, re.I))
        self.nparams = nparams


def native(sql: str, kind: str, returning: bool) -> Translated:
    """A statement already in PostgreSQL form (bot.storage compiled it): no rewriting. Writes
    open a transaction as in sqlite3's legacy mode, like the translated ones."""
    t = Translated(sql, "select" if kind == "select" else "ddl" if kind == "ddl" else "dml")
    t.has_returning = returning
    return t


def _protect(sql: str) -> tuple[str, list[str], int]:
    """Replace literals with sentinels, drop comments, number the `?` placeholders."""
    saved: list[str] = []
    n = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal n
        tok = m.group(0)
        if tok == "?":
            n += 1
            return f"${n}"
        if tok.startswith("--") or tok.startswith("/*"):
            return " "
        saved.append(tok)
        return f"\x00{len(saved) - 1}\x00"

    return _TOKEN.sub(sub, sql), saved, n


def _restore(sql: str, saved: list[str]) -> str:
    return _SENTINEL.sub(lambda m: saved[int(m.group(1))], sql)


_TYPES = {"INTEGER": "BIGINT", "INT": "BIGINT", "REAL": "DOUBLE PRECISION", "FLOAT": "DOUBLE PRECISION",
          "DOUBLE": "DOUBLE PRECISION", "BLOB": "BYTEA", "NUMERIC": "NUMERIC", "BOOLEAN": "BIGINT"}
_CONSTRAINTS = {"PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"}


def _column_def(part: str) -> str:
    """`name TYPE rest` with the SQLite type mapped (only the type: a column may be called `blob`)."""
    m = re.match(r"(\s*)([\w\"]+)(\s+)([A-Za-z]+)\b(.*)$", part, re.S)
    if not m or m.group(2).upper() in _CONSTRAINTS:
        return part
    lead, name, sp, typ, rest = m.groups()
    if typ.upper() in ("INTEGER", "INT") and re.match(r"\s*PRIMARY\s+KEY\b", rest, re.I):
        rest = re.sub(r"^\s*PRIMARY\s+KEY(\s+(ASC|DESC))?(\s+AUTOINCREMENT)?", "", rest, flags=re.I)
        return f"{lead}{name}{sp}BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY{rest}"
    return f"{lead}{name}{sp}{_TYPES.get(typ.upper(), typ)}{rest}"


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _ddl_types(sql: str) -> str:
    sql = re.sub(r"\)\s*(WITHOUT\s+ROWID|STRICT)(\s*,\s*(WITHOUT\s+ROWID|STRICT))*\s*$", ")", sql, flags=re.I)
    add = re.match(r"(ALTER\s+TABLE\s+[\w\"]+\s+ADD\s+(COLUMN\s+)?)(.*)$", sql, re.I | re.S)
    if add:
        return add.group(1) + _column_def(add.group(3))
    if not re.match(r"CREATE\s+(TEMP\w*\s+)?TABLE\b", sql, re.I):
        return sql
    start = sql.find("(")
    if start < 0:
        return sql
    depth = 0
    for i in range(start, len(sql)):
        depth += sql[i] == "("
        depth -= sql[i] == ")"
        if depth == 0:
            cols = ",".join(_column_def(p) for p in _split_top(sql[start + 1:i]))
            return sql[:start + 1] + cols + sql[i:]
    return sql


def _add_rowid(sql: str) -> str:
    """Give a table without an integer primary key a `rowid` identity (insertion order)."""
    if re.search(r"\bGENERATED BY DEFAULT AS IDENTITY\b|\browid\b", sql, re.I):
        return sql
    start = sql.find("(")
    if start < 0:
        return sql                        # CREATE TABLE ... AS SELECT
    depth = 0
    for i in range(start, len(sql)):
        if sql[i] == "(":
            depth += 1
        elif sql[i] == ")":
            depth -= 1
            if depth == 0:
                return sql[:i].rstrip() + ",\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY" + sql[i:]
    return sql


def _common(sql: str) -> str:
    sql = re.sub(r"\bIFNULL\s*\(", "COALESCE(", sql, flags=re.I)
    sql = re.sub(r"\bSUM\s*\(([^()]*?)\s+IS\s+(NOT\s+)?NULL\s*\)",
                 lambda m: f"SUM(CASE WHEN {m.group(1)} IS {m.group(2) or ''}NULL THEN 1 ELSE 0 END)", sql, flags=re.I)
    sql = re.sub(r"\bNOT\s+LIKE\b", "NOT ILIKE", sql, flags=re.I)
    sql = re.sub(r"(?<!NOT )\bLIKE\b", "ILIKE", sql, flags=re.I)
    sql = re.sub(r"\bLIMIT\s+-1\b", "LIMIT ALL", sql, flags=re.I)
    return sql


@lru_cache(maxsize=1024)
def translate(sql: str) -> Translated:
    """One SQLite statement → PostgreSQL (cached: the components use a fixed set of statements)."""
    sql = re.sub(r"datetime\(\s*'now'\s*\)", "to_char(timezone('UTC', now()), 'YYYY-MM-DD HH24:MI:SS')", sql,
                 flags=re.I)
    body, saved, n = _protect(sql)
    body = body.strip().rstrip(";").strip()
    head = body.split(None, 1)[0].upper() if body else ""
    if head == "PRAGMA" or not body:
        return Translated("", "pragma")
    if head == "BEGIN":
        immediate = bool(re.match(r"BEGIN\s+(IMMEDIATE|EXCLUSIVE)\b", body, re.I))
        return Translated("BEGIN", "begin", immediate=immediate)
    if head in ("COMMIT", "END"):
        return Translated("COMMIT", "commit")
    if head == "ROLLBACK" and not re.match(r"ROLLBACK\s+TO\b", body, re.I):
        return Translated("ROLLBACK", "rollback")
    if head in ("CREATE", "ALTER", "DROP"):
        body = _ddl_types(body)
        if re.match(r"CREATE\s+(TEMP\w*\s+)?TABLE\b", body, re.I):
            body = _add_rowid(body)
        return Translated(_restore(_common(body), saved), "ddl", nparams=n)
    body = _common(body)
    if head in ("INSERT", "REPLACE"):
        m = re.match(r"(INSERT\s+OR\s+(IGNORE|REPLACE)|REPLACE)\s+INTO\s+([\w.\"]+)\s*(\(([^)]*)\))?", body, re.I)
        plain = re.match(r"INSERT\s+INTO\s+([\w.\"]+)", body, re.I)
        table = (m.group(3) if m else plain.group(1) if plain else None)
        replace_cols = None
        if m:
            body = re.sub(r"^(INSERT\s+OR\s+(IGNORE|REPLACE)|REPLACE)\s+INTO", "INSERT INTO", body, flags=re.I)
            action = (m.group(2) or "REPLACE").upper()
            if action == "IGNORE":
                body = _before_returning(body, " ON CONFLICT DO NOTHING")
            else:
                replace_cols = [c.strip().strip('"') for c in (m.group(5) or "").split(",") if c.strip()]
        if table:
            body = _qualify_upsert(body, table)
        t = Translated(_restore(body, saved), "insert", table=table.strip('"') if table else None,
                       replace_cols=replace_cols, nparams=n)
        return t
    if head in ("UPDATE", "DELETE"):
        return Translated(_restore(body, saved), "dml", nparams=n)
    return Translated(_restore(body, saved), "select", nparams=n)


_SQL_WORDS = {"CASE", "WHEN", "THEN", "ELSE", "END", "AND", "OR", "NOT", "NULL", "IS", "IN", "EXCLUDED",
              "TRUE", "FALSE", "LIKE", "ILIKE", "BETWEEN", "AS", "CAST", "DISTINCT", "WHERE", "RETURNING",
              "TEXT", "BIGINT", "DOUBLE", "PRECISION", "BYTEA", "INTEGER"}


def _qualify_upsert(body: str, table: str) -> str:
    """`ON CONFLICT … DO UPDATE SET n = n + 1`: SQLite reads a bare `n` on the right as the
    existing row's; PostgreSQL calls it ambiguous (target row or EXCLUDED). Qualify it."""
    m = re.search(r"\bDO\s+UPDATE\s+SET\b", body, re.I)
    if not m:
        return body
    end = re.search(r"\b(WHERE|RETURNING)\b", body[m.end():], re.I)
    stop = m.end() + end.start() if end else len(body)
    parts = []
    for assignment in re.split(r",(?![^()]*\))", body[m.end():stop]):
        left, eq, right = assignment.partition("=")
        right = re.sub(r"(?<![.\w$\x00])([A-Za-z_]\w*)\b(?!\s*[.(])",
                       lambda w: w.group(1) if w.group(1).upper() in _SQL_WORDS else f"{table}.{w.group(1)}", right)
        parts.append(left + eq + right)
    return body[:m.end()] + ",".join(parts) + body[stop:]


def _before_returning(body: str, clause: str) -> str:
    m = re.search(r"\bRETURNING\b", body, re.I)
    return body[:m.start()].rstrip() + clause + " " + body[m.start():] if m else body + clause


def split_script(script: str) -> list[str]:
    """A script's statements (semicolons outside literals and comments)."""
    body, saved, _ = _protect(script.replace("?", "\x01"))
    return [s for s in (_restore(part, saved).replace("\x01", "?").strip() for part in body.split(";")) if s]


# -- rows and cursors ---------------------------------------------------------------------------
class Row(tuple):
    """Like sqlite3.Row: index by position or column name; `keys()`."""

    _index: dict[str, int]

    def __new__(cls, values: Iterable[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
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
    """The result of one statement; rows are fetched eagerly (the components read small sets)."""

    arraysize = 1

    def __init__(self, rows: list[Row], rowcount: int = -1, lastrowid: int | None = None) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.description = tuple((k, None, None, None, None, None, None) for k in rows[0].keys()) if rows else None

    async def fetchone(self) -> Row | None:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    async def fetchall(self) -> list[Row]:
        rest, self._pos = self._rows[self._pos:], len(self._rows)
        return rest

    async def fetchmany(self, size: int | None = None) -> list[Row]:
        size = size or self.arraysize
        rest = self._rows[self._pos:self._pos + size]
        self._pos += len(rest)
        return rest

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> Row:
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class _Pending:
    """`await conn.execute(...)` and `async with conn.execute(...) as cur`, like aiosqlite."""

    def __init__(self, coro: Any) -> None:
        self._coro = coro
        self._cursor: Cursor | None = None

    def __await__(self) -> Any:
        return self._coro.__await__()

    async def __aenter__(self) -> Cursor:
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


# -- the connection ------------------------------------------------------------------------------
class PgConnection:
    """The aiosqlite.Connection subset the components use, on one asyncpg connection."""

    def __init__(self, pg: Any, schema: str | None) -> None:
        self._pg = pg
        self.schema = schema
        self.row_factory: Any = None          # accepted and ignored: rows are always Row
        self._lock = asyncio.Lock()
        self._loop = asyncio.get_running_loop()
        self._identity: dict[str, str | None] = {}   # table -> identity column (lastrowid)
        self._pkeys: dict[str, list[str]] = {}       # table -> primary key columns (OR REPLACE)

    @property
    def in_transaction(self) -> bool:
        return self._pg.is_in_transaction()

    # aiosqlite-style API --------------------------------------------------------------------
    def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _Pending:
        return _Pending(self._locked(self._run, sql, tuple(parameters or ())))

    def execute_compiled(self, sql: str, args: Sequence[Any], kind: str, returning: bool) -> _Pending:
        """A statement bot.storage compiled for PostgreSQL: run as is, no translation."""
        return _Pending(self._locked(self._run_t, native(sql, kind, returning), tuple(args)))

    async def executemany_compiled(self, sql: str, rows: Iterable[Sequence[Any]], kind: str) -> Cursor:
        return await self._locked(self._run_many_t, native(sql, kind, False), [tuple(r) for r in rows])

    async def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]]) -> Cursor:
        return await self._locked(self._run_many, sql, [tuple(p) for p in seq_of_parameters])

    async def executescript(self, script: str) -> Cursor:
        return await self._locked(self._run_script, script)

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
        """aiosqlite's internal hook, as privacy/audit.py uses it: run `fn` — which calls
        `conn._conn` synchronously — as one job no other coroutine can interleave with."""
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
            # SQLite's BEGIN IMMEDIATE takes the database's write lock; here: one writer per schema.
            await self._pg.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':immediate'))")

    async def _commit(self) -> None:
        if self.in_transaction:
            await self._pg.execute("COMMIT")

    async def _rollback(self) -> None:
        if self.in_transaction:
            await self._pg.execute("ROLLBACK")

    async def _table_info(self, table: str) -> tuple[str | None, list[str]]:
        if table not in self._identity:
            ident = await self._pg.fetchval(
                "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass($1) "
                "AND a.attidentity <> '' AND NOT a.attisdropped ORDER BY a.attnum LIMIT 1", table)
            pk = await self._pg.fetch(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass($1) AND i.indisprimary", table)
            self._identity[table] = ident
            self._pkeys[table] = [r[0] for r in pk]
        return self._identity[table], self._pkeys[table]

    async def _prepare_insert(self, t: Translated) -> tuple[str, bool]:
        """Complete an INSERT: OR REPLACE's upsert clause; RETURNING the identity for lastrowid."""
        sql = t.sql
        if t.table is None:
            return sql, False
        ident, pk = await self._table_info(t.table)
        if t.replace_cols is not None:
            if not pk:
                raise PgOperationalError(f"INSERT OR REPLACE into {t.table}: the table has no primary key")
            cols = [c for c in t.replace_cols if c not in pk]
            action = ("DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in cols)) if cols else "DO NOTHING"
            sql = _before_returning(sql, f" ON CONFLICT ({', '.join(pk)}) {action}")
        if ident and not t.has_returning:
            return f"{sql} RETURNING {ident}", True
        return sql, False

    async def _run(self, sql: str, args: tuple[Any, ...]) -> Cursor:
        return await self._run_t(translate(sql), args)

    async def _run_t(self, t: Translated, args: tuple[Any, ...]) -> Cursor:
        was_open = self.in_transaction
        try:
            return await self._run_translated(t, args)
        except BaseException:
            # SQLite undoes just the failed statement; PostgreSQL dooms the whole transaction.
            # When this statement opened it, undo it here so the connection stays usable (a
            # shared connection: the next component's work must not inherit the failure).
            if not was_open and self.in_transaction:
                await self._pg.execute("ROLLBACK")
            raise

    async def _run_translated(self, t: Translated, args: tuple[Any, ...]) -> Cursor:
        try:
            if t.kind == "pragma":
                return Cursor([])
            if t.kind == "begin":
                await self._begin(t.immediate)
                return Cursor([])
            if t.kind == "commit":
                await self._commit()
                return Cursor([])
            if t.kind == "rollback":
                await self._rollback()
                return Cursor([])
            if t.kind == "ddl":
                await self._pg.execute(t.sql, *args)
                return Cursor([])
            if t.kind == "select" and not t.has_returning:
                return Cursor(_rows(await self._fetch(t.sql, args)))
            await self._begin()            # sqlite3 legacy mode: DML opens a transaction
            if t.kind == "insert":
                sql2, ident = await self._prepare_insert(t)
                if ident:
                    recs = await self._fetch(sql2, args)
                    return Cursor([], len(recs), recs[0][0] if recs else None)
                if t.has_returning:
                    recs = await self._fetch(sql2, args)
                    return Cursor(_rows(recs), len(recs))
                return Cursor([], _count(await self._exec(sql2, args)))
            if t.has_returning:
                recs = await self._fetch(t.sql, args)
                return Cursor(_rows(recs), len(recs))
            return Cursor([], _count(await self._exec(t.sql, args)))
        except sqlite3.Error:
            raise
        except Exception as exc:
            if _is_pg_error(exc):
                raise _wrap_error(exc) from exc
            raise

    async def _fetch(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        try:
            return await self._pg.fetch(sql, *args)
        except Exception as exc:  # noqa: BLE001
            if not _is_arg_error(exc):
                raise
        return await self._pg.fetch(sql, *await self._coerce(sql, args))

    async def _exec(self, sql: str, args: tuple[Any, ...]) -> str:
        try:
            return await self._pg.execute(sql, *args)
        except Exception as exc:  # noqa: BLE001
            if not _is_arg_error(exc):
                raise
        return await self._pg.execute(sql, *await self._coerce(sql, args))

    async def _coerce(self, sql: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
        """SQLite takes any value in any column; PostgreSQL wants the declared type. Convert the
        arguments to the types the server inferred for this statement (only after a type error)."""
        stmt = await self._pg.prepare(sql)
        return tuple(_to_type(v, p.name) for v, p in zip(args, stmt.get_parameters()))

    async def _run_many(self, sql: str, rows: list[tuple[Any, ...]]) -> Cursor:
        return await self._run_many_t(translate(sql), rows)

    async def _run_many_t(self, t: Translated, rows: list[tuple[Any, ...]]) -> Cursor:
        if t.kind in ("pragma", "begin", "commit", "rollback"):
            return Cursor([])
        try:
            if t.kind != "ddl":
                await self._begin()
            sql2 = t.sql
            if t.kind == "insert" and t.replace_cols is not None:
                sql2, _ = await self._prepare_insert(Translated(t.sql, "insert", t.table, t.replace_cols))
                sql2 = re.sub(r"\s+RETURNING\s+\w+$", "", sql2) if not t.has_returning else sql2
            if rows:
                try:
                    await self._pg.executemany(sql2, rows)
                except Exception as exc:  # noqa: BLE001
                    if not _is_arg_error(exc):
                        raise
                    stmt = await self._pg.prepare(sql2)
                    types = [p.name for p in stmt.get_parameters()]
                    await self._pg.executemany(sql2, [tuple(_to_type(v, ty) for v, ty in zip(r, types)) for r in rows])
            return Cursor([], len(rows))
        except sqlite3.Error:
            raise
        except Exception as exc:
            if _is_pg_error(exc):
                raise _wrap_error(exc) from exc
            raise

    async def _run_script(self, script: str) -> Cursor:
        await self._commit()               # sqlite3's executescript commits first, too
        out: list[str] = []
        immediate = False
        for stmt in split_script(script):
            t = translate(stmt)
            if t.kind == "pragma":
                continue
            if t.kind == "begin":
                immediate = immediate or t.immediate
            out.append(t.sql)
        if not out:
            return Cursor([])
        sql = ";\n".join(out)
        if immediate:
            sql = re.sub(r"^BEGIN\b", "BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':immediate'))",
                         sql, count=1)
        try:
            await self._pg.execute(sql)
        except Exception as exc:
            if self.in_transaction:
                await self._pg.execute("ROLLBACK")
            if _is_pg_error(exc):
                raise _wrap_error(exc) from exc
            raise
        return Cursor([])


def _count(status: str) -> int:
    """`INSERT 0 1` / `UPDATE 3` / `DELETE 0` → the row count."""
    try:
        return int(status.rsplit(" ", 1)[-1])
    except (ValueError, AttributeError, IndexError):
        return -1


def _is_pg_error(exc: Exception) -> bool:
    import asyncpg

    return isinstance(exc, (asyncpg.PostgresError, asyncpg.InterfaceError))


def _is_arg_error(exc: Exception) -> bool:
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


class SyncConnection:
    """The sqlite3.Connection subset audit's transaction functions call, run from the worker
    thread `PgConnection._execute` starts; each call is bridged to the event loop. The async
    lock is already held, so these go straight to the unlocked internals."""

    def __init__(self, conn: PgConnection) -> None:
        self._c = conn

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._c._loop).result()

    @property
    def in_transaction(self) -> bool:
        return self._c.in_transaction

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> SyncCursor:
        return SyncCursor(self._call(self._c._run(sql, tuple(parameters))))

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]]) -> SyncCursor:
        return SyncCursor(self._call(self._c._run_many(sql, [tuple(p) for p in seq_of_parameters])))

    def execute_compiled(self, sql: str, args: Sequence[Any], kind: str, returning: bool) -> SyncCursor:
        return SyncCursor(self._call(self._c._run_t(native(sql, kind, returning), tuple(args))))

    def executemany_compiled(self, sql: str, rows: Iterable[Sequence[Any]], kind: str) -> SyncCursor:
        return SyncCursor(self._call(self._c._run_many_t(native(sql, kind, False), [tuple(r) for r in rows])))

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
        rows = self._cur._rows
        if self._cur._pos >= len(rows):
            return None
        self._cur._pos += 1
        return rows[self._cur._pos - 1]

    def fetchall(self) -> list[Row]:
        rest, self._cur._pos = self._cur._rows[self._cur._pos:], len(self._cur._rows)
        return rest

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


# -- entry points used by bot.db ---------------------------------------------------------------------
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


async def migrate(conn: PgConnection, component: str, migrations: Sequence[str]) -> int:
    """bot.db.migrate on PostgreSQL: one transaction under an advisory lock, so replicas that
    start together apply each step once."""
    async with conn._lock:
        pg = conn._pg
        await conn._commit()
        async with pg.transaction():
            # The same lock bot.storage.migrations takes (BEGIN IMMEDIATE's): both create
            # schema_version on a fresh schema, and must not race doing it.
            await pg.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':immediate'))")
            await pg.execute("CREATE TABLE IF NOT EXISTS schema_version "
                             "(component TEXT PRIMARY KEY, version BIGINT NOT NULL)")
            current = await pg.fetchval("SELECT version FROM schema_version WHERE component = $1", component) or 0
            for version in range(current, len(migrations)):
                statements = [translate(s) for s in split_script(migrations[version])]
                script = ";\n".join(t.sql for t in statements if t.kind not in ("pragma", "begin", "commit"))
                if script:
                    await pg.execute(script)
                await pg.execute("INSERT INTO schema_version(component, version) VALUES ($1, $2) "
                                 "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                                 component, version + 1)
    return len(migrations)
