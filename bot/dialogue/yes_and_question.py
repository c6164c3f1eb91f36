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
_NOT = re.compile(r"^\s*(?:yes\s+but\b|ok(?:ay)?\s+but\b|好的?但|可以但)|\b(?:wait|hold on|actually)\b|等等|先别|不要|算了",
                  re.I)


def yes_first(text: str, names: list[str] | tuple[str, ...]) -> bool:
    """The message opens with a clear yes (or understanding read a confirm) and takes none back."""
    if "deny" in names or _NOT.search(text or ""):
        return False
    return "confirm" in names or bool(_LEADING_YES.search(text or ""))
