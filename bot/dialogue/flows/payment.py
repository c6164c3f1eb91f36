"""Payment issue (charged twice, failed payment, wrong amount, price dropped): look at the order
and its refunds, then hand to a person with the facts. The bot never moves money on its own here.

Steps: start → (choose_order) → done (ticket, handoff) | already_open.
"""
from __future__ import annotations

import re

from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

NAME = "payment_issue"


_MONEY_BACK = re.compile(r"(退回|退给我|到账|退款|钱|\bback\b|\brefund|\bmoney\b|\bwhen\b)", re.I)


def _eligible(order: dict) -> bool:
    return order.get("status") != "cancelled"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "payment", "付款问题")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    key = f"payment:{order['id']}"
    days = fc.facts.refund_days(TM.payment_type(fc.customer, order), lang)
    if fc.state.opened.get(key):
        fc.state.finish()
        text = T.already_open(NAME, fc.state.opened[key], lang)
        if _MONEY_BACK.search(fc.turn.text):
            # "so when do I get the extra back?": when, from this order's payment method.
            text += T.t(lang, f" Once a colleague has verified the charge, the extra amount goes back to your original "
                              f"payment method, usually within {days}.",
                        f"同事核实扣款后，多扣的金额会原路退回，一般 {days} 内到账。")
        return out(text, frame, "already_open", {"order": order, "ticket": fc.state.opened[key]}, handoff=True)
    res = await fc.tools.refund_status(fc.customer, order["id"])
    refunds = list(res.data.get("refunds", [])) if res.ok else []
    lines = [f"payment_issue order={order['id']} status={order['status']} total={order.get('total')}"
             f" currency={order.get('currency')} refunds={[(r.get('id'), r.get('amount'), r.get('status')) for r in refunds]}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    tk = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "payment_issue",
                                      transcript)
    ticket = tk.data.get("ticket_id") if tk.ok else None
    if ticket:
        fc.state.opened[key] = str(ticket)
    fc.state.finish()
    hours = int(fc.facts.get("service.reply_within_hours", 24))
    return out(T.payment_ticket(order, refunds, ticket, hours, days, lang), frame,
               "done", {"order": order, "refunds": refunds, "ticket": ticket}, handoff=True)
