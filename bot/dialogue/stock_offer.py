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


def offer_question(offer: Mapping[str, Any], product: Mapping[str, Any],
                   orders: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The one short sentence that ends a stock answer leaving `offer` (#13, stock10): the offer
    is otherwise silent, so a customer who only asked never learns that a yes would change the
    line. Names the line by its own version on that order, in the customer's language."""
    from bot.dialogue.info_texts import variant_label
    from bot.lang import replies as R
    oid = str(offer.get("order_id") or "")
    sku = str(((offer.get("items") or [{}])[0]).get("sku") or "")
    line = next((ln for o in orders if str(o.get("id")) == oid for ln in o.get("items") or []
                 if str(ln.get("sku")) == sku), {})
    # The line's version as the answer itself writes versions ("42/黑色"), never the raw sku.
    label = variant_label(line, lang) if line.get("options") else ""
    name = str((product.get("name_zh") if lang == "zh" and product.get("name_zh") else product.get("name")) or "")
    version = (f"（{label}）" if lang == "zh" else f" ({label})") if label else ""
    return R.t(lang, f" Shall I change the {name}{version} on order {oid} to this one?",
               f"需要帮您把订单 {oid} 的{name}{version}换成这个吗？")
