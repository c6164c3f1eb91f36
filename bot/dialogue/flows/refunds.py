"""Refund status: where the customer's money is, from the shop's refunds (and, for "how is my
return/exchange going", the requests). An item named narrows to the orders holding it.

Steps: start → done (a lookup; nothing is changed, so nothing to confirm).
"""
from __future__ import annotations

import re

from bot.dialogue import context as CX
from bot.dialogue import late_refund as LR
from bot.dialogue import open_returns as OR
from bot.dialogue import parcel_wait as PW
from bot.dialogue import refund_facts as RF
from bot.dialogue import refund_method as RM
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "refund_status"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    again = fc.state.last_flow == NAME and bool(CX.DELAY.search(fc.turn.text) or TM.MONEY_LATE.search(fc.turn.text)
                                                 or NOT_ARRIVED.search(fc.turn.text))
    case = _payment_case(fc, frame)
    if case is not None:
        # "so when do I get the extra back?" after a double charge: the billing case this
        # conversation opened answers it (by the payment method used), not a refund list.
        from bot.dialogue.flows import payment
        frame.flow = payment.NAME
        frame.slots["order_id"] = case
        return await payment.run(fc, frame)
    parcel = PW.parcel_for_refund(fc, frame.slots.get("order_id"))
    if parcel is not None:
        res0 = await fc.tools.refund_status(fc.customer, str(parcel["id"]))
        if res0.ok and not res0.data.get("refunds"):
            # "快递还没到，能退款吗": a refund instead of a parcel still on its way — the delivery
            # answer (its estimate, what is possible now), never "no refund on record".
            from bot.dialogue.flows import delivery
            new = fc.state.start(delivery.NAME, order_id=str(parcel["id"]))
            fc.state.paused = [f for f in fc.state.paused if f is not frame]
            fc.handed_to = delivery.NAME
            return await delivery.run(fc, new)
    fc.state.finish()
    if RM.asks_other_method(fc.turn.text):
        # "can the refund go to my PayPal instead?": the refund on record, where it goes, and the
        # shop's own rule on the refund method — not the status list alone.
        return await other_method(fc, frame)
    if C.REQUEST_STATUS.search(fc.turn.text):
        res = await fc.tools.request_status(fc.customer)
        requests = list(res.data.get("requests", [])) if res.ok else []
        return out(R.request_list(requests, lang), frame, "request_status", {"requests": requests})
    oid = frame.slots.get("order_id")
    res = await fc.tools.refund_status(fc.customer, oid)
    if not res.ok:
        return out(R.order_not_found(lang, oid), frame, "not_found", {"code": res.code})
    refunds = list(res.data.get("refunds", []))
    about = {i["order_id"] for i in frame.slots.get("items") or [] if not i.get("excluded")}
    target = oid or (next(iter(about)) if len(about) == 1 else None)
    order = fc.order(target)
    if order is not None and not any(r.get("order_id") == order["id"] for r in refunds):
        # "and the watch order?": no refund on THAT order, and where it stands, rather than the
        # account's other refunds or "no refunds on your account".
        fc.state.last_order_id = order["id"]
        owed = RF.no_refund_text(fc, order)
        if owed:
            # Cancelled and nothing refunded yet: what is owed, where, how long, and a chase offered.
            return out(owed, frame, "done", {"refunds": [], "order": order, "no_refund_record": True,
                                             "offer_next": {"flow": "handoff", "reason": "refund missing after cancel"}})
        pending = await OR.open_of(fc, str(order["id"]))
        if pending:
            # A return of that order still open: its state and when its money comes (vague13).
            return out(OR.said(fc, pending, []), frame, "done", {"refunds": [], "order": order,
                                                                 "returns": [r["id"] for r in pending]})
        return out(CX.no_refund_on(order, lang), frame, "done", {"refunds": [], "order": order})
    if about and not oid:
        # "the earbuds one": only the refunds of orders holding that item (all when none match).
        refunds = [r for r in refunds if r.get("order_id") in about] or refunds
    if oid:
        fc.state.last_order_id = oid
    done = [r for r in refunds if str(r.get("status")) in ("refunded", "completed", "succeeded")]
    if again and done and len(done) == len(refunds) and NOT_ARRIVED.search(fc.turn.text):
        # "I don't see it" right after being told it was refunded: where to look, and a person
        # who can trace the payment — not the same list again.
        return out(TM.refund_not_arrived_text(done, TM.refund_timings(fc.facts, done, fc.orders, fc.customer, fc.now,
                                                                      lang), lang),
                   frame, "refund_not_arrived", {"refunds": refunds})
    # Timelines per payment method the money goes back to (facts.toml), and a late refund flagged.
    timings = TM.refund_timings(fc.facts, refunds, fc.orders, fc.customer, fc.now, lang)
    escalated = await LR.escalate(fc, frame, refunds, timings)
    if escalated is not None:
        # "it's late, escalate it": the overdue refund called late, its case on its own order.
        return escalated
    if again and refunds:
        # "都两天了还没到账": not the same list again — the timeline, whether it is late, a person.
        text = TM.refund_wait_text(refunds, timings, lang)
        return out(text, frame, "done", {"refunds": refunds, "overdue": [t.refund_id for t in timings if t.overdue]})
    text = R.refund_list(refunds, lang, timing=TM.refund_timing_text(timings, lang)) \
        + TM.overdue_text(timings, lang, refunds, fc.now)
    pending = [r for r in await OR.open_of(fc, oid) if not about or oid or r.get("order_id") in about]
    opened = OR.said(fc, pending, refunds)
    if opened and not refunds:
        # "where is my refund?" with a return under way: that return, not "no refund on your account".
        text = T.t(lang, "No refund has been issued on your account yet, but your return is under way"
                         + (" (the refund follows it)." if len(pending) == 1 else "s are under way (the refunds follow them)."),
                   "您的账户下还没有已发起的退款，不过您的退货正在处理中，退款会随退货办理。") + "\n" + opened
    elif opened:
        text += "\n" + opened
    sent = RF.arrived_by_text(refunds, timings, fc.now, lang)
    if sent:
        # Marked refunded long ago: by when it should have arrived and how to trace it.
        text += ("\n" if lang != "zh" else "\n") + sent.strip()
    return out(text, frame, "done", {"refunds": refunds, "overdue": [t.refund_id for t in timings if t.overdue]})


async def other_method(fc: FlowContext, frame: Frame) -> Outcome:
    """A refund asked to go elsewhere: the refund on record and the rule; none yet: the payment flow's answer."""
    oid = frame.slots.get("order_id")
    res = await fc.tools.refund_status(fc.customer, oid)
    if not res.ok:
        return out(R.order_not_found(fc.lang, oid), frame, "not_found", {"code": res.code})
    refunds = list(res.data.get("refunds", []))
    if oid:
        fc.state.last_order_id = oid
        refunds = [r for r in refunds if str(r.get("order_id")) == str(oid)]
    from bot.dialogue.flows import payment
    if not refunds:
        # No refund on record yet: what the order was paid with and the shop's rule (payment flow).
        order = fc.order(oid) if oid else (fc.order(fc.state.last_order_id) if fc.state.last_order_id else None)
        if order is None and len(fc.orders) == 1:
            order = fc.orders[0]
        return await payment._refund_elsewhere(fc, frame, order)
    rule = payment._refund_rule(fc) or RM.shop_rule(fc.knowledge, fc.turn.text, fc.lang)
    timing = TM.refund_timing_text(TM.refund_timings(fc.facts, refunds, fc.orders, fc.customer, fc.now, fc.lang),
                                   fc.lang)
    text = RM.answer(refunds, fc.orders, fc.customer, rule, fc.lang) + (f"\n{timing}" if timing else "")
    return out(text, frame, "refund_method",
               {"refunds": refunds, "rule": bool(rule)})


def _payment_case(fc: FlowContext, frame: Frame) -> str | None:
    """The order of the payment case opened in this conversation, when this message asks about
    money and names no other order or refund."""
    named = frame.slots.get("order_id")
    cases = [k.split(":", 1)[1] for k in fc.state.opened if k.startswith("payment:")]
    if not cases or C.REQUEST_STATUS.search(fc.turn.text) or re.search(r"\b(?:RF|RFD)[-\w]*\d", fc.turn.text, re.I):
        return None
    if named and str(named) not in cases:
        return None
    last = str(fc.state.last_order_id or "")
    if fc.state.last_flow != "payment_issue" and last not in cases and not named:
        return None
    return str(named) if named else (last if last in cases else cases[-1])


# "没看到啊", "still nothing", "I don't see it": money said to be sent has not shown up.
NOT_ARRIVED = re.compile(r"(没看到|没收到|没到账|还没到|没有到账|没有收到|查不到|看不到|haven'?t (got|received|seen)|"
                         r"not (received|there|showing)|don'?t see|didn'?t (get|see)|still nothing|nothing yet|"
                         r"not in my account)", re.I)
