"""Refund status: where the customer's money is, from the shop's refunds (and, for "how is my
return/exchange going", the requests). An item named narrows to the orders holding it.

Steps: start → done (a lookup; nothing is changed, so nothing to confirm).
"""
from __future__ import annotations

import re

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue import timelines
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "refund_status"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    again = fc.state.last_flow == NAME and bool(CX.DELAY.search(fc.turn.text) or TM.MONEY_LATE.search(fc.turn.text)
                                                 or NOT_ARRIVED.search(fc.turn.text))
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
    done = [r for r in refunds if str(r.get("status")) in ("refunded", "completed", "succeeded")]
    if again and done and len(done) == len(refunds) and NOT_ARRIVED.search(fc.turn.text):
        # "I don't see it" right after being told it was refunded: where to look, and a person
        # who can trace the payment — not the same list again.
        return out(_not_arrived(fc, done, lang), frame, "refund_not_arrived", {"refunds": refunds})
    # Timelines per payment method the money goes back to (facts.toml), and a late refund flagged.
    timings = TM.refund_timings(fc.facts, refunds, fc.orders, getattr(fc.customer, "payment_methods", ()) or (),
                                fc.now, lang)
    if again and refunds:
        # "都两天了还没到账": not the same list again — the timeline, whether it is late, a person.
        text = TM.refund_wait_text(refunds, timings, lang)
        return out(text, frame, "done", {"refunds": refunds, "overdue": [t.refund_id for t in timings if t.overdue]})
    text = R.refund_list(refunds, lang, timing=TM.refund_timing_text(timings, lang)) + TM.overdue_text(timings, lang)
    return out(text, frame, "done", {"refunds": refunds, "overdue": [t.refund_id for t in timings if t.overdue]})


# "没看到啊", "still nothing", "I don't see it": money said to be sent has not shown up.
NOT_ARRIVED = re.compile(r"(没看到|没收到|没到账|还没到|没有到账|没有收到|查不到|看不到|haven'?t (got|received|seen)|"
                         r"not (received|there|showing)|don'?t see|didn'?t (get|see)|still nothing|nothing yet|"
                         r"not in my account)", re.I)


def _not_arrived(fc: FlowContext, refunds: list, lang: str) -> str:
    by_id = {str(o["id"]): o for o in fc.orders}
    parts_en, parts_zh = [], []
    for r in refunds:
        kind = timelines.payment_type_of(by_id.get(str(r.get("order_id"))), fc.customer)
        where_en = T.payment_type(kind, "en") if kind else "the original payment method"
        where_zh = T.payment_type(kind, "zh") if kind else "原支付方式"
        days_en = fc.facts.refund_days(kind, "en") if kind else ""
        days_zh = fc.facts.refund_days(kind, "zh") if kind else ""
        amt = R.money(r.get("amount"), r.get("currency"), lang)
        parts_en.append(f"{r.get('id')} ({amt}) was sent to {where_en} on {R.date(r.get('created_at'), 'en')}"
                        + (f"; it usually arrives within {days_en}" if days_en else ""))
        parts_zh.append(f"{r.get('id')}（{amt}）已于{R.date(r.get('created_at'), 'zh')}退回{where_zh}"
                        + (f"，一般 {days_zh} 到账" if days_zh else ""))
    return R.t(lang, "; ".join(parts_en) + ". Please check the activity of that account (it may show under the "
                     "shop's name). If it isn't there, say \"human\" and a colleague will trace it with the payment "
                     "provider and give you a transaction reference.",
               "；".join(parts_zh) + "。请在该账户的交易记录里查看（可能显示为商家名称）。如果仍然找不到，回复“转人工”，"
               "同事会与支付机构核查并提供交易凭证号。")
