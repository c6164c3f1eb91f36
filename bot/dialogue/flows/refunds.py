"""Refund status: where the customer's money is, from the shop's refunds (and, for "how is my
return/exchange going", the requests). An item named narrows to the orders holding it.

Steps: start → done (a lookup; nothing is changed, so nothing to confirm).
"""
from __future__ import annotations

from bot.dialogue import context as CX
from bot.dialogue import timelines
from bot.dialogue.flows.base import FlowContext, out, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "refund_status"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    fc.state.finish()
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
        return out(CX.no_refund_on(order, lang), frame, "done", {"refunds": [], "order": order})
    if about and not oid:
        # "the earbuds one": only the refunds of orders holding that item (all when none match).
        refunds = [r for r in refunds if r.get("order_id") in about] or refunds
    if oid:
        fc.state.last_order_id = oid
    timing = timelines.refund_timing(fc.facts, refunds, fc.orders, fc.customer, lang)
    text = R.refund_list(refunds, lang, timing=timing)
    late = timelines.overdue_refunds(fc.facts, refunds, fc.orders, fc.customer, fc.now)
    if late:
        text += "\n" + timelines.overdue_note(late, lang)
    return out(text, frame, "done", {"refunds": refunds, "overdue": [r.get("id") for r in late]})
