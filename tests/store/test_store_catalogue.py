"""The fixture format's catalogue, payment methods, default addresses and order changes:
round trips, old fixtures, bad fixtures refused naming the field, sealing, migration from v1."""
import copy
import json
import re
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.db import connect
from bot.shop import ItemQty, ItemSwap
from bot.shop.store import FixtureError, Store
from bot.shop.store.builtin import BuiltinShop
from bot.shop.store.schema import COMPONENT
from tests.shop.contract import contract_fixture
from tests.storage.legacy import make_old
from tests.store.legacy_scripts import SCRIPTS

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DEMO_EN = Path(__file__).resolve().parents[2] / "config" / "demo_shop_en.json"


def catalogue_shop() -> dict:
    return contract_fixture(NOW)


async def test_catalogue_fixture_round_trips_unchanged(store):
    shop = catalogue_shop()
    await store.import_fixture(shop)
    out = await store.export_fixture()
    assert out.pop("invoices") == []
    assert out == shop


async def test_english_demo_shop_round_trips_unchanged(open_store, tmp_path, cipher):
    demo = json.loads(DEMO_EN.read_text(encoding="utf-8"))
    store = await open_store(tmp_path / "en.db", cipher=cipher)
    await store.import_fixture(demo)
    assert await store.export_fixture() == demo


def test_english_demo_shop_shape():
    demo = json.loads(DEMO_EN.read_text(encoding="utf-8"))
    orders = demo["orders"]
    assert 25 <= len(orders) <= 40 and all(re.fullmatch(r"#W\d{7}", o["id"]) for o in orders)
    assert {o["currency"] for o in orders} == {"USD"}
    assert set(Counter(o["status"] for o in orders)) == {"pending", "paid", "shipped", "delivered", "cancelled",
                                                         "returned"}
    assert 8 <= len(demo["customers"]) <= 12
    platforms = {i.split(":")[0] for c in demo["customers"] for i in c["identities"]}
    assert len(platforms) >= 5
    dims = {d for p in demo["products"] for d in p["options"]}
    assert {"color", "size", "capacity", "material", "connectivity"} <= dims
    assert {p["category"] for p in demo["products"]} >= {"electronics", "home", "outdoor"}
    assert all(c.get("default_address") and c.get("payment_methods") for c in demo["customers"])
    skus = {v["sku"] for p in demo["products"] for v in p["variants"]}
    assert all(i["sku"] in skus for o in orders for i in o["items"])


async def test_old_fixture_loads_and_items_are_matched_to_variants_by_sku(store, shop):
    old = shop                                          # no products, payment methods or addresses
    await store.import_fixture(old)
    order = await store.get_order("SO202611200931")
    assert order.items[0].product_id is None and order.payment_method_id is None
    customer = await store.get_customer("c1")
    assert customer.payment_methods == () and customer.default_address is None
    # The same old orders with a catalogue: items without product_id/options resolve by sku.
    old["products"] = [{"id": "P-SHOE", "name": "Running shoes", "name_zh": "跑鞋", "category": "shoes",
                        "options": {"size": ["42", "43"]},
                        "variants": [{"sku": "SHOE-RUN-42", "options": {"size": "42"}, "price": "299.00", "stock": 3},
                                     {"sku": "SHOE-RUN-43", "options": {"size": "43"}, "price": "299.00",
                                      "stock": 1}]},
                       {"id": "P-MISC", "name": "Misc", "category": "misc", "options": {},
                        "variants": [{"sku": s, "options": {}, "price": "1.00", "stock": 1}
                                     for s in ("SNACK-NUT", "KT-15", "HD-2000", "BAG-TOTE")]}]
    await store.import_fixture(old)
    item = (await store.get_order("SO202611200931")).items[0]
    assert (item.product_id, dict(item.options)) == ("P-SHOE", {"size": "42"})
    exported = await store.export_fixture()
    assert "product_id" not in exported["orders"][0]["items"][0]     # export keeps the fixture's shape


def _first_item(f):
    return f["orders"][0]["items"][0]


@pytest.mark.parametrize("mutate, path", [
    (lambda f: f["products"][0]["variants"][0].update(product_id="P-GHOST"), "products[0].variants[0].product_id"),
    (lambda f: _first_item(f).update(sku="KET-99"), "orders[0].items[0].sku"),
    (lambda f: _first_item(f).update(product_id="P-GHOST"), "orders[0].items[0].product_id"),
    (lambda f: _first_item(f).update(product_id="P-SHIRT"), "orders[0].items[0].product_id"),
    (lambda f: f["orders"][0].update(payment_method_id="pm_b_card"), "orders[0].payment_method_id"),
    (lambda f: f["orders"][0].update(payment_method_id="pm_nobody"), "orders[0].payment_method_id"),
    (lambda f: f["customers"][0]["payment_methods"][0].update(type="iou"), "customers[0].payment_methods[0].type"),
    (lambda f: f["customers"][1]["payment_methods"][0].update(id="pm_a_card"), "customers[1].payment_methods[0].id"),
    (lambda f: f["products"][0]["variants"][0]["options"].update(capacity="9L"),
     "products[0].variants[0].options.capacity"),
    (lambda f: f["products"][0]["variants"][0]["options"].pop("material"), "products[0].variants[0].options.material"),
    (lambda f: f["products"][0]["variants"][0].update(stock=-1), "products[0].variants[0].stock"),
    (lambda f: f["products"][1]["variants"][0].update(sku="KET-15-ST"), "products[1].variants[0].sku"),
    (lambda f: f["returns"].append({"id": "R1", "order_id": "#C1004", "status": "requested", "reason": None,
                                    "created_at": "2026-11-27T00:00:00+00:00", "items": [{"sku": "SH-M-WH", "qty": 1}],
                                    "refund_to": "pm_b_card"}), "returns[0].refund_to"),
    (lambda f: f["exchanges"].append({"id": "E1", "order_id": "#C1004", "status": "requested", "reason": None,
                                      "created_at": "2026-11-27T00:00:00+00:00",
                                      "items": [{"sku": "SH-M-WH", "qty": 1, "new_sku": "KET-15-ST"}]}),
     "exchanges[0].items[0].new_sku"),
    (lambda f: f["order_changes"].append({"id": "OC1", "order_id": "#C1001", "kind": "teleport", "before": None,
                                          "after": None, "created_at": "2026-11-27T00:00:00+00:00"}),
     "order_changes[0].kind"),
])
async def test_bad_catalogue_fixture_is_refused_naming_the_field(store, mutate, path):
    good = catalogue_shop()
    await store.import_fixture(good)
    bad = copy.deepcopy(good)
    mutate(bad)
    with pytest.raises(FixtureError, match="^" + re.escape(path) + "[:.]"):
        await store.import_fixture(bad)
    assert (await store.export_fixture())["orders"] == good["orders"]      # nothing half-imported


async def test_new_personal_data_is_sealed_in_the_database_file(open_store, tmp_path, cipher):
    path = tmp_path / "sealed.db"
    store = await open_store(path, cipher=cipher)
    await store.import_fixture(catalogue_shop())
    shop = BuiltinShop(store)
    alice = await shop.customer_for_identity("telegram:9001")
    new_home, new_ship = "88 Secret Lane, Springfield", "42 Hidden Road, Shelbyville"
    assert (await shop.change_default_address(alice, new_home, now=NOW)).ok
    assert (await shop.change_shipping_address(alice, "#C1001", new_ship, now=NOW)).ok
    await store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("sealed.db"))
    for secret in (new_home, new_ship, "1 Market St", "Visa •••• 4242", "PayPal al***", "alice@example.com"):
        assert secret.encode() not in raw, secret
    store = await open_store(path, cipher=cipher)
    out = await store.export_fixture()
    alice_out = next(c for c in out["customers"] if c["id"] == "cus_alice")
    assert alice_out["default_address"] == new_home and alice_out["payment_methods"][0]["label"] == "Visa •••• 4242"
    change = next(c for c in out["order_changes"] if c["kind"] == "address")
    assert (change["order_id"], change["before"], change["after"]) == ("#C1001", "1 Market St, San Francisco, CA 94105",
                                                                         new_ship)


async def test_export_shows_the_records_the_bot_made(store):
    await store.import_fixture(catalogue_shop())
    shop = BuiltinShop(store)
    alice = await shop.customer_for_identity("telegram:9001")
    assert (await shop.change_items(alice, "#C1001", [ItemSwap("KET-15-ST", 1, "KET-17-ST")], now=NOW)).ok
    assert (await shop.change_payment_method(alice, "#C1001", "pm_a_paypal", now=NOW)).ok
    assert (await shop.create_return(alice, "#C1004", [ItemQty("SH-M-WH", 1)], "too_small", now=NOW)).ok
    assert (await shop.create_exchange(alice, "#C1004", [ItemSwap("SP-GH", 1, "SP-AX")], "the Alexa one",
                                       "wrong_assistant", now=NOW)).ok
    out = await store.export_fixture()
    items, payment = [c for c in out["order_changes"] if c["order_id"] == "#C1001"]
    assert items["kind"] == "items" and items["id"].startswith("OC20261128-")
    assert items["before"] == [{"sku": "KET-15-ST", "qty": 1}, {"sku": "SH-M-WH", "qty": 2}]
    assert items["after"] == [{"sku": "KET-17-ST", "qty": 1}, {"sku": "SH-M-WH", "qty": 2}]
    assert items["price_difference"] == "20.00" and items["created_at"] == "2026-11-28T12:00:00+00:00"
    assert (payment["kind"], payment["before"], payment["after"]) == ("payment", "pm_a_card", "pm_a_paypal")
    order = next(o for o in out["orders"] if o["id"] == "#C1001")
    assert order["payment_method_id"] == "pm_a_paypal" and order["total"] == "159.00"
    assert [(i["sku"], i["product_id"], i["options"], i["price"]) for i in order["items"]][0] == (
        "KET-17-ST", "P-KETTLE", {"capacity": "1.7L", "material": "steel"}, "119.00")
    ret = out["returns"][0]
    assert (ret["order_id"], ret["items"], ret["refund_amount"], ret["refund_to"], ret["status"]) == (
        "#C1004", [{"sku": "SH-M-WH", "qty": 1}], "20.00", "pm_a_card", "requested")
    ex = out["exchanges"][0]
    assert (ex["items"], ex["wanted"], ex["price_difference"]) == (
        [{"sku": "SP-GH", "qty": 1, "new_sku": "SP-AX"}], "the Alexa one", "-10.00")
    stock = {v["sku"]: v["stock"] for p in out["products"] for v in p["variants"]}
    assert (stock["KET-17-ST"], stock["KET-15-ST"], stock["SP-AX"]) == (2, 6, 4)   # reserved / released
    refund = next(f for f in out["refunds"] if f.get("return_id") == ret["id"])
    assert (refund["amount"], refund["refund_to"], refund["status"]) == ("20.00", "pm_a_card", "pending")


async def test_a_version_1_database_migrates_and_keeps_its_data(tmp_path):
    path = tmp_path / "v1.db"
    conn = await connect(path)
    await make_old(conn, COMPONENT.name, SCRIPTS[0])   # what a deployment of the v1 code made
    await conn.execute("INSERT INTO customers(id, name) VALUES ('c1', 'Old Customer')")
    await conn.execute("INSERT INTO orders(id, customer_id, status, placed_at, placed_ts, currency, total) "
                       "VALUES ('SO1', 'c1', 'delivered', '2026-11-01T00:00:00+00:00', 0, 'CNY', '10.00')")
    await conn.execute("INSERT INTO order_items(order_id, line, sku, name, qty, price, category) "
                       "VALUES ('SO1', 0, 'X-1', 'Thing', 2, '5.00', 'misc')")
    await conn.execute("INSERT INTO returns(id, order_id, status, skus, created_at) "
                       "VALUES ('RT1', 'SO1', 'requested', '[\"X-1\"]', '2026-11-02T00:00:00+00:00')")
    await conn.commit()
    await conn.close()
    store = await Store.open(path)
    try:
        assert await store.schema_version() == COMPONENT.version == len(SCRIPTS) == 2
        order = await store.get_order("SO1")
        assert (order.items[0].sku, order.items[0].qty, order.total) == ("X-1", 2, Decimal("10.00"))
        ret = (await store.returns_for_order("SO1"))[0]
        assert list(ret.items) == [ItemQty("X-1", 2)] and ret.skus == ["X-1"]    # old record: whole line
        assert (await store.export_fixture())["returns"][0]["skus"] == ["X-1"]
    finally:
        await store.close()
