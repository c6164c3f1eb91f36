""""Keep the other, send this one back" (#13, withdraw14): "the gloves are fine, only the helmet
back", "only the helmet, gloves stay with me", "手套没问题，只退头盔", "头盔退掉 另一个留着".

A message naming lines of a delivered order, one of them kept (negation marks it excluded, or
"the other one" is said to be fine / kept) and the rest said to go back, is a return of the
rest — even when the classifier guessed "thanks" (没问题), "refund status" or nothing. The kept
line gets no question. Not when the message asks for an exchange or names a fault (those flows
read the same split themselves). General words of both languages only.

    returns_named(text, refs, orders) -> bool
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.lang import cues as C

# The named line goes back: "back", "return", "send", "退", "寄回".
_BACK = re.compile(r"\bback\b|\breturn\w*|\bsend\w*\b|\brefund\b|退(?!款|钱|订)|寄回|退回", re.I)
# "only / just / 只": the named line and nothing else.
_ONLY = re.compile(r"\b(?:only|just)\b|只|就.{0,2}退", re.I)
# The kept one said to be kept / fine.
_KEPT = re.compile(r"\bkeep\w*\b|\bstays?\b|\bstaying\b|\b(?:is|are|'s|'re)\s+(?:fine|ok(?:ay)?|good|alright)\b|"
                   r"\bno problem\b|留|没问题|没事|挺好|不退|不用退|不寄", re.I)
# "the other one is fine", "keep the other", "另一个留着", "另外那个没问题".
_OTHER_KEPT = re.compile(r"\b(?:the\s+)?other(?:\s+one|\s+item)?\b.{0,20}?(?:fine|ok(?:ay)?|good|keep|stay)|"
                         r"\bkeep(?:ing)?\s+the\s+other\b|另(?:一|外)(?:个|件|样)?.{0,4}?(?:留|没问题|没事|不退|不用)", re.I)
_FAULT = re.compile(r"broken|broke|not working|doesn'?t work|won'?t|defect|scratch|crack|dent|faulty|"
                    r"坏|不亮|故障|划痕|裂|破|瑕疵|不能用|没反应", re.I)


def returns_named(text: str, refs: Sequence[Any], orders: Sequence[Mapping[str, Any]]) -> bool:
    """The message returns the lines it names and keeps the other one of a delivered order."""
    if not text or C.EXCHANGE_WORD.search(text) or _FAULT.search(text):
        return False
    delivered = {str(o.get("id")) for o in orders if o.get("status") == "delivered"}
    sent = [r for r in refs if not r.excluded and r.order_id in delivered]
    if not sent or len({r.order_id for r in sent}) != 1:
        return False
    kept = [r for r in refs if r.excluded and r.order_id == sent[0].order_id]
    if kept:
        return bool(_BACK.search(text)) or (bool(_ONLY.search(text)) and bool(_KEPT.search(text)))
    return bool(_OTHER_KEPT.search(text)) and bool(_BACK.search(text) or _ONLY.search(text))
