"""A changed mind about the *kind* of action while one waits (#13, mind11): "算了还是换货吧",
"changed my mind, just refund me instead", "不换了，直接退货退款吧" at a return's / an exchange's
question or confirmation.

The new action replaces the pending one: the old request is dropped (never kept, offered back or
written on the next yes) and the new one starts on the same order and lines. Read from the
general action words of `negation` (what is asked, what is ruled out) and a switch cue, never
from one shop's product words; a question that only names the other action ("when do I get the
refund?") is no switch — a cue or the pending action ruled out is needed."""
from __future__ import annotations

import re

from bot.dialogue import negation

# The actions a pending one can be switched between (one order, the same lines).
SWITCHABLE = ("return_request", "exchange_request")

# Words that say the customer takes back what they asked for and asks for something else.
_SWITCH_EN = re.compile(
    r"\b(instead|rather|actually|after all|on second thought|second thoughts|changed? (?:my|our) minds?|"
    r"scratch that|forget (?:the|that|it)|nah|wait)\b", re.I)
_SWITCH_ZH = re.compile(r"(算了|还是|改成|改为|改主意|想了想|换个主意|不.{0,3}了|其实|要不|干脆|直接)")


# "换成43码的吧", "switch them to the silver": an exchange wish in words `negation` leaves to the
# exchange flow's own reading (a bare 换 is too loose there), enough once a return is taken back.
_EXCHANGE_WISH = re.compile(r"换成|换为|换个|\b(?:change|switch|swap) (?:it|them|that|those)\b", re.I)


def switched(text: str, pending: str | None) -> str | None:
    """The action the message switches to from the `pending` one, or None.

    Needs exactly one other switchable action asked, and either the pending action ruled out
    ("不换了", "not an exchange") or a switch cue ("instead", "算了", "还是")."""
    if pending not in SWITCHABLE:
        return None
    asked, _ruled = negation.polarity(text)
    others = [a for a in asked if a in SWITCHABLE and a != pending]
    if not others and pending == "return_request" and _EXCHANGE_WISH.search(text):
        others = ["exchange_request"]
    if len(others) != 1 or pending in asked:
        # (an action named both ways or the pending one asked again: not a clear switch)
        return None
    if negation.ruled_out(pending, text) or _SWITCH_EN.search(text) or _SWITCH_ZH.search(text):
        return others[0]
    return None
