"""Refund answers that say everything the customer needs, from the shop's records and facts:

    no_refund_text(fc, order)              # a cancelled order with no refund on record: amount,
                                           # where it goes, the usual days, a colleague offered
    arrived_by_text(refunds, timings, ...) # a refund sent long ago: by when it should have arrived
                                           # and how to trace it (reference, the bank, a colleague)
    return_fee(fc, reason)                 # the shop's change-of-mind return fee sentence ("" none)

Why a module: the refund list, the refund-method answer and the return confirmation all state
these, and a stated fact must read the same in each of them.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.dialogue import refund_method as RM
from bot.dialogue import snippet_focus
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext
from bot.lang import replies as R

DONE = ("refunded", "completed", "succeeded")


def _where(fc: FlowContext, order: Mapping[str, Any] | None) -> tuple[str | None, str]:
    """(payment type, the words naming where its refund goes) for `order`."""
    kind = TM.payment_type(fc.customer, order)
    label = RM.method_label(fc.customer, order)
    if label and kind and T.payment_type(kind, fc.lang).lower() not in label.lower():
        label = f"{T.payment_type(kind, fc.lang)} ({label})" if fc.lang != "zh" else f"{T.payment_type(kind, 'zh')}（{label}）"
    return kind, label or (T.payment_type(kind, fc.lang) if kind else "")


def no_refund_text(fc: FlowContext, order: Mapping[str, Any]) -> str | None:
    """A cancelled order with no refund recorded: what is owed, where it goes, how long it takes
    once issued, and a colleague offered to chase it. None for any other order (its status says it)."""
    if order.get("status") != "cancelled":
        return None
    lang = fc.lang
    kind, where = _where(fc, order)
    days = fc.facts.refund_days(kind, lang)
    amount = R.money(order.get("total"), order.get("currency"), lang)
    if lang == "zh":
        to = f"原路退回{where}" if where else "原路退回您的付款方式"
        when = f"，退款发起后{TM.arrives_within(days, 'zh')}" if days else ""
        return (f"订单 {order['id']} 已取消，但目前还没有这笔订单的退款记录。已付款的取消订单会全额退款：{amount}{to}{when}。"
                f"需要我请同事帮您催一下、核实这笔退款吗？")
    to = f"back to your {where}" if where else "back to the payment method you used"
    when = f"; once issued, {TM.arrives_within(days, 'en')}" if days else ""
    return (f"Order {order['id']} was cancelled, but I don't see a refund recorded for it yet. A cancelled paid order is "
            f"refunded in full: {amount} {to}{when}. Shall I ask a colleague to chase it for you?")


def _expected(created: Any, span: str) -> datetime | None:
    """The day a refund sent on `created` should have arrived (business days read as weeks)."""
    try:
        start = datetime.fromisoformat(str(created))
    except (TypeError, ValueError):
        return None
    top = TM.upper_days(span, 10.0)
    return start + timedelta(days=math.ceil(top * 7 / 5))


def arrived_by_text(refunds: Sequence[Mapping[str, Any]], timings: Sequence[TM.RefundTiming], now: datetime,
                    lang: str) -> str:
    """For refunds marked done whose usual time has passed: the date they should have arrived by
    and how to trace one ("" when none is)."""
    by_id = {t.refund_id: t for t in timings}
    parts: list[str] = []
    for r in refunds:
        if str(r.get("status")) not in DONE:
            continue
        t = by_id.get(str(r.get("id")))
        due = _expected(r.get("created_at"), t.timeline if t else "")
        if due is None:
            continue
        if due.tzinfo is None and now.tzinfo is not None:
            due = due.replace(tzinfo=now.tzinfo)
        if due > now:
            continue                      # still inside its usual time: the timeline line says it
        day = R.date(due.isoformat(), lang)
        parts.append(T.t(lang, f"Refund {r.get('id')} was sent on {R.date(r.get('created_at'), 'en')}, so it should have "
                               f"arrived by {day}.",
                         f"退款 {r.get('id')} 已于{R.date(r.get('created_at'), 'zh')}退出，最晚应在{day}前到账。"))
    if not parts:
        return ""
    how = T.t(lang, " If you can't find it, look in that account's statement (it may show under the shop's name) and ask "
                    "your bank or payment provider with the refund reference; if they can't find it either, say \"human\" "
                    "and a colleague gets you the transaction reference from the payment provider.",
              "如果没找到，请查看该账户的交易明细（可能显示为商家名称），并凭退款单号向银行或支付机构查询；"
              "仍查不到的话回复“转人工”，同事会向支付机构要一份交易凭证号给您。")
    return (" " if lang != "zh" else "").join(parts) + how


# A page sentence stating a fee for returning an item (change of mind), with an amount.
_FEE = re.compile(r"(?:return|restocking|handling)\s+fee|fee[^.]{0,40}(?:deducted|refund)|退货费|退货手续费|"
                  r"(?:无理由|七天无理由)退货[^。]{0,30}(?:扣|收取|费用|运费)", re.I)
_AMOUNT = re.compile(r"\d")
# A return reason that is the shop's fault (fault, damage, wrong item): no change-of-mind fee.
_SHOP_FAULT = re.compile(r"fault|defect|broke|broken|damag|crack|leak|wrong|not work|doesn'?t work|dead|"
                         r"坏|故障|破损|损坏|发错|漏|质量|不工作|不能用|没反应", re.I)


def return_fee(fc: FlowContext, reason: str | None) -> str:
    """The shop's own sentence on a change-of-mind return fee ("" when its pages state none or the
    return is for a fault / damage / wrong item)."""
    if reason and _SHOP_FAULT.search(reason):
        return ""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return ""
    query = "退货 费用 扣除 无理由" if fc.lang == "zh" else "change of mind return fee deducted from the refund"
    for snip in kb.search(query, lang=fc.lang, k=5) or []:
        if snip.lang != fc.lang:
            continue
        for s in snippet_focus.sentences(snip.text):
            if _FEE.search(s) and _AMOUNT.search(s):
                return s.strip()
    return ""
