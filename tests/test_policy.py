"""Every after-sales rule, including the exact edges of the windows."""
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.shop.models import ExchangeItem, ExchangeRecord, ItemQty, Order, OrderItem, ReturnRecord
from bot.shop.policy import Policies, can_cancel, can_change_address, can_exchange, can_return

CN = timezone(timedelta(hours=8))
P = Policies()
DELIVERED = "2026-11-21T15:30:00+08:00"


def item(sku="SHOE-RUN-42", category="shoes", price="299.00", qty=1):
    return OrderItem(sku, None, sku.lower(), {}, qty, Decimal(price), category)


def order(status="delivered", items=None, delivered_at=DELIVERED):
    shipped = status in ("shipped", "delivered", "returned")
    return Order("SO202611200931", "c1", status, "2026-11-18T10:00:00+08:00",
                 "2026-11-19T09:00:00+08:00" if shipped else None,
                 delivered_at if status in ("delivered", "returned") else None,
                 "SF" if shipped else None, "SF1234567890123" if shipped else None, "CNY",
                 Decimal("299.00"), "addr", tuple(items or [item()]))


@pytest.mark.parametrize("fn", [can_cancel, can_change_address])
@pytest.mark.parametrize("status, ok, code", [
    ("pending", True, "ok"), ("paid", True, "ok"), ("shipped", False, "already_shipped"),
    ("delivered", False, "already_shipped"), ("cancelled", False, "already_cancelled"),
    ("returned", False, "already_returned")])
def test_cancel_and_address_only_before_shipping(fn, status, ok, code):
    d = fn(order(status))
    assert (d.ok, d.code) == (ok, code)


def test_policies_from_dict_overrides_defaults_and_rejects_nonsense():
    p = Policies.from_dict({"return_window_days": 10}, base=Policies(exchange_window_days=30))
    assert (p.return_window_days, p.exchange_window_days, p.non_returnable_categories) == (
        10, 30, ["food", "underwear", "customized"])
    with pytest.raises(ValueError, match="policies.refund_days"):
        Policies.from_dict({"refund_days": 3})
    with pytest.raises(ValueError, match="return_window_days"):
        Policies.from_dict({"return_window_days": "7"})


def test_return_window_boundary_is_end_of_seventh_day():
    # Delivered 21 Nov 15:30 (+08:00): returnable through 28 Nov 23:59:59 local time.
    last = datetime(2026, 11, 28, 23, 59, 59, tzinfo=CN)
    d = can_return(order(), P, last)
    assert d.ok and d.params["deadline"] == "2026-11-28T23:59:59+08:00" and d.params["skus"] == ["SHOE-RUN-42"]
    late = can_return(order(), P, last + timedelta(seconds=1))
    assert (late.ok, late.code) == (False, "return_window_expired")
    # The refusal also says until when an exchange is still possible (the exchange window is longer).
    assert late.params == {"order_id": "SO202611200931", "days": 7, "delivered_at": DELIVERED,
                           "deadline": "2026-11-28T23:59:59+08:00", "exchange_days": 15,
                           "exchange_deadline": "2026-12-06T23:59:59+08:00"}
    # The same instant seen from another time zone decides the same way.
    assert not can_return(order(), P, (last + timedelta(seconds=1)).astimezone(UTC)).ok
    assert can_return(order(), P, last.astimezone(timezone(timedelta(hours=-5)))).ok


def test_return_window_follows_policy():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=CN)
    assert not can_return(order(), P, now).ok
    d = can_return(order(), Policies(return_window_days=14), now)
    assert d.ok and d.params["days"] == 14


@pytest.mark.parametrize("status, code", [("pending", "not_delivered"), ("paid", "not_delivered"),
                                          ("shipped", "not_delivered"), ("cancelled", "already_cancelled"),
                                          ("returned", "already_returned")])
def test_return_needs_delivery(status, code):
    d = can_return(order(status), P, datetime(2026, 11, 22, tzinfo=CN))
    assert (d.ok, d.code) == (False, code)


def test_non_returnable_categories():
    now = datetime(2026, 11, 22, tzinfo=CN)
    for cat, sku in (("food", "SNACK-NUT"), ("underwear", "UW-SET"), ("customized", "MUG-CUSTOM")):
        d = can_return(order(items=[item(sku, cat)]), P, now)
        assert (d.ok, d.code, d.params["category"]) == (False, "non_returnable_category", cat)
        e = can_exchange(order(items=[item(sku, cat)]), P, now)
        assert (e.ok, e.code, e.params["category"]) == (False, "non_returnable_category", cat)
    mixed = order(items=[item(), item("SNACK-NUT", "food", "168.00")])
    whole = can_return(mixed, P, now)
    assert whole.ok and whole.params["skus"] == ["SHOE-RUN-42"] and whole.params["excluded"] == ["SNACK-NUT"]
    named = can_return(mixed, P, now, skus=["SNACK-NUT"])
    assert (named.ok, named.code) == (False, "non_returnable_category")
    assert can_return(mixed, P, now, skus=["NOPE"]).code == "item_not_found"
    # A category the shop allows is returnable again.
    assert can_return(order(items=[item("SNACK-NUT", "food")]), Policies(non_returnable_categories=[]), now).ok


def test_open_return_blocks_a_second_one_but_a_rejected_one_does_not():
    now = datetime(2026, 11, 22, tzinfo=CN)
    open_ret = ReturnRecord("RT20261122-0001", "SO202611200931", "requested", "size", "2026-11-22T00:00:00+08:00",
                            (ItemQty("SHOE-RUN-42", 1),))
    d = can_return(order(), P, now, returns=[open_ret])
    assert (d.ok, d.code, d.params["return_id"]) == (False, "return_exists", "RT20261122-0001")
    rejected = ReturnRecord("RT20261122-0002", "SO202611200931", "rejected", "size", "2026-11-22T00:00:00+08:00",
                            (ItemQty("SHOE-RUN-42", 1),))
    assert can_return(order(), P, now, returns=[rejected]).ok
    whole = ReturnRecord("RT20261122-0003", "SO202611200931", "requested", None, "2026-11-22T00:00:00+08:00", ())
    assert can_return(order(), P, now, skus=["SHOE-RUN-42"], returns=[whole]).code == "return_exists"


def test_exchange_window_boundary_and_rules():
    last = datetime(2026, 12, 6, 23, 59, 59, tzinfo=CN)  # 21 Nov + 15 days
    d = can_exchange(order(), P, last)
    assert d.ok and d.params["sku"] == "SHOE-RUN-42" and d.params["deadline"] == "2026-12-06T23:59:59+08:00"
    late = can_exchange(order(), P, last + timedelta(seconds=1))
    assert (late.code, late.params["days"]) == ("exchange_window_expired", 15)
    assert can_exchange(order("shipped"), P, last).code == "not_delivered"
    two = order(items=[item(), item("TS-COTTON", "apparel", "79.00")])
    assert can_exchange(two, P, last).code == "item_required"
    assert can_exchange(two, P, last, sku="TS-COTTON").ok
    ex = ExchangeRecord("EX20261122-0001", "SO202611200931", "requested", None, "2026-11-22T00:00:00+08:00",
                        (ExchangeItem("TS-COTTON", 1, None),), "size L")
    assert can_exchange(two, P, last, sku="TS-COTTON", exchanges=[ex]).code == "exchange_exists"
    # Day 10: outside the return window, inside the exchange window.
    day10 = datetime(2026, 12, 1, 10, 0, tzinfo=CN)
    assert can_return(order(), P, day10).code == "return_window_expired" and can_exchange(order(), P, day10).ok
