"""The explanation trace: what each stage decided, using redacted data only.

Field names are a public contract (DESIGN.md "Trace"); auditors and the held-out
evaluation read them.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Action:
    """One tool call: its arguments and outcome."""

    name: str
    args: dict[str, Any]
    ok: bool
    result: Any


@dataclass
class Trace:
    language: str = "en"
    intent: dict[str, Any] = field(default_factory=lambda: {"name": "other", "confidence": 0.0})
    sentiment: dict[str, Any] = field(default_factory=lambda: {"label": "neutral", "score": 0.0})
    redactions: list[dict[str, str]] = field(default_factory=list)
    entities: dict[str, Any] = field(default_factory=dict)
    knowledge: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    generator: str = "template"
    grounded: bool = True
    handoff: bool = False
    prompt: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Why a generated answer was replaced by the template ("timeout", "backend_error",
    # "grounding_failed: <reasons>"); None means none was, and to_dict() leaves it out.
    fallback_reason: str | None = None
    # What understanding made of this message (bot.dialogue.commands) and the flow it drove.
    commands: list[dict[str, Any]] = field(default_factory=list)
    flow: dict[str, Any] = field(default_factory=lambda: {"name": None, "step": None})
    # Beyond the contract: the dialogue step taken and any delivery problems.
    dialogue: dict[str, Any] = field(default_factory=dict)
    delivery: dict[str, Any] = field(default_factory=dict)

    def add_action(self, name: str, args: dict[str, Any], ok: bool, result: Any) -> None:
        self.actions.append(asdict(Action(name, args, ok, result)))

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings_ms[stage] = round(self.timings_ms.get(stage, 0.0) + (time.perf_counter() - t0) * 1000, 3)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if out.get("fallback_reason") is None:
            out.pop("fallback_reason", None)   # DESIGN.md: absent when no answer was replaced
        return out
