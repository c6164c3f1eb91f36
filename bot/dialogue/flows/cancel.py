"""Cancel an order before it ships: which order, the policy check, a confirmation, the cancel.

Steps: start → (choose_order) → confirm → done | aborted | refused.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import actions
from bot.dialogue import fewer_units as FU
from bot.dialogue import late_refund as LR
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
        fewer = FU.narrowed_line(fc.turn.text, pending, list(fc.slots_given().get("items") or [])) \
            if pending is not None else None
        if fewer is not None:
            # "not all of it, one less": a correction of the cancel, never a "no" — the proposal
            # becomes that line's quantity reduction, and the next yes writes only that.
            frame.slots["items"] = [fewer]
            frame.slots.pop("qty", None)
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
    waiting = _waiting_change(fc, frame)
    if waiting is not None and frame.step == "start" and not frame.slots.get("order_id"):
        frame.slots["order_id"] = waiting.slots.get("order_id")
    if waiting is not None and frame.step == "start" and not WHOLE_ORDER.search(fc.turn.text):
        pending = fc.order(waiting.slots.get("order_id"))
        mine = [i for i in frame.slots.get("items") or [] if str(i.get("order_id")) == str(waiting.slots.get("order_id"))]
        if pending is not None and not mine and fc.state.last_skus:
            # "actually, cancel that one" while its new option waits for a yes: that line, never the order.
            frame.slots["items"] = [{"order_id": pending["id"], "sku": s, "excluded": False}
                                    for s in fc.state.last_skus if _line(pending, s)]
        if pending is not None and frame.slots.get("items"):
            return await _to_removal(fc, frame, pending)
    from bot.dialogue import cancelled_question as CQ
    if frame.step == "start" and CQ.asks_if_cancelled(fc.turn.text):
        # "那单已经取消了对吧？": about the cancelled order (the refund just talked about), never
        # a cancel of another order that still could be (route13).
        named = frame.slots.get("order_id")
        if not named and frame.slots.get("items"):
            named = (frame.slots["items"][0] or {}).get("order_id")
        meant = CQ.cancelled_meant(fc.orders, str(named) if named else None, fc.state.last_order_id)
        if meant is not None:
            frame.slots["order_id"] = meant
            frame.slots.pop("items", None)
    order, ask = await resolve_order(fc, frame, _eligible, "cancel", "取消")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if partial_lines(fc.turn.text, frame.slots.get("items") or [], order, fc.catalogue):
        return await _to_removal(fc, frame, order)
    # The shop's rule decides (status, payment state); the flow only asks it.
    check = await fc.tools.check_cancel(fc.customer, order["id"])
    if not check.ok and check.code == "already_cancelled" and LR.MONEY.search(fc.turn.text):
        # "I cancelled it and the refund never came": the cancel is the customer's premise, the
        # money is the question — the refund answer, not "already cancelled, nothing to change".
        from bot.dialogue.flows import refunds
        frame.flow = refunds.NAME
        frame.slots["order_id"] = str(order["id"])
        return await refunds.run(fc, frame)
    if not check.ok:
        fc.state.finish()
        text = R.refusal(check.code, check.data, order, NAME, lang)
        facts: dict[str, Any] = {"order": order, "decision": {"code": check.code, **check.data}}
        if check.code == "already_shipped" and order.get("status") == "shipped":
            # Too late to cancel: where the parcel is and when it usually arrives, as any status
            # answer says it — never only a refusal.
            text += _on_its_way(fc, order)
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


def _on_its_way(fc: FlowContext, order: dict[str, Any]) -> str:
    """The shipped order's usual delivery time on its route (domestic or abroad) and the date it is
    expected by; late: that it is overdue and a case can be opened. "" when the carrier's time is unknown."""
    from bot.dialogue.flows.product_info import shop_currency
    from bot.dialogue.texts import carrier, date
    tr = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    if not tr.normal_days:
        return ""
    via, lang = carrier(order.get("carrier"), fc.lang), fc.lang
    if tr.late:
        return R.t(lang, f" It has been on its way longer than {via}'s usual {tr.normal_days} business days — tell me "
                         "and I'll open a case with the carrier.",
                   f"它已超过{via}通常的 {tr.normal_days} 个工作日，告诉我的话我马上向承运商发起调查。")
    by_en = f" (expected by {date(tr.expected_by.isoformat(), 'en')})" if tr.expected_by else ""
    by_zh = f"（预计 {date(tr.expected_by.isoformat(), 'zh')}前送达）" if tr.expected_by else ""
    return R.t(lang, f" It's on its way with {via}, which usually delivers within {tr.normal_days} business days of "
                     f"shipping{', plus customs clearance' if tr.international else ''}{by_en}.",
               f"包裹正由{via}运输，一般发货后 {tr.normal_days} 个工作日送达{'（国际件另需清关时间）' if tr.international else ''}"
               f"{by_zh}。")


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
    t = M.norm(text)
    if not refs and NAMES_ORDER.search(t) and not LINE_SCOPE.search(t):
        # "cancel that order" with the item only carried from earlier turns: the order it names.
        return False
    if any(i.get("excluded") for i in mine) or any(r.excluded for r in refs):
        return True
    taken = {str(i["sku"]) for i in mine} | {r.sku for r in refs}
    if taken >= lines:
        return False
    pointing = any(_ITEM_ORDER.search(t[r.end:r.end + 30]) or _ORDER_WITH.search(t[max(0, r.start - 40):r.start])
                   for r in refs if r.end >= 0)
    if _FROM_ORDER.search(t):
        return True
    if NAMES_ORDER.search(t) and not LINE_SCOPE.search(t):
        # "I bought the sunscreen — cancel that order": the order is what goes, its item only
        # says which; a line needs its own scope word ("just the X", "只取消X", "X不要了").
        return False
    return not pointing


# "just the X", "only the X", "remove", "只取消X": the scope is a line of the order, not the order.
LINE_SCOPE = re.compile(r"\b(?:just|only)\b|\bremove\b|\btake\s+(?:off|out)\b|\bdrop\b|\bline\b|只|仅|单独|去掉|删掉|拿掉|"
                        r"减掉|里的|中的|里面的|\bkeep\b|\brest\b|留着|留下|其他|其余", re.I)
# The order itself as the object ("that order", "那单"); "那单的X" / "订单里的X" name a line of it.
NAMES_ORDER = re.compile(r"\b(?:whole|entire|full|complete)\s+order\b|\b(?:the|my|this|that)\s+(?:\w+\s+)?order\b"
                         r"(?!\s+(?:of|from)\b)|(?:订单|那单|这单|那笔|这笔|整单)(?![的里中])", re.I)
def whole_order_named(text: str, order: dict[str, Any], catalogue: dict[str, Any] | None = None) -> bool:
    """The message names the order itself, an item of it only saying which ("I don't want the
    perfume order any more", "有猫粮那单不要了", "取消订单，就是买了猫粮的那个"), with no word scoping
    a line ("just the X", "订单里的X", "X不要了" alone): the whole order goes, never one line."""
    t = M.norm(text)
    if LINE_SCOPE.search(t) or _FROM_ORDER.search(t):
        return False
    lines = {str(i["sku"]) for i in order.get("items") or []}
    refs = [r for r in M.match_items(text, [order], catalogue) if r.sku in lines]
    if any(r.excluded for r in refs):
        return False
    pointing = any(_ITEM_ORDER.search(t[r.end:r.end + 30]) or _ORDER_WITH.search(t[max(0, r.start - 40):r.start])
                   for r in refs if r.end >= 0)
    return pointing or bool(NAMES_ORDER.search(t))


# "cancel the whole thing", "整个订单都取消": the customer means the order, not a line of it.
WHOLE_ORDER = re.compile(r"\b(?:whole|entire|everything|all of it|the lot|full order|complete order|"
                         r"(?:the|my|this|that)\s+order)\b|整个|整单|整笔|全部|全都|所有|订单", re.I)


def _line(order: dict[str, Any], sku: str) -> dict[str, Any] | None:
    return next((i for i in order.get("items") or [] if str(i.get("sku")) == str(sku)), None)


def _waiting_change(fc: FlowContext, frame: Frame) -> Frame | None:
    """An item change of an unshipped order still waiting for its yes when this cancel started
    (paused by it): a line dropped now belongs to that change set."""
    given = fc.slots_given().get("order_id") or frame.slots.get("order_id")
    for f in fc.state.paused:
        if f is not frame and f.flow == "modify_order" and f.step == "confirm" and f.slots.get("order_id") \
                and (not given or str(given) == str(f.slots["order_id"])):
            return f
    return None


async def _to_removal(fc: FlowContext, frame: Frame, order: dict[str, Any]) -> Outcome:
    """Hand the request to the item-change flow as a removal: the rest of the order stays. A
    change of the same order waiting for its yes takes the removal as one more line of it."""
    from bot.dialogue.flows import changes
    waiting = _waiting_change(fc, frame)
    if waiting is not None and str(waiting.slots.get("order_id")) == str(order["id"]):
        fc.state.paused = [f for f in fc.state.paused if f is not frame and f is not waiting]
        fc.state.frame = waiting
        plan = changes.pending_plan(waiting) or {}
        gone = [str(i["sku"]) for i in frame.slots.get("items") or []
                if str(i.get("order_id")) == str(order["id"]) and not i.get("excluded") and _line(order, str(i["sku"]))]
        return await changes.remove_lines(fc, waiting, order, plan, gone)
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
    if res.ok:
        # A change of this order that was waiting is moot now: never offered back.
        fc.state.paused = [f for f in fc.state.paused if str(f.slots.get("order_id") or "") != oid]
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
