"""Cancel an order before it ships: which order, the policy check, a confirmation, the cancel.

Steps: start → (choose_order) → confirm → done | aborted | refused.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import actions
from bot.dialogue import matching as M
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R

NAME = "cancel_order"
_UNSHIPPED = ("pending", "paid")


def _eligible(order: dict[str, Any]) -> bool:
    return order.get("status") in _UNSHIPPED


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm":
        pending = fc.order(frame.slots.get("order_id"))
        if pending is not None and fc.slots_given().get("items") and \
                partial_lines(fc.turn.text, list(fc.slots_given()["items"]), pending, fc.catalogue):
            # "no — just take the candles off": some lines, not the order.
            take_slots(fc, frame)
            return await _to_removal(fc, frame, pending)
        if _other_order(fc, frame):
            # "no wait, cancel the rice cooker one instead": drop this order, take the one named.
            for key in ("order_id", "_fresh", "items", "candidates"):
                frame.slots.pop(key, None)
        elif fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted", {"order_id": frame.slots.get("order_id")})
        elif fc.said("confirm"):
            return await _execute(fc, frame)
    take_slots(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "cancel", "取消")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if partial_lines(fc.turn.text, frame.slots.get("items") or [], order, fc.catalogue):
        return await _to_removal(fc, frame, order)
    # The shop's rule decides (status, payment state); the flow only asks it.
    check = await fc.tools.check_cancel(fc.customer, order["id"])
    if not check.ok:
        fc.state.finish()
        text = R.refusal(check.code, check.data, order, NAME, lang)
        facts: dict[str, Any] = {"order": order, "decision": {"code": check.code, **check.data}}
        if check.code == "already_cancelled":
            # Cancelled already: what they want to know next is where the money is.
            res = await fc.tools.refund_status(fc.customer, order["id"])
            refunds = list(res.data.get("refunds", [])) if res.ok else []
            if refunds:
                text += "\n" + R.refund_list(refunds, lang, TM.refund_timing_text(
                    TM.refund_timings(fc.facts, refunds, [order], fc.customer, fc.now, lang), lang))
                facts["refunds"] = refunds
        return out(text, frame, "refused", facts)
    return out(R.confirm(NAME, order, {}, lang), frame, "confirm", {"order": order, "pending": NAME})


# "cancel the candles from my order", "订单里的黑色那件不要了": lines taken out of an order, not the order.
_FROM_ORDER = re.compile(r"\b(?:from|in|out of|off|on)\s+(?:my|the|this|that)?\s*order\b|里的|中的|里面的|里面那|去掉|删掉"
                         r"|拿掉|减掉|\bremove\b|\btake\s+(?:off|out)\b|\bdrop\b", re.I)
# "cancel the tote bag order", "取消充电宝那单": the item only says which order is meant.
_ITEM_ORDER = re.compile(r"^\s*(?:[\w-]+\s+)?(?:order|one)\b|^的?\s*(?:订单|那单|这单|那笔|那个订单)", re.I)


# "the order with the kettle", "the one with the candles": the item says which order.
_ORDER_WITH = re.compile(r"\b(?:order|one|purchase)\s+(?:with|containing|that has|that had|of|for)\s+(?:the\s+|my\s+|a\s+)?"
                         r"(?:[a-z0-9'-]+\s+)?$", re.I)


def partial_lines(text: str, named: list[dict[str, Any]], order: dict[str, Any],
                  catalogue: dict[str, Any] | None = None) -> bool:
    """Does the customer mean some lines of `order` rather than the whole order? Yes when a line
    of it is kept ("navy的留着"), or when they name fewer lines than it has and say the lines
    come out of the order; an item used to point at the order ("the tote bag order") is not."""
    lines = {str(i["sku"]) for i in order.get("items") or []}
    refs = [r for r in M.match_items(text, [order], catalogue) if r.sku in lines]
    mine = [i for i in named if str(i.get("order_id")) == str(order["id"]) and str(i.get("sku")) in lines]
    if len(lines) < 2 or not (mine or refs) or M.wants_all(text):
        return False
    if any(i.get("excluded") for i in mine) or any(r.excluded for r in refs):
        return True
    taken = {str(i["sku"]) for i in mine} | {r.sku for r in refs}
    if taken >= lines:
        return False
    t = M.norm(text)
    pointing = any(_ITEM_ORDER.search(t[r.end:r.end + 30]) or _ORDER_WITH.search(t[max(0, r.start - 40):r.start])
                   for r in refs if r.end >= 0)
    return bool(_FROM_ORDER.search(t)) or not pointing


async def _to_removal(fc: FlowContext, frame: Frame, order: dict[str, Any]) -> Outcome:
    """Hand the request to the item-change flow as a removal: the rest of the order stays."""
    from bot.dialogue.flows import changes
    slots = {k: v for k, v in frame.slots.items() if k in ("order_id", "items", "qty", "_fresh")}
    new = fc.state.start("modify_order", **slots, remove=True)
    fc.state.paused = [f for f in fc.state.paused if f is not frame]
    return await changes.modify_order(fc, new)


def _other_order(fc: FlowContext, frame: Frame) -> bool:
    """This turn names an order (by id or by its items) other than the one waiting for a yes."""
    given = fc.slots_given()
    current = frame.slots.get("order_id")
    if given.get("order_id"):
        return str(given["order_id"]) != str(current)
    named = {i["order_id"] for i in given.get("items") or [] if not i.get("excluded")}
    return bool(named) and str(current) not in named


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    oid = str(frame.slots.get("order_id"))
    res = await actions.call(fc.tools, "cancel_order", fc.customer, oid)
    fc.state.finish()
    order = await _order(fc, oid)
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    done = dict(res.data)
    if done.get("refund"):
        done["refund_days"] = fc.facts.refund_days(TM.payment_type(fc.customer, order), lang)
    return out(R.done(NAME, order, done, lang), frame, "done", {"order": order, "result": dict(res.data)})


async def _order(fc: FlowContext, oid: str) -> dict[str, Any]:
    res = await fc.tools.get_order(fc.customer, oid)
    return dict(res.data) if res.ok else {"id": oid}
