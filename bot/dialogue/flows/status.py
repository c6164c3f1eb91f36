"""Order status: where an order is, from the shop's data. Follow-ups ("and the shoes?") pick the
order of the item named; "my last order" the newest.

Steps: start → (choose_order) → done.
"""
from __future__ import annotations

from bot import cues as C
from bot import replies as R
from bot.dialogue.flows.base import FlowContext, days_between, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

NAME = "order_status"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    text = fc.turn.text
    if C.NOT_SHIPPED.search(text):
        pool = {o["id"] for o in fc.orders if o.get("status") in ("pending", "paid")}
    else:
        pool = {o["id"] for o in fc.orders if o.get("status") in ("pending", "paid", "shipped")}
        shipped = {o["id"] for o in fc.orders if o.get("status") == "shipped"}
        if shipped and C.PARCEL.search(text):
            pool = shipped       # "where is my parcel": what is on its way, not what waits in the warehouse
    named = bool(frame.slots.get("items"))
    order, ask = await resolve_order(fc, frame, (lambda o: o["id"] in pool or named), "order status", "查询订单")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    from bot.dialogue import info_texts as IT
    from bot.dialogue.flows.product_info import shop_currency
    from bot.dialogue.info_cues import WAITED
    # The carrier's usual time on this route (facts.toml), not one figure for every parcel.
    tr = fc.facts.transit(order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    late = order.get("status") == "shipped" and (tr.late if tr.since_shipped is not None
                                                  else (days_between(order.get("shipped_at"), fc.now) or 0) > 3)
    fc.state.finish()
    answer = R.order_status(order, lang, late=late, days=tr.days)
    if order.get("status") == "shipped" and tr.since_shipped is not None and not late and WAITED.search(text):
        # "it's been 4 days, is that normal?": the wait counted against the usual time, not a repeat.
        answer = IT.wait_answer(str(order["id"]), R.carrier(order.get("carrier"), lang), str(order.get("tracking_no") or ""),
                                tr.since_shipped, tr.days,
                                R.date(tr.expected_by.isoformat() if tr.expected_by else None, lang), lang)
    return out(answer, frame, "done", {"order": order, "usual_days": tr.days, "late": late,
                                     "days_since_shipped": tr.since_shipped})
