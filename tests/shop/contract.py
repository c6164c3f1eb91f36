"""The contract every `bot.shop.Shop` backend passes (built-in store, Medusa).

A backend's test module subclasses `ShopContract` and provides one fixture, `env`, yielding a
`ContractEnv`: the shop, seeded with `contract_fixture(now)` (translated to the backend's own
records however it likes), the `now` its policy decisions use, and the backend's ids for the
fixture's roles (`ids["A_PAID"]` is Alice's paid order as that backend names it; skus and
payment method ids may be mapped too). Every test then drives the interface only.

    class TestMedusaShop(ShopContract):
        @pytest.fixture
        async def env(self, medusa):
            ...seed medusa from contract_fixture(now)...
            yield ContractEnv(shop, now, ids={"A_PAID": "order_01H…", ...}, skus={...})

Every assertion here would fail if the feature broke; nothing is skipped.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from bot.shop import Customer, ItemQty, ItemSwap, Order, Outcome, Shop, ShopCheck, codes

# Roles of the contract shop: the orders, skus and payment methods the tests name.
ORDER_ROLES = ("A_PAID", "A_PENDING", "A_SHIPPED", "A_DELIVERED", "A_OLD", "B_PAID", "B_DELIVERED")
ALICE, BOB, STRANGER = "telegram:9001", "telegram:9002", "telegram:9999"


def contract_fixture(now: datetime) -> dict[str, Any]:
    """The contract shop in DESIGN.md's fixture format, dated relative to `now`.

    Catalogue: a kettle (capacity × material), a shirt (size × colour), a speaker (assistant:
    the non-size/colour option), a food item (non-returnable). Alice has two payment methods
    and five orders of every state; Bob has one payment method and two orders."""
    def ts(days: float) -> str:
        return (now - timedelta(days=days)).isoformat(timespec="seconds")

    def line(sku: str, qty: int) -> dict[str, Any]:
        pid, opts, price, cat, name = CATALOGUE[sku]
        return {"sku": sku, "product_id": pid, "name": name, "options": opts, "qty": qty, "price": price,
                "category": cat}

    def order(oid: str, cid: str, status: str, lines: list[tuple[str, int]], pm: str, placed: float,
              delivered: float | None = None) -> dict[str, Any]:
        items = [line(s, q) for s, q in lines]
        shipped = status in ("shipped", "delivered", "returned")
        return {"id": oid, "customer_id": cid, "status": status, "placed_at": ts(placed),
                "shipped_at": ts(placed - 0.5) if shipped else None,
                "delivered_at": ts(delivered) if delivered is not None else None,
                "carrier": "UPS" if shipped else None, "tracking_no": "1Z999AA10123456784" if shipped else None,
                "currency": "USD", "total": str(sum(Decimal(i["price"]) * i["qty"] for i in items)),
                "shipping_address": ADDRESS[cid], "payment_method_id": pm, "items": items}

    return copy.deepcopy({
        "policies": {"return_window_days": 30, "exchange_window_days": 30, "non_returnable_categories": ["food"]},
        "products": PRODUCTS,
        "customers": [
            {"id": "cus_alice", "name": "Alice Example", "phone": "+1 415-555-0100", "email": "alice@example.com",
             "default_address": ADDRESS["cus_alice"],
             "payment_methods": [{"id": "pm_a_card", "type": "card", "label": "Visa •••• 4242"},
                                 {"id": "pm_a_paypal", "type": "paypal", "label": "PayPal al***"}],
             "identities": [ALICE, "web:alice"]},
            {"id": "cus_bob", "name": "Bob Example", "phone": "+1 415-555-0199", "email": "bob@example.com",
             "default_address": ADDRESS["cus_bob"],
             "payment_methods": [{"id": "pm_b_card", "type": "card", "label": "Mastercard •••• 5555"}],
             "identities": [BOB]},
        ],
        "orders": [
            order("#C1001", "cus_alice", "paid", [("KET-15-ST", 1), ("SH-M-WH", 2)], "pm_a_card", 1),
            order("#C1002", "cus_alice", "pending", [("SP-AX", 1)], "pm_a_card", 0.5),
            order("#C1003", "cus_alice", "shipped", [("SH-L-WH", 1)], "pm_a_paypal", 3),
            order("#C1004", "cus_alice", "delivered", [("SH-M-WH", 2), ("SP-GH", 1), ("NUT-BOX", 1)], "pm_a_card",
                  6, delivered=2),
            order("#C1005", "cus_alice", "delivered", [("SH-L-WH", 1)], "pm_a_card", 50, delivered=45),
            order("#C2001", "cus_bob", "paid", [("SP-GH", 1)], "pm_b_card", 1),
            order("#C2002", "cus_bob", "delivered", [("SH-M-WH", 1), ("KET-17-ST", 1)], "pm_b_card", 5, delivered=1),
        ],
        "returns": [], "exchanges": [], "refunds": [], "tickets": [], "order_changes": [],
    })


ADDRESS = {"cus_alice": "1 Market St, San Francisco, CA 94105", "cus_bob": "9 Beacon St, Boston, MA 02108"}
PRODUCTS: list[dict[str, Any]] = [
    {"id": "P-KETTLE", "name": "Electric kettle", "name_zh": "电热水壶", "category": "home",
     "options": {"capacity": ["1.5L", "1.7L"], "material": ["steel", "glass"]},
     "variants": [{"sku": "KET-15-ST", "options": {"capacity": "1.5L", "material": "steel"}, "price": "99.00", "stock": 5},
                  {"sku": "KET-17-ST", "options": {"capacity": "1.7L", "material": "steel"}, "price": "119.00",
                   "stock": 3},
                  {"sku": "KET-15-GL", "options": {"capacity": "1.5L", "material": "glass"}, "price": "109.00",
                   "stock": 0},
                  {"sku": "KET-17-GL", "options": {"capacity": "1.7L", "material": "glass"}, "price": "129.00",
                   "stock": 2}]},
    {"id": "P-SHIRT", "name": "Linen shirt", "name_zh": "亚麻衬衫", "category": "apparel",
     "options": {"size": ["M", "L"], "color": ["white", "navy"]},
     "variants": [{"sku": "SH-M-WH", "options": {"size": "M", "color": "white"}, "price": "20.00", "stock": 10},
                  {"sku": "SH-L-WH", "options": {"size": "L", "color": "white"}, "price": "20.00", "stock": 4},
                  {"sku": "SH-M-NV", "options": {"size": "M", "color": "navy"}, "price": "20.00", "stock": 0},
                  {"sku": "SH-L-NV", "options": {"size": "L", "color": "navy"}, "price": "22.00", "stock": 1}]},
    {"id": "P-SPEAKER", "name": "Smart speaker", "name_zh": "智能音箱", "category": "electronics",
     "options": {"assistant": ["Google Home", "Amazon Alexa"]},
     "variants": [{"sku": "SP-GH", "options": {"assistant": "Google Home"}, "price": "99.00", "stock": 2},
                  {"sku": "SP-AX", "options": {"assistant": "Amazon Alexa"}, "price": "89.00", "stock": 5}]},
    {"id": "P-NUTS", "name": "Nut gift box", "name_zh": "坚果礼盒", "category": "food", "options": {},
     "variants": [{"sku": "NUT-BOX", "options": {}, "price": "30.00", "stock": 50}]},
]
CATALOGUE: dict[str, tuple[str, dict[str, str], str, str, str]] = {
    v["sku"]: (p["id"], v["options"], v["price"], p["category"],
               " ".join([p["name"], *v["options"].values()]).strip())
    for p in PRODUCTS for v in p["variants"]}
DEFAULT_IDS = {"A_PAID": "#C1001", "A_PENDING": "#C1002", "A_SHIPPED": "#C1003", "A_DELIVERED": "#C1004",
               "A_OLD": "#C1005", "B_PAID": "#C2001", "B_DELIVERED": "#C2002"}


@dataclass
class ContractEnv:
    shop: Shop
    now: datetime
    ids: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_IDS))
    skus: Mapping[str, str] = field(default_factory=dict)          # fixture sku → backend sku
    payment_methods: Mapping[str, str] = field(default_factory=dict)  # fixture pm id → backend id
    missing_order_id: str = "#C9999"

    def sku(self, s: str) -> str:
        return self.skus.get(s, s)

    def pm(self, p: str) -> str:
        return self.payment_methods.get(p, p)


def _qty(order: Order) -> dict[str, int]:
    return {i.sku: i.qty for i in order.items}


class ShopContract:
    """Subclass and provide the `env` fixture (see the module docstring)."""

    # ------------------------------------------------------------------ helpers
    @staticmethod
    async def alice(env: ContractEnv) -> Customer:
        c = await env.shop.customer_for_identity(ALICE)
        assert c is not None
        return c

    @staticmethod
    async def bob(env: ContractEnv) -> Customer:
        c = await env.shop.customer_for_identity(BOB)
        assert c is not None
        return c

    # ------------------------------------------------------------------ health, customers, orders
    async def test_check_reports_counts(self, env: ContractEnv) -> None:
        check = await env.shop.check()
        assert isinstance(check, ShopCheck) and check.ok and check.backend == env.shop.backend
        assert check.counts["customers"] >= 2 and check.counts["orders"] >= 7
        assert check.counts["products"] >= 4 and check.counts["variants"] >= 11

    async def test_customer_by_identity_with_payment_methods_and_default_address(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        assert alice.name == "Alice Example" and alice.default_address == ADDRESS["cus_alice"]
        assert {p.type for p in alice.payment_methods} == {"card", "paypal"}
        assert {p.id for p in alice.payment_methods} == {env.pm("pm_a_card"), env.pm("pm_a_paypal")}
        assert await env.shop.customer_for_identity(STRANGER) is None
        assert (await env.shop.customer_for_identity("web:alice")).id == alice.id

    async def test_orders_newest_first_and_items_point_at_variants(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        orders = list(await env.shop.orders_of(alice))
        assert {o.id for o in orders} == {env.ids[r] for r in ORDER_ROLES if r.startswith("A_")}
        placed = [datetime.fromisoformat(o.placed_at) for o in orders]
        assert placed == sorted(placed, reverse=True)
        delivered = await env.shop.order(alice, env.ids["A_DELIVERED"])
        assert delivered.status == "delivered" and delivered.currency == "USD"
        assert delivered.total == Decimal("169.00") and delivered.payment_method_id == env.pm("pm_a_card")
        by_sku = {i.sku: i for i in delivered.items}
        shirt = by_sku[env.sku("SH-M-WH")]
        assert (shirt.qty, shirt.price, dict(shirt.options)) == (2, Decimal("20.00"), {"size": "M", "color": "white"})
        assert shirt.product_id is not None
        assert (await env.shop.variant(shirt.sku)).product_id == shirt.product_id

    async def test_someone_elses_order_reads_exactly_like_a_missing_one(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        assert await env.shop.order(alice, env.ids["B_PAID"]) is None
        assert await env.shop.order(alice, env.missing_order_id) is None
        assert list(await env.shop.returns_of(alice, env.ids["B_DELIVERED"])) == []
        assert list(await env.shop.refund_status(alice, env.ids["B_PAID"])) == []

    async def test_hash_is_optional_on_order_ids(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_PAID"]
        other = oid[1:] if oid.startswith("#") else "#" + oid
        assert (await env.shop.order(alice, other)).id == oid

    # ------------------------------------------------------------------ catalogue
    async def test_catalogue_lookup_and_search_in_both_languages(self, env: ContractEnv) -> None:
        products = {p.id: p for p in await env.shop.products()}
        kettle = next(p for p in products.values() if p.name == "Electric kettle")
        assert kettle.name_zh == "电热水壶" and set(kettle.options) == {"capacity", "material"}
        assert (await env.shop.product(kettle.id)).id == kettle.id
        v = await env.shop.variant(env.sku("KET-17-ST"))
        assert (v.price, v.stock, dict(v.options)) == (Decimal("119.00"), 3, {"capacity": "1.7L", "material": "steel"})
        assert await env.shop.variant("NO-SUCH-SKU") is None
        hit = (await env.shop.search_products("is the 1.7L glass kettle in stock?", "en"))[0]
        assert hit.product.id == kettle.id and dict(hit.options) == {"capacity": "1.7L", "material": "glass"}
        assert [x.sku for x in hit.variants] == [env.sku("KET-17-GL")]
        zh = (await env.shop.search_products("电热水壶还有货吗", "zh"))[0]
        assert zh.product.id == kettle.id
        speaker = (await env.shop.search_products("the Google Home version", "en"))[0]
        assert speaker.product.name == "Smart speaker" and dict(speaker.options) == {"assistant": "Google Home"}

    # ------------------------------------------------------------------ before shipping
    async def test_cancel_paid_refunds_and_records_the_change(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        out = await env.shop.cancel_order(alice, env.ids["A_PAID"], now=env.now)
        assert isinstance(out, Outcome) and out.ok and out.code == codes.OK
        assert out.data["previous_status"] == "paid" and out.data["refund"].amount == Decimal("139.00")
        assert (await env.shop.order(alice, env.ids["A_PAID"])).status == "cancelled"
        assert [c.kind for c in await env.shop.changes_of(alice, env.ids["A_PAID"])][-1] == "cancel"
        again = await env.shop.cancel_order(alice, env.ids["A_PAID"], now=env.now)
        assert (again.ok, again.code) == (False, codes.ALREADY_CANCELLED)
        pending = await env.shop.cancel_order(alice, env.ids["A_PENDING"], now=env.now)
        assert pending.ok and pending.data["refund"] is None
        shipped = await env.shop.cancel_order(alice, env.ids["A_SHIPPED"], now=env.now)
        assert (shipped.ok, shipped.code) == (False, codes.ALREADY_SHIPPED)
        refunds = list(await env.shop.refund_status(alice, env.ids["A_PAID"]))
        assert [r.amount for r in refunds] == [Decimal("139.00")]

    async def test_change_shipping_address_before_shipping_only(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        out = await env.shop.change_shipping_address(alice, env.ids["A_PAID"], "500 Howard St, San Francisco",
                                                     now=env.now)
        assert out.ok and out.data["change"].kind == "address"
        assert (await env.shop.order(alice, env.ids["A_PAID"])).shipping_address == "500 Howard St, San Francisco"
        refused = await env.shop.change_shipping_address(alice, env.ids["A_SHIPPED"], "elsewhere", now=env.now)
        assert (refused.ok, refused.code) == (False, codes.ALREADY_SHIPPED)
        empty = await env.shop.change_shipping_address(alice, env.ids["A_PAID"], "  ", now=env.now)
        assert (empty.ok, empty.code) == (False, codes.ADDRESS_REQUIRED)

    async def test_change_items_swaps_a_variant_and_settles_the_difference(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_PAID"]
        out = await env.shop.change_items(alice, oid, [ItemSwap(env.sku("KET-15-ST"), 1, env.sku("KET-17-ST"))],
                                          now=env.now)
        assert out.ok, out
        assert out.data["price_difference"] == Decimal("20.00") and out.data["payment_method_id"] == env.pm("pm_a_card")
        change = out.data["change"]
        assert change.kind == "items"
        assert set(change.before) == {ItemQty(env.sku("KET-15-ST"), 1), ItemQty(env.sku("SH-M-WH"), 2)}
        assert set(change.after) == {ItemQty(env.sku("KET-17-ST"), 1), ItemQty(env.sku("SH-M-WH"), 2)}
        order = await env.shop.order(alice, oid)
        assert _qty(order) == {env.sku("KET-17-ST"): 1, env.sku("SH-M-WH"): 2}
        assert order.total == Decimal("159.00")
        assert (await env.shop.variant(env.sku("KET-17-ST"))).stock == 2
        # A quantity change, refunded to another of Alice's payment methods.
        fewer = await env.shop.change_items(alice, oid, [ItemSwap(env.sku("SH-M-WH"), 1, env.sku("SH-M-WH"))],
                                            payment_method_id=env.pm("pm_a_paypal"), now=env.now)
        assert fewer.ok and fewer.data["price_difference"] == Decimal("-20.00")
        assert fewer.data["refund"].amount == Decimal("20.00")
        assert _qty(await env.shop.order(alice, oid)) == {env.sku("KET-17-ST"): 1, env.sku("SH-M-WH"): 1}
        assert [c.kind for c in await env.shop.changes_of(alice, oid)] == ["items", "items"]

    @pytest.mark.parametrize("swap, code", [
        (("KET-15-ST", 1, "SH-L-WH"), codes.DIFFERENT_PRODUCT),
        (("KET-15-ST", 1, "KET-15-GL"), codes.OUT_OF_STOCK),
        (("KET-15-ST", 1, "KET-99"), codes.VARIANT_NOT_FOUND),
        (("SP-GH", 1, "SP-AX"), codes.ITEM_NOT_FOUND),
        (("KET-15-ST", -1, "KET-15-ST"), codes.INVALID_QUANTITY),
        (("KET-15-ST", 1, "KET-15-ST"), codes.NO_CHANGE),
        (("SH-M-WH", 9, "SH-M-NV"), codes.OUT_OF_STOCK),
    ])
    async def test_change_items_refusals_change_nothing(self, env: ContractEnv, swap: tuple, code: str) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_PAID"]
        before = await env.shop.order(alice, oid)
        s, q, n = swap
        out = await env.shop.change_items(alice, oid, [ItemSwap(env.sku(s), q, env.sku(n))], now=env.now)
        assert (out.ok, out.code) == (False, code)
        assert await env.shop.order(alice, oid) == before
        assert list(await env.shop.changes_of(alice, oid)) == []

    async def test_change_items_after_shipping_or_to_empty_is_refused(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        shipped = await env.shop.change_items(alice, env.ids["A_SHIPPED"],
                                              [ItemSwap(env.sku("SH-L-WH"), 1, env.sku("SH-M-WH"))], now=env.now)
        assert (shipped.ok, shipped.code) == (False, codes.ALREADY_SHIPPED)
        empty = await env.shop.change_items(alice, env.ids["A_PENDING"], [ItemSwap(env.sku("SP-AX"), 0,
                                                                                   env.sku("SP-AX"))], now=env.now)
        assert (empty.ok, empty.code) == (False, codes.EMPTY_ORDER)

    async def test_change_payment_method(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_PAID"]
        out = await env.shop.change_payment_method(alice, oid, env.pm("pm_a_paypal"), now=env.now)
        assert out.ok and out.data["change"].kind == "payment"
        assert (out.data["change"].before, out.data["change"].after) == (env.pm("pm_a_card"), env.pm("pm_a_paypal"))
        assert (await env.shop.order(alice, oid)).payment_method_id == env.pm("pm_a_paypal")
        same = await env.shop.change_payment_method(alice, oid, env.pm("pm_a_paypal"), now=env.now)
        assert (same.ok, same.code) == (False, codes.NO_CHANGE)
        shipped = await env.shop.change_payment_method(alice, env.ids["A_SHIPPED"], env.pm("pm_a_card"), now=env.now)
        assert (shipped.ok, shipped.code) == (False, codes.ALREADY_SHIPPED)

    async def test_change_default_address(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        out = await env.shop.change_default_address(alice, "77 Mission St, San Francisco", now=env.now)
        assert out.ok and out.data["customer_id"] == alice.id
        assert (await env.shop.customer_for_identity(ALICE)).default_address == "77 Mission St, San Francisco"
        # Existing orders keep their address.
        assert (await env.shop.order(alice, env.ids["A_PAID"])).shipping_address == ADDRESS["cus_alice"]

    # ------------------------------------------------------------------ after delivery
    async def test_return_one_of_two_items_with_quantity(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_DELIVERED"]
        out = await env.shop.create_return(alice, oid, [ItemQty(env.sku("SH-M-WH"), 1)], "too_small", now=env.now)
        assert out.ok, out
        ret, refund = out.data["return"], out.data["refund"]
        assert list(ret.items) == [ItemQty(env.sku("SH-M-WH"), 1)] and ret.status == "requested"
        assert ret.refund_amount == refund.amount == Decimal("20.00")
        assert ret.refund_to == env.pm("pm_a_card")          # the order's own by default
        assert [r.id for r in await env.shop.returns_of(alice, oid)] == [ret.id]
        # One shirt is left to return; two more are not.
        over = await env.shop.create_return(alice, oid, [ItemQty(env.sku("SH-M-WH"), 2)], "too_small", now=env.now)
        assert (over.ok, over.code, over.data.get("max")) == (False, codes.INVALID_QUANTITY, 1)
        rest = await env.shop.create_return(alice, oid, [(env.sku("SH-M-WH"), 1)], "too_small",
                                            refund_to=env.pm("pm_a_paypal"), now=env.now)
        assert rest.ok and rest.data["return"].refund_to == env.pm("pm_a_paypal")
        done = await env.shop.create_return(alice, oid, [(env.sku("SH-M-WH"), 1)], "too_small", now=env.now)
        assert (done.ok, done.code) == (False, codes.RETURN_EXISTS)

    async def test_return_refusals(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        food = await env.shop.create_return(alice, env.ids["A_DELIVERED"], [(env.sku("NUT-BOX"), 1)], "x",
                                            now=env.now)
        assert (food.ok, food.code) == (False, codes.NON_RETURNABLE_CATEGORY)
        late = await env.shop.create_return(alice, env.ids["A_OLD"], None, "x", now=env.now)
        assert (late.ok, late.code) == (False, codes.RETURN_WINDOW_EXPIRED)
        early = await env.shop.create_return(alice, env.ids["A_SHIPPED"], None, "x", now=env.now)
        assert (early.ok, early.code) == (False, codes.NOT_DELIVERED)
        whole = await env.shop.create_return(alice, env.ids["A_DELIVERED"], None, "changed_mind", now=env.now)
        assert whole.ok and whole.data["excluded"] == [env.sku("NUT-BOX")]
        assert whole.data["refund"].amount == Decimal("139.00")      # 2 × 20 + 99, the nuts left out

    async def test_exchange_to_a_variant_chosen_by_a_non_size_option(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_DELIVERED"]
        out = await env.shop.create_exchange(alice, oid, [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-AX"))],
                                             "the Alexa one", "wrong_assistant", now=env.now)
        assert out.ok, out
        ex = out.data["exchange"]
        assert [(i.sku, i.qty, i.new_sku) for i in ex.items] == [(env.sku("SP-GH"), 1, env.sku("SP-AX"))]
        assert ex.wanted == "the Alexa one" and ex.price_difference == out.data["price_difference"] == Decimal("-10.00")
        assert [e.id for e in await env.shop.exchanges_of(alice, oid)] == [ex.id]
        again = await env.shop.create_exchange(alice, oid, [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-AX"))],
                                               "again", None, now=env.now)
        assert (again.ok, again.code) == (False, codes.EXCHANGE_EXISTS)

    async def test_same_variant_replacement_ships_from_stock(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        before = (await env.shop.variant(env.sku("SP-GH"))).stock
        out = await env.shop.create_exchange(alice, env.ids["A_DELIVERED"],
                                             [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-GH"))], "a working one",
                                             "defective", now=env.now)
        assert out.ok and out.data["price_difference"] == Decimal("0")
        assert [(i.sku, i.new_sku) for i in out.data["exchange"].items] == [(env.sku("SP-GH"), env.sku("SP-GH"))]
        assert (await env.shop.variant(env.sku("SP-GH"))).stock <= before    # never more than before

    @pytest.mark.parametrize("swap, code", [
        (("SH-M-WH", 1, "KET-15-ST"), codes.DIFFERENT_PRODUCT),
        (("SH-M-WH", 1, "SH-M-NV"), codes.OUT_OF_STOCK),
        (("SH-M-WH", 3, "SH-L-WH"), codes.INVALID_QUANTITY),
        (("NUT-BOX", 1, "NUT-BOX"), codes.NON_RETURNABLE_CATEGORY),
    ])
    async def test_exchange_refusals(self, env: ContractEnv, swap: tuple, code: str) -> None:
        alice = await self.alice(env)
        s, q, n = swap
        out = await env.shop.create_exchange(alice, env.ids["A_DELIVERED"], [ItemSwap(env.sku(s), q, env.sku(n))],
                                             "words", None, now=env.now)
        assert (out.ok, out.code) == (False, code)
        assert list(await env.shop.exchanges_of(alice, env.ids["A_DELIVERED"])) == []

    # ------------------------------------------------------------------ withdrawing a request
    async def test_withdraw_an_open_return_cancels_it_and_its_refund(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_DELIVERED"]
        made = await env.shop.create_return(alice, oid, [ItemQty(env.sku("SH-M-WH"), 2)], "changed_mind", now=env.now)
        assert made.ok, made
        rid = made.data["return"].id
        out = await env.shop.cancel_return(alice, rid, now=env.now)
        assert out.ok, out
        assert (out.data["return_id"], out.data["previous_status"]) == (rid, "requested")
        assert out.data["return"].status == "cancelled" and out.data["order_id"] == oid
        assert [(r.id, r.status) for r in await env.shop.returns_of(alice, oid)] == [(rid, "cancelled")]
        # Its refund is no longer coming.
        assert not [r for r in await env.shop.refund_status(alice, oid) if r.return_id == rid and r.status == "pending"]
        # Nothing is blocked by a withdrawn return: the same shirts can be returned again.
        again = await env.shop.create_return(alice, oid, [ItemQty(env.sku("SH-M-WH"), 2)], "changed_mind", now=env.now)
        assert again.ok, again
        twice = await env.shop.cancel_return(alice, rid, now=env.now)
        assert (twice.ok, twice.code) == (False, codes.ALREADY_WITHDRAWN)

    async def test_withdraw_an_open_exchange_releases_the_replacement(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_DELIVERED"]
        before = (await env.shop.variant(env.sku("SP-AX"))).stock
        made = await env.shop.create_exchange(alice, oid, [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-AX"))],
                                              "the Alexa one", "wrong_assistant", now=env.now)
        assert made.ok, made
        xid = made.data["exchange"].id
        out = await env.shop.cancel_exchange(alice, xid, now=env.now)
        assert out.ok, out
        assert (out.data["exchange_id"], out.data["exchange"].status) == (xid, "cancelled")
        assert [(x.id, x.status) for x in await env.shop.exchanges_of(alice, oid)] == [(xid, "cancelled")]
        assert (await env.shop.variant(env.sku("SP-AX"))).stock == before
        # The line is free again: a new exchange of it is not "exchange_exists".
        again = await env.shop.create_exchange(alice, oid, [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-AX"))],
                                               "Alexa after all", None, now=env.now)
        assert again.ok, again
        twice = await env.shop.cancel_exchange(alice, xid, now=env.now)
        assert (twice.ok, twice.code) == (False, codes.ALREADY_WITHDRAWN)

    async def test_someone_elses_request_withdraws_like_a_missing_one(self, env: ContractEnv) -> None:
        alice, bob = await self.alice(env), await self.bob(env)
        oid = env.ids["A_DELIVERED"]
        ret = (await env.shop.create_return(alice, oid, [ItemQty(env.sku("SH-M-WH"), 1)], "x", now=env.now)
               ).data["return"]
        ex = (await env.shop.create_exchange(alice, oid, [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-AX"))], "Alexa",
                                             None, now=env.now)).data["exchange"]
        for call, rid, key in ((env.shop.cancel_return, ret.id, "return_id"),
                               (env.shop.cancel_exchange, ex.id, "exchange_id")):
            theirs = await call(bob, rid, now=env.now)
            missing = await call(alice, "RX-NOPE-0000", now=env.now)
            assert (theirs.ok, theirs.code, dict(theirs.data)) == (False, codes.NOT_FOUND, {key: rid})
            assert (missing.ok, missing.code, dict(missing.data)) == (False, codes.NOT_FOUND, {key: "RX-NOPE-0000"})
        # A return id is not an exchange id, nor the other way round.
        crossed = await env.shop.cancel_exchange(alice, ret.id, now=env.now)
        assert (crossed.ok, crossed.code) == (False, codes.NOT_FOUND)
        assert [r.status for r in await env.shop.returns_of(alice, oid)] == ["requested"]
        assert [x.status for x in await env.shop.exchanges_of(alice, oid)] == ["requested"]

    async def test_invoice_and_ticket(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        inv = await env.shop.request_invoice(alice, env.ids["A_DELIVERED"], now=env.now)
        assert inv.ok and inv.code == codes.OK and inv.data["invoice"].status == "requested"
        dup = await env.shop.request_invoice(alice, env.ids["A_DELIVERED"], now=env.now)
        assert (dup.ok, dup.code) == (True, codes.ALREADY_REQUESTED)
        unpaid = await env.shop.request_invoice(alice, env.ids["A_PENDING"], now=env.now)
        assert (unpaid.ok, unpaid.code) == (False, codes.NOT_PAID)
        t = await env.shop.create_ticket(alice, ALICE, "conv-1", "human_agent", ["user: help"], now=env.now)
        assert t.ok and t.data["ticket"].id
        anon = await env.shop.create_ticket(None, STRANGER, "conv-2", "human_agent", [], now=env.now)
        assert anon.ok and anon.data["ticket"].customer_id is None

    async def test_tickets_of_lists_the_customers_own_cases_with_their_order(self, env: ContractEnv) -> None:
        alice, bob = await self.alice(env), await self.bob(env)
        assert list(await env.shop.tickets_of(alice)) == []
        oid = env.ids["A_SHIPPED"]
        first = await env.shop.create_ticket(alice, ALICE, "conv-1", "delivery_issue", ["user: where is it"],
                                             now=env.now, order_id=oid)
        assert first.ok and first.data["ticket"].order_id == oid
        later = env.now + timedelta(minutes=5)
        second = await env.shop.create_ticket(alice, ALICE, "conv-1", "human_agent", ["user: a person"], now=later)
        await env.shop.create_ticket(None, STRANGER, "conv-2", "human_agent", [], now=env.now)
        mine = list(await env.shop.tickets_of(alice))
        assert [t.id for t in mine] == [second.data["ticket"].id, first.data["ticket"].id]     # newest first
        assert [(t.reason, t.status, t.order_id) for t in mine] == [("human_agent", "open", None),
                                                                  ("delivery_issue", "open", oid)]
        assert all(t.customer_id == alice.id for t in mine)
        assert list(await env.shop.tickets_of(bob)) == []        # never another customer's cases
        # A new detail goes onto the open case; never onto someone else's.
        added = await env.shop.add_to_ticket(alice, first.data["ticket"].id, ["user: neighbours don't have it"],
                                             now=later)
        assert added.ok and added.data["ticket"].transcript[0] == "user: where is it"
        assert added.data["ticket"].transcript[-1].endswith("user: neighbours don't have it")
        assert len(added.data["ticket"].transcript) == 2
        theirs = await env.shop.add_to_ticket(bob, first.data["ticket"].id, ["user: x"], now=later)
        assert (theirs.ok, theirs.code) == (False, codes.NOT_FOUND)

    # ------------------------------------------------------------------ ownership
    async def test_every_mutation_on_someone_elses_order_refuses_like_a_missing_one(self, env: ContractEnv) -> None:
        alice, bob = await self.alice(env), await self.bob(env)
        snapshot = {r: await env.shop.order(bob, env.ids[r]) for r in ("B_PAID", "B_DELIVERED")}
        bob_stock = (await env.shop.variant(env.sku("SP-AX"))).stock
        now = env.now
        calls = {
            "cancel_order": lambda o: env.shop.cancel_order(alice, o, now=now),
            "change_shipping_address": lambda o: env.shop.change_shipping_address(alice, o, "x st", now=now),
            "change_items": lambda o: env.shop.change_items(alice, o, [ItemSwap(env.sku("SP-GH"), 1, env.sku("SP-AX"))],
                                                            now=now),
            "change_payment_method": lambda o: env.shop.change_payment_method(alice, o, env.pm("pm_a_paypal"),
                                                                              now=now),
            "create_return": lambda o: env.shop.create_return(alice, o, [(env.sku("SH-M-WH"), 1)], "x", now=now),
            "create_return_whole": lambda o: env.shop.create_return(alice, o, None, "x", now=now),
            "create_exchange": lambda o: env.shop.create_exchange(alice, o, [ItemSwap(env.sku("SH-M-WH"), 1,
                                                                                      env.sku("SH-L-WH"))],
                                                                  "L", None, now=now),
            "request_invoice": lambda o: env.shop.request_invoice(alice, o, now=now),
        }
        for name, call in calls.items():
            for role in ("B_PAID", "B_DELIVERED"):
                theirs = await call(env.ids[role])
                missing = await call(env.missing_order_id)
                assert (theirs.ok, theirs.code) == (missing.ok, missing.code) == (False, codes.NOT_FOUND), name
                assert dict(theirs.data) == {"order_id": env.ids[role]}, name
                assert dict(missing.data) == {"order_id": env.missing_order_id}, name
        for role, before in snapshot.items():
            assert await env.shop.order(bob, env.ids[role]) == before
            assert list(await env.shop.changes_of(bob, env.ids[role])) == []
            assert list(await env.shop.returns_of(bob, env.ids[role])) == []
            assert list(await env.shop.exchanges_of(bob, env.ids[role])) == []
        assert (await env.shop.variant(env.sku("SP-AX"))).stock == bob_stock
        assert list(await env.shop.refund_status(bob)) == []

    async def test_someone_elses_payment_method_refuses_like_an_unknown_one(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        oid = env.ids["A_PAID"]
        before = await env.shop.order(alice, oid)
        for pm in (env.pm("pm_b_card"), "pm_nobody"):
            results = [
                await env.shop.change_payment_method(alice, oid, pm, now=env.now),
                await env.shop.change_items(alice, oid, [ItemSwap(env.sku("KET-15-ST"), 1, env.sku("KET-17-ST"))],
                                            payment_method_id=pm, now=env.now),
                await env.shop.create_return(alice, env.ids["A_DELIVERED"], [(env.sku("SH-M-WH"), 1)], "x",
                                             refund_to=pm, now=env.now),
            ]
            for out in results:
                assert (out.ok, out.code, dict(out.data)) == (False, codes.PAYMENT_METHOD_NOT_FOUND,
                                                              {"payment_method_id": pm})
        assert await env.shop.order(alice, oid) == before
        assert list(await env.shop.returns_of(alice, env.ids["A_DELIVERED"])) == []
