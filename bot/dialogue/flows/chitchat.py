"""Chit-chat: greetings, thanks and goodbyes, "are you a bot?", a bare yes/no with nothing waiting.
One step each, no shop call, no knowledge snippets (nothing to ground).

Steps: greeting | thanks_bye | who_am_i | acknowledge (each done at once).
"""
from __future__ import annotations

from typing import Any

from bot.dialogue.legacy import Outcome
from bot.lang import replies as R

KINDS = ("greeting", "thanks_bye", "who_am_i", "acknowledge")


def reply(kind: str, lang: str, intent: str, customer: Any | None = None) -> Outcome:
    """The answer of one chit-chat kind; `intent` is what the trace reports as acted on."""
    if kind == "greeting":
        text = R.greeting(lang, customer is not None and bool(getattr(customer, "name", None)))
    elif kind == "thanks_bye":
        text = R.thanks_bye(lang)
    elif kind == "who_am_i":
        text = R.who_am_i(lang)
    elif kind == "acknowledge":
        text = R.acknowledge(lang)
    else:
        raise ValueError(f"not a chit-chat kind: {kind}")
    return Outcome(text, step=kind, intent=intent, knowledge_query=False)
