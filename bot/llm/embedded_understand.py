"""The embedded model as a command source, grammar-constrained (issue #15).

    backend = LlamaCppBackend(packaged_gguf())
    source = EmbeddedCommandSource(backend, timeout=10.0)
    understood = await source.understand(ctx)        # raises UnderstandingFailed

llama.cpp in-process (the packaged Gemma 3 270M GGUF) reads the same few-shot prompt as a
server (`understand.messages`, in Gemma's chat format) and decodes under the GBNF grammar of
`command_grammar.command_gbnf`: every token it may pick keeps the reply a well-formed command
list with this customer's order ids, so it cannot write prose, a shop action or a half object.
The reply is parsed strictly anyway (`parse_commands`); a reply the deadline cuts short is
rejected as a timeout. The fixed prefix (instructions, examples) is the same every turn, so the
backend's KV cache reuses it and each turn evaluates only its tail.
"""
from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue.commands import UnderstandingContext
from bot.llm.base import BackendError, BackendTimeout
from bot.llm.command_grammar import command_gbnf
from bot.llm.understand import LLMUnderstood, UnderstandingFailed, messages, parse_commands, render


def gemma_chat(msgs: Sequence[Mapping[str, str]]) -> str:
    """Messages in Gemma's chat format, ending where the model writes its turn."""
    out = []
    for m in msgs:
        role = "model" if m["role"] == "assistant" else "user"
        out.append(f"<start_of_turn>{role}\n{m['content']}<end_of_turn>\n")
    return "".join(out) + "<start_of_turn>model\n"


class EmbeddedCommandSource:
    """CommandSource over an in-process `LlamaCppBackend`, decoding under the command grammar."""

    def __init__(self, backend: Any, timeout: float = 10.0, *, max_tokens: int = 96,
                 confidence: float = 0.8) -> None:
        self.backend = backend
        self.timeout = float(timeout)
        self.max_tokens = max_tokens
        # As for the server source: a fixed confidence for a valid, grammar-shaped reply.
        self.confidence = confidence
        self.source = f"llm-embedded:{getattr(backend, 'model', 'model')}"
        self._grammars: dict[tuple[str, ...], Any] = {}

    def grammar(self, order_ids: Sequence[str]) -> Any:
        """The compiled grammar for these order ids (cached: one customer, many turns)."""
        key = tuple(order_ids)
        if key not in self._grammars:
            from llama_cpp import LlamaGrammar

            if len(self._grammars) > 64:
                self._grammars.clear()
            self._grammars[key] = LlamaGrammar.from_string(command_gbnf(key), verbose=False)
        return self._grammars[key]

    def prefix(self) -> str:
        """The fixed part of every prompt, for `backend.start(prefixes=[...])`."""
        empty = UnderstandingContext(text="", language="en", history=[], flow=None, step=None, slots={},
                                     orders=[], catalogue=[])
        return gemma_chat(messages(empty)[:-1])

    async def understand(self, ctx: UnderstandingContext) -> LLMUnderstood:
        msgs = messages(ctx)
        shown = render(msgs)
        order_ids = [str(o["id"]) for o in ctx.orders if o.get("id")]
        t0 = time.monotonic()
        deadline = t0 + self.timeout
        loop = asyncio.get_running_loop()
        call = functools.partial(self.backend.generate_sync, gemma_chat(msgs), self.max_tokens, deadline,
                                 grammar=self.grammar(order_ids), stop=("<end_of_turn>", "\n"))
        try:
            done = await asyncio.wait_for(loop.run_in_executor(self.backend._pool, call), self.timeout + 1.0)
        except (TimeoutError, BackendTimeout):
            raise UnderstandingFailed("timeout", "timeout", shown) from None
        except BackendError as exc:
            raise UnderstandingFailed("backend_error", str(exc) or type(exc).__name__, shown) from None
        try:
            commands = parse_commands(done.text, ctx)
        except UnderstandingFailed as exc:
            exc.prompt = shown
            raise
        ms = round((time.monotonic() - t0) * 1000)
        return LLMUnderstood(commands, self.confidence, self.source, (f"llm {ms} ms",), prompt=shown)

    async def close(self) -> None:
        await self.backend.close()
