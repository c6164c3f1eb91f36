"""The Medusa v2 connector: the `Shop` interface over Medusa's admin HTTP API.

A thin mapping. Reads come from Medusa each time (orders, customers, products, variants,
inventory); changes go through Medusa's own workflows so a shop's staff see them in its admin:

    cancel            POST /admin/orders/{id}/cancel          (Medusa refunds captured payments)
    shipping address  POST /admin/orders/{id}                  (an "update_order" order change)
    items             /admin/order-edits: create → items → request → confirm
    return            /admin/returns: create → request-items → request
    exchange          /admin/exchanges: create → inbound items → outbound items → request
    withdraw return   POST /admin/returns/{id}/cancel          (bot.shop.policy.can_withdraw first)
    withdraw exchange POST /admin/exchanges/{id}/cancel        (cancels its return too)
    invoice           order metadata `aftersales_invoice` (Medusa has no invoices)
    default address   /admin/customers/{id}/addresses

Policy (windows, categories, unshipped-only, same-product swaps, stock) is decided here with
bot.shop.policy before anything is written; Medusa's own refusals come back as `codes.REFUSED`
with its message, an unreachable Medusa as `codes.UNAVAILABLE`. Every status, money and
identity mapping is in bot/shop/medusa_map.py and documented in docs/medusa.md.

Configuration (`[shop]`): backend = "medusa", base_url, identity ("metadata" | "email" |
"phone"), identity_key, timeout_s, retries; secret AFTERSALES_MEDUSA_API_KEY, or
AFTERSALES_MEDUSA_EMAIL + AFTERSALES_MEDUSA_PASSWORD for an admin login.
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.core.errors import ConfigError
from bot.shop import catalog, codes
from bot.shop import medusa_map as mm
from bot.shop import policy as rules
from bot.shop.medusa_http import MedusaClient, MedusaRefused, MedusaUnavailable
from bot.shop.models import (
    Customer,
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
from bot.shop.order_ids import same_id

if TYPE_CHECKING:  # pragma: no cover
    from bot.core.settings import Settings
    from bot.shop.store import Store

IDENTITY_MODES = ("metadata", "email", "phone")
_PAGE = 100
_MAX_PAGES = 50          # a customer scan stops at 5,000 customers (metadata mode; docs/medusa.md)
_EMAIL_PREFIXES = ("email", "web", "mail")
_PHONE_PREFIXES = ("phone", "whatsapp", "sms", "tel")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class MedusaShop:
    backend = "medusa"

    def __init__(self, client: MedusaClient, *, policies: Policies, identity: str = "metadata",
                 identity_key: str = "aftersales_identities", store: Store | None = None) -> None:
        if identity not in IDENTITY_MODES:
            raise ConfigError("shop.identity", f"must be one of {', '.join(IDENTITY_MODES)}; got {identity!r}")
        self.client = client
        self._policies = policies
        self.identity = identity
        self.identity_key = identity_key
        self.store = store         # the bot's own store: tickets live there (Medusa has no helpdesk)
        self._currency: str | None = None

    # ------------------------------------------------------------------ lifecycle / health
    async def close(self) -> None:
        await self.client.close()

    async def check(self) -> ShopCheck:
        try:
            counts = {}
            for name, path in (("customers", "/admin/customers"), ("orders", "/admin/orders"),
                               ("products", "/admin/products"), ("variants", "/admin/product-variants")):
                counts[name] = int((await self.client.get(path, {"limit": 1, "fields": "id"})).get("count", 0))
            return ShopCheck(self.backend, True, counts)
        except MedusaUnavailable as exc:
            return ShopCheck(self.backend, False, {}, str(exc))
        except MedusaRefused as exc:
            why = "the API key or login was refused" if exc.status in (401, 403) else exc.detail
            return ShopCheck(self.backend, False, {}, f"Medusa at {self.client.base_url}: {why}")

    async def policies(self) -> Policies:
        return self._policies

    # ------------------------------------------------------------------ raw reads
    async def _all(self, path: str, key: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for page in range(_MAX_PAGES):
            body = await self.client.get(path, {**params, "limit": _PAGE, "offset": page * _PAGE})
            rows = body.get(key) or []
            out.extend(rows)
            if len(rows) < _PAGE or len(out) >= int(body.get("count", len(out))):
                break
        return out

    async def _raw_orders(self, customer_id: str) -> list[dict[str, Any]]:
        rows = await self._all("/admin/orders", "orders", {"customer_id": customer_id, "fields": mm.ORDER_FIELDS,
                                                           "order": "-created_at"})
        # Ownership is checked here too, not only trusted to the filter.
        rows = [r for r in rows if r.get("customer_id") == customer_id and r.get("status") != "draft"]
        if rows:
            # Lines exchanges added, so an exchanged order still reads as delivered (medusa_map).
            exchanges = await self._all("/admin/exchanges", "exchanges", {
                "order_id": [r["id"] for r in rows], "fields": "id,order_id,*additional_items"})
            added: dict[str, set[str]] = {}
            for x in exchanges:
                if not x.get("canceled_at"):
                    added.setdefault(x["order_id"], set()).update(
                        a.get("item_id") for a in x.get("additional_items") or [] if a.get("item_id"))
            for r in rows:
                r[mm.ADDED_LINES] = added.get(r["id"], set())
        return rows

    async def _raw_order(self, customer: Customer | None, order_id: str) -> dict[str, Any] | None:
        """The customer's order by any id they may use ("#5", "5", "order_01…"); None otherwise."""
        if customer is None or not order_id or not order_id.strip():
            return None
        for rec in await self._raw_orders(customer.id):
            if same_id(order_id, mm.order_ref(rec)) or same_id(order_id, rec["id"]):
                return rec
        return None

    async def _raw_customer(self, customer_id: str) -> dict[str, Any] | None:
        try:
            body = await self.client.get(f"/admin/customers/{customer_id}",
                                         {"fields": "id,email,phone,first_name,last_name,metadata,*addresses"})
        except MedusaRefused as exc:
            if exc.status == 404:
                return None
            raise
        return body.get("customer")

    async def _customer(self, record: Mapping[str, Any]) -> Customer:
        return mm.customer(record, await self._raw_orders(record["id"]), self.identity_key)

    async def currency(self) -> str:
        if self._currency is None:
            stores = (await self.client.get("/admin/stores", {"fields": "id,*supported_currencies"})).get("stores") or []
            currencies = stores[0].get("supported_currencies") or [] if stores else []
            default = next((c for c in currencies if c.get("is_default")), currencies[0] if currencies else None)
            self._currency = str(default["currency_code"]) if default else "usd"
        return self._currency

    # ------------------------------------------------------------------ customers and orders
    async def customer_for_identity(self, identity: str) -> Customer | None:
        identity = (identity or "").strip()
        if not identity:
            return None
        fields = "id,email,phone,first_name,last_name,metadata,*addresses"
        prefix, _, value = identity.partition(":")
        if self.identity == "metadata":
            rows = await self._all("/admin/customers", "customers", {"fields": fields})
            hits = [r for r in rows if identity in mm.identities_of(r.get("metadata"), self.identity_key)]
        elif self.identity == "email":
            if prefix.lower() not in _EMAIL_PREFIXES or "@" not in value:
                return None
            rows = (await self.client.get("/admin/customers", {"q": value, "fields": fields})).get("customers") or []
            hits = [r for r in rows if (r.get("email") or "").lower() == value.lower()]
        else:
            digits = _digits(value)
            if prefix.lower() not in _PHONE_PREFIXES or len(digits) < 6:
                return None
            rows = await self._all("/admin/customers", "customers", {"fields": fields, "q": digits[-6:]})
            hits = [r for r in rows if r.get("phone") and _digits(r["phone"]).endswith(digits[-9:])
                    and (len(_digits(r["phone"])) >= 9 or _digits(r["phone"]) == digits)]
        # Two customers claiming one identity is ambiguous: nobody is better than the wrong one.
        return await self._customer(hits[0]) if len(hits) == 1 else None

    async def customers(self) -> Sequence[Customer]:
        rows = await self._all("/admin/customers", "customers",
                               {"fields": "id,email,phone,first_name,last_name,metadata,*addresses"})
        return [mm.customer(r, (), self.identity_key) for r in rows]

    async def orders_of(self, customer: Customer) -> Sequence[Order]:
        orders = [mm.order(r) for r in await self._raw_orders(customer.id)]
        return sorted(orders, key=lambda o: o.placed_at, reverse=True)

    async def order(self, customer: Customer, order_id: str) -> Order | None:
        rec = await self._raw_order(customer, order_id)
        return mm.order(rec) if rec else None

    async def _returns_raw(self, order_id: str) -> list[dict[str, Any]]:
        return await self._all("/admin/returns", "returns",
                               {"order_id": order_id, "fields": "id,status,exchange_id,claim_id,refund_amount,"
                                "metadata,created_at,canceled_at,*items"})

    async def returns_of(self, customer: Customer, order_id: str) -> Sequence[ReturnRecord]:
        rec = await self._raw_order(customer, order_id)
        if rec is None:
            return ()
        rows = [r for r in await self._returns_raw(rec["id"]) if not r.get("exchange_id") and not r.get("claim_id")]
        return sorted((mm.return_record(r, rec) for r in rows), key=lambda r: r.created_at)

    async def exchanges_of(self, customer: Customer, order_id: str) -> Sequence[ExchangeRecord]:
        rec = await self._raw_order(customer, order_id)
        if rec is None:
            return ()
        return await self._exchanges(rec)

    async def _exchanges(self, rec: Mapping[str, Any]) -> list[ExchangeRecord]:
        rows = await self._all("/admin/exchanges", "exchanges",
                               {"order_id": rec["id"], "fields": "id,return_id,metadata,created_at,canceled_at,"
                                "difference_due,*additional_items,*additional_items.item"})
        returns = {r["id"]: r for r in await self._returns_raw(rec["id"])}
        return sorted((mm.exchange_record(x, rec, returns.get(x.get("return_id") or "")) for x in rows),
                      key=lambda x: x.created_at)

    async def changes_of(self, customer: Customer, order_id: str) -> Sequence[OrderChange]:
        rec = await self._raw_order(customer, order_id)
        if rec is None:
            return ()
        body = await self.client.get(f"/admin/orders/{rec['id']}/changes")
        out = [c for c in (mm.change_record(ch, rec) for ch in body.get("order_changes") or []) if c]
        out.extend(mm.payment_changes(rec))
        if rec.get("status") == "canceled":
            # Medusa keeps no "status before": an order it refunded on cancelling had been paid.
            before = "paid" if mm.refunds(rec) else "pending"
            out.append(OrderChange(id=f"{rec['id']}:cancel", order_id=mm.order_ref(rec), kind="cancel",
                                   before=before, after="cancelled", created_at=mm.ts(rec.get("canceled_at")) or ""))
        return sorted(out, key=lambda c: c.created_at)

    async def refund_status(self, customer: Customer, order_id: str | None = None) -> Sequence[RefundRecord]:
        if order_id is not None:
            rec = await self._raw_order(customer, order_id)
            recs = [rec] if rec else []
        else:
            recs = await self._raw_orders(customer.id)
        out: list[RefundRecord] = []
        for rec in recs:
            done = mm.refunds(rec)
            out.extend(done)
            # Returns the bot asked for whose refund Medusa has not paid yet: "pending".
            for ret in await self._returns_raw(rec["id"]):
                meta = ret.get("metadata") or {}
                amount = meta.get(mm.META_PREFIX + "refund_amount")
                if amount is None or ret.get("canceled_at") or ret.get("status") == "canceled":
                    continue
                if any(r.id == meta.get(mm.META_PREFIX + "refund_id") for r in done):
                    continue
                out.append(RefundRecord(id=f"{ret['id']}:refund", order_id=mm.order_ref(rec),
                                        amount=Decimal(str(amount)), status="pending",
                                        created_at=mm.ts(ret.get("created_at")) or "",
                                        currency=str(rec.get("currency_code") or "").upper(), reason="return",
                                        return_id=ret["id"], refund_to=meta.get(mm.META_PREFIX + "refund_to")))
        return sorted(out, key=lambda r: r.created_at, reverse=True)

    # ------------------------------------------------------------------ catalogue
    async def _stock(self) -> dict[str, int]:
        rows = await self._all("/admin/inventory-items", "inventory_items", {"fields": "id,sku,*location_levels"})
        return mm.stock_by_sku(rows)

    async def products(self) -> Sequence[Product]:
        rows = await self._all("/admin/products", "products", {"fields": mm.PRODUCT_FIELDS})
        stock = await self._stock()
        currency = await self.currency()
        return [mm.product(r, stock, currency) for r in rows if r.get("status") in (None, "published")]

    async def product(self, product_id: str) -> Product | None:
        try:
            body = await self.client.get(f"/admin/products/{product_id}", {"fields": mm.PRODUCT_FIELDS})
        except MedusaRefused as exc:
            if exc.status in (400, 404):
                return None
            raise
        return mm.product(body["product"], await self._stock(), await self.currency())

    async def variant(self, sku: str) -> Variant | None:
        for p in await self.products():
            v = p.variant(sku)
            if v is not None:
                return v
        return None

    async def search_products(self, text: str, lang: str | None = None) -> Sequence[ProductHit]:
        return catalog.search(await self.products(), text, lang)

    # ------------------------------------------------------------------ plumbing for changes
    async def _guard(self, order_id: str, work: Callable[[], Awaitable[Outcome]]) -> Outcome:
        """Medusa's failures as outcomes: down → unavailable, 409 → conflict, other 4xx → refused."""
        try:
            return await work()
        except MedusaUnavailable:
            return Outcome(False, codes.UNAVAILABLE, {"order_id": order_id})
        except MedusaRefused as exc:
            if exc.status == 409 or "active order change" in exc.message.lower():
                return Outcome(False, codes.CONFLICT, {"order_id": order_id, "detail": exc.detail})
            return Outcome(False, codes.REFUSED, {"order_id": order_id, "detail": exc.detail})

    @staticmethod
    def _not_found(order_id: str) -> Outcome:
        return Outcome(False, codes.NOT_FOUND, {"order_id": order_id})

    @staticmethod
    def _refuse(decision: rules.Decision) -> Outcome:
        return Outcome(False, decision.code, dict(decision.params))

    async def _set_metadata(self, rec: Mapping[str, Any], **values: Any) -> None:
        meta = dict(rec.get("metadata") or {})
        meta.update({mm.META_PREFIX + k: v for k, v in values.items()})
        await self.client.post(f"/admin/orders/{rec['id']}", {"metadata": meta})

    async def _fresh(self, rec: Mapping[str, Any]) -> dict[str, Any]:
        fresh = (await self.client.get(f"/admin/orders/{rec['id']}", {"fields": mm.ORDER_FIELDS}))["order"]
        fresh[mm.ADDED_LINES] = rec.get(mm.ADDED_LINES, set())
        return fresh

    # ------------------------------------------------------------------ changes before shipping
    async def cancel_order(self, customer: Customer, order_id: str, *, now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            before = mm.order(rec)
            decision = rules.can_cancel(before)
            if not decision.ok:
                return self._refuse(decision)
            await self.client.post(f"/admin/orders/{rec['id']}/cancel", {})
            after = await self._fresh(rec)
            refunds = mm.refunds(after)
            refund = None
            if refunds:
                refund = RefundRecord(id=refunds[-1].id, order_id=before.id,
                                      amount=sum((r.amount for r in refunds), Decimal(0)), status="processing",
                                      created_at=refunds[-1].created_at, currency=before.currency,
                                      reason="cancelled", refund_to=before.payment_method_id)
            change = OrderChange(id=f"{rec['id']}:cancel", order_id=before.id, kind="cancel", before=before.status,
                                 after="cancelled", created_at=mm.ts(after.get("canceled_at")) or now.isoformat())
            return Outcome(True, codes.OK, {"order_id": before.id, "previous_status": before.status,
                                            "change": change, "refund": refund})
        return await self._guard(order_id, work)

    async def change_shipping_address(self, customer: Customer, order_id: str, address: str, *,
                                      now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            if not address or not address.strip():
                return Outcome(False, codes.ADDRESS_REQUIRED, {"order_id": mm.order_ref(rec)})
            before = mm.order(rec)
            decision = rules.can_change_address(before)
            if not decision.ok:
                return self._refuse(decision)
            body = await self.client.post(f"/admin/orders/{rec['id']}",
                                          {"shipping_address": mm.address_payload(address, rec.get("shipping_address"))})
            after = mm.format_address((body.get("order") or {}).get("shipping_address")) or address.strip()
            change = OrderChange(id=f"{rec['id']}:address:{uuid.uuid4().hex[:8]}", order_id=before.id,
                                 kind="address", before=before.shipping_address, after=after,
                                 created_at=now.isoformat())
            for ch in (await self.client.get(f"/admin/orders/{rec['id']}/changes")).get("order_changes") or []:
                mapped = mm.change_record(ch, rec)
                if mapped and mapped.kind == "address" and mapped.after == after:
                    change = mapped          # Medusa's own record of it, when it kept one
            return Outcome(True, codes.OK, {"order_id": before.id, "status": before.status, "change": change})
        return await self._guard(order_id, work)

    async def change_items(self, customer: Customer, order_id: str, swaps: Sequence[ItemSwap], *,
                           payment_method_id: str | None = None, now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            before = mm.order(rec)
            pm = payment_method_id or before.payment_method_id
            if payment_method_id is not None and customer.payment_method(payment_method_id) is None:
                fresh = await self._customer({"id": customer.id, **(await self._raw_customer(customer.id) or {})})
                if fresh.payment_method(payment_method_id) is None:
                    return Outcome(False, codes.PAYMENT_METHOD_NOT_FOUND, {"payment_method_id": payment_method_id})
            decision = rules.can_change_address(before)      # the same rule: only before shipping
            if not decision.ok:
                return self._refuse(decision)
            plan = await self._plan_swaps(before, [ItemSwap(*s) for s in swaps])
            if isinstance(plan, Outcome):
                return plan
            after_qty, adds, diff = plan
            lines = {it["variant_sku"]: it for it in rec.get("items") or []}
            before_qty = tuple(ItemQty(i.sku, i.qty) for i in before.items)
            meta = {mm.META_PREFIX + "before": [{"sku": s, "qty": q} for s, q in before_qty],
                    mm.META_PREFIX + "after": [{"sku": s, "qty": q} for s, q in after_qty],
                    mm.META_PREFIX + "price_difference": str(diff),
                    mm.META_PREFIX + "payment_method_id": pm}
            edit = (await self.client.post("/admin/order-edits", {
                "order_id": rec["id"], "description": "Requested by the customer through the after-sales bot",
                "metadata": meta}))["order_change"]
            try:
                new_qty = dict(after_qty)
                for sku, line in lines.items():
                    want = new_qty.get(sku, 0)
                    if want != int(mm.dec(line, "quantity") or 0):
                        await self.client.post(f"/admin/order-edits/{rec['id']}/items/item/{line['id']}",
                                               {"quantity": want})
                if adds:
                    await self.client.post(f"/admin/order-edits/{rec['id']}/items", {"items": [
                        {"variant_id": vid, "quantity": qty} for vid, qty in adds]})
                await self.client.post(f"/admin/order-edits/{rec['id']}/request", {})
                await self.client.post(f"/admin/order-edits/{rec['id']}/confirm", {})
            except (MedusaRefused, MedusaUnavailable):
                # Leave no half-made edit behind: staff would otherwise find a stray request.
                try:
                    await self.client.delete(f"/admin/order-edits/{rec['id']}")
                except (MedusaRefused, MedusaUnavailable):
                    pass
                raise
            after_rec = await self._fresh(rec)
            # Medusa drops metadata given when an order edit is created: the bot's account of the
            # edit (lines before/after, difference, payment method) goes on the order, by change id.
            edits = dict((after_rec.get("metadata") or {}).get(mm.META_PREFIX + "edits") or {})
            edits[edit["id"]] = meta
            await self._set_metadata(after_rec, edits=edits)
            refund = None
            # Refund only what the customer paid beyond the new total (Medusa's own accounting):
            # a cheaper line after a not-yet-paid increase settles against that, not the card.
            overpaid = -(mm.dec(after_rec.get("summary") or {}, "pending_difference") or Decimal(0))
            if diff < 0 and overpaid > 0:
                refund = await self._refund_difference(after_rec, min(-diff, overpaid), before)
            change = OrderChange(id=edit["id"], order_id=before.id, kind="items", before=before_qty,
                                 after=tuple(after_qty), created_at=mm.ts(edit.get("created_at")) or now.isoformat(),
                                 price_difference=diff, payment_method_id=pm)
            return Outcome(True, codes.OK, {"order_id": before.id, "change": change, "price_difference": diff,
                                            "currency": before.currency, "payment_method_id": pm,
                                            "refund": refund, "order": mm.order(after_rec)})
        return await self._guard(order_id, work)

    async def _plan_swaps(self, order: Order, swaps: list[ItemSwap]
                          ) -> Outcome | tuple[list[ItemQty], list[tuple[str, int]], Decimal]:
        """The order's lines after the swaps, the (variant id, qty) lines to add, the price difference."""
        if not swaps:
            return Outcome(False, codes.NO_CHANGE, {"order_id": order.id})
        products = {p.id: p for p in await self.products()}
        if not products:
            return Outcome(False, codes.NO_CATALOGUE, {"order_id": order.id})
        variants = catalog.variant_index(list(products.values()))
        qty = {i.sku: i.qty for i in order.items}
        price = {i.sku: i.price for i in order.items}
        new = dict(qty)
        for swap in swaps:
            line = order.item(swap.sku)
            if line is None:
                return Outcome(False, codes.ITEM_NOT_FOUND, {"order_id": order.id, "sku": swap.sku})
            if swap.qty < 0 or isinstance(swap.qty, bool):
                return Outcome(False, codes.INVALID_QUANTITY, {"order_id": order.id, "sku": swap.sku, "qty": swap.qty})
            target = variants.get(swap.new_sku)
            if target is None:
                return Outcome(False, codes.VARIANT_NOT_FOUND, {"order_id": order.id, "sku": swap.new_sku})
            if line.product_id and target.product_id != line.product_id:
                return Outcome(False, codes.DIFFERENT_PRODUCT, {"order_id": order.id, "sku": swap.sku,
                                                                "new_sku": swap.new_sku})
            # The line's units become `qty` units of new_sku. Lines already on the order keep the
            # price paid (Medusa keeps an edited line's unit price); a new line costs today's price.
            new[swap.sku] = new.get(swap.sku, 0) - line.qty
            new[swap.new_sku] = new.get(swap.new_sku, 0) + swap.qty
            price.setdefault(swap.new_sku, target.price)
        new = {s: q for s, q in new.items() if q > 0}
        if not new:
            return Outcome(False, codes.EMPTY_ORDER, {"order_id": order.id})
        if new == {s: q for s, q in qty.items() if q > 0}:
            return Outcome(False, codes.NO_CHANGE, {"order_id": order.id})
        adds: list[tuple[str, int]] = []
        vids = await self._variant_ids()
        for sku, q in new.items():
            extra = q - qty.get(sku, 0)
            if extra > 0:
                if variants[sku].stock < extra:
                    return Outcome(False, codes.OUT_OF_STOCK, {"order_id": order.id, "sku": sku,
                                                               "stock": variants[sku].stock})
                if sku not in qty:
                    adds.append((vids[sku], q))
        diff = sum((price[s] * q for s, q in new.items()), Decimal(0)) - \
            sum((price[s] * q for s, q in qty.items()), Decimal(0))
        after = [ItemQty(s, new[s]) for s in [*qty, *[s for s in new if s not in qty]] if s in new]
        return after, adds, diff

    async def _variant_ids(self) -> dict[str, str]:
        rows = await self._all("/admin/product-variants", "variants", {"fields": "id,sku"})
        return {r["sku"]: r["id"] for r in rows if r.get("sku")}

    async def _refund_difference(self, rec: Mapping[str, Any], amount: Decimal, before: Order) -> RefundRecord | None:
        """Refund what the customer overpaid after an edit, through Medusa's payment refund."""
        captured = [p for p in mm.payments(rec) if p.get("captured_at")]
        if not captured:
            return None
        pay = captured[0]
        body = await self.client.post(f"/admin/payments/{pay['id']}/refund",
                                      {"amount": float(amount), "note": "aftersales: price difference"})
        refunds = (body.get("payment") or {}).get("refunds") or []
        rid = refunds[-1]["id"] if refunds else f"{pay['id']}:refund"
        return RefundRecord(id=rid, order_id=before.id, amount=amount, status="processing",
                            created_at=mm.ts(refunds[-1].get("created_at")) if refunds else "",
                            currency=before.currency, reason="price_difference",
                            refund_to=str(pay.get("provider_id")))

    async def change_payment_method(self, customer: Customer, order_id: str, payment_method_id: str, *,
                                    now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            fresh = await self._customer({"id": customer.id, **(await self._raw_customer(customer.id) or {})})
            if fresh.payment_method(payment_method_id) is None:
                return Outcome(False, codes.PAYMENT_METHOD_NOT_FOUND, {"payment_method_id": payment_method_id})
            before = mm.order(rec)
            decision = rules.can_change_address(before)
            if not decision.ok:
                return self._refuse(decision)
            if before.payment_method_id == payment_method_id:
                return Outcome(False, codes.NO_CHANGE, {"order_id": before.id, "payment_method_id": payment_method_id})
            if mm.captured_by_a_real_provider(rec):
                # Money a provider (Stripe, PayPal, …) took cannot be moved to another method
                # through Medusa's admin API: staff refund and collect again. Say so.
                return Outcome(False, codes.REFUSED, {"order_id": before.id, "payment_method_id": payment_method_id,
                                                      "detail": "not_supported: Medusa's admin API cannot move a "
                                                                "provider-captured payment to another method"})
            # Unpaid, or paid by hand (Medusa's system provider): the method is the shop's record
            # on the order, which staff see (and settle) in Medusa.
            change = OrderChange(id=f"{rec['id']}:payment:{uuid.uuid4().hex[:8]}", order_id=before.id,
                                 kind="payment", before=before.payment_method_id, after=payment_method_id,
                                 created_at=now.isoformat())
            history = list((rec.get("metadata") or {}).get(mm.META_PREFIX + "payment_changes") or [])
            history.append({"id": change.id, "before": change.before, "after": change.after,
                            "created_at": change.created_at})
            await self._set_metadata(rec, payment_method_id=payment_method_id, payment_changes=history)
            return Outcome(True, codes.OK, {"order_id": before.id, "payment_method_id": payment_method_id,
                                            "change": change})
        return await self._guard(order_id, work)

    async def change_default_address(self, customer: Customer, address: str, *, now: datetime) -> Outcome:
        async def work() -> Outcome:
            if not address or not address.strip():
                return Outcome(False, codes.ADDRESS_REQUIRED, {"customer_id": customer.id})
            raw = await self._raw_customer(customer.id)
            if raw is None:
                return Outcome(False, codes.NOT_FOUND, {"customer_id": customer.id})
            addresses = raw.get("addresses") or []
            current = next((a for a in addresses if a.get("is_default_shipping")), addresses[0] if addresses else None)
            payload = mm.address_payload(address, current)
            if current:
                await self.client.post(f"/admin/customers/{customer.id}/addresses/{current['id']}",
                                       {**payload, "is_default_shipping": True})
            else:
                payload.setdefault("first_name", (customer.name or "").split(" ")[0] or None)
                await self.client.post(f"/admin/customers/{customer.id}/addresses",
                                       {k: v for k, v in payload.items() if v is not None} | {"is_default_shipping": True})
            return Outcome(True, codes.OK, {"customer_id": customer.id})
        return await self._guard("", work)

    # ------------------------------------------------------------------ after delivery
    async def create_return(self, customer: Customer, order_id: str, items: Sequence[ItemQty] | None,
                            reason: str | None, refund_to: str | None = None, *, now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            dest = refund_to
            if refund_to is not None:
                fresh = await self._customer({"id": customer.id, **(await self._raw_customer(customer.id) or {})})
                if fresh.payment_method(refund_to) is None:
                    return Outcome(False, codes.PAYMENT_METHOD_NOT_FOUND, {"payment_method_id": refund_to})
            order = mm.order(rec)
            dest = dest or order.payment_method_id
            existing = [mm.return_record(r, rec) for r in await self._returns_raw(rec["id"])
                        if not r.get("exchange_id") and not r.get("claim_id")]
            wanted = None if items is None else [ItemQty(*i) for i in items]
            skus = None if wanted is None else [i.sku for i in wanted]
            # Quantities are checked against what open returns already cover, so several
            # partial returns of one line are fine as long as they add up.
            decision = rules.can_return(order, self._policies, now, skus, ())
            if not decision.ok:
                return self._refuse(decision)
            open_qty: dict[str, int] = {}
            for r in existing:
                if r.status not in rules.CLOSED_REQUEST_STATUSES:
                    for it in r.items:
                        open_qty[it.sku] = open_qty.get(it.sku, 0) + it.qty
            chosen: list[ItemQty] = []
            for sku in decision.params["skus"]:
                line = order.item(sku)
                assert line is not None
                left = line.qty - open_qty.get(sku, 0)
                q = next((i.qty for i in wanted if i.sku == sku), left) if wanted is not None else left
                if wanted is not None and (q < 1 or q > left):
                    if left <= 0:
                        return Outcome(False, codes.RETURN_EXISTS, {"order_id": order.id, "sku": sku})
                    return Outcome(False, codes.INVALID_QUANTITY, {"order_id": order.id, "sku": sku, "qty": q,
                                                                   "max": left})
                if q >= 1:
                    chosen.append(ItemQty(sku, q))
            if not chosen:
                return Outcome(False, codes.RETURN_EXISTS, {"order_id": order.id})
            amount = sum((order.item(i.sku).price * i.qty for i in chosen), Decimal(0))  # type: ignore[union-attr]
            line_ids = {it["variant_sku"]: it["id"] for it in rec.get("items") or []}
            meta = {mm.META_PREFIX + "reason": reason, mm.META_PREFIX + "refund_amount": str(amount),
                    mm.META_PREFIX + "refund_to": dest}
            ret = (await self.client.post("/admin/returns", {
                "order_id": rec["id"], "location_id": await self._location_id(rec),
                "description": "Requested by the customer through the after-sales bot", "metadata": meta}))["return"]
            try:
                await self.client.post(f"/admin/returns/{ret['id']}/request-items", {"items": [
                    {"id": line_ids[i.sku], "quantity": i.qty} for i in chosen]})
                await self.client.post(f"/admin/returns/{ret['id']}/request", {})
            except (MedusaRefused, MedusaUnavailable):
                try:
                    await self.client.delete(f"/admin/returns/{ret['id']}/request")
                except (MedusaRefused, MedusaUnavailable):
                    pass
                raise
            got = (await self.client.get(f"/admin/returns/{ret['id']}",
                                         {"fields": "id,status,refund_amount,metadata,created_at,canceled_at,*items"}))
            record = mm.return_record(got["return"], rec)
            refund = RefundRecord(id=f"{ret['id']}:refund", order_id=order.id, amount=amount, status="pending",
                                  created_at=record.created_at, currency=order.currency, reason="return",
                                  return_id=ret["id"], refund_to=dest)
            return Outcome(True, codes.OK, {"order_id": order.id, "return": record, "refund": refund,
                                            "excluded": list(decision.params.get("excluded", []))})
        return await self._guard(order_id, work)

    async def _location_id(self, rec: Mapping[str, Any]) -> str | None:
        """Where returned goods go: the location the order was fulfilled from, else the first one."""
        for f in rec.get("fulfillments") or []:
            if f.get("location_id"):
                return str(f["location_id"])
        rows = (await self.client.get("/admin/stock-locations", {"fields": "id", "limit": 1})).get("stock_locations")
        return rows[0]["id"] if rows else None

    async def create_exchange(self, customer: Customer, order_id: str, items: Sequence[ItemSwap],
                              wanted: str, reason: str | None, *, now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            order = mm.order(rec)
            swaps = [ItemSwap(*s) for s in items]
            returns = [mm.return_record(r, rec) for r in await self._returns_raw(rec["id"])
                       if not r.get("exchange_id") and not r.get("claim_id")]
            exchanges = await self._exchanges(rec)
            if not swaps:
                decision = rules.can_exchange(order, self._policies, now, None, exchanges, returns)
                if not decision.ok:
                    return self._refuse(decision)
                line = order.items[0]
                swaps = [ItemSwap(line.sku, line.qty, line.sku)]
            products = {p.id: p for p in await self.products()}
            variants = catalog.variant_index(list(products.values()))
            for swap in swaps:
                decision = rules.can_exchange(order, self._policies, now, swap.sku, exchanges, returns)
                if not decision.ok:
                    return self._refuse(decision)
                line = order.item(swap.sku)
                assert line is not None
                if swap.qty < 1 or swap.qty > line.qty:
                    return Outcome(False, codes.INVALID_QUANTITY, {"order_id": order.id, "sku": swap.sku,
                                                                   "qty": swap.qty, "max": line.qty})
                target = variants.get(swap.new_sku)
                if target is None:
                    return Outcome(False, codes.VARIANT_NOT_FOUND, {"order_id": order.id, "sku": swap.new_sku})
                if line.product_id and target.product_id != line.product_id:
                    return Outcome(False, codes.DIFFERENT_PRODUCT, {"order_id": order.id, "sku": swap.sku,
                                                                    "new_sku": swap.new_sku})
                if target.stock < swap.qty:
                    return Outcome(False, codes.OUT_OF_STOCK, {"order_id": order.id, "sku": swap.new_sku,
                                                               "stock": target.stock})
            diff = sum((variants[s.new_sku].price * s.qty - order.item(s.sku).price * s.qty  # type: ignore[union-attr]
                        for s in swaps), Decimal(0))
            meta = {mm.META_PREFIX + "reason": reason, mm.META_PREFIX + "wanted": wanted,
                    mm.META_PREFIX + "price_difference": str(diff),
                    mm.META_PREFIX + "items": [{"sku": s.sku, "qty": s.qty, "new_sku": s.new_sku} for s in swaps]}
            ex = (await self.client.post("/admin/exchanges", {
                "order_id": rec["id"], "description": "Requested by the customer through the after-sales bot",
                "metadata": meta}))["exchange"]
            line_ids = {it["variant_sku"]: it["id"] for it in rec.get("items") or []}
            vids = await self._variant_ids()
            try:
                await self.client.post(f"/admin/exchanges/{ex['id']}/inbound/items", {
                    "location_id": await self._location_id(rec),
                    "items": [{"id": line_ids[s.sku], "quantity": s.qty} for s in swaps]})
                await self.client.post(f"/admin/exchanges/{ex['id']}/outbound/items", {
                    "items": [{"variant_id": vids[s.new_sku], "quantity": s.qty} for s in swaps]})
                await self.client.post(f"/admin/exchanges/{ex['id']}/request", {})
            except (MedusaRefused, MedusaUnavailable):
                try:
                    await self.client.delete(f"/admin/exchanges/{ex['id']}/request")
                except (MedusaRefused, MedusaUnavailable):
                    pass
                raise
            record = next((x for x in await self._exchanges(rec) if x.id == ex["id"]), None)
            if record is None:
                return Outcome(False, codes.REFUSED, {"order_id": order.id, "detail": "exchange not found after request"})
            return Outcome(True, codes.OK, {"order_id": order.id, "exchange": record, "price_difference": diff,
                                            "currency": order.currency})
        return await self._guard(order_id, work)

    # ------------------------------------------------------------------ withdrawing a request
    async def _own_return(self, customer: Customer, return_id: str
                          ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The customer's own plain return (not an exchange's or a claim's) by id; None otherwise."""
        wanted = return_id.strip().lower()
        for rec in await self._raw_orders(customer.id):
            for r in await self._returns_raw(rec["id"]):
                if str(r.get("id")).lower() == wanted and not r.get("exchange_id") and not r.get("claim_id"):
                    return rec, r
        return None

    async def _own_exchange(self, customer: Customer, exchange_id: str
                            ) -> tuple[dict[str, Any], ExchangeRecord] | None:
        wanted = exchange_id.strip().lower()
        for rec in await self._raw_orders(customer.id):
            for x in await self._exchanges(rec):
                if x.id.lower() == wanted:
                    return rec, x
        return None

    async def _withdraw(self, key: str, record_id: str, work: Callable[[], Awaitable[Outcome]]) -> Outcome:
        """Medusa's failures of a withdrawal: down → unavailable; a fulfilment already made (the
        replacement sent, the parcel on its way back) → already_shipped; other 4xx → refused."""
        try:
            return await work()
        except MedusaUnavailable:
            return Outcome(False, codes.UNAVAILABLE, {key: record_id})
        except MedusaRefused as exc:
            if "fulfillment" in exc.message.lower():
                return Outcome(False, codes.ALREADY_SHIPPED, {key: record_id, "detail": exc.detail})
            if exc.status == 409:
                return Outcome(False, codes.CONFLICT, {key: record_id, "detail": exc.detail})
            return Outcome(False, codes.REFUSED, {key: record_id, "detail": exc.detail})

    async def cancel_return(self, customer: Customer, return_id: str, *, now: datetime) -> Outcome:
        async def work() -> Outcome:
            found = await self._own_return(customer, return_id) if isinstance(return_id, str) and return_id.strip() \
                else None
            if found is None:
                return Outcome(False, codes.NOT_FOUND, {"return_id": return_id})
            rec, raw = found
            record = mm.return_record(raw, rec)
            meta = raw.get("metadata") or {}
            paid = meta.get(mm.META_PREFIX + "refund_id")
            refunds = [r for r in mm.refunds(rec) if paid and r.id == paid]
            decision = rules.can_withdraw(record, [dataclasses.replace(r, return_id=record.id) for r in refunds])
            if not decision.ok:
                return self._refuse(decision)
            await self.client.post(f"/admin/returns/{raw['id']}/cancel", {})
            got = (await self.client.get(f"/admin/returns/{raw['id']}",
                                         {"fields": "id,status,refund_amount,metadata,created_at,canceled_at,*items"}))
            after = mm.return_record(got["return"], rec)
            amount = meta.get(mm.META_PREFIX + "refund_amount")
            refund = None if amount is None else RefundRecord(
                id=f"{raw['id']}:refund", order_id=after.order_id, amount=Decimal(str(amount)), status="cancelled",
                created_at=after.created_at, currency=str(rec.get("currency_code") or "").upper(), reason="return",
                return_id=raw["id"], refund_to=meta.get(mm.META_PREFIX + "refund_to"))
            return Outcome(True, codes.OK, {"return_id": after.id, "order_id": after.order_id,
                                            "previous_status": record.status, "return": after, "refund": refund})
        return await self._withdraw("return_id", return_id, work)

    async def cancel_exchange(self, customer: Customer, exchange_id: str, *, now: datetime) -> Outcome:
        async def work() -> Outcome:
            found = await self._own_exchange(customer, exchange_id) \
                if isinstance(exchange_id, str) and exchange_id.strip() else None
            if found is None:
                return Outcome(False, codes.NOT_FOUND, {"exchange_id": exchange_id})
            rec, record = found
            decision = rules.can_withdraw(record)
            if not decision.ok:
                return self._refuse(decision)
            await self.client.post(f"/admin/exchanges/{record.id}/cancel", {})
            after = next((x for x in await self._exchanges(rec) if x.id == record.id), None)
            if after is None or after.status != "cancelled":
                return Outcome(False, codes.REFUSED, {"exchange_id": record.id, "detail": "exchange still open"})
            return Outcome(True, codes.OK, {"exchange_id": after.id, "order_id": after.order_id,
                                            "previous_status": record.status, "exchange": after})
        return await self._withdraw("exchange_id", exchange_id, work)

    # ------------------------------------------------------------------ paperwork and people
    async def request_invoice(self, customer: Customer, order_id: str, title: str | None = None, *,
                              now: datetime) -> Outcome:
        async def work() -> Outcome:
            rec = await self._raw_order(customer, order_id)
            if rec is None:
                return self._not_found(order_id)
            order = mm.order(rec)
            if order.status == "cancelled":
                return Outcome(False, codes.ALREADY_CANCELLED, {"order_id": order.id})
            if order.status == "pending":
                return Outcome(False, codes.NOT_PAID, {"order_id": order.id})
            data = {"order_id": order.id, "total": order.total, "currency": order.currency}
            held = (rec.get("metadata") or {}).get(mm.META_PREFIX + "invoice")
            if isinstance(held, Mapping):
                inv = Invoice(str(held["id"]), order.id, str(held.get("status", "requested")),
                              str(held.get("created_at", "")), held.get("title"))
                if inv.status == "issued":
                    return Outcome(True, codes.ALREADY_ISSUED, {**data, "invoice": inv})
                if title and not inv.title:
                    inv = Invoice(inv.id, inv.order_id, inv.status, inv.created_at, title)
                    await self._set_metadata(rec, invoice={**held, "title": title})
                    return Outcome(True, codes.TITLE_ADDED, {**data, "invoice": inv})
                return Outcome(True, codes.ALREADY_REQUESTED, {**data, "invoice": inv})
            inv = Invoice(f"INV-{uuid.uuid4().hex[:10].upper()}", order.id, "requested", now.isoformat(), title)
            await self._set_metadata(rec, invoice={"id": inv.id, "status": inv.status, "created_at": inv.created_at,
                                                   "title": title})
            return Outcome(True, codes.OK, {**data, "invoice": inv})
        return await self._guard(order_id, work)

    async def create_ticket(self, customer: Customer | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], *, now: datetime,
                            order_id: str | None = None) -> Outcome:
        """Medusa has no helpdesk: tickets go to the bot's own store (where staff already look)."""
        if self.store is None:
            return Outcome(False, codes.REFUSED, {"detail": "tickets need the bot's own store"})
        # The bot's store does not hold Medusa's customers: the ticket is kept under the platform
        # identity there (sealed and erasable like a stranger's), and carries the Medusa id.
        made = await self.store.create_ticket(None, identity, conversation, reason, list(transcript), now,
                                              order_id=order_id)
        return Outcome(True, codes.OK, {"ticket": self._own_ticket(made, customer.id if customer else None)})

    async def tickets_of(self, customer: Customer) -> Sequence[Ticket]:
        """Tickets live in the bot's own store, under the platform identities the customer writes
        from (create_ticket above keeps them there)."""
        if self.store is None or not customer.identities:
            return ()
        made = await self.store.tickets_of(None, tuple(customer.identities))
        return [self._own_ticket(t, customer.id) for t in made]

    async def add_to_ticket(self, customer: Customer, ticket_id: str, lines: Sequence[str], *,
                            now: datetime) -> Outcome:
        if self.store is None:
            return Outcome(False, codes.REFUSED, {"detail": "tickets need the bot's own store"})
        if not any(t.id == ticket_id for t in await self.tickets_of(customer)):
            return Outcome(False, codes.NOT_FOUND, {"ticket_id": ticket_id})
        made = await self.store.add_to_ticket(ticket_id, [f"[{now.isoformat(timespec='seconds')}] {x}" for x in lines])
        assert made is not None
        return Outcome(True, codes.OK, {"ticket": self._own_ticket(made, customer.id)})

    @staticmethod
    def _own_ticket(made: Ticket, customer_id: str | None) -> Ticket:
        return Ticket(id=made.id, customer_id=customer_id, conversation=made.conversation,
                      reason=made.reason, created_at=made.created_at, status=made.status or "open",
                      identity=made.identity, transcript=tuple(made.transcript or ()), order_id=made.order_id)


async def open_shop(settings: Settings, *, store: Store | None = None) -> MedusaShop:
    """The connector from `[shop]` settings and the AFTERSALES_MEDUSA_* secrets."""
    section = settings["shop"]
    base_url = str(section.get("base_url") or "")
    if not base_url:
        raise ConfigError("shop.base_url", "required when shop.backend = \"medusa\"")
    api_key = settings.secret("MEDUSA_API_KEY")
    email, password = settings.secret("MEDUSA_EMAIL"), settings.secret("MEDUSA_PASSWORD")
    if not api_key and not (email and password):
        raise ConfigError("AFTERSALES_MEDUSA_API_KEY",
                          "set it (a Medusa secret API key), or AFTERSALES_MEDUSA_EMAIL and AFTERSALES_MEDUSA_PASSWORD")
    try:
        client = MedusaClient(base_url, api_key=api_key, email=email, password=password,
                              timeout_s=float(section.get("timeout_s", 10.0)), retries=int(section.get("retries", 2)))
    except ValueError as exc:
        raise ConfigError("shop.base_url", str(exc)) from None
    return MedusaShop(client, policies=Policies.from_settings(settings),
                      identity=str(section.get("identity", "metadata")),
                      identity_key=str(section.get("identity_key", "aftersales_identities")), store=store)
