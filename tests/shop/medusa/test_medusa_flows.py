"""The bot's flows through the Medusa connector, checked against Medusa's own state.

Each test uses its own seeded order (tests/shop/medusa_harness.py ORDERS), so they do not
depend on each other's order. Assertions read Medusa through its admin API directly (the
harness's `Admin`), not through the connector under test.
"""
from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.shop import codes
from bot.shop.medusa import MedusaShop
from bot.shop.models import Customer, ItemQty, ItemSwap
from tests.shop.medusa_harness import MedusaInstance


def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
async def anna(medusa_shop: MedusaShop) -> Customer:
    customer = await medusa_shop.customer_for_identity("telegram:7001")
    assert customer is not None
    return customer


@pytest.fixture
async def ben(medusa_shop: MedusaShop) -> Customer:
    customer = await medusa_shop.customer_for_identity("telegram:7002")
    assert customer is not None
    return customer


def ref(medusa: MedusaInstance, key: str) -> str:
    return medusa.seeded.refs[key]


async def medusa_order(medusa: MedusaInstance, key: str, fields: str = "*items") -> dict:
    return (await medusa.admin.get(f"/admin/orders/{medusa.seeded.orders[key]}", fields=fields))["order"]


# ---------------------------------------------------------------- reads and mappings
async def test_identity_maps_through_customer_metadata(medusa_shop: MedusaShop, medusa: MedusaInstance) -> None:
    anna = await medusa_shop.customer_for_identity("slack:U07ANNA")
    assert anna is not None and anna.id == medusa.seeded.customers["anna"]
    assert anna.name == "Anna Berg" and anna.email == "anna.berg@example.com"
    assert anna.default_address == "12 Harbour Street, Portland, OR 97201, US"
    assert [p.id for p in anna.payment_methods] == ["pp_system_default"]
    assert await medusa_shop.customer_for_identity("telegram:9999") is None
    assert await medusa_shop.customer_for_identity("") is None


async def test_identity_by_email_and_phone(medusa: MedusaInstance) -> None:
    from bot.shop.medusa_http import MedusaClient
    from bot.shop.models import Policies
    by_mail = MedusaShop(MedusaClient(medusa.base_url, api_key=medusa.seeded.api_key), policies=Policies(),
                         identity="email")
    by_phone = MedusaShop(MedusaClient(medusa.base_url, api_key=medusa.seeded.api_key), policies=Policies(),
                          identity="phone")
    try:
        assert (await by_mail.customer_for_identity("web:Ben.Okafor@example.com")).id == medusa.seeded.customers["ben"]
        assert await by_mail.customer_for_identity("telegram:7002") is None
        assert await by_mail.customer_for_identity("web:nobody@example.com") is None
        assert (await by_phone.customer_for_identity("whatsapp:16085550199")).id == medusa.seeded.customers["ben"]
        assert await by_phone.customer_for_identity("whatsapp:16085550100") is None
    finally:
        await by_mail.close()
        await by_phone.close()


async def test_order_statuses_money_and_tracking(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                 anna: Customer) -> None:
    paid = await medusa_shop.order(anna, ref(medusa, "anna_paid"))
    assert paid is not None and paid.status == "paid" and paid.shipped_at is None
    assert paid.currency == "USD"
    # 1 × 120 + 2 × 25 + 8 shipping, exact decimals from Medusa's raw amounts.
    assert paid.total == Decimal("178") and {i.sku: (i.qty, i.price) for i in paid.items} == {
        "JKT-BLK-M": (1, Decimal("120")), "BTL-500-ST": (2, Decimal("25"))}
    assert paid.item("JKT-BLK-M").options == {"color": "Black", "size": "M"}
    assert paid.item("JKT-BLK-M").category == "outdoor"
    assert paid.id == ref(medusa, "anna_paid") and paid.id.startswith("W")   # Medusa's custom display id
    shipped = await medusa_shop.order(anna, "#" + ref(medusa, "anna_shipped"))   # '#' optional
    assert shipped is not None and shipped.status == "shipped" and shipped.shipped_at
    assert shipped.tracking_no == f"1Z{medusa.seeded.display_ids['anna_shipped']:06d}US"
    assert shipped.carrier == "UPS"
    delivered = await medusa_shop.order(anna, medusa.seeded.orders["anna_delivered"])   # Medusa's own id too
    assert delivered is not None and delivered.status == "delivered" and delivered.delivered_at
    assert delivered.id == ref(medusa, "anna_delivered")
    ids = [o.id for o in await medusa_shop.orders_of(anna)]
    assert len(ids) == sum(1 for k in medusa.seeded.orders if k.startswith("anna_"))


async def test_catalogue_options_prices_and_stock(medusa_shop: MedusaShop) -> None:
    products = {p.name: p for p in await medusa_shop.products()}
    assert set(products) == {"Trail jacket", "Steel bottle", "Smart thermostat"}
    bottle = products["Steel bottle"]
    assert bottle.name_zh == "不锈钢水壶"
    assert set(bottle.options) == {"capacity", "material"}
    assert (await medusa_shop.variant("BTL-1L-TI")).price == Decimal("55")
    assert (await medusa_shop.variant("JKT-OLV-M")).stock == 0
    # Stocked 6, one reserved by a paid order not yet shipped: 5 can be sold.
    assert (await medusa_shop.variant("JKT-BLK-M")).stock == 5
    assert await medusa_shop.variant("NO-SUCH-SKU") is None
    hits = await medusa_shop.search_products("the Google Home thermostat")
    assert hits and hits[0].product.name == "Smart thermostat"
    assert [v.sku for v in hits[0].variants] == ["THERM-GH"]


# ---------------------------------------------------------------- ownership
async def test_someone_elses_order_looks_missing(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                 anna: Customer) -> None:
    bens = ref(medusa, "ben_paid")
    assert await medusa_shop.order(anna, bens) is None
    assert await medusa_shop.order(anna, medusa.seeded.orders["ben_paid"]) is None
    assert await medusa_shop.returns_of(anna, bens) == ()
    theirs = await medusa_shop.cancel_order(anna, bens, now=now())
    missing = await medusa_shop.cancel_order(anna, "W0000001", now=now())
    assert (theirs.ok, theirs.code, set(theirs.data)) == (missing.ok, missing.code, set(missing.data))
    assert theirs.code == codes.NOT_FOUND
    moved = await medusa_shop.change_shipping_address(anna, bens, "1 Elsewhere", now=now())
    assert moved.code == codes.NOT_FOUND
    returned = await medusa_shop.create_return(anna, ref(medusa, "ben_delivered"), None, "x", now=now())
    assert returned.code == codes.NOT_FOUND
    order = await medusa_order(medusa, "ben_paid", "status,*shipping_address")
    assert order["status"] == "pending" and order["shipping_address"]["address_1"] == "400 Lake Road"
    assert (await medusa.admin.get("/admin/returns", order_id=medusa.seeded.orders["ben_delivered"]))["count"] == 0


# ---------------------------------------------------------------- changes before shipping
async def test_cancel_goes_through_medusa_and_refunds(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                      anna: Customer) -> None:
    out = await medusa_shop.cancel_order(anna, ref(medusa, "anna_cancel"), now=now())
    assert out.ok, out
    assert out.data["previous_status"] == "paid" and out.data["change"].kind == "cancel"
    assert out.data["refund"].amount == Decimal("33")       # 25 + 8 shipping, refunded by Medusa
    order = await medusa_order(medusa, "anna_cancel", "status,payment_status,summary")
    assert order["status"] == "canceled" and order["payment_status"] == "refunded"
    assert Decimal(str(order["summary"]["refunded_total"])) == Decimal("33")
    again = await medusa_shop.cancel_order(anna, ref(medusa, "anna_cancel"), now=now())
    assert again.code == codes.ALREADY_CANCELLED
    assert (await medusa_shop.order(anna, ref(medusa, "anna_cancel"))).status == "cancelled"
    refunds = await medusa_shop.refund_status(anna, ref(medusa, "anna_cancel"))
    assert [(r.amount, r.status) for r in refunds] == [(Decimal("33"), "refunded")]


async def test_shipped_order_is_not_cancelled(medusa_shop: MedusaShop, medusa: MedusaInstance, anna: Customer) -> None:
    out = await medusa_shop.cancel_order(anna, ref(medusa, "anna_shipped"), now=now())
    assert out.code == codes.ALREADY_SHIPPED
    assert (await medusa_order(medusa, "anna_shipped", "status"))["status"] == "pending"


async def test_address_change_is_an_order_change_in_medusa(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                           anna: Customer) -> None:
    text = "88 Pine Avenue, Apt 4, Salem OR 97301"
    out = await medusa_shop.change_shipping_address(anna, ref(medusa, "anna_paid"), text, now=now())
    assert out.ok, out
    assert out.data["change"].kind == "address" and out.data["change"].after == text
    order = await medusa_order(medusa, "anna_paid", "*shipping_address")
    addr = order["shipping_address"]
    assert addr["address_1"] == text and addr["first_name"] == "Anna" and addr["country_code"] == "us"
    assert addr["city"] in ("", None)
    changes = (await medusa.admin.get(f"/admin/orders/{medusa.seeded.orders['anna_paid']}/changes"))["order_changes"]
    assert any(c["change_type"] == "update_order" and c["status"] == "confirmed" for c in changes)
    assert (await medusa_shop.order(anna, ref(medusa, "anna_paid"))).shipping_address == text
    kinds = [c.kind for c in await medusa_shop.changes_of(anna, ref(medusa, "anna_paid"))]
    assert "address" in kinds
    shipped = await medusa_shop.change_shipping_address(anna, ref(medusa, "anna_shipped"), text, now=now())
    assert shipped.code == codes.ALREADY_SHIPPED


async def test_item_change_is_a_confirmed_order_edit(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                     anna: Customer) -> None:
    oid = ref(medusa, "anna_edit")
    # Refusals first: they must leave Medusa untouched.
    assert (await medusa_shop.change_items(anna, oid, [ItemSwap("THERM-WIFI", 1, "THERM-ZB")], now=now())
            ).code == codes.OUT_OF_STOCK
    assert (await medusa_shop.change_items(anna, oid, [ItemSwap("THERM-WIFI", 1, "JKT-BLK-M")], now=now())
            ).code == codes.DIFFERENT_PRODUCT
    assert (await medusa_shop.change_items(anna, oid, [ItemSwap("JKT-BLK-M", 1, "JKT-BLK-L")], now=now())
            ).code == codes.ITEM_NOT_FOUND
    assert (await medusa_shop.change_items(anna, oid, [ItemSwap("THERM-WIFI", 1, "THERM-WIFI")], now=now())
            ).code == codes.NO_CHANGE
    changes = (await medusa.admin.get(f"/admin/orders/{medusa.seeded.orders['anna_edit']}/changes"))["order_changes"]
    assert not [c for c in changes if c["change_type"] == "edit"]

    out = await medusa_shop.change_items(anna, oid, [ItemSwap("THERM-WIFI", 1, "THERM-GH"),
                                                     ItemSwap("BTL-1L-ST", 2, "BTL-1L-ST")], now=now())
    assert out.ok, out
    assert out.data["price_difference"] == Decimal("40")      # +10 (159 − 149) and +30 (one more bottle)
    assert dict(out.data["change"].before) == {"THERM-WIFI": 1, "BTL-1L-ST": 1}
    assert dict(out.data["change"].after) == {"THERM-GH": 1, "BTL-1L-ST": 2}
    order = await medusa_order(medusa, "anna_edit", "total,*items")
    assert sorted((i["variant_sku"], i["quantity"]) for i in order["items"]) == [("BTL-1L-ST", 2), ("THERM-GH", 1)]
    assert Decimal(str(order["total"])) == Decimal("227")      # 159 + 2 × 30 + 8
    changes = (await medusa.admin.get(f"/admin/orders/{medusa.seeded.orders['anna_edit']}/changes"))["order_changes"]
    edits = [c for c in changes if c["change_type"] == "edit"]
    assert len(edits) == 1 and edits[0]["status"] == "confirmed"
    mapped = [c for c in await medusa_shop.changes_of(anna, oid) if c.kind == "items"]
    assert len(mapped) == 1 and mapped[0].price_difference == Decimal("40")


# ---------------------------------------------------------------- after delivery
async def test_return_of_one_of_two_items_with_quantity(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                        anna: Customer) -> None:
    oid = ref(medusa, "anna_delivered")
    out = await medusa_shop.create_return(anna, oid, [ItemQty("BTL-500-ST", 2)], "too_many", now=now())
    assert out.ok, out
    record = out.data["return"]
    assert record.items == (ItemQty("BTL-500-ST", 2),) and record.status == "requested"
    assert out.data["refund"].amount == Decimal("50") and out.data["refund"].status == "pending"
    assert out.data["refund"].refund_to == "pp_system_default"
    returns = (await medusa.admin.get("/admin/returns", order_id=medusa.seeded.orders["anna_delivered"],
                                      fields="id,status,*items"))["returns"]
    assert [(r["status"], [(i["quantity"]) for i in r["items"]]) for r in returns] == [("requested", [2])]
    order = await medusa_order(medusa, "anna_delivered")
    requested = {i["variant_sku"]: i["detail"]["return_requested_quantity"] for i in order["items"]}
    assert requested == {"BTL-500-ST": 2, "JKT-BLK-M": 0}
    # Only one bottle is left to return; the jacket was not part of it.
    assert (await medusa_shop.create_return(anna, oid, [ItemQty("BTL-500-ST", 2)], None, now=now())
            ).code == codes.INVALID_QUANTITY
    assert [r.id for r in await medusa_shop.returns_of(anna, oid)] == [record.id]
    pending = [r for r in await medusa_shop.refund_status(anna, oid) if r.status == "pending"]
    assert [(r.amount, r.return_id) for r in pending] == [(Decimal("50"), record.id)]


async def test_return_refused_before_delivery(medusa_shop: MedusaShop, medusa: MedusaInstance, anna: Customer) -> None:
    out = await medusa_shop.create_return(anna, ref(medusa, "anna_shipped"), None, None, now=now())
    assert out.code == codes.NOT_DELIVERED
    assert (await medusa.admin.get("/admin/returns", order_id=medusa.seeded.orders["anna_shipped"]))["count"] == 0


async def test_exchange_to_a_variant_chosen_by_connectivity(medusa_shop: MedusaShop, medusa: MedusaInstance,
                                                            anna: Customer) -> None:
    oid = ref(medusa, "anna_exchange")
    assert (await medusa_shop.create_exchange(anna, oid, [ItemSwap("THERM-WIFI", 1, "THERM-ZB")], "zigbee", None,
                                              now=now())).code == codes.OUT_OF_STOCK
    out = await medusa_shop.create_exchange(anna, oid, [ItemSwap("THERM-WIFI", 1, "THERM-GH")],
                                            "the Google Home one", "wrong_model", now=now())
    assert out.ok, out
    assert out.data["price_difference"] == Decimal("10")
    record = out.data["exchange"]
    assert [(i.sku, i.qty, i.new_sku) for i in record.items] == [("THERM-WIFI", 1, "THERM-GH")]
    assert record.wanted == "the Google Home one" and record.status == "requested"
    exchanges = (await medusa.admin.get("/admin/exchanges", order_id=medusa.seeded.orders["anna_exchange"],
                                        fields="id,return_id,*additional_items,*additional_items.item"))["exchanges"]
    assert len(exchanges) == 1
    assert [a["item"]["variant_sku"] for a in exchanges[0]["additional_items"]] == ["THERM-GH"]
    ret = (await medusa.admin.get(f"/admin/returns/{exchanges[0]['return_id']}", fields="id,status,*items"))["return"]
    assert ret["status"] == "requested" and [i["quantity"] for i in ret["items"]] == [1]
    # The order still reads as delivered: the replacement is followed by the exchange.
    assert (await medusa_shop.order(anna, oid)).status == "delivered"
    again = await medusa_shop.create_exchange(anna, oid, [ItemSwap("THERM-WIFI", 1, "THERM-GH")], "again", None,
                                              now=now())
    assert again.code == codes.EXCHANGE_EXISTS
