"""A verbatim copy of the dialogue core v2 command contract (bot/dialogue/commands.py).

Used only until the `dialogue` branch is merged; `bot.llm.understand` imports the real module
when it exists. Keep it identical to the agreed contract.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Command:
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


COMMAND_NAMES = ("start_flow", "set_slot", "correct_slot", "confirm", "deny", "cancel_flow", "clarify",
                 "knowledge_answer", "handoff", "chitchat")
FLOW_NAMES = ("order_status", "cancel_order", "change_address", "modify_order", "change_payment",
              "default_address", "return_request", "exchange_request", "refund_status", "delivery_issue",
              "payment_issue", "invoice", "warranty", "product_info", "troubleshooting", "handoff")


@dataclass(frozen=True)
class UnderstandingContext:
    text: str
    language: str
    history: Sequence[tuple[str, str]]
    flow: str | None
    step: str | None
    slots: Mapping[str, Any]
    orders: Sequence[Mapping[str, Any]]
    catalogue: Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class Understood:
    commands: tuple[Command, ...]
    confidence: float
    source: str
    reasons: tuple[str, ...] = ()


class CommandSource(Protocol):
    async def understand(self, ctx: UnderstandingContext) -> Understood: ...
