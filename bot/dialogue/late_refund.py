"""A refund past its promised days, escalated: called late with its facts (amount, since when,
the usual days for its payment method) and the escalation case filed on THAT refund's order —
never on another order of the customer, never a cancel refusal in front of it.

    escalate(fc, frame, refunds, timings)   # Outcome | None (None: nothing overdue or not asked)

A case is no change to an order (like the delivery and billing cases), so the customer's own
"escalate it" / "找人处理" is the request; a second ask in the same conversation reuses the case.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

# "escalate it", "I want someone to look into it", "帮我升级处理", "找人处理一下", "我要投诉".
ESCALATE = re.compile(r"\bescalat\w*|\bcomplain\w*|\bchase\b|\bfollow(?:\s|-)?up\b|\bsomeone\s+(?:to\s+)?(?:look|check|chase|"
                      r"sort|deal|handle|help)|\b(?:a|real)\s+(?:person|human)\b|\bmanager\b|\bsupervisor\b|"
                      r"升级|投诉|找人|有人(?:跟进|处理|看一下)|跟进|催一下|催促|追查|核查|人工处理|处理一下|给个说法", re.I)
# "refund", "money back", "退款", "到账": the message is about money owed.
MONEY = re.compile(r"\brefund\w*|\bmoney\s+back\b|\bmy\s+money\b|\breimburs\w*|退款|退钱|钱.{0,3}退|到账|退回来", re.I)


def wants_escalation(text: str) -> bool:
    return bool(ESCALATE.search(text) or C.TICKET.search(text))


def _when(created: Any) -> str:
    return str(created or "")[:10]


async def escalate(fc: FlowContext, frame: Frame, refunds: Sequence[Mapping[str, Any]],
                   timings: Sequence[TM.RefundTiming]) -> Outcome | None:
    """The overdue refund(s) this message is about, each with its case filed on its own order."""
    if not wants_escalation(fc.turn.text):
        return None
    late = {t.refund_id: t for t in timings if t.overdue}
    named = str(frame.slots.get("order_id") or "")
    chosen = [r for r in refunds if str(r.get("id")) in late and (not named or str(r.get("order_id")) == named)]
    if not chosen:
        return None
    lang = fc.lang
    hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
    parts: list[str] = []
    cases: dict[str, str | None] = {}
    for r in chosen:
        order_id = str(r.get("order_id"))
        t = late[str(r.get("id"))]
        key = f"refund_late:{order_id}"
        ticket = fc.state.opened.get(key)
        if not ticket:
            lines = [f"refund_overdue refund={r.get('id')} order={order_id} amount={r.get('amount')} "
                     f"currency={r.get('currency')} status={r.get('status')} since={r.get('created_at')} "
                     f"usual={t.timeline} paid_with={t.payment_type}"]
            transcript = [f"{who}: {said}" for who, said in fc.history] + [f"user: {fc.turn.text}"] + lines
            res = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "refund_overdue",
                                               transcript, order_id=order_id)
            ticket = str(res.data.get("ticket_id")) if res.ok and res.data.get("ticket_id") else None
            if ticket:
                fc.state.opened[key] = ticket
        cases[order_id] = ticket
        amount = R.money(r.get("amount"), r.get("currency"), lang)
        usual_en = f" (usually {t.timeline})" if t.timeline else ""
        usual_zh = f"（一般 {t.timeline} 到账）" if t.timeline else ""
        ref_en = f"ticket {ticket}" if ticket else "a case"
        ref_zh = f"工单号 {ticket}" if ticket else "已登记"
        parts.append(R.t(lang, f"Refund {r.get('id')} for order {order_id} ({amount}, issued on {_when(r.get('created_at'))}) "
                               f"is late: it has taken longer than it should{usual_en}. I've escalated it on order "
                               f"{order_id} ({ref_en}); a colleague chases it with the payment provider and gets back "
                               f"to you within {hours} hours.",
                         f"退款 {r.get('id')}（订单 {order_id}，{amount}，{_when(r.get('created_at'))} 发起）已超过正常到账时间"
                         f"{usual_zh}，确实逾期了。已为订单 {order_id} 升级处理（{ref_zh}），同事会联系支付渠道核查，"
                         f"{hours} 小时内回复您。"))
    fc.state.last_order_id = str(chosen[0].get("order_id"))
    return out((" " if lang != "zh" else "").join(parts), frame, "escalated",
               {"refunds": list(chosen), "overdue": list(late), "tickets": cases})
