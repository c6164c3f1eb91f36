"""An opening that takes "one of the things" off an order without naming which (issue #13).

"I don't want one of the things in my order", "订单里有个东西不要了", "我订单里有一件不想要了":
the customer speaks of part of an order, so a cancel of the whole order is never what they asked
for. Read structurally: a word of the language for "one item / something" (never a product word),
no line of the order named (the matcher found none) and nothing saying the whole order. The modify
flow then asks which line, listing the order's own lines, and only that line's removal is ever
confirmed; with nothing left unshipped, the return flow asks which line goes back."""
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


def unnamed_part(text: str, orders: Sequence[Mapping[str, Any]], named_lines: int) -> str | None:
    """The flow for a message that takes an unnamed part off an order (None: not such a message;
    `named_lines` is how many lines the matcher found). An order not shipped yet: its lines are
    changed (the modify flow asks which line, or asks whether to cancel when the order has only
    one unit — a question, never the cancel itself); none: a part of an order in hand goes back
    (the return flow asks which order and which line)."""
    if named_lines or not _PART.search(text) or _WHOLE.search(text):
        return None
    if any(order.get("status") in _UNSHIPPED for order in orders):
        return "modify_order"
    if any(order.get("status") in ("delivered", "shipped") for order in orders):
        return "return_request"
    return None


# The part said as one unit ("one of the things", "an item", "有个东西", "一件"), not "some of them".
_ONE = re.compile(r"\b(?:one of|an? (?:item|thing|product|piece)|one (?:item|thing|product|piece))\b|"
                  r"(?:有|其中)?一?(?:个|件|样)(?:东西|商品|物品)|一件|一样|其中一", re.I)


def one_unit(text: str) -> bool:
    """The unnamed part is one unit: a line of several units loses one, never all of them."""
    return bool(_PART.search(text)) and bool(_ONE.search(text)) and not _WHOLE.search(text)
