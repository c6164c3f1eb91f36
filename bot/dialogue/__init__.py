"""Dialogue core: understanding as commands, the shop's business as typed flows.

`commands` is the contract between command sources (the classic classifier, an LLM) and the
engine. The engine runs flows; the legacy policy remains for the parts not yet moved.
"""
from __future__ import annotations

from bot.dialogue.engine import Engine
from bot.dialogue.legacy import HISTORY_TURNS, Dialogue, Outcome, Turn, new_state, yes_no

__all__ = ["HISTORY_TURNS", "Dialogue", "Engine", "Outcome", "Turn", "new_state", "yes_no"]
