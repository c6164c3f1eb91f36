"""Conversation state of dialogue v2: a typed dataclass, serialised into the dict the store saves.

Only redacted text and ids ever enter it. The persisted dict keeps the legacy policy's keys
beside ours (`state["v2"]`), so a conversation continues across a restart and across the move.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

KEY = "v2"
PAUSED_MAX = 2          # topics remembered to resume; older ones are dropped


@dataclass
class Frame:
    """One flow in progress: its name, the step it waits on, and its typed slots (plain values)."""

    flow: str
    step: str = "start"
    slots: dict[str, Any] = field(default_factory=dict)
    asked: int = 0                      # how many times this step was asked without an answer

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Frame:
        return cls(flow=str(data["flow"]), step=str(data.get("step") or "start"),
                   slots=dict(data.get("slots") or {}), asked=int(data.get("asked") or 0))


@dataclass
class DialogueState:
    frame: Frame | None = None
    paused: list[Frame] = field(default_factory=list)
    last_order_id: str | None = None
    last_skus: list[str] = field(default_factory=list)       # items last talked about
    misses: int = 0                                          # turns in a row not understood
    # Records this conversation opened, by kind ("delivery_issue": ticket id, "return:<order>": id):
    # a second request about the same thing refers to the first instead of duplicating it.
    opened: dict[str, str] = field(default_factory=dict)
    turns: int = 0
    last_flow: str | None = None         # the flow that answered last (follow-ups refer to it)
    last_address: str | None = None      # the address placeholder last given ("make that my default")
    recent_orders: list[str] = field(default_factory=list)   # orders discussed, oldest first ("the other one")

    @classmethod
    def load(cls, state: Mapping[str, Any]) -> DialogueState:
        data = state.get(KEY) or {}
        return cls(frame=Frame.from_dict(data["frame"]) if data.get("frame") else None,
                   paused=[Frame.from_dict(f) for f in data.get("paused") or []],
                   last_order_id=data.get("last_order_id"), last_skus=list(data.get("last_skus") or []),
                   misses=int(data.get("misses") or 0), opened=dict(data.get("opened") or {}),
                   turns=int(data.get("turns") or 0), last_flow=data.get("last_flow"),
                   last_address=data.get("last_address"),
                   recent_orders=[str(x) for x in data.get("recent_orders") or []])

    def save(self, state: dict[str, Any]) -> None:
        state[KEY] = asdict(self)

    # -- topic handling --------------------------------------------------------------------
    def start(self, flow: str, **slots: Any) -> Frame:
        """Open `flow`; a different unfinished flow is paused to resume later."""
        if self.frame is not None and self.frame.flow != flow and self.frame.step not in ("done", "start"):
            self.paused = ([self.frame] + [f for f in self.paused if f.flow != self.frame.flow])[:PAUSED_MAX]
        self.frame = Frame(flow, "start", dict(slots))
        return self.frame

    def finish(self) -> None:
        if self.frame is not None:
            self.last_flow = self.frame.flow
        self.frame = None

    def resume(self) -> Frame | None:
        """The most recently paused flow, made current again (None when there is none)."""
        if not self.paused:
            return None
        self.frame = self.paused.pop(0)
        return self.frame

    def flow_trace(self) -> dict[str, Any]:
        return {"name": self.frame.flow, "step": self.frame.step} if self.frame else {"name": None, "step": None}
