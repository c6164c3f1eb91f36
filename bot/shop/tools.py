"""Shop tools the dialogue calls: the `bot.shop.Shop` interface plus the trace.

`ShopTools(shop, policies, now, trace)` takes any `Shop` (the built-in store, Medusa); a bare
`bot.shop.store.Store` is wrapped in the built-in shop, so older callers keep working. Tools turn
typed outcomes into plain `ToolResult(ok, code, data)` dicts the dialogue and replies read.

Two guarantees:
- Ownership: the shop only ever shows orders of the customer resolved from the platform
  identity. An unknown identity, someone else's order and a non-existent order all give the
  very same `ToolResult(False, "not_found", {"order_id": ...})`; another customer's payment
  method gives the same answer as an unknown one.
- Privacy of the trace: every public tool records `trace.add_action(name, args, ok, result)`
  with ids, statuses, carriers, tracking numbers, dates, amounts, option values and item
  names/skus only. Free text that may carry personal data (addresses, invoice titles,
  transcripts, payment labels) is replaced by a placeholder it was given ("<ADDRESS_1>") or
  "[changed]"/"[provided]".
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.core.trace import Trace
from bot.shop import catalog, codes, option_exclusions, order_ids
from bot.shop import policy as rules
from bot.shop.models import Customer, ItemQty, ItemSwap, Order, Outcome, Product, Variant
from bot.shop.policy import Decision, Policies
from bot.shop.ports import Shop

_PLACEHOLDER = re.compile(r"^<[A-Z_]+_\d+>$")
_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass
class ToolResult:
    ok: bool
    code: str
    data: dict[str, Any] = field(default_factory=dict)
    # The resolved customer (resolve_customer only); never recorded in the trace.
    customer: Customer | None = field(default=None, repr=False, compare=False)


def _safe_text(value: str | None, kind: str) -> str | None:
    """What the trace may show of free text: a placeholder as is, otherwise a marker."""
    if value is None:
        return None
    return value if _PLACEHOLDER.match(value.strip()) else f"[{kind}]"


def _safe_reason(reason: str | None) -> str | None:
    """Reason codes ("wrong_size") are recorded; free-text reasons are not."""
    if reason is None:
        return None
    return reason if _REASON_CODE.match(reason) else "[text]"


def _counts(value: str, qty: int) -> bool:
    """The option value names a number equal to the line's quantity ("3-pack" on a line of 3)."""
    return qty > 1 and str(qty) in re.findall(r"\d+", value)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _plain(value: Any) -> Any:
    """Decision params / outcome data as JSON-plain values (Decimal → "0.00", tuples → dicts)."""
    if isinstance(value, Decimal):
        return _money(value)
    if isinstance(value, (ItemQty, ItemSwap)):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _refund_dict(refund: Any, with_created: bool = True) -> dict[str, Any] | None:
    if refund is None:
        return None
    out = {"id": refund.id, "amount": _money(refund.amount), "currency": refund.currency, "status": refund.status}
    if with_created:
        out["created_at"] = refund.created_at
    if refund.refund_to:
        out["refund_to"] = refund.refund_to
    return out


def _items(items: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"sku": i.sku, "qty": i.qty, **({"new_sku": i.new_sku} if hasattr(i, "new_sku") else {})}
            for i in items]


def _as_shop(shop: Any) -> Shop:
    from bot.shop.store.store import Store
    if isinstance(shop, Store):
        from bot.shop.store.builtin import BuiltinShop
        return BuiltinShop(shop)
    return shop


class ShopTools:
    def __init__(self, shop: Shop | Any, policies: Policies, now: datetime, trace: Trace | None = None) -> None:
        self.shop: Shop = _as_shop(shop)
        self.policies = policies
        self.now = rules.parse_ts(now)
        self.trace = trace
        # The customer's own writing of free text the dialogue holds in its working (simplified)
        # form: the pipeline sets it for a traditional-Chinese conversation (bot/pipeline/turn_script.py).
        self.own_text: Callable[[str], str] = lambda text: text

    def _own(self, text: str | None) -> str | None:
        """Free text for the shop in the customer's script; reason codes ("wrong_size") as they are."""
        if not text or _REASON_CODE.match(text):
            return text
        return self.own_text(text)

    # ------------------------------------------------------------------ plumbing
    def _record(self, name: str, args: dict[str, Any], result: ToolResult) -> ToolResult:
        if self.trace is not None:
            self.trace.add_action(name, args, result.ok, {"code": result.code, **result.data})
        return result

    async def _owned(self, customer: Customer | None, order_id: str | None) -> Order | None:
        """The order if it exists and belongs to `customer`; None otherwise (one answer for all)."""
        if customer is None or not order_id:
            return None
        return await self.shop.order(customer, order_id)

    @staticmethod
    def _not_found(order_id: str | None) -> ToolResult:
        return ToolResult(False, codes.NOT_FOUND, {"order_id": order_id})

    @staticmethod
    def _from_decision(decision: Decision) -> ToolResult:
        return ToolResult(decision.ok, decision.code, _plain(dict(decision.params)))

    @staticmethod
    def _refusal(outcome: Outcome) -> ToolResult:
        return ToolResult(False, outcome.code, _plain(dict(outcome.data)))

    # ------------------------------------------------------------------ lookups
    async def resolve_customer(self, identity: str) -> ToolResult:
        customer = await self.shop.customer_for_identity(identity)
        if customer is None:
            result = ToolResult(False, codes.NOT_FOUND, {})
        else:
            result = ToolResult(True, codes.OK, {"customer_id": customer.id}, customer=customer)
        # The platform identity itself is an account id of a person: not recorded.
        return self._record("resolve_customer", {}, result)

    async def list_orders(self, customer: Customer | None, limit: int = 5) -> ToolResult:
        """The customer's most recent orders (newest placed first); an unknown customer has none."""
        orders = list(await self.shop.orders_of(customer)) if customer is not None else []
        data = {"orders": [o.public_dict() for o in orders[:limit]], "count": len(orders)}
        return self._record("list_orders", {"limit": limit}, ToolResult(True, codes.OK, data))

    async def get_order(self, customer: Customer | None, order_id: str) -> ToolResult:
        order = await self._owned(customer, order_id)
        result = self._not_found(order_id) if order is None else ToolResult(True, codes.OK, order.public_dict())
        return self._record("get_order", {"order_id": order_id}, result)

    async def shipping_address_of(self, customer: Customer | None, order_id: str) -> str | None:
        """The order's current shipping address (personal data: for the address flow to write a
        one-part correction into; the trace records only whether there was one)."""
        order = await self._owned(customer, order_id)
        address = order.shipping_address if order is not None else None
        self._record("shipping_address_of", {"order_id": order_id},
                     ToolResult(address is not None, codes.OK if address else codes.NOT_FOUND, {"order_id": order_id}))
        return address

    async def find_order_ids(self, customer: Customer | None, text: str) -> ToolResult:
        """The customer's own order ids that `text` mentions, as the shop spells them (any shape,
        '#' optional, spaces/hyphens typed inside), plus id-looking tokens that match none of
        theirs (`unknown`: "we cannot find that order for you")."""
        known = [o.id for o in await self.shop.orders_of(customer)] if customer is not None else []
        found = order_ids.find_known(text, known)
        unknown = [c for c in order_ids.candidates(text)
                   if order_ids.resolve(c, known) is None and not any(order_ids.canonical(c) in
                                                                      order_ids.canonical(k) for k in found)]
        return self._record("find_order_ids", {}, ToolResult(True, codes.OK if found else codes.NONE,
                                                             {"order_ids": found, "unknown": unknown}))

    async def refund_status(self, customer: Customer | None, order_id: str | None = None) -> ToolResult:
        if order_id is not None:
            order = await self._owned(customer, order_id)
            if order is None:
                return self._record("refund_status", {"order_id": order_id}, self._not_found(order_id))
        refunds = list(await self.shop.refund_status(customer, order_id)) if customer is not None else []
        data = {"order_id": order_id,
                "refunds": [{"id": r.id, "order_id": r.order_id, "amount": _money(r.amount), "currency": r.currency,
                             "status": r.status, "created_at": r.created_at, "return_id": r.return_id}
                            for r in refunds]}
        result = ToolResult(True, codes.OK if refunds else codes.NO_REFUNDS, data)
        return self._record("refund_status", {"order_id": order_id}, result)

    async def request_status(self, customer: Customer | None) -> ToolResult:
        """The customer's return and exchange requests with their status (newest order first)."""
        requests: list[dict[str, Any]] = []
        for order in (await self.shop.orders_of(customer) if customer is not None else []):
            names = {i.sku: i.name for i in order.items}
            for r in await self.shop.returns_of(customer, order.id):
                requests.append({"kind": "return", "id": r.id, "order_id": order.id, "status": r.status,
                                 "created_at": r.created_at,
                                 "items": [names.get(k, k) for k in (r.skus or list(names))],
                                 "quantities": _items(r.items)})
            for e in await self.shop.exchanges_of(customer, order.id):
                requests.append({"kind": "exchange", "id": e.id, "order_id": order.id, "status": e.status,
                                 "created_at": e.created_at,
                                 "items": [names.get(k, k) for k in (e.skus or list(names))],
                                 "quantities": _items(e.items)})
        result = ToolResult(True, codes.OK if requests else codes.NONE, {"requests": requests})
        return self._record("request_status", {}, result)

    async def add_to_ticket(self, customer: Customer | None, ticket_id: str, lines: Sequence[str]) -> ToolResult:
        """A new detail for one of the customer's open cases (lines already redacted; only their
        count goes into the trace)."""
        args = {"ticket_id": ticket_id, "lines": len(lines)}
        if customer is None:
            return self._record("add_to_ticket", args, ToolResult(False, codes.NOT_FOUND, {"ticket_id": ticket_id}))
        out = await self.shop.add_to_ticket(customer, ticket_id, list(lines), now=self.now)
        if not out.ok:
            return self._record("add_to_ticket", args, self._refusal(out))
        return self._record("add_to_ticket", args, ToolResult(True, codes.OK, {"ticket_id": ticket_id}))

    async def tickets(self, customer: Customer | None) -> ToolResult:
        """The customer's tickets (newest first): id, reason, status, date and the order each is
        about. Transcripts stay out (personal data; the dialogue needs only to know a case exists)."""
        tickets = list(await self.shop.tickets_of(customer)) if customer is not None else []
        data = {"tickets": [{"id": t.id, "reason": t.reason, "status": t.status, "created_at": t.created_at,
                             "order_id": t.order_id} for t in tickets]}
        return self._record("tickets", {}, ToolResult(True, codes.OK if tickets else codes.NONE, data))

    async def payment_methods(self, customer: Customer | None) -> ToolResult:
        """The customer's payment methods: ids and types (labels are personal data, never traced)."""
        pms = list(customer.payment_methods) if customer is not None else []
        return self._record("payment_methods", {}, ToolResult(True, codes.OK if pms else codes.NONE,
                                                              {"payment_methods": [p.public_dict() for p in pms]}))

    # ------------------------------------------------------------------ catalogue
    async def search_products(self, text: str, lang: str | None = None) -> ToolResult:
        """Products the (redacted) text names, with the option values it named and matching variants."""
        hits = await self.shop.search_products(text, lang)
        data = {"products": [{"product": h.product.public_dict(), "name": h.product.name_in(lang), "score": h.score,
                              "options": dict(h.options), "variants": [v.public_dict() for v in h.variants]}
                             for h in hits]}
        return self._record("search_products", {"lang": lang},
                            ToolResult(True, codes.OK if hits else codes.NONE, data))

    async def get_product(self, product_id: str) -> ToolResult:
        product = await self.shop.product(product_id)
        result = ToolResult(False, codes.NOT_FOUND, {"product_id": product_id}) if product is None else \
            ToolResult(True, codes.OK, product.public_dict())
        return self._record("get_product", {"product_id": product_id}, result)

    async def get_variant(self, sku: str) -> ToolResult:
        variant = await self.shop.variant(sku)
        result = ToolResult(False, codes.VARIANT_NOT_FOUND, {"sku": sku}) if variant is None else \
            ToolResult(True, codes.OK, variant.public_dict())
        return self._record("get_variant", {"sku": sku}, result)

    async def _product_of_line(self, order: Order, sku: str) -> tuple[Product | None, Variant | None]:
        item = order.item(sku)
        variant = await self.shop.variant(sku)
        pid = (item.product_id if item else None) or (variant.product_id if variant else None)
        return (await self.shop.product(pid) if pid else None), variant

    async def match_variant(self, customer: Customer | None, order_id: str, sku: str, text: str) -> ToolResult:
        """The variant of line `sku`'s product that `text` asks for: the line's options changed by
        the option values the text names, in any dimension ("the Google Home one", "256GB",
        "换成43码", "in walnut"). Codes: ok (data: new_sku, options, price, stock, price_difference),
        no_change (the text names nothing new), variant_not_found (no such combination),
        out_of_stock, no_catalogue, item_not_found, not_found."""
        args = {"order_id": order_id, "sku": sku}
        order = await self._owned(customer, order_id)
        if order is None:
            return self._record("match_variant", args, self._not_found(order_id))
        item = order.item(sku)
        if item is None:
            return self._record("match_variant", args, ToolResult(False, codes.ITEM_NOT_FOUND,
                                                                  {"order_id": order.id, "sku": sku}))
        product, _ = await self._product_of_line(order, sku)
        if product is None:
            return self._record("match_variant", args, ToolResult(False, codes.NO_CATALOGUE,
                                                                  {"order_id": order.id, "sku": sku}))
        current = dict(item.options) or dict(product.variant(sku).options if product.variant(sku) else {})
        named, excluded = option_exclusions.split_mentions(catalog.norm(text),
                                                           catalog.option_mentions(product, text, last=True))
        # "我要两包暖白的，不要三包了" on a line of 3 × "3-pack": the rejected "三包" is the line's count,
        # said as one, not its pack option — a value carrying the line's own quantity stays wanted.
        excluded = {d: vs for d, vs in ((d, {v for v in vs if not (v == current.get(d) and _counts(v, item.qty))})
                                        for d, vs in excluded.items()) if vs}
        wanted = {k: v for k, v in named.items() if current.get(k) != v}
        # "不要黑色的" / "anything but white" of the line's own value: that dimension must change,
        # to the one other value in stock, else the customer picks among the remaining ones.
        must_change = {d: vs for d, vs in excluded.items() if d not in wanted and current.get(d) in vs}
        if must_change:
            cands = catalog.remaining_variants(product, current, wanted, excluded)
            picks = {tuple(sorted((d, v.options.get(d, "")) for d in must_change)) for v in cands}
            if len(picks) == 1:
                wanted.update(dict(next(iter(picks))))
            else:
                return self._record("match_variant", args, ToolResult(False, codes.VARIANT_NOT_FOUND, {
                    "order_id": order.id, "sku": sku, "wanted": wanted,
                    "excluded": {d: sorted(vs) for d, vs in excluded.items()},
                    "candidates": [dict(v.options) for v in cands],
                    "options": {k: list(v) for k, v in product.options.items()}}))
        if not wanted:
            return self._record("match_variant", args, ToolResult(False, codes.NO_CHANGE,
                                                                  {"order_id": order.id, "sku": sku,
                                                                   "options": current}))
        target = catalog.swap_variant(product, current, wanted)
        if target is None:
            result = ToolResult(False, codes.VARIANT_NOT_FOUND, {"order_id": order.id, "sku": sku, "wanted": wanted,
                                                                 "options": {k: list(v) for k, v in
                                                                             product.options.items()}})
        else:
            data = {"order_id": order.id, "sku": sku, "new_sku": target.sku, "options": dict(target.options),
                    "changed": wanted, "price": _money(target.price_for(order.currency)), "currency": order.currency,
                    "stock": target.stock,
                    "price_difference": _money((target.price_for(order.currency) - item.price) * item.qty)}
            result = ToolResult(target.stock > 0, codes.OK if target.stock > 0 else codes.OUT_OF_STOCK, data)
        return self._record("match_variant", args, result)

    # ------------------------------------------------------------------ checks (no side effects)
    async def _check(self, name: str, customer: Customer | None, order_id: str, args: dict[str, Any]
                     ) -> tuple[Order | None, ToolResult]:
        order = await self._owned(customer, order_id)
        if order is None:
            return None, self._not_found(order_id)
        if name == "cancel":
            decision = rules.can_cancel(order)
        elif name == "address":
            decision = rules.can_change_address(order)
        elif name == "return":
            decision = rules.can_return(order, self.policies, self.now, args.get("skus"),
                                        await self.shop.returns_of(customer, order.id), items=args.get("items"))
        elif name == "items":
            variants = catalog.variant_index(await self.shop.products())
            decision = rules.plan_item_change(order, args["swaps"], variants)
        elif name == "payment":
            decision = rules.can_change_payment(order, customer, args["payment_method_id"])
        else:
            variants = catalog.variant_index(await self.shop.products()) if args.get("swaps") else {}
            decision = rules.can_exchange(order, self.policies, self.now, args.get("sku"),
                                          await self.shop.exchanges_of(customer, order.id),
                                          await self.shop.returns_of(customer, order.id),
                                          swaps=args.get("swaps"), variants=variants)
        return order, self._from_decision(decision)

    async def check_cancel(self, customer: Customer | None, order_id: str) -> ToolResult:
        _, result = await self._check("cancel", customer, order_id, {})
        return self._record("check_cancel", {"order_id": order_id}, result)

    async def check_address_change(self, customer: Customer | None, order_id: str) -> ToolResult:
        _, result = await self._check("address", customer, order_id, {})
        return self._record("check_address_change", {"order_id": order_id}, result)

    async def check_return(self, customer: Customer | None, order_id: str,
                           skus: Sequence[str] | None = None, items: Sequence[Sequence[Any]] | None = None
                           ) -> ToolResult:
        args = {"order_id": order_id, "skus": list(skus) if skus is not None else None}
        if items is not None:
            args["items"] = [ItemQty(*i) for i in items]
        _, result = await self._check("return", customer, order_id, args)
        return self._record("check_return", _plain(args), result)

    async def check_exchange(self, customer: Customer | None, order_id: str, sku: str | None = None,
                             new_sku: str | None = None, qty: int | None = None) -> ToolResult:
        args: dict[str, Any] = {"order_id": order_id, "sku": sku}
        if new_sku is not None:
            args["new_sku"] = new_sku
        _, result = await self._check("exchange", customer, order_id, await self._swap_args(customer, order_id,
                                                                                            sku, new_sku, qty))
        return self._record("check_exchange", args, result)

    async def check_change_items(self, customer: Customer | None, order_id: str,
                                 swaps: Sequence[Sequence[Any]]) -> ToolResult:
        args = {"order_id": order_id, "swaps": [ItemSwap(*s) for s in swaps]}
        _, result = await self._check("items", customer, order_id, args)
        if result.ok:
            result.data.pop("lines", None)
            result.data.pop("stock", None)
        return self._record("check_change_items", _plain(args), result)

    async def check_change_payment(self, customer: Customer | None, order_id: str,
                                   payment_method_id: str) -> ToolResult:
        args = {"order_id": order_id, "payment_method_id": payment_method_id}
        _, result = await self._check("payment", customer, order_id, args)
        return self._record("check_change_payment", args, result)

    async def _swap_args(self, customer: Customer | None, order_id: str, sku: str | None, new_sku: str | None,
                         qty: int | None) -> dict[str, Any]:
        """Old-form exchange (sku, variant in words) or a swap to `new_sku` (qty: the whole line)."""
        args: dict[str, Any] = {"order_id": order_id, "sku": sku}
        if new_sku is None:
            return args
        order = await self._owned(customer, order_id)
        line = order.item(sku) if order is not None and sku else None
        if order is not None and sku is None and len(order.items) == 1:
            line = order.items[0]
        if line is not None:
            args["swaps"] = [ItemSwap(line.sku, qty if qty is not None else line.qty, new_sku)]
        return args

    # ------------------------------------------------------------------ actions
    async def cancel_order(self, customer: Customer | None, order_id: str) -> ToolResult:
        args = {"order_id": order_id}
        if customer is None:
            return self._record("cancel_order", args, self._not_found(order_id))
        out = await self.shop.cancel_order(customer, order_id, now=self.now)
        if not out.ok:
            return self._record("cancel_order", args, self._refusal(out))
        result = ToolResult(True, codes.OK, {
            "order_id": out.data["order_id"], "status": "cancelled", "previous_status": out.data["previous_status"],
            "refund": _refund_dict(out.data.get("refund"))})
        return self._record("cancel_order", args, result)

    async def change_address(self, customer: Customer | None, order_id: str, new_address: str) -> ToolResult:
        args = {"order_id": order_id, "address": _safe_text(new_address, "changed")}
        if customer is None:
            return self._record("change_address", args, self._not_found(order_id))
        out = await self.shop.change_shipping_address(customer, order_id, self._own(new_address) or "",
                                                      now=self.now)
        if not out.ok:
            return self._record("change_address", args, self._refusal(out))
        change = out.data.get("change")
        result = ToolResult(True, codes.OK, {"order_id": out.data["order_id"], "status": out.data["status"],
                                             "address": "[changed]", "change_id": change.id if change else None})
        return self._record("change_address", args, result)

    async def change_items(self, customer: Customer | None, order_id: str, swaps: Sequence[Sequence[Any]],
                           payment_method_id: str | None = None) -> ToolResult:
        """Swap variants / change quantities of an unshipped order: swaps are (sku, qty, new_sku)."""
        swaps = [ItemSwap(*s) for s in swaps]
        args = {"order_id": order_id, "swaps": _plain(swaps), "payment_method_id": payment_method_id}
        if customer is None:
            return self._record("change_items", args, self._not_found(order_id))
        out = await self.shop.change_items(customer, order_id, swaps, payment_method_id=payment_method_id,
                                           now=self.now)
        if not out.ok:
            return self._record("change_items", args, self._refusal(out))
        change, order = out.data["change"], out.data.get("order")
        result = ToolResult(True, codes.OK, {
            "order_id": out.data["order_id"], "change_id": change.id, "before": _items(change.before),
            "after": _items(change.after), "price_difference": _money(out.data["price_difference"]),
            "currency": out.data["currency"], "payment_method_id": out.data["payment_method_id"],
            "total": _money(order.total) if order is not None else None,
            "refund": _refund_dict(out.data.get("refund"))})
        return self._record("change_items", args, result)

    async def change_payment(self, customer: Customer | None, order_id: str, payment_method_id: str) -> ToolResult:
        """Pay an unshipped order with another of the customer's payment methods."""
        args = {"order_id": order_id, "payment_method_id": payment_method_id}
        if customer is None:
            return self._record("change_payment", args, self._not_found(order_id))
        out = await self.shop.change_payment_method(customer, order_id, payment_method_id, now=self.now)
        if not out.ok:
            return self._record("change_payment", args, self._refusal(out))
        pm = customer.payment_method(payment_method_id)
        result = ToolResult(True, codes.OK, {"order_id": out.data["order_id"], "payment_method_id": payment_method_id,
                                             "type": pm.type if pm else None, "change_id": out.data["change"].id})
        return self._record("change_payment", args, result)

    async def change_default_address(self, customer: Customer | None, address: str) -> ToolResult:
        """The customer's default address for future orders (existing orders keep theirs)."""
        args = {"address": _safe_text(address, "changed")}
        if customer is None:
            return self._record("change_default_address", args, ToolResult(False, codes.NOT_FOUND, {}))
        out = await self.shop.change_default_address(customer, self._own(address) or "", now=self.now)
        result = ToolResult(True, codes.OK, {"customer_id": customer.id, "address": "[changed]"}) if out.ok \
            else self._refusal(out)
        return self._record("change_default_address", args, result)

    async def create_return(self, customer: Customer | None, order_id: str, reason: str | None,
                            skus: Sequence[str] | None = None, items: Sequence[Sequence[Any]] | None = None,
                            refund_to: str | None = None) -> ToolResult:
        """Return whole lines (`skus`), chosen quantities (`items`: (sku, qty)), or the whole order."""
        args: dict[str, Any] = {"order_id": order_id, "reason": _safe_reason(reason),
                                "skus": list(skus) if skus is not None else None}
        if items is not None:
            args["items"] = [{"sku": i[0], "qty": i[1]} for i in items]
        if refund_to is not None:
            args["refund_to"] = refund_to
        if customer is None:
            return self._record("create_return", args, self._not_found(order_id))
        chosen = [ItemQty(*i) for i in items] if items is not None else None
        if chosen is None and skus is not None:
            order = await self._owned(customer, order_id)
            if order is not None:
                # Whole lines: ask the policy what is left of each (it refuses what is not returnable).
                check = rules.can_return(order, self.policies, self.now, skus,
                                         await self.shop.returns_of(customer, order.id))
                if not check.ok:
                    return self._record("create_return", args, self._from_decision(check))
                chosen = list(check.params["items"])
        out = await self.shop.create_return(customer, order_id, chosen, self._own(reason), refund_to, now=self.now)
        if not out.ok:
            return self._record("create_return", args, self._refusal(out))
        ret, refund = out.data["return"], out.data["refund"]
        result = ToolResult(True, codes.OK, {
            "order_id": out.data["order_id"], "return_id": ret.id, "status": ret.status, "skus": ret.skus,
            "items": _items(ret.items), "excluded": list(out.data.get("excluded", [])), "created_at": ret.created_at,
            "refund_to": ret.refund_to, "refund": _refund_dict(refund, with_created=False)})
        return self._record("create_return", args, result)

    async def create_exchange(self, customer: Customer | None, order_id: str, sku: str | None, wanted: str,
                              reason: str | None, new_sku: str | None = None, qty: int | None = None,
                              swaps: Sequence[Sequence[Any]] | None = None) -> ToolResult:
        """Exchange line `sku` for `new_sku` (a variant of the same product chosen by any option;
        see match_variant), or — without new_sku — leave the variant to a person reading `wanted`.
        `swaps` ((sku, qty, new_sku)) exchanges several lines at once."""
        args: dict[str, Any] = {"order_id": order_id, "sku": sku, "wanted": wanted, "reason": _safe_reason(reason)}
        if new_sku is not None:
            args["new_sku"] = new_sku
        if qty is not None:
            args["qty"] = qty                  # the store-change audit reads how many units
        if swaps is not None:
            args["swaps"] = _plain([ItemSwap(*s) for s in swaps])
        if customer is None:
            return self._record("create_exchange", args, self._not_found(order_id))
        if swaps is not None:
            items = [ItemSwap(*s) for s in swaps]
        else:
            order = await self._owned(customer, order_id)
            if order is None:
                return self._record("create_exchange", args, self._not_found(order_id))
            line = order.item(sku) if sku else (order.items[0] if len(order.items) == 1 else None)
            if sku and line is None:
                return self._record("create_exchange", args, ToolResult(False, codes.ITEM_NOT_FOUND,
                                                                        {"order_id": order.id, "sku": sku}))
            items = [] if line is None else [ItemSwap(line.sku, qty if qty is not None else line.qty, new_sku)]
        out = await self.shop.create_exchange(customer, order_id, items, self._own(wanted) or wanted,
                                              self._own(reason), now=self.now)
        if not out.ok:
            return self._record("create_exchange", args, self._refusal(out))
        ex = out.data["exchange"]
        result = ToolResult(True, codes.OK, {
            "order_id": out.data["order_id"], "exchange_id": ex.id, "status": ex.status, "sku": ex.sku,
            "items": _items(ex.items), "wanted": wanted, "created_at": ex.created_at,
            "price_difference": _money(out.data.get("price_difference")), "currency": out.data.get("currency")})
        return self._record("create_exchange", args, result)

    async def withdraw_request(self, customer: Customer | None, kind: str, record_id: str) -> ToolResult:
        """Take back the customer's own return (`kind` "return") or exchange ("exchange") they
        changed their mind about. ok data: kind, id, order_id, status "cancelled",
        previous_status, items, refund (the pending refund withdrawn with a return, or None).
        Refusals as the shop gives them (not_found, already_withdrawn, already_received,
        already_refunded, already_shipped, request_closed, conflict, unavailable, refused)."""
        name = "cancel_exchange" if kind == "exchange" else "cancel_return"
        key = "exchange_id" if kind == "exchange" else "return_id"
        args = {key: record_id}
        if customer is None:
            return self._record(name, args, ToolResult(False, codes.NOT_FOUND, {key: record_id}))
        if kind == "exchange":
            out = await self.shop.cancel_exchange(customer, record_id, now=self.now)
        else:
            out = await self.shop.cancel_return(customer, record_id, now=self.now)
        if not out.ok:
            return self._record(name, args, self._refusal(out))
        rec = out.data.get("exchange" if kind == "exchange" else "return")
        refund = out.data.get("refund")
        result = ToolResult(True, codes.OK, {
            "kind": kind, "id": out.data[key], key: out.data[key], "order_id": out.data["order_id"],
            "status": "cancelled", "previous_status": out.data.get("previous_status"),
            "items": _items(rec.items) if rec is not None else [],
            "refund": _refund_dict(refund, with_created=False)})
        return self._record(name, args, result)

    async def create_ticket(self, customer: Customer | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], order_id: str | None = None) -> ToolResult:
        """Hand the conversation to a person. `transcript` must already be redacted; it is stored
        sealed and never put in the trace (only its length). `order_id`: the order the case is about."""
        if order_id is not None and customer is not None and await self._owned(customer, order_id) is None:
            order_id = None           # never a case pinned to someone else's order
        out = await self.shop.create_ticket(customer, identity, conversation, self._own(reason),
                                            [self._own(line) or line for line in transcript], now=self.now,
                                            order_id=order_id)
        args = {"customer_id": customer.id if customer else None, "conversation": conversation,
                "reason": _safe_reason(reason), "lines": len(transcript),
                **({"order_id": order_id} if order_id else {})}
        if not out.ok:
            return self._record("create_ticket", args, self._refusal(out))
        ticket = out.data["ticket"]
        result = ToolResult(True, codes.OK, {"ticket_id": ticket.id, "status": ticket.status,
                                             "created_at": ticket.created_at})
        return self._record("create_ticket", args, result)

    async def earlier_invoice_title(self, customer: Customer | None, but_order: str | None = None) -> ToolResult:
        """The title of the customer's most recent earlier invoice ("same title as last time"),
        from another order than `but_order`. The title is returned, never traced (personal data);
        NONE when there is none or the shop cannot list invoices (optional `invoices_of`)."""
        lister = getattr(self.shop, "invoices_of", None)
        found: dict[str, Any] | None = None
        if customer is not None and lister is not None:
            for order in await self.shop.orders_of(customer):      # newest order first
                if order.id == but_order:
                    continue
                titled = [i for i in await lister(customer, order.id) if i.title and i.status != "cancelled"]
                if titled:
                    inv = max(titled, key=lambda i: str(i.created_at))
                    found = {"order_id": order.id, "invoice_id": inv.id, "title": inv.title}
                    break
        shown = {k: v for k, v in (found or {}).items() if k != "title"}
        self._record("earlier_invoice_title", {"but_order": but_order},
                     ToolResult(found is not None, codes.OK if found else codes.NONE, shown))
        return ToolResult(found is not None, codes.OK if found else codes.NONE, found or {})

    async def invoice_state(self, customer: Customer | None, order_id: str) -> ToolResult:
        """Read only: the order's current invoice (id, status) so a title can be confirmed before
        anything is written; NONE when the order has none or the shop cannot list invoices."""
        lister = getattr(self.shop, "invoices_of", None)
        found: dict[str, Any] | None = None
        if customer is not None and lister is not None and await self._owned(customer, order_id) is not None:
            live = [i for i in await lister(customer, order_id) if i.status != "cancelled"]
            if live:
                found = {"order_id": order_id, "invoice_id": live[0].id, "status": live[0].status}
        result = ToolResult(found is not None, codes.OK if found else codes.NONE, found or {})
        return self._record("invoice_state", {"order_id": order_id}, result)

    async def request_invoice(self, customer: Customer | None, order_id: str, title: str | None = None) -> ToolResult:
        args = {"order_id": order_id, "title": _safe_text(title, "provided")}
        if customer is None:
            return self._record("request_invoice", args, self._not_found(order_id))
        out = await self.shop.request_invoice(customer, order_id, self._own(title), now=self.now)
        if not out.ok:
            return self._record("request_invoice", args, self._refusal(out))
        inv = out.data["invoice"]
        data = {"order_id": out.data["order_id"], "invoice_id": inv.id, "status": inv.status,
                "created_at": inv.created_at}
        if out.code == codes.OK:
            data.update(total=_money(out.data["total"]), currency=out.data["currency"])
        return self._record("request_invoice", args, ToolResult(True, out.code, data))
