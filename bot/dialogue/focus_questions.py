"""Short questions read against the flow in focus (issue #13): "how long?", "那运费呢",
"那我怎么寄回去", "what about the invoice?" asked right after a return, exchange or cancellation was
made, or while one waits for its yes.

An elliptical question names no topic of its own; the flow just handled supplies it: "how long"
after a return is that return's refund timeline, a fee question is that flow's postage rule,
"how do I send it back" is that flow's how-to page. The answers come from the shop's own data
(the order's payment type and the facts' refund days) and its own knowledge pages, never a word
list of products:

    what = kind(text)                              # "timing" | "fee" | "send_back" | "invoice" | None
    elliptical(text)                               # no request of its own, only a few words
    text = await answer_after(fc, flow, order_id)  # "" when the shop's data cannot say

Nothing here writes.
"""
from __future__ import annotations

import re

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.state import Frame

# Flows whose record (a return, an exchange, a cancellation) short questions go on to ask about.
FOCUS_FLOWS = ("return_request", "exchange_request", "cancel_order")

_TIMING = re.compile(r"多久|多长时间|几天|什么时候|啥时候|哪天|\bhow long\b|\bhow many (?:more )?days\b|\bwhen\b|"
                     r"\bhow soon\b|\bby when\b", re.I)
_FEE = re.compile(r"运费|邮费|快递费|费用|手续费|收费|谁出|谁付|谁承担|要钱吗|\bfees?\b|\bpostage\b|\bshipping\b|"
                  r"\bcharge[sd]?\b|\bcost\b|\bwho pays\b|\bpay for\b|\bfree\b", re.I)
_SEND_BACK = re.compile(r"怎么寄|如何寄|寄到哪|寄去哪|寄回.{0,4}(?:哪|地址)|怎么退回|怎么发回|退货地址|寄回地址|"
                        r"\bhow (?:do|can|should) i (?:send|ship|post|mail)\b|\bwhere (?:do|should) i (?:send|ship|post)\b|"
                        r"\b(?:return|send(?:ing)?) address\b|\bsend (?:it|them) back\b", re.I)
_INVOICE = re.compile(r"发票|收据|\binvoice|\breceipt|\bfapiao\b", re.I)
# A request of its own (a verb asking to act), which an elliptical question has not.
_OWN_REQUEST = re.compile(r"\bcancel\b|取消|\bchange\b|改成|修改|换成|\bexchange\b|换货|\bwhere is\b|到哪|"
                          r"开(?:一?张)?发票|开票|补开|\bissue\b|\bsend me\b|发给我|\bneed an? (?:invoice|receipt)\b", re.I)
_WORDS_MAX_EN = 7
_CJK_MAX = 12

# The knowledge a kind of question needs from the flow's pages: a sentence that says it.
_PAGE_SAYS = {
    "fee": re.compile(r"运费|邮费|postage|shipping (?:cost|fee)|pay(?:s)? (?:for )?(?:the )?(?:return )?shipping|"
                      r"return shipping", re.I),
    # (how to send it: the return number, the address, the carrier; not "ship it back and we pay")
    "send_back": re.compile(r"寄出|快递单号|退货单号|仓库地址|寄到|包装好|return number|\bRMA\b|tracking number|"
                            r"warehouse address|any carrier|pack the item|address", re.I),
    "invoice": re.compile(r"(?:退货|退款|return|refund).{0,40}(?:发票|invoice)|(?:发票|invoice).{0,40}(?:退货|退款|return|refund)",
                          re.I),
    "timing": re.compile(r"\d\s*(?:[–-]\s*\d+\s*)?(?:个)?(?:工作日|天|小时|business days|days|hours)", re.I),
}
# The words a page search starts from, per flow (the flow's own topic, both languages).
_FLOW_QUERY = {
    "return_request": ("return send back shipping postage", "退货 寄回 运费"),
    "exchange_request": ("exchange send back shipping postage new item", "换货 寄回 运费 新商品"),
    "cancel_order": ("cancel order refund", "取消 订单 退款"),
}
_KIND_QUERY = {
    "fee": ("who pays return shipping postage fee", "运费 谁承担 邮费"),
    "send_back": ("how to send a return", "如何寄回 退货单号 快递"),
    "invoice": ("invoice return refund reissued", "发票 退货 作废 重新开具"),
    "timing": ("how long days", "多久 工作日 发出"),
}


def kind(text: str) -> str | None:
    """What an elliptical question asks about the flow in focus (None: none of these)."""
    if _SEND_BACK.search(text):
        return "send_back"
    if _INVOICE.search(text):
        return "invoice"
    if _FEE.search(text):
        return "fee"
    if _TIMING.search(text):
        return "timing"
    return None


def elliptical(text: str) -> bool:
    """Only a few words and no request of its own: it leans on the topic just handled."""
    from bot.lang import cues as C
    if _OWN_REQUEST.search(text) or (C.RETURN_VERB.search(text) and kind(text) != "send_back") \
            or C.EXCHANGE_WORD.search(text):
        return False             # "退水杯运费多少": a new request of its own, not a question about the last
    cjk = len(re.findall(r"[\u3400-\u9fff]", text))
    words = len(re.findall(r"[a-z0-9]+", text, re.I))
    return cjk <= _CJK_MAX and words <= _WORDS_MAX_EN and bool(cjk or words)


def passage(fc: FlowContext, flow: str, what: str) -> str:
    """The sentence(s) of the shop's own page about `flow` that answer `what` ("" when none does).

    The page must be tagged with the flow (its own topic) and say the thing asked: a shop whose
    pages never mention return postage gets "" and the caller says it does not know."""
    kb = fc.knowledge
    says = _PAGE_SAYS.get(what)
    if kb is None or says is None:
        return ""
    en_flow, zh_flow = _FLOW_QUERY.get(flow, ("", ""))
    en_kind, zh_kind = _KIND_QUERY.get(what, ("", ""))
    query = f"{zh_flow} {zh_kind}" if fc.lang == "zh" else f"{en_flow} {en_kind}"
    hits = kb.search(f"{query} {fc.turn.text}", lang=fc.lang, k=6, intent=flow)
    tagged = [s for s in hits if flow in s.tags or (what == "invoice" and "invoice" in s.tags)]
    best: list[str] = []
    for s in tagged or hits:
        if s.lang != fc.lang and any(h.lang == fc.lang for h in hits):
            continue
        sentences = [x for x in re.split(r"(?<=[。！？.!?])\s*", s.text) if x.strip()]
        said = [x for x in sentences if says.search(x)]
        if len(said) > len(best):
            best = said          # the page saying it most (the how-to page, not one clause elsewhere)
    return (" ".join(best) if fc.lang == "en" else "".join(best)) if best else ""


async def answer_after(fc: FlowContext, flow: str, order_id: str, skus: list[str]) -> str:
    """The answer to an elliptical question right after `flow` was made for `order_id`."""
    from bot.dialogue.flows import side_question
    what = kind(fc.turn.text)
    order = fc.order(order_id) or {}
    chosen = [i for i in order.get("items") or [] if str(i.get("sku")) in skus] or list(order.get("items") or [])
    frame = Frame(flow, "done", {"order_id": order_id, "chosen": chosen})
    if what == "timing":
        if flow == "exchange_request":
            return passage(fc, flow, "timing")
        return side_question.refund_text(fc, frame)
    if what == "fee":
        if flow == "cancel_order":
            return no_cancel_fee(fc, order)
        return passage(fc, flow, "fee")
    if what in ("send_back", "invoice"):
        return passage(fc, flow, what) if flow != "cancel_order" or what == "invoice" else ""
    return ""


def no_cancel_fee(fc: FlowContext, order: dict) -> str:
    """A cancellation costs nothing: the whole amount paid comes back (the cancel flow refunds the
    order's total)."""
    from bot.lang import replies as R
    if not order:
        return ""
    total = R.money(float(order.get("total") or 0), order.get("currency"), fc.lang)
    return T.t(fc.lang, f"There is no fee for cancelling: the full {total} you paid comes back.",
               f"取消订单不收取任何费用，已付的 {total} 会全额退回。")
