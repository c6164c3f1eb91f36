"""route13: "also my card was charged twice for it" / "这单被扣了两次" right after an order was answered.

A pronoun or "this order" names the order just talked about; how it was paid ("my card") does not
pick another order paid that way over it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# The order just talked about, referred to back (no order id, no item).
_BACK = re.compile(r"\b(?:for|on|with|of|about)\s+(?:it|this|that|this one|that one|this order|that order|the same order)\b|"
                   r"\b(?:it|this order|that order)\s+(?:was|is|got|has been)\b|这单|那单|这笔|那笔|这个订单|那个订单|这一单|同一单",
                   re.I)


def referred(text: str, last_order_id: str | None, orders: Sequence[Mapping[str, Any]]) -> str | None:
    """The order last talked about when the message points back at it, else None."""
    if not last_order_id or not _BACK.search(text or ""):
        return None
    return str(last_order_id) if any(str(o.get("id")) == str(last_order_id) for o in orders) else None
