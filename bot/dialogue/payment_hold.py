"""An amount shown on a card / PayPal / wallet for an order that is still unpaid (pending): what
it is — an authorisation hold, nothing captured (so nothing taken twice) — and what happens to
it, in the shop's own words where its pages say so (released by the bank within N days, unpaid
orders cancelled automatically after N hours). A question, so no billing case is opened unless
the customer asks for a person or a case.

    hold_text(fc, order)        # the explanation for `order` ("" parts the shop does not state)
    wants_case(text)            # the customer asked for a person / a case themselves
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import snippet_focus
from bot.dialogue.flows.base import FlowContext
from bot.lang import cues as C

# A sentence of a shop's page about holds on unpaid orders, or about unpaid orders lapsing.
_HOLD = re.compile(r"authori[sz]\w*|\bhold\b|\bpre-?auth\w*|预授权|冻结|预扣", re.I)
_LAPSE = re.compile(r"(?:cancel+ed|cancel+s|expire[sd]?|lapse[sd]?)\b[^.]{0,30}\bautomatic|automatic\w*[^.]{0,30}"
                    r"(?:cancel|expire)|(?:未付款|未支付|待付款)[^。]{0,20}(?:自动取消|自动关闭|过期)", re.I)
# A sentence about paying ("hold the case button" is no payment hold).
_PAYMENT = re.compile(r"pay\w*|card|charge\w*|bank|order|付款|支付|扣款|银行|订单|信用卡", re.I)
# "I want someone to look at it", "open a case": a case asked for, not a question about a hold.
_ASKS_CASE = re.compile(r"\b(?:a|real)\s+(?:person|human|agent)\b|\bhuman\b|\bcolleague\b|\bticket\b|\bcase\b|"
                        r"\bescalat\w*|\brefund (?:it|me)\b|转人工|人工|工单|投诉|帮我(?:查|退)|给我退", re.I)


def wants_case(text: str) -> bool:
    """The customer asked for a person or a case themselves (a hold question never opens one)."""
    return bool(_ASKS_CASE.search(text) or C.TICKET.search(text))


def _page_sentences(fc: FlowContext) -> list[str]:
    """The shop's sentences on holds and lapsing unpaid orders, in the customer's language."""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return []
    query = "待付款 预授权 冻结 自动取消 扣款" if fc.lang == "zh" else "pending unpaid order authorisation hold card charge"
    for snip in kb.search(query, lang=fc.lang, k=5) or []:
        if snip.lang != fc.lang:
            continue
        said = [s for s in snippet_focus.sentences(snip.text)
                if (_HOLD.search(s) or _LAPSE.search(s)) and _PAYMENT.search(s)]
        if any(_HOLD.search(s) for s in said):
            return said
    return []


def hold_text(fc: FlowContext, order: Mapping[str, Any], method: str = "") -> str:
    """What a hold on this unpaid order is and what becomes of it (the shop's words first)."""
    lang = fc.lang
    said = _page_sentences(fc)
    where_en = f"your {method}" if method else "your card or wallet"
    where_zh = method or "您的卡或钱包"
    core = (f"If {where_en} shows an amount for order {order['id']}, it is an authorisation hold, not a payment: "
            f"nothing has been captured, so you have not been charged (and not charged twice)."
            if lang != "zh" else
            f"如果{where_zh}上显示了订单 {order['id']} 的一笔金额，那是预授权冻结，不是实际扣款：店铺没有收取这笔钱，"
            f"也不会重复扣款。")
    if said:
        # The shop's own words on the hold and on unpaid orders lapsing, then nothing captured.
        sep = " " if lang != "zh" else ""
        rule = sep.join(s for s in said[:3])
        safe = (" Nothing has been captured for this order, so you have not been charged (and not charged twice)."
                if lang != "zh" else "这笔订单店铺没有实际收款，不会重复扣款。")
        return rule + safe
    tail = (" If the payment does not go through, the hold is released by your bank or payment provider; "
            "it is never taken on top of a completed payment."
            if lang != "zh" else "如果付款没有完成，这笔冻结会由银行或支付机构自动释放，不会在正常付款之外另扣。")
    return core + tail


_TWICE = re.compile(r"\btwice\b|\bduplicate\b|\bdouble\b|两次|重复|多扣", re.I)


def duplicate_rule(fc: FlowContext) -> str:
    """The shop's own sentence on refunding a duplicate charge ("" when its pages have none)."""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return ""
    query = "重复扣款 扣了两次 退还" if fc.lang == "zh" else "charged twice duplicate charge refund"
    for snip in kb.search(query, lang=fc.lang, k=5) or []:
        if snip.lang == fc.lang:
            for s in snippet_focus.sentences(snip.text):
                if _TWICE.search(s) and re.search(r"\d", s):
                    return s.strip()
    return ""


def close(lang: str, hours: Any = None) -> str:
    """The next step offered (no case opened for a question)."""
    return (" If you'd still like a colleague to check it, just say so and I'll pass it on."
            if lang != "zh" else "如果仍希望同事帮您核实，告诉我即可，我为您转交。")
