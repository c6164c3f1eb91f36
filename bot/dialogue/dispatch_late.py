"""A paid order not shipped: its dispatch time as the shop states it, and past that time an
apology and a chase — a case on THAT order, reused when the customer asks again.

    text = on_time_text(fc, order)        # "" when the shop states no dispatch time
    out = await chase(fc, frame, order)   # Outcome | None (None: not past the shop's time)

A case is no change to the order (like the delivery and late-refund cases), so it is opened
without a confirmation; the open case on the order (any earlier one of the same kind) is added
to instead of a second.
"""
from __future__ import annotations

from typing import Any

from bot.dialogue import context as CX
from bot.dialogue import dispatch_time as DT
from bot.dialogue.flows.base import FlowContext, out
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R

REASON = "dispatch_overdue"


def promise(fc: FlowContext) -> DT.Promise | None:
    return DT.shop_promise(fc.facts, fc.knowledge, fc.lang)


def on_time_text(fc: FlowContext, order: dict[str, Any]) -> str:
    """When the order should leave, by the shop's own time ("" when the shop names none)."""
    p = promise(fc)
    due = DT.due_by(order, p)
    if p is None or due is None:
        return ""
    when = R.date(due.isoformat(), fc.lang)
    return R.t(fc.lang, f"Paid orders leave the warehouse {DT.time_words(p, 'en')} of payment, so it should ship by {when}.",
               f"已付款订单会在付款后 {DT.time_words(p, 'zh')}发货，预计{when}前发出。")


async def chase(fc: FlowContext, frame: Frame | None, order: dict[str, Any]) -> Outcome | None:
    """Past the shop's dispatch time: late, sorry, chased on the order's own case."""
    p = promise(fc)
    if not DT.overdue(order, p, fc.now):
        return None
    assert p is not None
    due = DT.due_by(order, p)
    lang, oid = fc.lang, str(order["id"])
    key = f"{REASON}:{oid}"
    ticket = fc.state.opened.get(key)
    added = False
    if not ticket:
        case = await CX.open_case(fc.tools, fc.customer, REASON, oid)
        if case is not None and str(case.get("order_id") or "") == oid:
            ticket = str(case["id"])
    again = bool(ticket)
    if ticket:
        # Asked again: the message goes onto the one case, never a second ticket beside it.
        added = await CX.add_to_case(fc.tools, fc.customer, ticket, fc.turn.text, f"customer asked again; order={oid}")
    if not ticket:
        lines = [f"{REASON} order={oid} placed={order.get('placed_at')} due={due.isoformat() if due else ''} "
                 f"status={order.get('status')}"]
        transcript = [f"{who}: {said}" for who, said in fc.history] + [f"user: {fc.turn.text}"] + lines
        res = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, REASON,
                                           transcript, order_id=oid)
        ticket = str(res.data.get("ticket_id")) if res.ok and res.data.get("ticket_id") else None
    if ticket:
        fc.state.opened[key] = ticket
    fc.state.last_order_id = oid
    hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
    what = R.items_text(order, lang)
    placed = R.date(order.get("paid_at") or order.get("placed_at"), lang)
    by = R.date(due.isoformat(), lang) if due else ""
    if again:
        note_en = " I've added your message to it, and" if added else ""
        note_zh = "您这条消息也已补充进去，" if added else ""
        text = R.t(lang, f"Order {oid} ({what}) still hasn't shipped, and I'm sorry about that. It is already being "
                         f"chased with the warehouse on case {ticket};{note_en or ''} a colleague gets back to you "
                         f"within {hours} hours.",
                   f"订单 {oid}（{what}）仍未发货，非常抱歉。已经在工单 {ticket} 里向仓库催促，{note_zh}"
                   f"同事会在 {hours} 小时内回复您。")
    else:
        ref_en = f" (case {ticket})" if ticket else ""
        ref_zh = f"（工单号 {ticket}）" if ticket else ""
        text = R.t(lang, f"Order {oid} ({what}) was paid on {placed} and should have left the warehouse by {by} — paid "
                         f"orders ship {DT.time_words(p, 'en')} of payment — but it hasn't shipped yet. I'm sorry about "
                         f"the delay. I've asked the warehouse to chase it{ref_en}; a colleague gets back to you within "
                         f"{hours} hours with the dispatch date. If you'd rather not wait, it can still be cancelled "
                         f"as long as it hasn't shipped.",
                   f"订单 {oid}（{what}）{placed}付款，按规定付款后 {DT.time_words(p, 'zh')}发货，应在{by}前发出，"
                   f"但目前还没有发货，非常抱歉耽误了您的时间。我已为您向仓库催促发货{ref_zh}，同事会在 {hours} 小时内"
                   f"回复具体发货时间。如果不想再等，发货前仍可以取消订单。")
    return out(text, frame, "dispatch_overdue", {"order": order, "overdue": True, "ticket": ticket,
                                                 "due_by": due.isoformat() if due else None})
