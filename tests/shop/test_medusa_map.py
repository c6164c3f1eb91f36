"""Medusa → bot mappings as pure functions (docs/medusa.md), without a server."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot.shop import medusa_map as mm


def _order(**over):
    base = {"id": "order_01X", "display_id": 12, "status": "pending", "payment_status": "captured",
            "fulfillment_status": "not_fulfilled", "items": [], "fulfillments": []}
    return {**base, **over}


@pytest.mark.parametrize(("fields", "want"), [
    ({"status": "canceled", "payment_status": "refunded"}, "cancelled"),
    ({"fulfillment_status": "delivered"}, "delivered"),
    ({"fulfillment_status": "shipped"}, "shipped"),
    ({"fulfillment_status": "partially_shipped"}, "shipped"),
    ({"fulfillment_status": "fulfilled"}, "paid"),
    ({"payment_status": "authorized"}, "paid"),
    ({"payment_status": "partially_refunded"}, "paid"),
    ({"payment_status": "not_paid"}, "pending"),
    ({"payment_status": "awaiting"}, "pending"),
])
def test_status_table(fields, want) -> None:
    assert mm.status(_order(**fields)) == want


def test_fully_received_return_reads_returned() -> None:
    item = {"quantity": 2, "detail": {"return_received_quantity": 2}}
    assert mm.status(_order(fulfillment_status="delivered", items=[item])) == "returned"
    item["detail"]["return_received_quantity"] = 1
    assert mm.status(_order(fulfillment_status="delivered", items=[item])) == "delivered"


def test_exchange_replacement_does_not_undo_delivery() -> None:
    own = {"id": "ordli_own", "quantity": 1,
           "detail": {"shipped_quantity": 1, "delivered_quantity": 1}}
    added = {"id": "ordli_added", "quantity": 1,
             "detail": {"shipped_quantity": 0, "delivered_quantity": 0}}
    order = _order(fulfillment_status="partially_delivered", items=[own, added],
                   **{mm.ADDED_LINES: {"ordli_added"}})
    assert mm.status(order) == "delivered"
    # A split shipment of the order's own lines stays "shipped" until every line arrived.
    late = {**own, "detail": {"shipped_quantity": 1, "delivered_quantity": 0}}
    assert mm.status(_order(fulfillment_status="partially_delivered", items=[own, late])) == "shipped"
    assert mm.status({**order, mm.ADDED_LINES: set()}) == "shipped"      # without the exchange, partial


def test_ids_money_and_times() -> None:
    assert mm.order_ref({"id": "order_1", "display_id": 12}) == "#12"
    assert mm.order_ref({"id": "order_1", "display_id": 12, "custom_display_id": "W2378156"}) == "W2378156"
    # The exact raw string wins over the float Medusa also sends.
    assert mm.dec({"total": 0.30000000000000004, "raw_total": {"value": "0.3"}}, "total") == Decimal("0.3")
    assert mm.dec({"total": 12}, "total") == Decimal(12)
    assert mm.ts("2026-12-01T09:04:18.248Z") == "2026-12-01T09:04:18.248000+00:00"


def test_identities_from_metadata() -> None:
    assert mm.identities_of({"k": "telegram:1, slack:U2"}, "k") == ("telegram:1", "slack:U2")
    assert mm.identities_of({"k": '["telegram:1"]'}, "k") == ("telegram:1",)
    assert mm.identities_of({"k": ["line:U9"]}, "k") == ("line:U9",)
    assert mm.identities_of(None, "k") == ()


def test_payment_types() -> None:
    assert mm.payment_type("pp_stripe_stripe") == "card"
    assert mm.payment_type("pp_paypal_paypal") == "paypal"
    assert mm.payment_type("pp_system_default") == "bank_transfer"


def test_address_as_written_round_trips() -> None:
    current = {"first_name": "Anna", "phone": "+1503", "country_code": "us", "city": "Portland"}
    payload = mm.address_payload("上海市浦东新区世纪大道100号", current)
    assert payload["city"] == "" and payload["first_name"] == "Anna" and payload["country_code"] == "us"
    assert mm.format_address(payload) == "上海市浦东新区世纪大道100号"
    assert mm.format_address({"address_1": "1 Main St", "city": "Salem", "province": "OR", "postal_code": "97301",
                              "country_code": "us"}) == "1 Main St, Salem, OR 97301, US"
