"""Shop tools the dialogue calls: ownership checks, policy checks, side effects, trace.

Two guarantees:
- Ownership: a tool only ever sees orders of the customer resolved from the platform
  identity. An unknown identity, someone else's order and a non-existent order all give the
  very same `ToolResult(False, "not_found", {"order_id": ...})`, so nothing leaks.
- Privacy of the trace: every public tool records `trace.add_action(name, args, ok, result)`
  with ids, statuses, carriers, tracking numbers, dates, amounts and item names/skus only.
  Free text that may carry personal data (addresses, invoice titles, transcripts) is replaced
  by a placeholder it was given ("<ADDRESS_1>") or "[changed]"/"[provided]".
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot import policy as rules
from bot.policy import Decision, Policies
from bot.store import Customer, Order, Store, StoreConflict
from bot.trace import Trace

_PLACEHOLDER = re.compile(r"^<[A-Z_]+_\d+>$")
_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Invoices are for orders that were paid for and not cancelled.
_INVOICEABLE = ("paid", "shipped", "delivered", "returned")


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


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


class ShopTools:
    def __init__(self, store: Store, policies: Policies, now: datetime, trace: Trace | None = None) -> None:
        self.store = store
        self.policies = policies
        self.now = rules.parse_ts(now)
        self.trace = trace

    # ------------------------------------------------------------------ plumbing
    def _record(self, name: str, args: dict[str, Any], result: ToolResult) -> ToolResult:
        if self.trace is not None:
            self.trace.add_action(name, args, result.ok, {"code": result.code, **result.data})
        return result

    async def _owned(self, customer: Customer | None, order_id: str) -> Order | None:
        """The order if it exists and belongs to `customer`; None otherwise (one answer for all)."""
        if customer is None or not order_id:
            return None
        order = await self.store.get_order(order_id)
        if order is None or order.customer_id != customer.id:
            return None
        return order

    @staticmethod
    def _not_found(order_id: str) -> ToolResult:
        return ToolResult(False, "not_found", {"order_id": order_id})

    @staticmethod
    def _from_decision(decision: Decision) -> ToolResult:
        return ToolResult(decision.ok, decision.code, dict(decision.params))

    # ------------------------------------------------------------------ lookups
    async def resolve_customer(self, identity: str) -> ToolResult:
        customer = await self.store.customer_for_identity(identity)
        if customer is None:
            result = ToolResult(False, "not_found", {})
        else:
            result = ToolResult(True, "ok", {"customer_id": customer.id}, customer=customer)
        # The platform identity itself is an account id of a person: not recorded.
        return self._record("resolve_customer", {}, result)

    async def list_orders(self, customer: Customer | None, limit: int = 5) -> ToolResult:
        """The customer's most recent orders (newest placed first); an unknown customer has none."""
        orders = await self.store.list_orders(customer.id) if customer is not None else []
        data = {"orders": [o.public_dict() for o in orders[:limit]], "count": len(orders)}
        return self._record("list_orders", {"limit": limit}, ToolResult(True, "ok", data))

    async def get_order(self, customer: Customer | None, order_id: str) -> ToolResult:
        order = await self._owned(customer, order_id)
        result = self._not_found(order_id) if order is None else ToolResult(True, "ok", order.public_dict())
        return self._record("get_order", {"order_id": order_id}, result)

    async def refund_status(self, customer: Customer | None, order_id: str | None = None) -> ToolResult:
        if order_id is not None and await self._owned(customer, order_id) is None:
            return self._record("refund_status", {"order_id": order_id}, self._not_found(order_id))
        refunds = await self.store.refunds_for_customer(customer.id, order_id) if customer is not None else []
        data = {"order_id": order_id,
                "refunds": [{"id": r.id, "order_id": r.order_id, "amount": _money(r.amount), "currency": r.currency,
                             "status": r.status, "created_at": r.created_at, "return_id": r.return_id}
                            for r in refunds]}
        result = ToolResult(True, "ok" if refunds else "no_refunds", data)
        return self._record("refund_status", {"order_id": order_id}, result)

    async def request_status(self, customer: Customer | None) -> ToolResult:
        """The customer's return and exchange requests with their status (newest order first)."""
        requests: list[dict[str, Any]] = []
        for order in (await self.store.list_orders(customer.id) if customer is not None else []):
            names = {i.sku: i.name for i in order.items}
            for r in await self.store.returns_for_order(order.id):
                requests.append({"kind": "return", "id": r.id, "order_id": order.id, "status": r.status,
                                 "created_at": r.created_at,
                                 "items": [names.get(k, k) for k in (r.skus or list(names))]})
            for e in await self.store.exchanges_for_order(order.id):
                requests.append({"kind": "exchange", "id": e.id, "order_id": order.id, "status": e.status,
                                 "created_at": e.created_at, "items": [names.get(e.sku or "", e.sku or "")]})
        result = ToolResult(True, "ok" if requests else "none", {"requests": requests})
        return self._record("request_status", {}, result)

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
                                        await self.store.returns_for_order(order.id))
        else:
            decision = rules.can_exchange(order, self.policies, self.now, args.get("sku"),
                                          await self.store.exchanges_for_order(order.id),
                                          await self.store.returns_for_order(order.id))
        return order, self._from_decision(decision)

    async def check_cancel(self, customer: Customer | None, order_id: str) -> ToolResult:
        _, result = await self._check("cancel", customer, order_id, {})
        return self._record("check_cancel", {"order_id": order_id}, result)

    async def check_address_change(self, customer: Customer | None, order_id: str) -> ToolResult:
        _, result = await self._check("address", customer, order_id, {})
        return self._record("check_address_change", {"order_id": order_id}, result)

    async def check_return(self, customer: Customer | None, order_id: str,
                           skus: Sequence[str] | None = None) -> ToolResult:
        args = {"order_id": order_id, "skus": list(skus) if skus is not None else None}
        _, result = await self._check("return", customer, order_id, args)
        return self._record("check_return", args, result)

    async def check_exchange(self, customer: Customer | None, order_id: str, sku: str | None = None) -> ToolResult:
        args = {"order_id": order_id, "sku": sku}
        _, result = await self._check("exchange", customer, order_id, args)
        return self._record("check_exchange", args, result)

    # ------------------------------------------------------------------ actions
    async def cancel_order(self, customer: Customer | None, order_id: str) -> ToolResult:
        args = {"order_id": order_id}
        order, result = await self._check("cancel", customer, order_id, args)
        if order is not None and result.ok:
            refund_amount = order.total if order.status == "paid" else None
            try:
                refund = await self.store.cancel_order(order.id, self.now, refund_amount, expected=(order.status,))
            except StoreConflict:
                result = ToolResult(False, "conflict", {"order_id": order.id})
            else:
                result = ToolResult(True, "ok", {
                    "order_id": order.id, "status": "cancelled", "previous_status": order.status,
                    "refund": None if refund is None else {
                        "id": refund.id, "amount": _money(refund.amount), "currency": refund.currency,
                        "status": refund.status, "created_at": refund.created_at}})
        return self._record("cancel_order", args, result)

    async def change_address(self, customer: Customer | None, order_id: str, new_address: str) -> ToolResult:
        args = {"order_id": order_id, "address": _safe_text(new_address, "changed")}
        order, result = await self._check("address", customer, order_id, args)
        if order is not None and result.ok:
            if not new_address or not new_address.strip():
                result = ToolResult(False, "address_required", {"order_id": order.id})
            else:
                try:
                    await self.store.set_shipping_address(order.id, new_address.strip(), expected=(order.status,))
                except StoreConflict:
                    result = ToolResult(False, "conflict", {"order_id": order.id})
                else:
                    result = ToolResult(True, "ok", {"order_id": order.id, "status": order.status,
                                                     "address": "[changed]"})
        return self._record("change_address", args, result)

    async def create_return(self, customer: Customer | None, order_id: str, reason: str | None,
                            skus: Sequence[str] | None = None) -> ToolResult:
        args = {"order_id": order_id, "reason": _safe_reason(reason),
                "skus": list(skus) if skus is not None else None}
        order, result = await self._check("return", customer, order_id, args)
        if order is not None and result.ok:
            chosen = result.data["skus"]
            amount = sum((i.amount for i in order.items if i.sku in chosen), Decimal("0"))
            ret, refund = await self.store.create_return(order.id, reason, chosen, self.now, amount)
            result = ToolResult(True, "ok", {
                "order_id": order.id, "return_id": ret.id, "status": ret.status, "skus": chosen,
                "excluded": result.data.get("excluded", []), "created_at": ret.created_at,
                "refund": {"id": refund.id, "amount": _money(refund.amount), "currency": refund.currency,
                           "status": refund.status}})
        return self._record("create_return", args, result)

    async def create_exchange(self, customer: Customer | None, order_id: str, sku: str | None, wanted: str,
                              reason: str | None) -> ToolResult:
        args = {"order_id": order_id, "sku": sku, "wanted": wanted, "reason": _safe_reason(reason)}
        order, result = await self._check("exchange", customer, order_id, args)
        if order is not None and result.ok:
            ex = await self.store.create_exchange(order.id, result.data["sku"], wanted, reason, self.now)
            result = ToolResult(True, "ok", {"order_id": order.id, "exchange_id": ex.id, "status": ex.status,
                                             "sku": ex.sku, "wanted": wanted, "created_at": ex.created_at})
        return self._record("create_exchange", args, result)

    async def create_ticket(self, customer: Customer | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str]) -> ToolResult:
        """Hand the conversation to a person. `transcript` must already be redacted; it is stored
        sealed and never put in the trace (only its length)."""
        ticket = await self.store.create_ticket(customer.id if customer else None, identity, conversation,
                                                reason, list(transcript), self.now)
        args = {"customer_id": customer.id if customer else None, "conversation": conversation,
                "reason": _safe_reason(reason), "lines": len(transcript)}
        result = ToolResult(True, "ok", {"ticket_id": ticket.id, "status": ticket.status,
                                         "created_at": ticket.created_at})
        return self._record("create_ticket", args, result)

    async def request_invoice(self, customer: Customer | None, order_id: str, title: str | None = None) -> ToolResult:
        args = {"order_id": order_id, "title": _safe_text(title, "provided")}
        order = await self._owned(customer, order_id)
        if order is None:
            result = self._not_found(order_id)
        elif order.status == "cancelled":
            result = ToolResult(False, "already_cancelled", {"order_id": order.id})
        elif order.status not in _INVOICEABLE:
            result = ToolResult(False, "not_paid", {"order_id": order.id, "status": order.status})
        else:
            existing = [i for i in await self.store.invoices_for_order(order.id) if i.status != "cancelled"]
            if existing:
                inv = existing[0]
                issued = inv.status == "issued"     # an issued invoice is re-issued by a person
                if title and not issued:
                    await self.store.set_invoice_title(inv.id, order.id, title)
                result = ToolResult(True, "already_issued" if issued else "title_added" if title
                                    else "already_requested",
                                    {"order_id": order.id, "invoice_id": inv.id, "status": inv.status,
                                     "created_at": inv.created_at})
            else:
                inv = await self.store.create_invoice(order.id, title, self.now)
                result = ToolResult(True, "ok", {"order_id": order.id, "invoice_id": inv.id, "status": inv.status,
                                                 "total": _money(order.total), "currency": order.currency,
                                                 "created_at": inv.created_at})
        return self._record("request_invoice", args, result)
