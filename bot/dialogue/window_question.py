"""A question about the return / exchange window ("how many days after receipt can I return?",
"收到货多少天内可以退?", "what's your return window?", "退货期限是几天") — the shop's rule, asked
with or without an order. Read structurally: a question about a span of time or about the rule
itself, together with sending something back or exchanging it; never a parcel's delivery time
(shop_questions) nor a request to return an order's item. Answered by flows/policy_info from the
shop's own policies (window, non-returnable categories), so it holds for any shop."""
from __future__ import annotations

import re

# A span of time or the rule itself: "how long", "how many days", "within how many", "window",
# "deadline", "policy", "多少天", "几天内", "期限", "政策".
_SPAN = re.compile(r"\bhow (?:long|many (?:business |working )?days|much time|soon)\b|\bwithin how\b|"
                   r"\b(?:return|exchange|refund)s? (?:window|period|policy|policies|deadline|time ?limit|rules?)\b|"
                   r"\b(?:window|period|deadline|time ?limit) (?:for|to) (?:returns?|returning|exchanges?|exchanging|send)|"
                   r"\bpolicy (?:on|for) (?:returns?|exchanges?)\b|\bhow long do (?:i|we) have\b|"
                   r"多久|多长时间|几天|多少天|多少日|期限|时限|时间限制|政策|规定|规则|有效期", re.I)
# Sending something back / exchanging it (the rule asked about), and which one.
_EXCHANGE = re.compile(r"\bexchang\w*|\bswap\w*|换货|退换(?!货)|调换|更换", re.I)
_RETURN = re.compile(r"\breturn\w*|\bsend (?:\w+ ){0,3}back\b|\bsent back\b|退货|退回|寄回|可以退|能退|退吗|退么|"
                     r"(?:内|天)(?:可以|能|还能)?退|退换", re.I)
# Not the rule: where one's own return or refund is, money coming back, a return being reported.
_NOT_RULE = re.compile(r"\brefund (?:take|arriv|come)|\bmy (?:return|refund)\b.{0,20}\b(?:arriv|status|where)|"
                       r"退款.{0,6}(?:多久|几天|到账)|(?:多久|几天).{0,6}(?:到账|退款)|退货.{0,6}(?:到哪|进度)|"
                       r"\b(?:got|received|arrived)\b.{0,30}\bback\b", re.I)


# What makes a span the window (not how long a return or exchange takes, "换货要多久"): the rule
# named, or the span counted from receipt / still allowed ("多少天内", "after delivery", "do I have").
_WINDOW = re.compile(r"\b(?:window|period|policy|policies|deadline|time ?limit|rules?)\b|\bwithin\b|\bafter "
                     r"(?:receipt|receiving|delivery|it arrives|getting)\b|\bdo (?:i|we) have\b|\bstill\b|"
                     r"期限|时限|限制|政策|规定|规则|有效期|[天日]内|之内|以内|收到|签收|到货后|还能|还可以", re.I)


def window_topic(text: str) -> str | None:
    """"return_request" / "exchange_request" when `text` asks the shop's window for it, else None."""
    if not _SPAN.search(text) or not _WINDOW.search(text) or _NOT_RULE.search(text):
        return None
    if _EXCHANGE.search(text) and not re.search(r"\breturn\w*|退货|退回|可以退|能退", text, re.I):
        return "exchange_request"
    if _RETURN.search(text):
        return "return_request"
    return None
