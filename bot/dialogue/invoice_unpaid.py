"""An invoice asked for an order not paid yet (#13): not "no matching order" and not a request
that the shop refuses at the yes — when it can be issued (after payment, in the shop's own words
where its pages say so), with the title and tax number given read back so nothing is lost, and
the next step (pay, then ask again; or the details kept for the asking)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Statuses of an order not paid yet (DESIGN.md order statuses): an invoice follows a payment.
UNPAID = ("pending",)


def unpaid_order(named: str | None, orders: Sequence[Mapping[str, Any]],
                 eligible: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The unpaid order the invoice is asked for: the one named, or — nothing named and no paid
    order to invoice — the customer's only unpaid one."""
    if named:
        order = next((o for o in orders if str(o.get("id")) == str(named)), None)
        return order if order is not None and order.get("status") in UNPAID else None
    if eligible:
        return None
    unpaid = [o for o in orders if o.get("status") in UNPAID]
    return unpaid[0] if len(unpaid) == 1 else None


def text(order: Mapping[str, Any], name: str | None, tax: str | None, when: str, lang: str) -> str:
    """When the invoice can be issued, the details read back, and what to do next."""
    oid = order.get("id")
    if lang == "en":
        got = "; ".join([*([f"title: {name}"] if name else []), *([f"tax number: {tax}"] if tax else [])])
        kept = f" I've noted the details you gave ({got}) for it." if got else ""
        return (f"Order {oid} hasn't been paid yet, so there's no invoice to issue for it yet — an invoice can be "
                f"issued once the order is paid." + (f" {when}" if when else "") + kept
                + " Once the payment has gone through, message me and I'll request it straight away.")
    got = "；".join([*([f"抬头：{name}"] if name else []), *([f"税号：{tax}"] if tax else [])])
    kept = f"您提供的开票信息（{got}）我已记下。" if got else ""
    return (f"订单 {oid} 还没有付款，暂时还不能开发票——发票在订单付款后才能开具。" + (when if when else "") + kept
            + "付款成功后告诉我，我马上为您申请。")
