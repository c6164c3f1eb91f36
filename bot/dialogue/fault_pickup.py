"""route13: "book the pickup" / "帮我安排上门取件" right after a fault was answered takes up its remedy.

The fault answer offers what the dates allow (a new unit, a return, a colleague). A customer who then
asks for the pickup wants the faulty item collected for that remedy — never a goodbye, a cancel of
another order or "is it about a parcel?". The remedy is the replacement unless money back is asked;
the flow started checks its own rules on the order and line the fault was about.
"""
from __future__ import annotations

import re
from typing import Any

from bot.lang import cues as C

# A collection of the item asked for, in either language (no carrier or shop words).
PICKUP = re.compile(r"(上门取件|上门取货|上门收件|上门取|取件|取货|收件|来取|来拿|取走|拿走|回收|寄回|退回去|"
                    r"\bpick(?:[- ]?up|\s+(?:it|them|this|that)\s+up)\b|\bcollect(?:ion|ed)?\b|\bcome (?:and |to )?(?:get|take)\b|"
                    r"\bsend (?:it|them) back\b|\breturn label\b|\bcourier\b)", re.I)
# The flows after whose answer the pickup is the fault's remedy.
AFTER = ("troubleshooting", "delivery_issue", "warranty")
_MONEY = re.compile(r"(退款|退钱|钱退|refund|money back)", re.I)


def remedy(text: str, ctx: Any) -> tuple[str, dict[str, Any]] | None:
    """(flow, slots) for a pickup asked right after a fault answer on a delivered order, else None."""
    if ctx.last_flow not in AFTER or not ctx.last_order_id or not PICKUP.search(text or ""):
        return None
    order = next((o for o in ctx.orders if str(o.get("id")) == str(ctx.last_order_id)), None)
    if order is None or order.get("status") != "delivered":
        return None
    skus = [str(s) for s in ctx.last_skus or ()] or [str(i.get("sku")) for i in order.get("items") or []][:1]
    slots: dict[str, Any] = {"order_id": str(order["id"])}
    lines = {str(i.get("sku")) for i in order.get("items") or []}
    items = [{"order_id": str(order["id"]), "sku": s, "excluded": False} for s in skus if s in lines]
    if items:
        slots["items"] = items
    money = _MONEY.search(text) or C.REFUND_ME.search(text)
    return ("return_request" if money else "exchange_request"), slots
