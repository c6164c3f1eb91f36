"""A stock or price answer about a version of a product the customer has on an order (#13):
"有的 白色M码有货" → "好 那换成这个" / "ok do that" / "行". The answer itself changes nothing,
but the short yes after it means "change my line to that version", so the answer leaves an
offer (`offer_next`) the engine starts on that yes: the exchange (or, before shipping, the item
change) of that line to the quoted version, proposed as a confirmation with its price
difference. Read from the customer's own orders and the catalogue's variants only."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Orders whose lines can still become another version: an item change before shipping, an
# exchange once delivered (the flows check the shop's rules again before proposing anything).
_CHANGEABLE = ("pending", "paid", "delivered")


def change_offer(product: Mapping[str, Any], quoted: Sequence[Mapping[str, Any]],
                 orders: Sequence[Mapping[str, Any]], last_order_id: str | None) -> dict[str, Any] | None:
    """The offer a yes to this answer takes up, or None: exactly one version quoted, in stock,
    and one order line of that product (the order in focus first) that is another version."""
    if len(quoted) != 1 or int(quoted[0].get("stock") or 0) <= 0:
        return None
    target = quoted[0]
    pid, sku = str(product.get("id") or ""), str(target.get("sku") or "")
    lines = [(o, line) for o in orders if o.get("status") in _CHANGEABLE
             for line in o.get("items") or [] if str(line.get("product_id") or "") == pid]
    if not lines or any(str(line.get("sku")) == sku for _, line in lines):
        return None        # nothing of it ordered, or that version is what they have
    focus = [(o, line) for o, line in lines if last_order_id and str(o.get("id")) == str(last_order_id)]
    pick = focus or lines
    if len(pick) != 1:
        return None        # several lines could be meant: the customer says which (no guess)
    order, line = pick[0]
    values = [str(v) for v in (target.get("options") or {}).values()]
    return {"flow": "exchange_request", "order_id": str(order["id"]),
            "items": [{"order_id": str(order["id"]), "sku": str(line["sku"]), "excluded": False}],
            "wanted_text": " , ".join(values)}
