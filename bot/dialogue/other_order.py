"""#13 (vague13): "the tyres of the other one" / "另一单的轮胎" — a part or line of the OTHER of the
orders this conversation just discussed, not the order in focus and not "which order?" over
every order the customer ever placed.

The conversation keeps the orders it discussed (`recent`, oldest first: ids written by the
customer, orders answered about); "the other one" is the latest of them that is not the focus.
Pure functions over the message, the remembered ids and the customer's own order data.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.shop import order_ids

# How many discussed orders the conversation keeps (the other one is among the last few).
KEEP = 4

# The other ORDER said outright ("the other order", "另一单", "另外那笔").
_OTHER_ORDER = re.compile(r"\b(?:the|my) other (?:order|parcel|package|purchase|delivery)\b|\bthe other one'?s\b|"
                          r"\b(?:of|on|in|from|with) the other one\b|\bthe other (?:order|one)'s\b|"
                          r"另一[单笔张]|另外(?:一|那)?[单笔张]|另一个订单|另外(?:一个|那个)?订单|另外那个包裹|另一个包裹", re.I)


def remember(recent: Sequence[str], written: Iterable[str], focus: str | None) -> list[str]:
    """The discussed orders after a turn: the ids written, then the focus, each moved to the end."""
    out = [str(x) for x in recent]
    for oid in [*written, *([focus] if focus else [])]:
        if oid in out:
            out.remove(oid)
        out.append(str(oid))
    return out[-KEEP:]


def says_other_order(text: str) -> bool:
    """The message refers to the other order (not another line of the same one)."""
    return bool(_OTHER_ORDER.search(text))


def other_of(text: str, recent: Sequence[str], focus: str | None,
             orders: Sequence[Mapping[str, Any]]) -> str | None:
    """The order "the other one" means: the latest discussed order that is not the focus, when the
    message says the other order and writes no order id of its own (None: nothing to resolve)."""
    known = [str(o["id"]) for o in orders]
    if not focus or not says_other_order(text) or order_ids.find_known(text, known):
        return None
    others = [oid for oid in recent if oid != focus and oid in known]
    return others[-1] if others else None
