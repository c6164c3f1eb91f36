"""Shared SQLite access: WAL mode, and per-component schema migrations with a version table.

Each component (store, inbox, keys, audit, vault) owns its tables and lists its own
migrations; `migrate()` applies the ones a database has not seen yet, in order, inside a
transaction, and records the new version in `schema_version`.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import aiosqlite

from bot import db_postgres

# aiosqlite logs every statement with its parameters at DEBUG: parameters can be personal data.
logging.getLogger("aiosqlite").addFilter(lambda record: record.levelno > logging.DEBUG)


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


async def connect(path: str | Path) -> aiosqlite.Connection:
    """Open a connection tuned for a concurrent webhook server (WAL, busy timeout).

    A `postgresql://` URL opens PostgreSQL behind the same API instead (bot/db_postgres.py)."""
    if db_postgres.is_postgres_url(path):
        return await db_postgres.connect(path)  # type: ignore[return-value]
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        private_file(path)
    conn = await aiosqlite.connect(str(path), timeout=30)
    conn.row_factory = aiosqlite.Row
    # Deleted rows (handled inbox payloads, erased vault rows) are overwritten with zeros,
    # not left readable in free pages of the file.
    await conn.execute("PRAGMA secure_delete=ON")
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=30000")
    return conn


async def migrate(conn: aiosqlite.Connection, component: str, migrations: Sequence[str]) -> int:
    """Apply `migrations[version:]` for `component`; each entry is one SQL script. Returns the version."""
    if db_postgres.is_pg_connection(conn):
        return await db_postgres.migrate(conn, component, migrations)  # type: ignore[arg-type]
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_version WHERE component = ?", (component,)) as cur:
        row = await cur.fetchone()
    current = row[0] if row else 0
    for version in range(current, len(migrations)):
        # executescript commits implicitly; wrap each step so a failure leaves the old version.
        await conn.executescript(
            "BEGIN;\n" + migrations[version] + "\n"
            f"INSERT INTO schema_version(component, version) VALUES ('{component}', {version + 1}) "
            f"ON CONFLICT(component) DO UPDATE SET version = excluded.version;\nCOMMIT;"
        )
    return len(migrations)
