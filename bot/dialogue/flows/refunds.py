"""Refund status: where the customer's money is, from the shop's refunds (and, for "how is my
return/exchange going", the requests). An item named narrows to the orders holding it.

Steps: start → done (a lookup; nothing is changed, so nothing to confirm).
"""
from __future__ import annotations

from bot import cues as C
from bot import replies as R
from bot.dialogue.flows.base import FlowContext, out, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

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
    if about and not oid:
        # "the earbuds one": only the refunds of orders holding that item (all when none match).
        refunds = [r for r in refunds if r.get("order_id") in about] or refunds
    if oid:
        fc.state.last_order_id = oid
    # The timeline of the payment method the refund goes back to, not one country's wallets.
    paid = [o for o in fc.orders if o["id"] in {r.get("order_id") for r in refunds}] or fc.orders[:1]
    timeline = fc.facts.refund_days_for(fc.customer, paid[0], lang) if paid else None
    return out(R.refund_list(refunds, lang, timeline), frame, "done", {"refunds": refunds})
