"""The wrapper every LLM backend runs inside: prompt, bound, time-limit, check, fall back.

The backend only turns a prompt into text. This wrapper guarantees the contract of an LLM
generator: the prompt holds only redacted text, this turn's facts and snippets and a short
history; the exact prompt is returned; the answer passes the grounding check or is replaced
by the template answer (`grounded=False`, `reason` set, `fallback="grounding_failed"`); a
backend error or timeout falls back the same way (`fallback` "backend_error" / "timeout"),
each fallback logged as one JSON line (kind only, never text); at most `max_concurrent` generations run at once.
"""
from __future__ import annotations

import asyncio
import logging
import time

from bot.llm import grounding
from bot.llm import prompt as prompts
from bot.llm.base import Backend, BackendError, BackendTimeout, Generation, GenerationRequest
from bot.llm.fallbacks import log_fallback

log = logging.getLogger(__name__)


class GuardedGenerator:
    def __init__(self, backend: Backend, *, max_concurrent: int = 1, timeout_s: float = 20.0,
                 max_new_tokens: int = 96, max_wait_s: float | None = None) -> None:
        self.backend = backend
        self.name = f"llm:{backend.model}"
        self.timeout_s = timeout_s
        # How long a customer may wait for the generations queued ahead of theirs before the
        # template answers instead ("busy"). The model only rephrases an answer that is already
        # correct, so waiting seconds in a queue for it buys nothing: with one model instance and
        # a few customers at once, those behind the first get the checked template at once
        # rather than their first text after the others' whole answers. None: only the
        # timeout budget limits the queue (the generations ahead must fit in 90% of it).
        self.max_wait_s = max_wait_s
        self.max_new_tokens = max_new_tokens
        self._sem = asyncio.Semaphore(max(1, max_concurrent))
        self._slots = max(1, max_concurrent)
        self._queued = 0                     # generations waiting for or holding a slot
        self._avg_s: float | None = None     # moving average of one generation's duration
        # Counters for /metrics and the benchmark: how often the model's answer was used.
        self.stats = {"requests": 0, "grounded": 0, "rejected": 0, "errors": 0}

    def build_prompt(self, req: GenerationRequest) -> object:
        if self.backend.prompt_style == "chat":
            return prompts.chat_messages(req)
        return prompts.completion_prompt(req, shots=getattr(self.backend, "few_shot", True),
                                         facts=getattr(self.backend, "prompt_facts", True))

    async def generate(self, req: GenerationRequest) -> Generation:
        if "\n" in req.template_answer.strip():
            # Lists (orders to choose from, refunds, troubleshooting steps) stay as the template
            # lays them out: a one-paragraph rewrite loses lines the customer needs.
            return Generation(req.template_answer, "template", True, None, 0, reason="structured answer")
        self.stats["requests"] += 1
        prompt = self.build_prompt(req)
        shown = prompts.render(prompt)
        deadline = time.monotonic() + self.timeout_s
        ahead = self._queued // self._slots          # rounds of generations before this one starts
        if self.max_wait_s is not None and ahead and self._avg_s is not None \
                and ahead * self._avg_s > self.max_wait_s:
            return self._fallback(req, shown, "busy", f"{self._queued} queued, expected wait "
                                                      f"{ahead * self._avg_s:.1f} s > {self.max_wait_s:g} s")
        expected = None if self._avg_s is None else (ahead + 1) * self._avg_s
        if expected is not None and expected > 0.9 * self.timeout_s:
            # The generations already queued (and this one) would eat the whole budget: answer
            # with the template now instead of making this customer wait for a certain timeout.
            return self._fallback(req, shown, "busy", f"{self._queued} queued, expected {expected:.1f} s "
                                                      f"of a {self.timeout_s:g} s budget")
        self._queued += 1
        try:
            # The deadline covers waiting for a slot too: a customer never waits past timeout_s.
            async with asyncio.timeout(self.timeout_s):
                async with self._sem:
                    left = max(0.1, deadline - time.monotonic())
                    t0 = time.monotonic()
                    if req.on_text is not None and getattr(self.backend, "streams_text", False):
                        # The web chat watches the draft; what is sent is still the checked text below.
                        done = await self.backend.complete(prompt, self.max_new_tokens, left,  # type: ignore[call-arg]
                                                           on_text=req.on_text)
                    else:
                        done = await self.backend.complete(prompt, self.max_new_tokens, left)
                    took = time.monotonic() - t0
                    self._avg_s = took if self._avg_s is None else 0.7 * self._avg_s + 0.3 * took
        except (TimeoutError, BackendTimeout):
            return self._fallback(req, shown, "timeout", "timeout")
        except BackendError as exc:
            return self._fallback(req, shown, "backend_error", str(exc) or type(exc).__name__)
        except Exception as exc:  # a backend bug must not cost the customer an answer
            log.warning("generator backend failed: %s", type(exc).__name__)
            return self._fallback(req, shown, "backend_error", type(exc).__name__)
        finally:
            self._queued -= 1
        text = prompts.clean_completion(done.text) if self.backend.prompt_style == "completion" \
            else done.text.strip()
        result = grounding.check(text, req)
        if not result.ok:
            self.stats["rejected"] += 1
            log_fallback("generate", "grounding_failed", self.name)
            return Generation(req.template_answer, self.name, False, shown, done.tokens,
                              reason="; ".join(result.reasons), fallback="grounding_failed")
        self.stats["grounded"] += 1
        return Generation(text, self.name, True, shown, done.tokens)

    def _fallback(self, req: GenerationRequest, shown: str, kind: str, reason: str) -> Generation:
        self.stats["errors"] += 1
        log_fallback("generate", kind, self.name)
        return Generation(req.template_answer, self.name, False, shown, 0, reason=reason, fallback=kind)

    async def start(self) -> None:
        """Optional warm-up: loads the embedded model now rather than on the first answer, and
        where the backend keeps a KV cache (`warms_prefixes`), evaluates the fixed opening of
        each language's prompt, so the first customer's first text waits only for their tail."""
        start = getattr(self.backend, "start", None)
        if start is None:
            return
        if self.backend.prompt_style == "completion" and getattr(self.backend, "warms_prefixes", False):
            shots = getattr(self.backend, "few_shot", True)
            facts = getattr(self.backend, "prompt_facts", True)
            await start(prefixes=[prompts.completion_prefix(lang, shots, facts) for lang in prompts.LANGUAGES])
        else:
            await start()

    async def close(self) -> None:
        await self.backend.close()
