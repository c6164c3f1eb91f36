"""A refund asked to go somewhere else ("can the refund go to my PayPal instead?", "退到微信可以吗"):
answered from the customer's own refund/return records — which refund, its status and amount,
the payment method it goes back to — and the shop's own rule on the refund method, read from its
knowledge texts (never a rule written in code: another shop may allow store credit).

Why a module of its own: the cue is a question about money already owed, not a wish to pay an
order another way (`change_payment`), so it must be told apart before routing, and the answer is
a lookup: nothing is changed, nothing to confirm.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import snippet_focus

# A refund / the money owed named, then where it should go instead. Language cues only: the
# method itself may be any word (the shop's or another's), so it is never matched by name.
_REFUND_WORD = r"(?:refund|money|reimburse|退款|退钱|钱|款)"
_EN_ELSEWHERE = re.compile(
    r"\b(?:refund|money|it)\b[^.?!]{0,40}?\b(?:go|goes|sent|send|paid|put|issued|back|returned|credited|moved?)\b"
    r"[^.?!]{0,12}?\b(?:to|into|onto|on)\b[^.?!]{0,30}?(?:\binstead\b|\bdifferent\b|\banother\b|\bother\b|"
    r"\bnew\b|\bmy\b)|"
    r"\brefund\b[^.?!]{0,30}?\b(?:to|into|onto)\b[^.?!]{0,25}?\b(?:instead|different|another|other)\b|"
    r"\b(?:different|another|other|new)\s+(?:card|account|payment(?:\s+method)?|method|wallet)\b[^.?!]{0,30}?"
    r"\brefund|\brefund\b[^.?!]{0,40}?\b(?:different|another|other|new)\s+(?:card|account|payment|method|wallet)\b|"
    r"\bchange\b[^.?!]{0,20}?\bwhere\b[^.?!]{0,20}?\brefund|"
    r"\b(?:send|put|pay|credit|return|refund)\b[^.?!]{0,10}?\b(?:the|my)\s+(?:refund|money)\b[^.?!]{0,8}?"
    r"\b(?:to|into|onto|on)\b[^.?!]{0,30}?(?:\binstead\b|\bdifferent\b|\banother\b|\bother\b|\bmy\b)",
    re.I)
_ZH_ELSEWHERE = re.compile(
    r"(?:退款|退钱|钱|款)[^。？！?!]{0,12}?(?:退|打|转|放|返)(?:到|回到|进|给(?!我\s*(?:[。，,！？?!了吧啊呀呢]|$))|去)|"
    r"(?:退|打|转|返)(?:到|回到|进)[^。？！?!]{0,16}?(?:可以|行|能|吗|么|嘛|呢)|"
    r"(?:换|改)(?:个|一个|成|到)?[^。？！?!]{0,8}?(?:账户|账号|卡|方式|渠道)[^。？！?!]{0,6}?退|"
    r"(?:不要|别|不想)[^。？！?!]{0,4}原路")


def asks_other_method(text: str) -> bool:
    """The message asks for a refund to go to another payment method (or whether it can)."""
    if _ZH_ELSEWHERE.search(text):
        return bool(re.search(_REFUND_WORD + r"|退", text))
    return bool(_EN_ELSEWHERE.search(text)) and bool(re.search(r"\b(?:refund|money|reimburs)", text, re.I))


def method_label(customer: Any | None, order: Mapping[str, Any] | None) -> str | None:
    """The label of the payment method `order` was paid with ("Visa •••• 4242"): where its refund goes."""
    pm_id = (order or {}).get("payment_method_id")
    for m in getattr(customer, "payment_methods", ()) or ():
        if pm_id and getattr(m, "id", None) == pm_id:
            return str(getattr(m, "label", None) or getattr(m, "type", None) or "") or None
    return None


def shop_rule(knowledge: Any | None, question: str, lang: str) -> str:
    """The shop's own sentence on where refunds go, from its knowledge texts ("" when none says)."""
    if knowledge is None:
        return ""
    probe = "refund original payment method" if lang == "en" else "退款 原路退回 付款账户"
    seen: set[str] = set()
    for query in (probe, question):
        for snip in knowledge.search(query, lang=lang, k=3):
            if snip.id in seen:
                continue
            seen.add(snip.id)
            for sentence in snippet_focus.sentences(snip.text):
                if _RULE.search(sentence):
                    return sentence.strip()
    return ""


# A sentence stating where refunds go (the rule), in either language.
_RULE = re.compile(r"original payment|same payment method|payment method (?:you|used)|原路|原支付|原付款|付款账户",
                   re.I)


def answer(refunds: Sequence[Mapping[str, Any]], orders: Sequence[Mapping[str, Any]], customer: Any | None,
           rule: str, lang: str) -> str:
    """Each refund's status, amount and destination, then the shop's rule and the next step."""
    from bot.dialogue import texts as T
    by_order = {str(o.get("id")): o for o in orders}
    lines: list[str] = []
    for r in refunds:
        order = by_order.get(str(r.get("order_id")))
        label = method_label(customer, order)
        status = T.t(lang, str(r.get("status") or ""), _ZH_STATUS.get(str(r.get("status")), str(r.get("status"))))
        amount = str(r.get("amount") or "")
        if lang == "en":
            to = f", going back to {label}" if label else ", going back to the payment method of the order"
            lines.append(f"• {r.get('id')} (order {r.get('order_id')}): {amount} {r.get('currency') or ''}".rstrip()
                         + f", {status}{to}")
        else:
            to = f"，退回到 {label}" if label else "，原路退回到该订单的付款方式"
            lines.append(f"• {r.get('id')}（订单 {r.get('order_id')}）：{amount} {r.get('currency') or ''}".rstrip()
                         + f"，{status}{to}")
    if lang == "en":
        head = "Here is your refund:" if len(lines) == 1 else "Here are your refunds:"
        if not lines:
            head = "There's no refund on your account yet; when one is made it goes back to the payment method of its order."
        rule_line = rule or "I can't switch a refund to another method myself."
        tail = ("It can't be sent to a different account or method from here. If there's a reason the original "
                "method no longer works (a closed card, say), tell me and I'll pass it to a colleague who can check.")
    else:
        head = "您的退款情况：" if lines else "您的账户下目前还没有退款；发起退款后会退回到该订单的付款方式。"
        rule_line = rule or "我这边无法把退款改到其他方式。"
        tail = "这边无法改退到其他账户或支付方式。如果原付款方式已无法使用（比如卡已注销），告诉我，我转给同事帮您核实。"
    return "\n".join([head, *lines, rule_line, tail])


_ZH_STATUS = {"refunded": "已退款", "completed": "已完成", "succeeded": "已退款", "processing": "处理中",
              "pending": "待处理", "requested": "已申请", "approved": "已批准"}
