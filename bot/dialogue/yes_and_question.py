"""A yes that carries a question ("yes - and when do I get the money?", "好的，钱什么时候到账？")
at a confirmation: the yes is the answer to the confirmation (the pending change is made), the
question is answered after it. Without this the question alone was answered and the
confirmation asked again, so a clear yes changed nothing."""
from __future__ import annotations

import re

# A yes opening the message, before the question ("yes -", "ok so", "好的，", "对，").
_LEADING_YES = re.compile(r"^\s*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|alright|go ahead|please do|do it|confirm(?:ed)?|"
                          r"sounds good)\b|^\s*(?:好的?|对的?|是的?|可以|行|确认|没问题|嗯)(?=[\s,，.。!！\-—~]|$|[^\u4e00-\u9fff]|"
                          r"钱|那|请|退|什么|多久|几|啥)", re.I)
_NOT = re.compile(r"\b(?:wait|hold on|actually)\b|等等|先别|不要|算了", re.I)
# "yes but …" is a condition ("yes but make it the blue one") unless what follows is only a question
# ("yes but how long does the refund take?": the customer agrees and asks, issue #13).
_BUT = re.compile(r"^\s*(?:yes|ok(?:ay)?|sure)\s*,?\s+but\b\s*|^\s*(?:好的?|可以|行)[,，]?\s*(?:但是?|不过)", re.I)
_QUESTION = re.compile(r"^(?:how|when|what|where|which|will|would|does|do|is|are|can|could|should|did)\b|"
                       r"[?？]\s*$|多久|多长时间|几天|什么时候|哪里|哪儿|会不会|吗|呢|怎么", re.I)


def yes_first(text: str, names: list[str] | tuple[str, ...]) -> bool:
    """The message opens with a clear yes (or understanding read a confirm) and takes none back."""
    if "deny" in names or _NOT.search(text or ""):
        return False
    but = _BUT.search(text or "")
    if but is not None:
        return bool(_QUESTION.search((text or "")[but.end():].strip()))
    return "confirm" in names or bool(_LEADING_YES.search(text or ""))
