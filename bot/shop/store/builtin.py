"""The built-in shop: `bot.shop.Shop` over the bot's own store (SQLite, or PostgreSQL).

Ownership and policy live here (the store below is raw data access): every call resolves
the order through `_owned`, so someone else's order is exactly a missing one, then asks the
pure rules of bot.shop.policy, then writes in one store transaction.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.shop import codes, order_ids
from bot.shop import policy as rules
from bot.shop.catalog import search, variant_index
from bot.shop.models import (
    Customer,
    ExchangeItem,
    ExchangeRecord,
    Invoice,
    ItemQty,
    ItemSwap,
    Order,
    OrderChange,
    Outcome,
    Policies,
    Product,
    ProductHit,
    RefundRecord,
    ReturnRecord,
    ShopCheck,
    Ticket,
    Variant,
)
from bot.shop.policy import Decision
from bot.shop.store.store import Store, StoreConflict

if TYPE_CHECKING:  # pragma: no cover
    from bot.core.settings import Settings

# Invoices are for orders that were paid for and not cancelled.
_INVOICEABLE = ("paid", "shipped", "delivered", "returned")


def _refused(decision: Decision) -> Outcome:
    return Outcome(False, decision.code, dict(decision.params))


class BuiltinShop:
    backend = "builtin"

    def __init__(self, store: Store, owns_store: bool = False, closer: Any = None) -> None:
        self.store = store
        self._owns = owns_store
        self._closer = closer

    @classmethod
    async def open(cls, settings: Settings) -> BuiltinShop:
        """Open the configured database with the key ring (as `aftersales store` does)."""
        from bot import db
        from privacy.keys import FieldCipher, KeyRing

        conn = await db.connect(settings.db_path)
        keyring = await KeyRing.from_settings(settings, conn)
        store = await Store.open(settings.db_path, cipher=FieldCipher(keyring),
                                 default_policies=Policies.from_settings(settings))
        return cls(store, owns_store=True, closer=conn.close)

    async def close(self) -> None:
        if self._owns:
            await self.store.close()
            if self._closer is not None:
                await self._closer()
            self._owns = False

    async def check(self) -> ShopCheck:
        try:
            counts = await self.store.counts()
            await self.store.policies()
        except Exception as exc:  # noqa: BLE001 - reported, never raised
            return ShopCheck(self.backend, False, {}, f"{type(exc).__name__}: store not readable")
        return ShopCheck(self.backend, True, counts, "")

    async def policies(self) -> Policies:
        return await self.store.policies()

    # ------------------------------------------------------------------ reads
    async def customer_for_identity(self, identity: str) -> Customer | None:
        return await self.store.customer_for_identity(identity)

    async def customers(self) -> Sequence[Customer]:
        return await self.store.customers()

    async def orders_of(self, customer: Customer) -> Sequence[Order]:
        return await self.store.list_orders(customer.id) if customer is not None else []

    async def _owned(self, customer: Customer | None, order_id: str | None) -> Order | None:
        """The order if it exists and belongs to `customer`; None otherwise (one answer for all)."""
        if customer is None or not order_id or not isinstance(order_id, str):
            return None
        order = await self.store.get_order(order_id)
        if order is None or order.customer_id != customer.id:
            # As the customer wrote it: '#' optional, any case, spaces/hyphens typed inside —
            # matched against their own ids only.
            own = order_ids.resolve(order_id, [o.id for o in await self.store.list_orders(customer.id)])
            order = await self.store.get_order(own) if own else None
        if order is None or order.customer_id != customer.id:
            return None
        return order

    async def order(self, customer: Customer, order_id: str) -> Order | None:
        return await self._owned(customer, order_id)

    async def returns_of(self, customer: Customer, order_id: str) -> Sequence[ReturnRecord]:
        order = await self._owned(customer, order_id)
        return await self.store.returns_for_order(order.id) if order else []

    async def exchanges_of(self, customer: Customer, order_id: str) -> Sequence[ExchangeRecord]:
        order = await self._owned(customer, order_id)
        return await self.store.exchanges_for_order(order.id) if order else []

    async def changes_of(self, customer: Customer, order_id: str) -> Sequence[OrderChange]:
        order = await self._owned(customer, order_id)
        return await self.store.changes_for_order(order.id) if order else []

    async def refund_status(self, customer: Customer, order_id: str | None = None) -> Sequence[RefundRecord]:
        if customer is None:
            return []
        if order_id is not None:
            order = await self._owned(customer, order_id)
            if order is None:
                return []
            order_id = order.id
        return await self.store.refunds_for_customer(customer.id, order_id)

    async def products(self) -> Sequence[Product]:
        return await self.store.products()

    async def product(self, product_id: str) -> Product | None:
        return await self.store.product(product_id)

    async def variant(self, sku: str) -> Variant | None:
        return await self.store.variant(sku)

    async def search_products(self, text: str, lang: str | None = None) -> Sequence[ProductHit]:
        return search(await self.store.products(), text, lang)

    # ------------------------------------------------------------------ plumbing
    @staticmethod
    def _not_found(order_id: str) -> Outcome:
        return Outcome(False, codes.NOT_FOUND, {"order_id": order_id})

    @staticmethod
    def _pm_not_found(pm_id: str | None) -> Outcome:
        return Outcome(False, codes.PAYMENT_METHOD_NOT_FOUND, {"payment_method_id": pm_id})

    async def _catalogue(self) -> tuple[dict[str, Variant], dict[str, Product]]:
        products = await self.store.products()
        return variant_index(products), {p.id: p for p in products}

    # ------------------------------------------------------------------ before shipping
    async def cancel_order(self, customer: Customer, order_id: str, *, now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        decision = rules.can_cancel(order)
        if not decision.ok:
            return _refused(decision)
        refund_amount = order.total if order.status == "paid" else None
        try:
            refund = await self.store.cancel_order(order.id, now, refund_amount, expected=(order.status,),
                                                   refund_to=order.payment_method_id)
        except StoreConflict:
            return Outcome(False, codes.CONFLICT, {"order_id": order.id})
        changes = await self.store.changes_for_order(order.id)
        return Outcome(True, codes.OK, {"order_id": order.id, "status": "cancelled", "previous_status": order.status,
                                        "change": changes[-1] if changes else None, "refund": refund})

    async def change_shipping_address(self, customer: Customer, order_id: str, address: str, *,
                                      now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        decision = rules.can_change_address(order)
        if not decision.ok:
            return _refused(decision)
        if not address or not address.strip():
            return Outcome(False, codes.ADDRESS_REQUIRED, {"order_id": order.id})
        try:
            change = await self.store.set_shipping_address(order.id, address.strip(), expected=(order.status,),
                                                           now=now)
        except StoreConflict:
            return Outcome(False, codes.CONFLICT, {"order_id": order.id})
        return Outcome(True, codes.OK, {"order_id": order.id, "status": order.status, "change": change})

    async def change_items(self, customer: Customer, order_id: str, swaps: Sequence[ItemSwap], *,
                           payment_method_id: str | None = None, now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        if payment_method_id is not None and customer.payment_method(payment_method_id) is None:
            return self._pm_not_found(payment_method_id)
        variants, products = await self._catalogue()
        decision = rules.plan_item_change(order, [ItemSwap(*s) for s in swaps], variants, products)
        if not decision.ok:
            return _refused(decision)
        p = decision.params
        pm = payment_method_id or order.payment_method_id
        try:
            change, refund = await self.store.change_items(
                order.id, p["lines"], p["total"], p["before"], p["after"], p["stock"], p["price_difference"], pm,
                expected=(order.status,), now=now, refund_due=order.status != "pending")
        except StoreConflict:
            return Outcome(False, codes.CONFLICT, {"order_id": order.id})
        return Outcome(True, codes.OK, {"order_id": order.id, "change": change,
                                        "price_difference": p["price_difference"], "currency": order.currency,
                                        "payment_method_id": pm, "refund": refund,
                                        "order": await self.store.get_order(order.id)})

    async def change_payment_method(self, customer: Customer, order_id: str, payment_method_id: str, *,
                                    now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        decision = rules.can_change_payment(order, customer, payment_method_id)
        if not decision.ok:
            return _refused(decision)
        try:
            change = await self.store.set_payment_method(order.id, payment_method_id, (order.status,), now)
        except StoreConflict:
            return Outcome(False, codes.CONFLICT, {"order_id": order.id})
        return Outcome(True, codes.OK, {"order_id": order.id, "payment_method_id": payment_method_id,
                                        "change": change})

    async def change_default_address(self, customer: Customer, address: str, *, now: datetime) -> Outcome:
        if customer is None:
            return Outcome(False, codes.NOT_FOUND, {})
        if not address or not address.strip():
            return Outcome(False, codes.ADDRESS_REQUIRED, {"customer_id": customer.id})
        await self.store.set_default_address(customer.id, address.strip())
        return Outcome(True, codes.OK, {"customer_id": customer.id})

    # ------------------------------------------------------------------ after delivery
    async def create_return(self, customer: Customer, order_id: str, items: Sequence[ItemQty] | None,
                            reason: str | None, refund_to: str | None = None, *, now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        if refund_to is not None and customer.payment_method(refund_to) is None:
            return self._pm_not_found(refund_to)
        decision = rules.can_return(order, await self.policies(), now,
                                    returns=await self.store.returns_for_order(order.id),
                                    items=None if items is None else [ItemQty(*i) for i in items])
        if not decision.ok:
            return _refused(decision)
        chosen = decision.params["items"]
        destination = refund_to or order.payment_method_id
        ret, refund = await self.store.create_return(order.id, reason, chosen, now, decision.params["amount"],
                                                     destination)
        return Outcome(True, codes.OK, {"order_id": order.id, "return": ret, "refund": refund,
                                        "excluded": decision.params["excluded"], "skus": decision.params["skus"]})

    async def create_exchange(self, customer: Customer, order_id: str, items: Sequence[ItemSwap],
                              wanted: str, reason: str | None, *, now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        variants, _ = await self._catalogue()
        swaps = [ItemSwap(*s) for s in items or ()]
        decision = rules.can_exchange(order, await self.policies(), now, sku=None,
                                      exchanges=await self.store.exchanges_for_order(order.id),
                                      returns=await self.store.returns_for_order(order.id),
                                      swaps=swaps or None, variants=variants)
        if not decision.ok:
            return _refused(decision)
        return await self._record_exchange(order, decision, wanted, reason, now)

    async def _record_exchange(self, order: Order, decision: Decision, wanted: str, reason: str | None,
                               now: datetime) -> Outcome:
        swaps: list[ItemSwap] = decision.params["swaps"]
        ex_items = tuple(ExchangeItem(s.sku, s.qty, s.new_sku) for s in swaps)
        stock: dict[str, int] = {}
        for s in swaps:
            if s.new_sku is not None:            # the replacement units leave the warehouse
                stock[s.new_sku] = stock.get(s.new_sku, 0) - s.qty
        difference: Decimal | None = decision.params["price_difference"]
        ex = await self.store.create_exchange(order.id, ex_items, wanted, reason, now, difference, stock)
        return Outcome(True, codes.OK, {"order_id": order.id, "exchange": ex, "price_difference": difference,
                                        "currency": order.currency})

    # ------------------------------------------------------------------ withdrawing a request
    async def _own_request(self, customer: Customer | None, kind: str, record_id: str
                           ) -> tuple[Order, ReturnRecord | ExchangeRecord] | None:
        """The customer's own return / exchange by id (case and spaces as typed); None otherwise."""
        if customer is None or not isinstance(record_id, str) or not record_id.strip():
            return None
        wanted = record_id.strip().upper()
        for order in await self.store.list_orders(customer.id):
            records: Sequence[ReturnRecord | ExchangeRecord] = (
                await self.store.returns_for_order(order.id) if kind == "return"
                else await self.store.exchanges_for_order(order.id))
            for rec in records:
                if rec.id.upper() == wanted:
                    return order, rec
        return None

    async def cancel_return(self, customer: Customer, return_id: str, *, now: datetime) -> Outcome:
        found = await self._own_request(customer, "return", return_id)
        if found is None:
            return Outcome(False, codes.NOT_FOUND, {"return_id": return_id})
        order, ret = found
        refunds = await self.store.refunds_for_customer(customer.id, order.id)
        decision = rules.can_withdraw(ret, refunds)
        if not decision.ok:
            return _refused(decision)
        try:
            await self.store.withdraw_request("return", ret.id, ret.status)
        except StoreConflict:
            return Outcome(False, codes.CONFLICT, {"return_id": ret.id, "order_id": order.id})
        after = next(r for r in await self.store.returns_for_order(order.id) if r.id == ret.id)
        refund = next((r for r in await self.store.refunds_for_customer(customer.id, order.id)
                       if r.return_id == ret.id and r.status == "cancelled"), None)
        return Outcome(True, codes.OK, {"return_id": ret.id, "order_id": order.id, "previous_status": ret.status,
                                        "return": after, "refund": refund})

    async def cancel_exchange(self, customer: Customer, exchange_id: str, *, now: datetime) -> Outcome:
        found = await self._own_request(customer, "exchange", exchange_id)
        if found is None:
            return Outcome(False, codes.NOT_FOUND, {"exchange_id": exchange_id})
        order, ex = found
        decision = rules.can_withdraw(ex)
        if not decision.ok:
            return _refused(decision)
        released: dict[str, int] = {}
        for item in getattr(ex, "items", ()):
            if getattr(item, "new_sku", None):           # the replacement units go back on the shelf
                released[item.new_sku] = released.get(item.new_sku, 0) + int(item.qty)
        try:
            await self.store.withdraw_request("exchange", ex.id, ex.status, released)
        except StoreConflict:
            return Outcome(False, codes.CONFLICT, {"exchange_id": ex.id, "order_id": order.id})
        after = next(x for x in await self.store.exchanges_for_order(order.id) if x.id == ex.id)
        return Outcome(True, codes.OK, {"exchange_id": ex.id, "order_id": order.id, "previous_status": ex.status,
                                        "exchange": after})

    # ------------------------------------------------------------------ paperwork and people
    async def request_invoice(self, customer: Customer, order_id: str, title: str | None = None, *,
                              now: datetime) -> Outcome:
        order = await self._owned(customer, order_id)
        if order is None:
            return self._not_found(order_id)
        if order.status == "cancelled":
            return Outcome(False, codes.ALREADY_CANCELLED, {"order_id": order.id})
        if order.status not in _INVOICEABLE:
            return Outcome(False, codes.NOT_PAID, {"order_id": order.id, "status": order.status})
        existing = [i for i in await self.store.invoices_for_order(order.id) if i.status != "cancelled"]
        if existing:
            inv = existing[0]
            issued = inv.status == "issued"     # an issued invoice is re-issued by a person
            if title and not issued:
                await self.store.set_invoice_title(inv.id, order.id, title)
            code = codes.ALREADY_ISSUED if issued else codes.TITLE_ADDED if title else codes.ALREADY_REQUESTED
        else:
            inv = await self.store.create_invoice(order.id, title, now)
            code = codes.OK
        return Outcome(True, code, {"order_id": order.id, "invoice": inv, "total": order.total,
                                    "currency": order.currency})

    async def invoices_of(self, customer: Customer, order_id: str) -> Sequence[Invoice]:
        """The invoices of one of the customer's own orders (titles unsealed: personal data)."""
        order = await self._owned(customer, order_id)
        return list(await self.store.invoices_for_order(order.id)) if order is not None else []

    async def create_ticket(self, customer: Customer | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], *, now: datetime,
                            order_id: str | None = None) -> Outcome:
        ticket = await self.store.create_ticket(customer.id if customer else None, identity, conversation,
                                                reason, list(transcript), now, order_id=order_id)
        return Outcome(True, codes.OK, {"ticket": ticket})

    async def tickets_of(self, customer: Customer) -> Sequence[Ticket]:
        return await self.store.tickets_of(customer.id)

    async def add_to_ticket(self, customer: Customer, ticket_id: str, lines: Sequence[str], *,
                            now: datetime) -> Outcome:
        if not any(t.id == ticket_id for t in await self.store.tickets_of(customer.id)):
            return Outcome(False, codes.NOT_FOUND, {"ticket_id": ticket_id})
        ticket = await self.store.add_to_ticket(ticket_id, [f"[{now.isoformat(timespec='seconds')}] {x}" for x in lines])
        return Outcome(True, codes.OK, {"ticket": ticket})
