"""The explanation trace: what each stage decided, using redacted data only.

Field names are a public contract (DESIGN.md "Trace"); auditors and the held-out
evaluation read them.
"""
from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

_ATOMIC = frozenset({str, int, float, bool, type(None)})


def plain(obj: Any) -> Any:
    """`dataclasses.asdict`'s conversion of one value, without its cost (#17: it was a tenth of a
    turn's CPU): plain strings, numbers, dicts and lists, the common case, skip `copy.deepcopy`
    (which returns atomic values as they are anyway); anything else is converted as asdict does."""
    t = type(obj)
    if t in _ATOMIC:
        return obj
    if t is dict:
        return {plain(k): plain(v) for k, v in obj.items()}
    if t is list:
        return [plain(v) for v in obj]
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return t(*[plain(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return t(plain(v) for v in obj)
    if isinstance(obj, dict):
        return t((plain(k), plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)


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
        self.actions.append(plain(Action(name, args, ok, result)))

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings_ms[stage] = round(self.timings_ms.get(stage, 0.0) + (time.perf_counter() - t0) * 1000, 3)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        if out.get("fallback_reason") is None:
            out.pop("fallback_reason", None)   # DESIGN.md: absent when no answer was replaced
        return out
