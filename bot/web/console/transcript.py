"""What a customer may see of their own conversation again: the chat page after a reload.

Two sources, both sealed under the customer's key and holding redacted text:
- the newest hand-off's entries (bot/web/console/handoffs.py): what was said before it, the
  customer's messages while a person had the conversation, and the agent's replies. Internal
  notes and staff-side system lines ("amy took over") are never shown;
- the bot's own conversation history (state), for the turns no hand-off recorded (before any
  hand-off, or after it was handed back).
Placeholders are restored with this conversation's own vault mapping only, so the page shows
the customer their own values and nobody else's.
"""
from __future__ import annotations

from typing import Any

from bot.core.messages import Message
from bot.lang import replies as R
from bot.pipeline.runner import display_name, speaker
from bot.web.console import wording as W
from bot.web.console.handoffs import HandoffStore
from privacy.pseudonyms import Pseudonymizer

# Hand-off entry authors the customer saw when they were written (not "note", not "system").
_SHOWN = {"customer": "customer", "bot": "bot", "agent": "agent"}
_ROLES = {"user": "customer", "assistant": "bot"}
# The notices the console sent (bot/web/console/service.py writes them in these exact forms).
_JOINED, _HANDED_BACK = "joined", "handed_back"


async def customer_transcript(rt: Any, handoffs: HandoffStore | None, msg: Message,
                              limit: int = 50) -> list[dict[str, str]]:
    """[{"from": "customer"|"bot"|"agent"|"notice", "text": ..., ("notice": "joined"|"handed_back")}],
    oldest first, for `msg`'s speaker."""
    customer, scope = await speaker(rt, msg)
    key = msg.conversation_key
    state = await rt.store.load_state(key, scope) or {}
    items: list[tuple[str, str]] = []
    h = await handoffs.latest_for(key) if handoffs is not None else None
    # Stored under another speaker's scope (a different identity cannot reach this key: its
    # conversation id is a hash of the identity), but never show what is not this scope's.
    if h is not None and h.scope == scope:
        written = W.scripted(h.language, state.get("script"), state.get("zh_variant"))   # their script
        for e in await handoffs.entries(h):  # type: ignore[union-attr]
            if e.author == "system" and e.text == f"{e.agent} handed back to the bot":
                items.append((_HANDED_BACK, W.handed_back(written)))     # what the customer was told
            elif e.author == "agent" and e.text in (W.taken_over(e.agent or "", h.language),
                                                    W.taken_over(e.agent or "", written)):
                items.append((_JOINED, e.text))
            elif e.author in _SHOWN and e.text != "[erased]":
                items.append((_SHOWN[e.author], e.text))
    seen = set(items)
    for role, text in state.get("history") or []:
        item = (_ROLES.get(role, ""), text)
        if item[0] and item not in seen:
            items.append(item)      # the bot's turns after the hand-off (or without one)
    if not items:
        return []
    pseudo = Pseudonymizer(await rt.vault.load(key, scope))
    name = display_name(getattr(customer, "name", None))
    out = []
    for who, text in items[-limit:]:
        shown = {"from": who, "text": pseudo.restore(text).replace(R.CUSTOMER_NAME, name)}
        if who in (_JOINED, _HANDED_BACK):       # the notices, as the page shows them when pushed
            shown.update({"from": "notice", "notice": who})
        out.append(shown)
    return out
