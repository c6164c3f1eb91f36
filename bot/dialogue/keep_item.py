"""The customer keeps the item and asks for money back on it ("I'd rather keep it and get a
partial refund than send it back", "东西我留着，退一部分钱就行") — #13, mind11: never a return
(that would have them send it back, the opposite of their wish). It goes to a colleague with the
wish written on the case, and the reply says it back. General words of both languages only."""
from __future__ import annotations

import re

_KEEP = re.compile(
    r"\b(?:keep|keeping)\s+(?:it|them|the \w+|this|these)\b|\brather keep\b|"
    r"\b(?:don'?t|do not|rather not|won'?t|without)\s+(?:want to\s+)?(?:send(?:ing)?|ship(?:ping)?|return(?:ing)?|post(?:ing)?)"
    r"\s+(?:it|them|the \w+)\s*back\b|"
    r"留着|自己留|留下来?|不(?:想|用|要)?(?:寄回|退回|寄回去)|不(?:想|用)退货", re.I)
_MONEY = re.compile(
    r"\bpartial(?:ly)? refund\w*|\bpart of (?:the|my) money\b|\bsome money back\b|\bcompensat\w+|\bdiscount\b|"
    r"\brefund (?:part|some)\b|\bprice reduction\b|部分退款|退一部分|退部分|退点钱|补偿|折价|打折|赔(?:偿|点)", re.I)


def keeps_with_money(text: str) -> bool:
    """The customer keeps the item and asks for part of the money (or compensation) instead."""
    return bool(_KEEP.search(text)) and bool(_MONEY.search(text))


# The wish as the case note carries it (a colleague reads it there), and as the reply says it back.
NOTE = "customer keeps the item (nothing sent back) and asks for a partial refund / compensation"


def said_back(lang: str) -> str:
    from bot.dialogue import texts as T
    return T.t(lang, " I've noted on the case that you'd like to keep the item and get a partial refund — "
                     "nothing needs to be sent back unless the colleague asks.",
               "已在工单里注明：商品您留下，不寄回，希望部分退款或补偿。")
