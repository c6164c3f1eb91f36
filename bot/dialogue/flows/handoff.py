"""Hand-off to a person: one ticket per conversation with the redacted transcript; asked again,
the open ticket is referred to instead of a second one.

Steps: start → handoff (done at once: opening a ticket changes nothing of the customer's).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.dialogue.legacy import Outcome, Turn
from bot.dialogue.state import KEY as STATE_KEY
from bot.lang import replies as R

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
    res = await tools.create_ticket(customer, turn.identity, turn.conversation, reason, transcript,
                                    order_id=str(about) if about else None)
    ticket_id = res.data.get("ticket_id") if res.ok else None
    state["pending"] = None
    state["ticket"] = ticket_id
    return Outcome(text(ticket_id, lang), facts={"ticket": ticket_id}, handoff=True, step="handoff",
                   intent="human_agent")
