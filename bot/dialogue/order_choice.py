"""#13: an item change whose item sits on several of the customer's orders, only one of which
can still be changed ("change the black rain jacket to L" with a jacket on a paid order and on
a shipped one). The change goes to the order that can take it, and the proposal says which one
and why, so the customer never finds the wrong order changed without being told. (Two orders
that can both be changed are asked about instead: resolve_order's candidates.)"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import texts as T
from bot.lang.display_names import shown_name
from bot.shop import order_ids

_CHANGEABLE = ("pending", "paid")


def _same_item(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same catalogue product (any variant), or the same sku when the shop has no products."""
    pa, pb = a.get("product_id"), b.get("product_id")
    return str(pa) == str(pb) if pa and pb else str(a.get("sku")) == str(b.get("sku"))


def others_not_changeable(orders: Sequence[Mapping[str, Any]], order: Mapping[str, Any],
                          line: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The customer's other orders holding the same item as `line` that can no longer be changed
    (shipped, delivered): the reason this order is the one meant."""
    return [o for o in orders if str(o.get("id")) != str(order.get("id")) and o.get("status") not in _CHANGEABLE
            and o.get("status") != "cancelled" and any(_same_item(i, line) for i in o.get("items") or [])]


def why_this_order(orders: Sequence[Mapping[str, Any]], order: Mapping[str, Any], line: Mapping[str, Any],
                   said: str, lang: str) -> str:
    """"The … on order Y has already shipped, so this is for order X." — "" when the customer
    wrote the order id (`said`: their words so far) or no other order holds the item."""
    if order_ids.find_known(said, [str(o.get("id")) for o in orders]):
        return ""
    others = others_not_changeable(orders, order, line)
    if not others:
        return ""
    ids = ", ".join(str(o["id"]) for o in others)
    states_en = " / ".join(sorted({T.status(str(o.get("status")), "en") for o in others}))
    states_zh = "、".join(sorted({T.status(str(o.get("status")), "zh") for o in others}))
    return T.t(lang, f"({shown_name(line, 'en')} is also on order {ids}, which is {states_en} and can't be changed "
                     f"any more, so this is for order {order['id']}.) ",
               f"（订单 {ids} 里也有{shown_name(line, 'zh')}，但该订单{states_zh}，已无法修改，所以这次修改的是订单 "
               f"{order['id']}。）")


def only_changeable(holding: Sequence[Mapping[str, Any]]) -> str | None:
    """Of several orders holding the item named, none delivered (nothing to exchange yet) and one
    still unshipped: that one, where "换成1.7升的" is an item change (None otherwise)."""
    if len(holding) < 2 or any(o.get("status") == "delivered" for o in holding):
        return None
    open_ = [o for o in holding if o.get("status") in _CHANGEABLE]
    return str(open_[0]["id"]) if len(open_) == 1 else None
