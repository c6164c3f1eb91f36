from bot.db import connect
from bot.shop.store.schema import COMPONENT


async def test_fresh_database_gets_current_version_and_wal(open_store, tmp_path):
    store = await open_store(tmp_path / "a.db")
    try:
        assert await store.schema_version() == COMPONENT.version
        async with store.conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        assert await store.is_empty()
    finally:
        await store.close()


async def test_reopen_is_idempotent_and_keeps_data(open_store, tmp_path, shop):
    path = tmp_path / "a.db"
    store = await open_store(path)
    await store.import_fixture(shop)
    await store.close()
    for _ in range(2):
        store = await open_store(path)
        try:
            assert await store.schema_version() == COMPONENT.version
            assert not await store.is_empty()
            assert (await store.get_customer("c1")).name == "张伟"
        finally:
            await store.close()
    conn = await connect(path)
    try:
        async with conn.execute("SELECT COUNT(*) FROM schema_version WHERE component = ?", (COMPONENT.name,)) as cur:
            assert (await cur.fetchone())[0] == 1
    finally:
        await conn.close()


async def test_store_shares_a_database_with_other_components(open_store, tmp_path):
    # Another component's version row must not be touched by the store's migrations.
    conn = await connect(tmp_path / "a.db")
    await conn.execute("CREATE TABLE schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    await conn.execute("INSERT INTO schema_version VALUES ('audit', 3)")
    await conn.commit()
    await conn.close()
    store = await open_store(tmp_path / "a.db")
    async with store.conn.execute("SELECT component, version FROM schema_version ORDER BY component") as cur:
        rows = [tuple(r) for r in await cur.fetchall()]
    await store.close()
    assert rows == [("audit", 3), ("store", COMPONENT.version)]
