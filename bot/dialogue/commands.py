"""What understanding hands the dialogue: a few commands per message.

This module is a contract shared by every command source (the classic classifier and
extractors, an LLM). Sources only propose commands; flows alone call the shop.
Fields may be added with defaults; the existing ones do not change.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

COMMAND_NAMES = ("start_flow", "set_slot", "correct_slot", "confirm", "deny", "cancel_flow",
                 "clarify", "knowledge_answer", "handoff", "chitchat")
FLOW_NAMES = ("order_status", "cancel_order", "change_address", "modify_order", "change_payment",
              "default_address", "return_request", "exchange_request", "refund_status",
              "delivery_issue", "payment_issue", "invoice", "warranty", "product_info",
              "troubleshooting", "handoff",
              "policy_info")     # a question about a rule (window, returnable?), answered, not acted on


@dataclass(frozen=True)
class Command:
    """One thing understood from a message.

    args by name: start_flow {flow}; set_slot / correct_slot {slot: value, ...};
    clarify {options: [flow, ...]}; knowledge_answer {query?}; handoff {reason?};
    chitchat {kind: greeting|thanks|bye|other}; confirm / deny / cancel_flow {}.
    """

    name: str                      # one of COMMAND_NAMES
    args: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name not in COMMAND_NAMES:
            raise ValueError(f"unknown command {self.name!r}")
        if self.name == "start_flow" and self.args.get("flow") not in FLOW_NAMES:
            raise ValueError(f"unknown flow {self.args.get('flow')!r}")

    def to_dict(self) -> dict[str, Any]:
        """The trace form: `{name, args}` with JSON-friendly values."""
        return {"name": self.name, "args": _plain(self.args)}


def start_flow(flow: str) -> Command:
    return Command("start_flow", {"flow": flow})


def set_slot(**slots: Any) -> Command:
    return Command("set_slot", dict(slots))


def correct_slot(**slots: Any) -> Command:
    return Command("correct_slot", dict(slots))


@dataclass(frozen=True)
class UnderstandingContext:
    text: str                                  # the redacted message
    language: str                              # "zh" | "en"
    history: Sequence[tuple[str, str]]         # recent (role, redacted text), oldest first
    flow: str | None
    step: str | None
    slots: Mapping[str, Any]
    orders: Sequence[Mapping[str, Any]]        # brief: id, status, items [{sku, name, options, qty}]
    catalogue: Sequence[Mapping[str, Any]]     # relevant products: id, name, name_zh, options
    last_flow: str | None = None               # the flow that answered the previous turn
    last_order_id: str | None = None           # the order last talked about ("it", "the other one")
    last_skus: Sequence[str] = ()              # the items last talked about
    last_product_id: str | None = None         # the catalogue product last described
    last_address: str | None = None            # the address placeholder last given ("to that")
    recent_orders: Sequence[str] = ()          # the orders this conversation discussed, oldest first


@dataclass(frozen=True)
class Understood:
    commands: tuple[Command, ...]
    confidence: float                          # 0..1
    source: str                                # "classic" or "llm:<model>"
    reasons: tuple[str, ...] = ()              # why each command was chosen (trace)

    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.commands)

    def first(self, name: str) -> Command | None:
        return next((c for c in self.commands if c.name == name), None)

    def flows(self) -> tuple[str, ...]:
        return tuple(str(c.args["flow"]) for c in self.commands if c.name == "start_flow")


class CommandSource(Protocol):
    async def understand(self, ctx: UnderstandingContext) -> Understood: ...


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value
