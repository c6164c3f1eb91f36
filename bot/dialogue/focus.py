"""#13: the order in focus — the one the conversation is about (an order id written, the order
last shown or acted on) — is where a vague reference resolves first ("only that one", "the other
one", "那个就行", "另一个", "灯泡留一个" with bulbs on two orders). Lines of other orders are read
only when the focus holds no candidate; the callers then ask with the candidates rather than
bind silently (a quantity cut once went with its refund onto another order than the one talked
about). Pure functions over the understanding context and the shop's own order data.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.dialogue import matching as M
from bot.dialogue.commands import UnderstandingContext
from bot.lang import cues as C
from bot.shop import order_ids

T = TypeVar("T")

# The customer reaching beyond one order on purpose: "in both orders", "两个订单都", "all my orders".
_SEVERAL = re.compile(r"(\bboth (?:orders|of my orders)\b|\ball (?:my |of my )?orders\b|\beach order\b|\bevery order\b|"
                      r"两个订单|两单都|所有订单|每个订单)", re.I)
# ... or away from the focus: "the other order", "另一个订单" — the orders other than the focus.
_OTHER_ORDER = re.compile(r"(\bthe other order\b|\bmy other order\b|\banother order\b|\bthe other one'?s\b|"
                          r"另一个订单|另外一个订单|另一单|另外那单|别的订单|其他订单)", re.I)


def focus_of(ctx: UnderstandingContext) -> str | None:
    """The order the conversation is about, if it is one of the customer's orders."""
    last = ctx.last_order_id
    return str(last) if last and any(str(o["id"]) == str(last) for o in ctx.orders) else None


def reaches_across(text: str, ctx: UnderstandingContext) -> bool:
    """An order id written, or words naming other / several orders: no focus narrowing then."""
    known = [str(o["id"]) for o in ctx.orders]
    return bool(order_ids.find_known(text, known) or _SEVERAL.search(text) or M.wants_all(text))


def away_from_focus(text: str, ctx: UnderstandingContext) -> list[str] | None:
    """"The other order" said while one is in focus: the customer's other order ids (None: not said)."""
    focus = focus_of(ctx)
    if focus is None or not _OTHER_ORDER.search(text) or reaches_across(text, ctx):
        return None
    return [str(o["id"]) for o in ctx.orders if str(o["id"]) != focus]


def prefer_focus(refs: Sequence[M.ItemRef], text: str, ctx: UnderstandingContext) -> list[M.ItemRef]:
    """Item matches narrowed to the focus order when they span several orders and the focus holds
    one of them; otherwise unchanged (several orders without the focus: the flow asks)."""
    refs = list(refs)
    focus = focus_of(ctx)
    if focus is None or reaches_across(text, ctx) or C.FOLLOW_ON.search(text):
        # "what about the water bottle?" right after that order: a question moving on (the
        # context's follow-up reading picks the other order), not a reference back into it.
        return refs
    away = away_from_focus(text, ctx)
    if away is not None:
        return [r for r in refs if r.order_id in away] or refs
    wanted = [r for r in refs if not r.excluded] or refs     # "keep the lamp" alone: the kept line's order
    if len({r.order_id for r in wanted}) < 2 or not any(r.order_id == focus for r in wanted):
        return refs
    return [r for r in refs if r.order_id == focus]


def first_in_focus(find: Callable[[Sequence[str]], T | None], text: str, ctx: UnderstandingContext,
                   named: bool) -> T | None:
    """`find(written)` scoped to the order written, else to the focus order; across all orders
    only when the focus has none and the message names a line itself (not a bare "that one")."""
    known = [str(o["id"]) for o in ctx.orders]
    written = order_ids.find_known(text, known)
    focus = focus_of(ctx)
    if written or focus is None or reaches_across(text, ctx):
        return find(written)
    away = away_from_focus(text, ctx)
    if away is not None:
        return find(away)
    hit = find([focus])
    if hit is not None or not named:
        return hit
    return find(())
