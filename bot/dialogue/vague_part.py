"""An opening that takes "one of the things" off an order without naming which (issue #13).

"I don't want one of the things in my order", "订单里有个东西不要了", "我订单里有一件不想要了":
the customer speaks of part of an order, so a cancel of the whole order is never what they asked
for. Read structurally: a word of the language for "one item / something" (never a product word),
no line of the order named (the matcher found none), nothing saying the whole order, and an
unshipped order that has more than one unit to choose from. The modify flow then asks which line,
listing the order's own lines, and only that line's removal is ever confirmed."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# "one of the things", "an item", "something in/from/on my order", "一个东西", "有一件", "其中一个".
# Only general words: what the part is comes from the order's own lines afterwards.
_PART = re.compile(
    r"\b(?:one|some|a few|one or two|a couple) of (?:the |my )?(?:things|items|products|stuff|pieces|lines)\b|"
    r"\b(?:an?|one) (?:item|thing|product|piece|line)\b|"
    r"\bsomething (?:in|from|on|off|out of) (?:my|the|this) (?:order|basket|cart)\b|"
    r"\btake something (?:off|out)\b|"
    r"(?:有|其中|里面?|里头)?(?:一|个|某)(?:个|件|样|款)?(?:东西|商品|物品|件|样)(?!订单|单)|"
    r"其中(?:一|某)", re.I)
# The whole order after all: "cancel the whole order", "全部不要了", "整单取消".
_WHOLE = re.compile(r"(\bwhole\b|\bentire\b|\ball of (?:it|them)\b|\beverything\b|整单|整个订单|全部|都不要|所有)", re.I)
_UNSHIPPED = ("pending", "paid")


def unnamed_part(text: str, orders: Sequence[Mapping[str, Any]], named_lines: int) -> bool:
    """True when `text` takes an unnamed part off an unshipped order that has a part to choose
    (two lines, or a line of several units); `named_lines` is how many lines the matcher found."""
    if named_lines or not _PART.search(text) or _WHOLE.search(text):
        return False
    for order in orders:
        if order.get("status") not in _UNSHIPPED:
            continue
        items = list(order.get("items") or [])
        if len(items) > 1 or any(int(i.get("qty") or 1) > 1 for i in items):
            return True
    return False
