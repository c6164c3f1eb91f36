"""route13: a replacement asked for a fault that already has an open case goes onto that case.

"吹风机还是有焦味，给我换一个新的" while a fault case is open: the colleague on that case must see the
new message, and the customer hears which case it is on — never a second case, never a carrier
investigation. A case on this order always counts; a case that names no order only when the message
says the fault is told again ("still", "again", "还是", "又").
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import context as CX
from bot.dialogue.texts import t

# The fault told again (a case about it may already exist).
AGAIN = re.compile(r"还是|又|再次|仍然|依然|上次|之前说|\bstill\b|\bagain\b|\balready (?:told|reported|said)\b|\bas I said\b", re.I)
# Ticket reasons that are a fault of an item.
FAULT_REASONS = ("product_issue", "warranty")


async def note(fc: Any, order_id: str) -> str:
    """The sentence naming the open fault case this message was added to, else ""."""
    tickets = await CX.customer_tickets(fc.tools, fc.customer)
    if not tickets:
        return ""
    case = None
    for reason in FAULT_REASONS:
        found = await CX.open_case(fc.tools, fc.customer, reason, order_id, tickets)
        if found is not None and (str(found.get("order_id") or "") == str(order_id) or AGAIN.search(fc.turn.text)):
            case = found
            break
    if case is None:
        return ""
    added = await CX.add_to_case(fc.tools, fc.customer, str(case["id"]), fc.turn.text,
                                 f"replacement asked on open fault case {case['id']} order={order_id}")
    tail_en = " and I've added your new message to it" if added else ""
    tail_zh = "，这条消息已补充到工单里" if added else ""
    return t(fc.lang, f"This fault is already on your open case {case['id']}{tail_en}. ",
             f"这个问题已经有处理中的工单 {case['id']}{tail_zh}。")
