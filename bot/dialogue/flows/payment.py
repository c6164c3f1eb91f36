"""Payment issue (charged twice, failed payment, wrong amount, price dropped): look at the order
and its refunds, then hand to a person with the facts. The bot never moves money on its own here.

Steps: start → (choose_order) → done (ticket, handoff) | already_open.
"""
from __future__ import annotations

import re

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R

NAME = "payment_issue"


_MONEY_BACK = re.compile(r"(退回|退给我|到账|退款|钱|\bback\b|\brefund|\bmoney\b|\bwhen\b)", re.I)


def _eligible(order: dict) -> bool:
    return order.get("status") != "cancelled"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    CX.narrow_order(fc, frame, [o for o in fc.orders if _eligible(o)])
    order, ask = await resolve_order(fc, frame, _eligible, "payment", "付款问题")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    key = f"payment:{order['id']}"
    kind = TM.payment_type(fc.customer, order)
    days = fc.facts.refund_days(kind, lang)
    method = T.payment_type(kind, lang) if kind else ""
    if not fc.state.opened.get(key):
        # A billing case the shop already holds for this order: referred to, not opened again.
        found = await CX.open_case(fc.tools, fc.customer, NAME, str(order["id"]))
        if found:
            fc.state.opened[key] = str(found["id"])
    if fc.state.opened.get(key):
        followed = fc.state.last_flow == NAME     # a detail right after the answer: the engine says "noted"
        fc.state.finish()
        text = T.already_open(NAME, fc.state.opened[key], lang)
        if await CX.add_to_case(fc.tools, fc.customer, fc.state.opened[key], fc.turn.text,
                                f"payment_issue follow-up order={order['id']} status={order['status']}") \
                and not followed:
            text += T.t(lang, " I've added your new message to the case.", "您这条补充已记到工单里。")
        if _MONEY_BACK.search(fc.turn.text):
            # "so when do I get the extra back?": when, from this order's payment method.
            where_en, where_zh = (f"your {method}", f"退回{method}") if method else ("your original payment method", "原路退回")
            text += T.t(lang, f" Once a colleague has verified the charge, the extra amount goes back to {where_en}"
                              + (f", usually within {days}." if days else "."),
                        f"同事核实扣款后，多扣的金额会{where_zh}" + (f"，{TM.arrives_within(days, 'zh')}。" if days else "。"))
        return out(text, frame, "already_open", {"order": order, "ticket": fc.state.opened[key]}, handoff=True)
    res = await fc.tools.refund_status(fc.customer, order["id"])
    refunds = list(res.data.get("refunds", [])) if res.ok else []
    lines = [f"payment_issue order={order['id']} status={order['status']} total={order.get('total')}"
             f" currency={order.get('currency')} refunds={[(r.get('id'), r.get('amount'), r.get('status')) for r in refunds]}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    tk = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "payment_issue",
                                      transcript, order_id=str(order["id"]))
    ticket = tk.data.get("ticket_id") if tk.ok else None
    if ticket:
        fc.state.opened[key] = str(ticket)
    fc.state.finish()
    hours = int(fc.facts.get("service.reply_within_hours", 24))
    head = None
    if order.get("status") == "pending":
        # "I paid but it still says unpaid": the shop has no payment yet; a person matches it.
        paid = R.money(order.get("total"), order.get("currency"), lang)
        head = T.t(lang, f"Order {order['id']} ({paid}) still shows as awaiting payment: no payment has reached the "
                         f"shop yet. If the money has left your account, it is usually a payment still being confirmed.",
                   f"订单 {order['id']}（{paid}）目前仍显示待付款，店铺这边还没有收到这笔付款；如果您的账户已经扣款，"
                   f"一般是支付还在确认中。")
    return out(T.payment_ticket(order, refunds, ticket, hours, days, lang, method=method, head=head), frame,
               "done", {"order": order, "refunds": refunds, "ticket": ticket}, handoff=True)
