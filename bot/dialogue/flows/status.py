"""Order status: where an order is, from the shop's data. Follow-ups ("and the shoes?") pick the
order of the item named; "my last order" the newest.

Steps: start → (choose_order) → done.
"""
from __future__ import annotations

from bot.dialogue import context as CX
from bot.dialogue.carrier_times import late_after
from bot.dialogue.flows import delivery
from bot.dialogue.flows.base import FlowContext, days_between, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "order_status"
# Days after shipping past which the status answer already apologises for a late parcel.
LATE_AFTER_DAYS = 3


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
    if order.get("status") == "shipped" and fc.state.last_flow == NAME and fc.state.last_order_id == order["id"] \
            and CX.DELAY.search(text):
        # "怎么还没到，都两天了" right after its status: the usual time and when to come back, or,
        # past it, the investigation, never the same status sentence again.
        since = days_between(order.get("shipped_at"), fc.now) or 0.0
        answer, overdue = CX.delay_answer(order, str(fc.facts.carrier(order.get("carrier")).get("days", "")), since, lang,
                                          late=since > LATE_AFTER_DAYS)
        if overdue:
            frame.flow = delivery.NAME
            return await delivery.run(fc, frame)
        fc.state.finish()
        return out(answer, frame, "done", {"order": order, "days_since_shipped": round(since, 1)})
    fc.state.last_order_id = order["id"]
    from bot.dialogue import info_texts as IT
    from bot.dialogue.flows.product_info import shop_currency
    from bot.dialogue.info_cues import WAITED
    # The carrier's usual time on this route (facts.toml), not one figure for every parcel.
    tr = fc.facts.transit(order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    # The carrier's usual time from the shop's own facts; an unknown carrier gets no invented days
    # and counts as late only after the shop's stuck threshold.
    normal = tr.days or None
    waited = days_between(order.get("shipped_at"), fc.now) or 0
    late = order.get("status") == "shipped" and (
        tr.late if tr.since_shipped is not None and normal
        else waited > late_after(normal, fc.facts.get("delivery.stuck_after_days", 3)))
    fc.state.finish()
    answer = R.order_status(order, lang, late=late, normal_days=normal)
    if order.get("status") == "shipped" and tr.since_shipped is not None and normal and not late \
            and WAITED.search(text):
        # "it's been 4 days, is that normal?": the wait counted against the usual time, not a repeat.
        answer = IT.wait_answer(str(order["id"]), R.carrier(order.get("carrier"), lang), str(order.get("tracking_no") or ""),
                                tr.since_shipped, tr.days,
                                R.date(tr.expected_by.isoformat() if tr.expected_by else None, lang), lang)
    return out(answer, frame, "done", {"order": order, "usual_days": tr.days, "late": late,
                                     "days_since_shipped": tr.since_shipped})
