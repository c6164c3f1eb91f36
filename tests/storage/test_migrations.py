"""bot.storage.migrations: a fresh database gets the current tables at the latest version; an
older one gets the missing steps once, also when several connections migrate at the same time."""
from __future__ import annotations

import asyncio

from sqlalchemy import Column, MetaData, Table, Text, select

from bot.db import connect, transaction
from bot.storage import migrations, query
from bot.storage.schema import Int, schema_version

md = MetaData()
things = Table("storage_test_things", md, Column("id", Text, primary_key=True), Column("n", Int))
V1 = migrations.Component("storage_test", [things], steps=[migrations.BASELINE])
V2 = migrations.Component("storage_test", [things], steps=[migrations.BASELINE, [migrations.add_column(things, "n")]])
VERSION = query.Statement(select(schema_version.c.version).where(schema_version.c.component == "storage_test"))


async def test_fresh_then_upgraded_once_under_concurrency(target: str) -> None:
    conns = [await connect(target) for _ in range(3)]
    # Three replicas start on a fresh database at once: one creates, the others see it done.
    v1_table = Table("storage_test_things", MetaData(), Column("id", Text, primary_key=True))
    fresh = migrations.Component("storage_test", [v1_table], steps=[migrations.BASELINE])
    assert await asyncio.gather(*(migrations.migrate(c, fresh) for c in conns)) == [1, 1, 1]
    # A new release adds a column: applied once although all three migrate together.
    assert await asyncio.gather(*(migrations.migrate(c, V2) for c in conns)) == [2, 2, 2]
    assert (await query.execute(conns[0], VERSION)).scalar() == 2
    ins = query.Statement(things.insert(), ["id", "n"])
    async with transaction(conns[1]):
        await query.execute(conns[1], ins, {"id": "一", "n": 2 ** 40})     # 64-bit on both backends
    rows = await query.fetchall(conns[2], query.Statement(select(things.c.id, things.c.n)))
    assert [tuple(r) for r in rows] == [("一", 2 ** 40)]
    assert await migrations.migrate(conns[0], V1) == 2                      # never goes back
    for c in conns:
        await c.close()
