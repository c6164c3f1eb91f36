"""Order status: where an order is, from the shop's data. Follow-ups ("and the shoes?") pick the
order of the item named; "my last order" the newest.

Steps: start → (choose_order) → done.
"""
from __future__ import annotations

import re

from bot.dialogue import context as CX
from bot.dialogue import dispatch_late as DL
from bot.dialogue import info_texts as IT
from bot.dialogue import timing as TM
from bot.dialogue import which_orders
from bot.dialogue.flows import delivery
from bot.dialogue.flows.base import FlowContext, days_between, out, resolve_order, take_slots
from bot.dialogue.flows.product_info import shop_currency
from bot.dialogue.info_cues import WAITED
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "order_status"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    text = fc.turn.text
    if CX.others_order(text) and not frame.slots.get("order_id") and not frame.slots.get("items"):
        fc.state.finish()
        return Outcome(R.others_data(lang), step="refused_privacy", intent="other")
    asked = which_orders.asked_state(text) if not frame.slots.get("order_id") and not frame.slots.get("items") \
        else None
    if asked is not None:
        # "which of my orders hasn't arrived?": the pick is the answer (#13 vague13), never
        # "which order?" back nor a carrier case about a delivered parcel.
        picked = which_orders.matching(asked, fc.orders)
        if len(picked) == 1:
            frame.slots["order_id"] = str(picked[0]["id"])
            text = ""          # its status below, read without the not-arrived words
        else:
            fc.state.finish()
            rows = _listing(list(picked), lang).split("\n")[1:-1] if picked else []
            lead = which_orders.head(asked, len(picked), len(fc.orders), lang) if picked \
                else which_orders.none_left(asked, lang)
            if not picked and fc.orders:
                rows = _listing(fc.orders, lang).split("\n")[1:-1][:1]
            return out("\n".join([lead, *rows]), frame, "listed", {"orders": [str(o["id"]) for o in picked]})
    if fc.state.last_flow in ("refund_status", "payment_issue") and _MONEY.search(text) and not C.PARCEL.search(text) \
            and not frame.slots.get("order_id"):
        # "都两天了还没到账" right after a refund or billing answer: about that money, never
        # another order's status.
        from bot.dialogue.flows import refunds
        frame.flow = refunds.NAME
        return await refunds.run(fc, frame)
    if not frame.slots.get("order_id") and (delivery.MARKED_DELIVERED.search(text) or (
            C.NOT_RECEIVED.search(text) and any(o.get("status") == "delivered" for o in fc.orders))):
        # "it says delivered but I never got it": a parcel missing at the door is investigated,
        # not answered with its status (the delivery flow picks the delivered parcel).
        frame.flow = delivery.NAME
        return await delivery.run(fc, frame)
    if _all_orders(text) and not frame.slots.get("order_id") and not frame.slots.get("items") and len(fc.orders) > 1:
        # "where are my orders?", "我的订单都到哪了": every order and where it stands, not one of them.
        fc.state.finish()
        return out(_listing(fc.orders, lang), frame, "listed", {"orders": [o["id"] for o in fc.orders]})
    if C.NOT_SHIPPED.search(text):
        pool = {o["id"] for o in fc.orders if o.get("status") in ("pending", "paid")}
    else:
        pool = {o["id"] for o in fc.orders if o.get("status") in ("pending", "paid", "shipped")}
        shipped = {o["id"] for o in fc.orders if o.get("status") == "shipped"}
        if shipped and C.PARCEL.search(text):
            pool = shipped       # "where is my parcel": what is on its way, not what waits in the warehouse
    named = bool(frame.slots.get("items"))
    if not named and not frame.slots.get("latest") and _bare(text):
        # "我的订单" / "my order" and nothing else: which one is not guessed from the active ones.
        pool = {o["id"] for o in fc.orders}
    if not named and (frame.slots.get("latest") or not pool) and not frame.slots.get("order_id"):
        # "status of my last order" is the newest whatever its state; with nothing on its way
        # (one delivered, one cancelled) "where is my order?" is about the newest too — never
        # "no matching order".
        pool = {o["id"] for o in fc.orders}
        if fc.orders and not frame.slots.get("candidates"):
            frame.slots["latest"] = True
    CX.narrow_order(fc, frame, [o for o in fc.orders if o["id"] in pool] if not named else None)
    order, ask = await resolve_order(fc, frame, (lambda o: o["id"] in pool or named), "order status", "查询订单")
    if ask is not None:
        return ask
    assert order is not None
    if order.get("status") in ("shipped", "delivered") and (delivery.MARKED_DELIVERED.search(text) or (
            order.get("status") == "delivered" and C.NOT_RECEIVED.search(text))):
        # "it says delivered but I never got it": a parcel missing at the door is investigated,
        # not answered with its status.
        frame.flow = delivery.NAME
        return await delivery.run(fc, frame)
    if order.get("status") == "shipped" and fc.state.last_flow == NAME and fc.state.last_order_id == order["id"] \
            and (CX.DELAY.search(text) or CX.WHEN_ASK.search(text)):
        # "怎么还没到，都两天了" / "还要多久" right after its status: the usual time and when to come back, or,
        # past it, the investigation, never the same status sentence again.
        since = days_between(order.get("shipped_at"), fc.now) or 0.0
        tr0 = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
        days = str(fc.facts.carrier(order.get("carrier")).get("days", "") or tr0.normal_days or "")
        answer, overdue = CX.delay_answer(order, days, since, lang, late=tr0.late, expected_by=tr0.expected_by,
                                              now=fc.now)
        if overdue:
            frame.flow = delivery.NAME
            return await delivery.run(fc, frame)
        fc.state.finish()
        return out(answer, frame, "done", {"order": order, "days_since_shipped": round(since, 1)})
    if order.get("status") in ("pending", "paid") and fc.state.last_flow == NAME \
            and fc.state.last_order_id == order["id"] \
            and (CX.WHEN_ASK.search(text) or CX.WHY_ASK.search(text) or CX.DELAY.search(text) or CX.HURRY.search(text)):
        # "when will it ship?" / "为什么还没发" right after its status: what it waits for and when
        # it usually leaves, not the same sentence again.
        chased = await DL.chase(fc, frame, order)
        fc.state.finish()
        if chased is not None:
            return chased
        return out(CX.not_shipped_answer(order, lang, DL.on_time_text(fc, order)), frame, "done", {"order": order})
    fc.state.last_order_id = order["id"]
    if order.get("status") == "paid":
        # Past the shop's own dispatch time: late, sorry, chased on the order (one case, reused).
        chased = await DL.chase(fc, frame, order)
        if chased is not None:
            fc.state.finish()
            return chased
    # Late means past THIS carrier's usual days (facts.toml), never a fixed count for every carrier.
    tr = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    late = order.get("status") == "shipped" and tr.late
    if late and (CX.DELAY.search(text) or C.STUCK.search(text)):
        # "顺丰到现在还没到" and it IS overdue: open the investigation now, not "type 转人工".
        frame.flow = delivery.NAME
        return await delivery.run(fc, frame)
    if order.get("status") == "shipped" and fc.state.opened.get(f"delivery:{order['id']}") \
            and (WAITED.search(text) or C.LOST_OR_FROZEN.search(text) or delivery.NO_SCANS.search(text)
                 or CX.DELAY.search(text)):
        # "still no scans for days" about a parcel whose case is open: onto that case (the
        # carrier inquiry on it), never the status with "tell me and I'll open an inquiry".
        frame.flow = delivery.NAME
        return await delivery.run(fc, frame)
    fc.state.finish()
    answer = R.order_status(order, lang, late=late, normal_days=tr.normal_days, international=tr.international,
                            dispatch=DL.on_time_text(fc, order) if order.get("status") == "paid" else "")
    if order.get("status") == "shipped" and tr.normal_days and not late and WAITED.search(text):
        # "it's been 4 days, is that normal?": the wait counted against the usual time, not a repeat.
        answer = IT.wait_answer(str(order["id"]), R.carrier(order.get("carrier"), lang), str(order.get("tracking_no") or ""),
                                round(tr.since), tr.normal_days,
                                R.date(tr.expected_by.isoformat() if tr.expected_by else None, lang), lang)
    return out(answer, frame, "done", {"order": order, "normal_days": tr.normal_days, "usual_days": tr.normal_days,
                                     "late": late, "days_since_shipped": round(tr.since)})


# Money words: a refund or a charge, not a parcel.
_MONEY = re.compile(r"退款|到账|退钱|钱|扣款|\brefund|\bmoney\b|\bcharge|\bpaid back\b|\breimburse", re.I)


def _bare(text: str) -> bool:
    """A message that only says "my order(s)": no question, no state, no item, a few words."""
    t = text.strip()
    if C.EXPLICIT_WHERE.search(t) or C.PARCEL.search(t) or C.NOT_SHIPPED.search(t) or "?" in t or "？" in t:
        return False
    return len(t) <= 6 if any("\u4e00" <= ch <= "\u9fff" for ch in t) else len(t.split()) <= 3


# "where are my orders", "status of all my orders", "我的订单都到哪了", "所有订单": every order asked about.
_ALL_ORDERS = re.compile(r"\b(?:all|each|every one) of my orders\b|\ball (?:my|the) orders\b|\bmy orders\b|"
                         r"\borders? i(?:'ve| have)? (?:placed|made)\b|所有(?:的)?订单|全部(?:的)?订单|订单都|几个订单|"
                         r"这些订单|每个订单|每一单", re.I)


def _all_orders(text: str) -> bool:
    return bool(_ALL_ORDERS.search(text))


def _listing(orders: list[dict], lang: str) -> str:
    """Every order, newest first: id, items, date, status (and the parcel for one on its way)."""
    rows = []
    for o in sorted(orders, key=lambda o: str(o.get("placed_at") or ""), reverse=True):
        row = R.order_line(o, lang)
        if o.get("status") == "shipped" and o.get("carrier"):
            row += R.t(lang, f" — with {R.carrier(o.get('carrier'), lang)}, tracking {o.get('tracking_no') or '-'}",
                       f"（{R.carrier(o.get('carrier'), lang)}，运单号 {o.get('tracking_no') or '-'}）")
        elif o.get("status") == "delivered" and o.get("delivered_at"):
            row += R.t(lang, f" on {R.date(o.get('delivered_at'), lang)}", f"（{R.date(o.get('delivered_at'), lang)}）")
        rows.append(row)
    head = R.t(lang, f"Here are your {len(rows)} orders and where each one stands:", f"您共有 {len(rows)} 个订单，状态如下：")
    tail = R.t(lang, "Tell me which one you'd like to know more about.", "想了解哪一单的详情，告诉我就行。")
    return "\n".join([head, *rows, tail])
