"""Hand-off to a person: one ticket per conversation with the redacted transcript; asked again,
the open ticket is referred to instead of a second one.

Steps: start → handoff (done at once: opening a ticket changes nothing of the customer's).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue.legacy import Outcome, Turn
from bot.dialogue.state import KEY as STATE_KEY
from bot.lang import replies as R
from bot.shop import order_ids

NAME = "handoff"


async def open_ticket(tools: Any, turn: Turn, state: dict[str, Any], customer: Any | None, lang: str,
                      reason: str, text: Callable[[str | None, str], str] = R.handoff) -> Outcome:
    """Open (or refer to) the conversation's ticket. `state` is the persisted dict: the ticket id
    lives there so every path to a person (asked, safety, a faulty excluded item) shares it."""
    if state.get("ticket"):
        return Outcome(R.already_handed_off(state["ticket"], lang), facts={"ticket": state["ticket"]},
                       handoff=True, step="handoff", intent="human_agent")
    transcript = [f"{role}: {said}" for role, said in state.get("history", [])]
    transcript.append(f"user: {turn.text}")
    # The case is about the order the conversation is on ("SO…'s refund is late" → "human"), so a
    # colleague finds it on that order, never on another one; none when no order was talked about.
    about = (state.get(STATE_KEY) or {}).get("last_order_id")
    written = _other_ids(turn.text, str(about)) if about else []
    if len(written) == 1:
        about = written[0]       # "… a person about A-8F8K": the order written now, not the one before
    case = await _open_on(tools, customer, str(about)) if about and reason != "safety" else None
    if case is not None:
        # A case on this order is already open (a carrier investigation, an earlier hand-off):
        # the colleague on it gets the message there — never a second ticket beside it (#13).
        added = await CX.add_to_case(tools, customer, str(case["id"]), turn.text,
                                     f"customer asked for a person again; order={about}")
        state["pending"] = None
        state["ticket"] = str(case["id"])
        note = T.t(lang, " I've added your message to it.", "您这条消息已补充到工单里。") if added else ""
        kind = str(case.get("reason") or "")
        kind = kind if kind in ("delivery_issue", "payment_issue", "warranty") else "handoff"
        return Outcome(T.already_open(kind, str(case["id"]), lang) + note, facts={"ticket": case["id"], "case_updated": added},
                       handoff=True, step="handoff", intent="human_agent")
    res = await tools.create_ticket(customer, turn.identity, turn.conversation, reason, transcript,
                                    order_id=str(about) if about else None)
    ticket_id = res.data.get("ticket_id") if res.ok else None
    state["pending"] = None
    state["ticket"] = ticket_id
    return Outcome(text(ticket_id, lang), facts={"ticket": ticket_id}, handoff=True, step="handoff",
                   intent="human_agent")


async def _open_on(tools: Any, customer: Any | None, order_id: str) -> dict[str, Any] | None:
    """The customer's open case on `order_id` (any reason; the newest), or None."""
    tickets = await CX.customer_tickets(tools, customer)
    on = [t for t in tickets or [] if t.get("status") in CX.OPEN_TICKET and str(t.get("order_id") or "") == order_id]
    return on[-1] if on else None


def _other_ids(text: str, order_id: str) -> list[str]:
    """Tokens written in `order_id`'s own shape (digits as 9, letters as A) that are another id."""
    shape = order_ids._shape(order_id)
    found = [m.group(0) for m in re.finditer(r"[#\w/-]+", text, re.ASCII) if order_ids._shape(m.group(0)) == shape]
    return list(dict.fromkeys(w for w in found if not order_ids.same_id(w, order_id)))
