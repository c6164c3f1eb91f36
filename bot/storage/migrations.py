"""Versioned schema steps per component, recorded in `schema_version` (component → version).

A component lists its tables (the current schema) and its upgrade steps (`steps[i]` takes a
database from version i to i + 1). A database that has never seen the component gets the
current tables created directly and is recorded at the latest version; one at an older
version gets the missing steps, in order. Either way in one transaction, under the write
lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's per-schema advisory lock), so two replicas that
start together apply each step once. Append steps; never edit a shipped one.

The version numbers continue those bot.db.migrate recorded for the same component, so a
database created by the SQL scripts upgrades in place.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Executable, Table, bindparam, select
from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable

from bot.storage import query
from bot.storage.schema import schema_version
from bot.storage.transactions import transaction

# One DDL statement of a step: a Core DDL element, or SQL text per dialect.
Ddl = Executable | Callable[[str], str]


# Step 0 of a component that predates this module: every database past it was made by the old
# scripts, and a fresh one is created from the current tables, so it never runs.
BASELINE: Sequence[Ddl] = ()


@dataclass(frozen=True)
class Component:
    name: str
    tables: Sequence[Table]
    steps: Sequence[Sequence[Ddl]] = field(default_factory=tuple)

    @property
    def version(self) -> int:
        return len(self.steps)


def create(table: Table) -> list[Ddl]:
    """CREATE TABLE and its indexes, as the table is defined now."""
    return [CreateTable(table), *(CreateIndex(ix) for ix in sorted(table.indexes, key=lambda i: str(i.name)))]


def add_column(table: Table, name: str) -> Ddl:
    """ALTER TABLE … ADD COLUMN, typed for the dialect from the table's current definition."""
    col = table.c[name]

    def sql(dialect: str) -> str:
        spec = CreateColumn(col).compile(dialect=query.sa_dialect(dialect))
        return f"ALTER TABLE {table.name} ADD COLUMN {spec}"
    return sql


_VERSION = query.Statement(select(schema_version.c.version).where(schema_version.c.component == bindparam("c")))
_RECORD = query.Statement(query.upsert(schema_version, ["component"]))
_VERSION_TABLE = query.Statement(CreateTable(schema_version, if_not_exists=True))


async def migrate(conn: Any, component: Component) -> int:
    """Bring `component`'s tables to its latest version on `conn`; returns that version."""
    async with transaction(conn, immediate=True):
        await query.execute(conn, _VERSION_TABLE)
        current = (await query.execute(conn, _VERSION, {"c": component.name})).scalar()
        if current is None:
            todo: list[Ddl] = [d for t in component.tables for d in create(t)]
        elif current < component.version:
            todo = [d for step in component.steps[current:] for d in step]
        else:
            return int(current)
        dialect = query.dialect_of(conn)
        for ddl in todo:
            if isinstance(ddl, Executable):
                await query.execute(conn, query.Statement(ddl))
            else:
                await query.execute_text(conn, ddl(dialect))
        await query.execute(conn, _RECORD, {"component": component.name, "version": component.version})
    return component.version
