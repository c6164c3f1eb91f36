"""The built-in store on bot.storage, on SQLite and PostgreSQL alike: a v1 database made by the
old script is upgraded in place, guarded writes, the stock floor, per-day record ids, and a
speaker's conversation states erased by their tag only."""
from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot import db
from bot.shop.models import ExchangeItem
from bot.shop.store import Store, StoreConflict
from bot.shop.store.schema import COMPONENT
from tests.storage.legacy import make_old
from tests.store.conftest import AesGcmCipher, small_shop
from tests.store.legacy_scripts import SCRIPTS

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


async def test_a_v1_database_is_upgraded_in_place(target: str) -> None:
    conn = await db.connect(target)
    await make_old(conn, COMPONENT.name, SCRIPTS[0])           # what a deployment of the v1 code made
    async with db.transaction(conn):
        await conn.execute("INSERT INTO customers(id, name) VALUES ('c1', 'Old Customer 老客户')")
        await conn.execute("INSERT INTO orders(id, customer_id, status, placed_at, placed_ts, currency, total) "
                           "VALUES ('A-1', 'c1', 'delivered', '2026-11-01T00:00:00+00:00', 0, 'EUR', '10.00')")
        await conn.execute("INSERT INTO order_items(order_id, line, sku, name, qty, price, category) "
                           "VALUES ('A-1', 0, 'X-1', 'Thing', 2, '5.00', 'misc')")
    await conn.close()
    store = await Store.open(target)
    try:
        assert await store.schema_version() == COMPONENT.version == 2
        order = await store.get_order("A-1")
        assert order is not None and (order.items[0].sku, order.items[0].qty, order.total) == ("X-1", 2, Decimal("10.00"))
        await store.set_default_address("c1", "Hauptstraße 1, Berlin")            # a v2 column
        customer = await store.get_customer("c1")
        assert customer is not None and customer.default_address == "Hauptstraße 1, Berlin"
    finally:
        await store.close()


async def test_guarded_writes_stock_floor_ids_and_state_erasure(target: str) -> None:
    store = await Store.open(target, cipher=AesGcmCipher())
    try:
        shop = small_shop()
        # One product per ordered sku, one piece of each in stock (a catalogue names every sku).
        skus = {i["sku"]: i for o in shop["orders"] for i in o["items"]}
        shop["products"] = [{"id": f"p{n}", "name": i["name"], "category": i["category"], "options": {},
                             "variants": [{"sku": sku, "options": {}, "price": i["price"], "stock": 1}]}
                            for n, (sku, i) in enumerate(skus.items())]
        await store.import_fixture(shop)
        with pytest.raises(StoreConflict):                                     # delivered: not cancellable
            await store.cancel_order("SO202611200931", NOW, None)
        refund = await store.cancel_order("SO202611250800", NOW, Decimal("129.00"), expected=("pending", "paid"))
        assert refund is not None and refund.id == "RF20261128-0001" and refund.currency == "CNY"
        assert (await store.get_order("SO202611250800")).status == "cancelled"  # type: ignore[union-attr]
        # Reserving more than is left leaves 0, never a negative stock.
        await store.create_exchange("SO202611200931", [ExchangeItem("SHOE-RUN-42", 1, "KT-15")], "KT-15", None, NOW,
                                    stock={"KT-15": -3})
        variant = await store.variant("KT-15")
        assert variant is not None and variant.stock == 0
        first, _ = await store.create_return("SO202611200931", "too small", ["SHOE-RUN-42"], NOW, Decimal("299.00"))
        second, _ = await store.create_return("SO202611200931", None, ["SNACK-NUT"], NOW, Decimal("1.00"))
        assert (first.id, second.id) == ("RT20261128-0001", "RT20261128-0002")
        assert [r.id for r in await store.refunds_for_customer("c1", "SO202611200931")][:2] == [
            "RF20261128-0003", "RF20261128-0002"]                                # newest first
        await store.save_state("group-9", {"step": "a"}, scope="c1")
        await store.save_state("group-9", {"step": "b"}, scope="c2")
        assert await store.erase_states("c1") == 1
        assert await store.load_state("group-9", scope="c1") is None
        assert await store.load_state("group-9", scope="c2") == {"step": "b"}
    finally:
        await store.close()
