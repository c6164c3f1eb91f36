"""Which kind of payment an order was paid with, for the refund timeline the shop's facts give.

Read from the customer's own payment method (DESIGN.md `type`), never guessed from the
currency: a CNY order paid by card is refunded on the card's timeline, and an order whose
method is unknown gets the facts' `default` timeline rather than Alipay's.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def payment_type(customer: Any | None, order: Mapping[str, Any]) -> str | None:
    """The payment method type of `order` (`card`, `paypal`, `alipay`, ...), or None when unknown."""
    pm_id = order.get("payment_method_id")
    finder = getattr(customer, "payment_method", None)
    pm = finder(pm_id) if callable(finder) and pm_id else None
    kind = getattr(pm, "type", None)
    return str(kind) if kind else None


def refund_timing(facts: Any, customer: Any | None, orders: list[Mapping[str, Any]],
                  refunds: list[Mapping[str, Any]], lang: str) -> str:
    """One sentence: how long the refunds take to arrive, by each order's payment method (the shop's
    facts); empty when the facts have no timeline, so nothing is invented."""
    by_id = {str(o.get("id")): o for o in orders}
    seen: list[str] = []
    for r in refunds or [{}]:
        order = by_id.get(str(r.get("order_id")), {}) if r else (orders[0] if len(orders) == 1 else {})
        days = str(facts.refund_days(payment_type(customer, order), lang) or "")
        if days and days not in seen:
            seen.append(days)
    if not seen:
        return ""
    if lang == "zh":
        return f"退款发起后会原路退回，一般 {'或'.join(seen)}到账。"
    return f"Once a refund is issued it goes back to the original payment method, usually within {' or '.join(seen)}."
