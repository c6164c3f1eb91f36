"""The generator interface: one request shape, one result shape, one protocol.

Every generator answers a `GenerationRequest` (redacted text, this turn's facts and
snippets, the deterministic template answer) with a `Generation`. LLM generators are
wrapped by `bot.llm.guarded.GuardedGenerator`, which owns prompting, the grounding check,
fallback to the template answer and the concurrency bound.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# Receives generated text as it arrives (redacted, unchecked): the web chat's draft. Called on
# the event loop; must not block.
TextSink = Callable[[str], None]


@dataclass
class GenerationRequest:
    language: str                       # "zh" | "en" — answer in this language
    intent: str                         # one of DESIGN.md's 12 intents
    user_text: str                      # the customer's message, already redacted
    history: list[tuple[str, str]]      # [(role "user"|"assistant", redacted text)], short
    facts: dict[str, Any]               # tool results for this turn
    snippets: list[Any]                 # knowledge snippets: objects with .id .title .text
    template_answer: str                # the deterministic answer (always correct; the fallback)
    placeholders: list[str] = field(default_factory=list)  # the only placeholders an answer may contain
    # Where to stream the model's raw text while it generates (None: nobody watches). Never
    # part of the prompt; the final, checked `Generation.text` is still what gets sent.
    on_text: TextSink | None = field(default=None, repr=False, compare=False)


@dataclass
class Generation:
    text: str
    generator: str                      # "template" or "llm:<model>"
    grounded: bool
    prompt: str | None
    tokens: int = 0
    reason: str | None = None           # why grounding failed / why the backend was not used
    # Why the template answer replaced a generated one: "timeout", "backend_error" or
    # "grounding_failed" (details in `reason`); None when nothing was replaced.
    fallback: str | None = None

    @property
    def fallback_reason(self) -> str | None:
        """The trace's `fallback_reason`: the kind, then the details ("grounding_failed: ...")."""
        if self.fallback is None:
            return None
        return f"{self.fallback}: {self.reason}" if self.reason and self.reason != self.fallback else self.fallback


@runtime_checkable
class Generator(Protocol):
    name: str

    async def generate(self, req: GenerationRequest) -> Generation: ...

    async def close(self) -> None: ...


@dataclass
class Completion:
    """What a backend returns: raw model text and how many tokens it generated."""

    text: str
    tokens: int = 0
    ttft_s: float | None = None         # time to first token, when the backend streams


class BackendError(Exception):
    """A backend could not produce text (HTTP error, timeout, open circuit, load failure)."""


class BackendTimeout(BackendError):
    """The backend ran out of the caller's time (a `fallback_reason` of its own: "timeout")."""


class Backend(Protocol):
    """A text producer the guarded generator drives; knows nothing about grounding.

    A backend that can stream says so with `streams_text = True` and then accepts
    `complete(..., on_text=sink)`, calling the sink with each piece of text on the event loop.
    """

    model: str
    prompt_style: str                   # "chat" (messages) or "completion" (few-shot text)

    async def complete(self, prompt: Any, max_new_tokens: int, timeout_s: float) -> Completion: ...

    async def close(self) -> None: ...
