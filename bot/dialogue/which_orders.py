"""#13 (vague13): "which of my orders hasn't arrived?" / "我哪一单还没到" — the customer does not
know which order; they ask the bot to pick it out of their own orders by its state. The answer is
those orders (one: its status; several: each with where it stands), never "which order?" back,
and never a carrier case about a delivered parcel (the customer named no parcel).

Pure functions over the message and the customer's own order data; no shop word, no id shape.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.lang import cues as C

# The customer asks WHICH order (the question is the pick itself).
_WHICH = re.compile(r"\bwhich (?:one|ones|order|orders|parcel|parcels|package|packages|of (?:my|the) "
                    r"(?:orders|parcels|packages|purchases))\b|\bwhich of them\b|"
                    r"哪一?[单笔张](?!退款|钱)|哪一?个(?:订单|包裹|单)|哪几[单笔张个]|哪些(?:订单|单|包裹)", re.I)
# ... of the ones still to come: not arrived / delivered, still on the way (not received: the
# shared cue, cues.NOT_RECEIVED).
_ON_THE_WAY = re.compile(r"(?:\bnot|\bnever|n't|\byet to)\s+(?:\w+\s+){0,2}(?:arrived?|here|delivered|come|"
                         r"reached|got(?:ten)?)\b|\bstill (?:on (?:the|its) way|in transit|coming|missing|pending|"
                         r"outstanding)\b|\b(?:outstanding|undelivered|missing)\b|"
                         r"(?:还|仍|都)?(?:没|未)(?:有)?(?:到(?!账)|送到|寄到|送达|到货)|还在路上|在途", re.I)
# ... or still to be sent: "which one hasn't shipped yet" / "哪单还没发货" (cues.NOT_SHIPPED).


# Order states by what the customer is waiting for.
_TO_COME = ("pending", "paid", "processing", "shipped")
_TO_SEND = ("pending", "paid", "processing")


def asked_state(text: str) -> str | None:
    """'to_send' / 'to_come' when the message asks which order is still unsent / not arrived."""
    if not _WHICH.search(text):
        return None
    if C.NOT_SHIPPED.search(text):
        return "to_send"
    if C.NOT_RECEIVED.search(text) or _ON_THE_WAY.search(text):
        return "to_come"
    return None


def matching(state: str, orders: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The customer's orders in that state, newest first."""
    wanted = _TO_SEND if state == "to_send" else _TO_COME
    picked = [o for o in orders if str(o.get("status") or "") in wanted]
    return sorted(picked, key=lambda o: str(o.get("placed_at") or ""), reverse=True)


def head(state: str, n: int, total: int, lang: str) -> str:
    """The first line of the answer: how many of the customer's orders are in that state."""
    if state == "to_send":
        return (f"{n} of your {total} orders have not been shipped yet:" if lang == "en"
                else f"您的 {total} 个订单里有 {n} 个还没发货：")
    return (f"{n} of your {total} orders have not arrived yet:" if lang == "en"
            else f"您的 {total} 个订单里有 {n} 个还没送达：")


def none_left(state: str, lang: str) -> str:
    """Nothing in that state: said plainly (the newest order's status follows)."""
    if state == "to_send":
        return ("All of your orders have already been shipped." if lang == "en" else "您的订单都已经发货了。")
    return ("None of your orders is still on its way — each one has been delivered or closed."
            if lang == "en" else "您没有还在途中的订单，每个订单都已签收或已关闭。")
