"""A short question right after a billing case was opened or referred to (records14, #13).

"thanks. anything else I need to do?", "ok, how long will that take?", "好的 那要多久", "然后呢":
the customer asks what happens next with the case just named. Answered from that case — who
replies, within the shop's reply time, and that nothing more is needed from them — never a
goodbye that ignores the question, the capability menu, or the order question asked again.

    answer(fc) -> Outcome | None      # None: no billing case in focus, or not such a question
"""
from __future__ import annotations

import re

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome

# What happens next / when ("how long", "what now", "anything else I need to do", "要多久", "然后呢").
_NEXT = re.compile(r"\bhow long\b|\bhow soon\b|\bwhen will\b|\bwhen do\b|\bwhat (?:now|next|happens next|happens now)\b|"
                   r"\b(?:anything|something) else (?:i need|i have|i should|to do|you need)|"
                   r"\bdo i (?:need|have) to do\b|\bwhat do i (?:need to |have to )?do\b|"
                   r"多久|多长时间|什么时候|啥时候|几天|然后呢|接下来|下一步|我(?:还)?(?:需要|要|得)做什么|还要我做", re.I)
# Anything naming something else (an order, money back, another request) goes to the usual rules.
# The money back ("when do I get the extra back?") and the parcel ("when will it be sent out?") are
# their own questions (the payment flow's refund timing, the order's status).
_OTHER = re.compile(r"\brefund|\bmoney\b|\bback\b|\bextra\b|\breturn|\bexchange|\bcancel|\baddress|\binvoice|\btrack|"
                    r"\bship|\bsen[dt]\b|\bdispatch|\bgone out\b|\bdeliver|\barriv|"
                    r"退款|退钱|退回|到账|钱|退货|换货|取消|地址|发票|物流|快递|发货|发出|寄出|到货|送到|送达|\d{4,}", re.I)
_MAX_LEN = 80


def _billing_case(fc: FlowContext) -> tuple[str, str] | None:
    """(case id, order id) of the billing case the last answer was about."""
    if fc.state.last_flow != "payment_issue":
        return None
    oid = str(fc.state.last_order_id or "")
    case = fc.state.opened.get(f"payment:{oid}") if oid else None
    if not case:
        held = [(k.split(":", 1)[1], v) for k, v in fc.state.opened.items() if k.startswith("payment:")]
        if len(held) != 1:
            return None
        oid, case = held[0]
    return str(case), oid


def answer(fc: FlowContext) -> Outcome | None:
    text = fc.turn.text or ""
    if len(text) > _MAX_LEN or not _NEXT.search(text) or _OTHER.search(text):
        return None
    from bot.dialogue import context as CX
    if CX.own_flow(text):
        return None                   # a request of its own ("when will it be sent out?")
    held = _billing_case(fc)
    if held is None:
        return None
    case, oid = held
    hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
    lang = fc.lang
    about = T.t(lang, f" for order {oid}" if oid else "", f"（订单 {oid}）" if oid else "")
    return Outcome(T.t(lang, f"Your billing case {case}{about} is with our billing team: they check the payment records "
                             f"and reply within {hours} hours. There's nothing else you need to do meanwhile — "
                             "anything charged in error is refunded to the payment method you used.",
                       f"您的账务工单 {case}{about}已交给账务同事：他们会核对支付记录，{hours} 小时内回复您。这期间您不需要"
                       "再做其他操作，多扣的款项会原路退回。"),
                   step="case_next", intent="payment_issue", facts={"ticket": case, "order_id": oid},
                   knowledge_query=False)
