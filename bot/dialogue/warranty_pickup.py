"""fault14: "ok please book the warranty pickup" / "那幫我安排保固收件" is the go-ahead for the
warranty claim, not a question about it.

After a fault answer that left the warranty as the remedy (past the shop's direct-replacement
window), a customer who asks for the collection or the repair to be arranged wants the claim
recorded now: answering with the warranty explanation again records nothing and loops. The words
are general after-sales words of each language (a pickup, a collection, arranging a repair);
which order and line come from the conversation, never from product words here.
"""
from __future__ import annotations

import re

from bot.dialogue.fault_pickup import PICKUP

# Arranging something ("book", "arrange", "安排", "预约"): the request to act, not to explain.
_ARRANGE = re.compile(r"\b(?:book|arrange|schedule|set\s+up|organi[sz]e|go\s+ahead\s+with|proceed\s+with)\b|"
                      r"安排|预约|预定|约一下|办一下", re.I)
# The warranty's own remedy named ("warranty repair", "保修", "保固", "维修").
_REPAIR = re.compile(r"\bwarranty\b|\brepairs?\b|保修|保固|质保|维修|报修|返修|寄修", re.I)
# How it works, asked ("how does the pickup work?", "怎么取件"): an explanation, nothing recorded.
# ("can you arrange the pickup?" / "能帮我安排取件吗" are polite requests, not questions about it.)
_HOW = re.compile(r"\bhow\s+(?:do|does|can|would|will|should|to|long|much)\b|\bwhat\s+(?:happens|do\s+i)\b|怎么|如何|流程|"
                  r"多久|多少钱|收费", re.I)


def books(text: str) -> bool:
    """The message asks for the item's collection or its repair to be arranged now."""
    text = text or ""
    if _HOW.search(text):
        return False
    return bool(PICKUP.search(text)) or bool(_ARRANGE.search(text) and _REPAIR.search(text))


def pickup_said(text: str) -> bool:
    """The collection itself is named (the claim's next step then says who arranges it)."""
    return bool(PICKUP.search(text or ""))
