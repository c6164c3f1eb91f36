"""Questions inside an open confirmation that the shop's own pages answer in one sentence.

"will this delay dispatch?" / "这样会耽误发货吗？" while an item change of an unshipped order
waits, "where do you send the invoice?" / "发票发到哪里？" while an invoice request waits: the
sentence of the shop's help pages that says it (when orders are dispatched, how the invoice is
sent), never the confirmation repeated word for word and never a whole unrelated page. The caller
asks the confirmation again after it; nothing here writes.

    kind = confirm_questions.kind(text, flow)          # "delay" | "invoice_sent" | "condition" | None
    said = confirm_questions.answer(fc, frame, kind)   # "" when the shop's pages do not say
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.dialogue import texts as T
from bot.dialogue.snippet_focus import sentences
from bot.dialogue.state import Frame

# "does it delay dispatch?", "will that hold up shipping?", "会不会耽误发货", "会影响发货吗", "发货会推迟吗"
_DELAY = re.compile(r"\b(?:delay|hold (?:it |things |my order |the order )?up|slow (?:it |things )?down|push back|"
                    r"postpone|later)\b.{0,30}\b(?:dispatch|ship|shipping|shipment|delivery|deliver|send|sent)|"
                    r"\b(?:dispatch|ship|shipping|shipment|delivery)\b.{0,20}\b(?:delayed|later|held up|slower)\b|"
                    r"(?:耽误|影响|推迟|延迟|延后|拖慢|晚).{0,4}(?:发货|发出|寄出|出库|配送|送达|到货)|"
                    r"(?:发货|发出|寄出|到货).{0,6}(?:推迟|延迟|晚|慢|耽误)", re.I)
# "where do you send the invoice", "how will I get it", "发票发到哪里", "怎么收到发票", "发我邮箱吗"
_INVOICE_SENT = re.compile(r"\b(?:where|how)\b.{0,30}\b(?:send|sent|get|receive|deliver(?:ed)?)\b|"
                           r"\b(?:by|via|to my) e-?mail\b|\bemail(?:ed)?\b.{0,10}\?|"
                           r"发到哪|寄到哪|怎么(?:收|拿|给|发)|如何(?:收|发|领取)|发(?:我|到)?(?:的)?邮箱|邮件|电子版|纸质", re.I)
_QUESTION = re.compile(r"\?|？|吗|呢|会不会|是不是|\b(?:will|does|do|would|is|where|how)\b", re.I)
# edits14: "is it ok if I already opened it?", "does it matter that I've worn it once?",
# "已经拆开穿过一次了，还能退吗？" at a return / exchange confirmation: the item's condition.
_CONDITION = re.compile(r"\b(?:opened|unwrapped|unboxed|unsealed|used|worn|wore|tried (?:it|them) on|washed|lit|"
                        r"installed|assembled|screwed|plugged|mounted|ridden|rode|(?:took|taken) (?:it|them) out|"
                        r"without (?:the )?(?:box|packaging|tags?)|threw (?:away|out) the (?:box|packaging))\b|"
                        r"\bopen(?:ed)? (?:it|them|the (?:box|package|packaging|wrapping|seal))\b|\bno (?:box|packaging|tags?)\b|"
                        r"拆开|拆封|拆了|开封|打开过|打开了|用过|使用过|穿过|戴过|试穿|骑过|洗过|装上|安装过|"
                        r"没有?(?:包装|盒子|吊牌)|包装(?:扔|丢|坏)|吊牌(?:剪|拆)", re.I)
# The page sentence about the condition a returned item must be in.
_CONDITION_SENTENCE = re.compile(r"\bunused\b|\bopened\b|\bunopened\b|\bsigns of use\b|\bresal|\bcondition\b|"
                                 r"\bworn\b|\boriginal packaging\b|未使用|拆封|未拆|二次销售|试穿|外穿|原包装|吊牌", re.I)

# The sentence of a page that says it: dispatch / packing times; how an invoice reaches the customer.
_DISPATCH_SENTENCE = re.compile(r"\bdispatch(?:ed)?\b|\bship(?:ped)? within\b|\bpacked\b|\bleaves? (?:our|the) warehouse\b|"
                                r"发货|出库|打包", re.I)
_TIME_WORD = re.compile(r"\d|\b(?:same|next|one|two) (?:business |working )?day|当天|次日|小时|工作日|天内", re.I)
_SENT_SENTENCE = re.compile(r"e-?mail|\bpdf\b|\bpost(?:ed)?\b|\bdownload|邮件|邮箱|电子|下载|寄送|寄出", re.I)
_INVOICE_WORD = re.compile(r"invoice|发票", re.I)

_UNSHIPPED = ("pending", "paid")


def kind(text: str, flow: str | None) -> str | None:
    """What a question at `flow`'s confirmation is about, when a page sentence answers it."""
    if not _QUESTION.search(text):
        return None
    if flow in ("modify_order", "change_address", "change_payment", "exchange_request") and _DELAY.search(text):
        return "delay"
    if flow == "invoice" and _INVOICE_SENT.search(text):
        return "invoice_sent"
    if flow in ("return_request", "exchange_request") and _CONDITION.search(text):
        return "condition"
    return None


def _pages(fc: Any, query: str) -> Sequence[Any]:
    kb = getattr(fc, "knowledge", None)
    found = list(kb.search(query, lang=fc.lang, k=4)) if kb is not None else []
    return [*found, *(getattr(fc, "snippets", None) or [])]


def _sentence(pages: Sequence[Any], want: re.Pattern[str], also: re.Pattern[str] | None = None) -> str:
    """The first sentence of the best pages matching `want` (and `also`, when given)."""
    for page in pages:
        for s in sentences(str(getattr(page, "text", "") or "")):
            if want.search(s) and (also is None or also.search(s)):
                return s.strip()
    return ""


def answer(fc: Any, frame: Frame, what: str | None) -> str:
    """The shop's own sentence for the question, with a short lead-in ("" when none says it)."""
    lang = fc.lang
    if what == "delay":
        order = fc.order(frame.slots.get("order_id")) if hasattr(fc, "order") else None
        query = "dispatch ship order change" if lang == "en" else "发货 修改订单"
        said = _sentence(_pages(fc, query), _DISPATCH_SENTENCE, _TIME_WORD)
        if order is not None and order.get("status") not in _UNSHIPPED:
            return said
        lead = T.t(lang, "No — the change is made on the order before it is packed, so it doesn't hold up dispatch.",
                   "不会——修改是在订单打包发出之前完成的，不会耽误发货。")
        return (lead + " " + said).strip() if said else lead
    if what == "condition":
        # the shop's own rule on opened / used items, the sentence that says it (never a guess)
        query = "return condition opened used unused packaging" if lang == "en" else "退货 商品 条件 拆封 未使用 包装"
        return _sentence(_pages(fc, query), _CONDITION_SENTENCE)
    if what == "invoice_sent":
        said = _sentence(_pages(fc, "invoice e-mail" if lang == "en" else "发票 邮件"), _SENT_SENTENCE, _INVOICE_WORD)
        return said
    return ""
