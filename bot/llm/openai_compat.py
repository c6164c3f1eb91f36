"""Backend for any OpenAI-compatible `/v1/chat/completions` server (vLLM, Ollama, llama.cpp, hosted).

Streaming (SSE `data:` lines ending with `data: [DONE]`) or not; retries with exponential
backoff and jitter on 429, 5xx and connection errors (a `Retry-After` header wins); a
circuit breaker that, after `breaker_threshold` consecutive failed requests, skips the
server for `breaker_cooldown_s` so customers get template answers at once instead of
waiting on a dead backend. No prompt or answer text is ever logged.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.llm.base import BackendError, BackendTimeout, Completion, TextSink

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}


class CircuitOpen(BackendError):
    pass


@dataclass
class CircuitBreaker:
    """closed → (threshold consecutive failures) → open → (cool-down) → half-open → one trial."""

    threshold: int = 5
    cooldown_s: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _trial: bool = field(default=False, repr=False)

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.cooldown_s else "open"

    def allow(self) -> bool:
        state = self.state
        if state == "closed":
            return True
        if state == "half-open" and not self._trial:
            self._trial = True          # exactly one request probes the backend
            return True
        return False

    def success(self) -> None:
        self.failures, self.opened_at, self._trial = 0, None, False

    def failure(self) -> None:
        self.failures += 1
        if self._trial or self.failures >= self.threshold:
            if self.opened_at is None or self._trial:
                log.warning("LLM backend circuit opened after %d failures", self.failures)
            self.opened_at, self._trial = self.clock(), False


class _Retryable(Exception):
    def __init__(self, why: str, retry_after: float | None = None) -> None:
        super().__init__(why)
        self.retry_after = retry_after


class OpenAICompatBackend:
    prompt_style = "chat"
    streams_text = True

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *, stream: bool = True,
                 max_retries: int = 2, backoff_base_s: float = 0.5, backoff_max_s: float = 8.0,
                 breaker: CircuitBreaker | None = None, temperature: float = 0.2) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.stream = stream
        self.max_retries = max_retries
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.breaker = breaker or CircuitBreaker()
        self.temperature = temperature
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            headers = {"Content-Type": "application/json"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            self._session = aiohttp.ClientSession(headers=headers)
        return self._session

    async def complete(self, prompt: Any, max_new_tokens: int, timeout_s: float, *,
                       extra: Mapping[str, Any] | None = None, on_text: TextSink | None = None) -> Completion:
        """`extra` adds request fields (e.g. `response_format` for structured output, `model`);
        `on_text` receives each streamed piece of the answer as it arrives."""
        if not self.breaker.allow():
            raise CircuitOpen("circuit open")
        deadline = time.monotonic() + timeout_s
        body = {"model": self.model, "messages": prompt, "max_tokens": max_new_tokens,
                "temperature": self.temperature, "stream": self.stream, **(extra or {})}
        attempt = 0
        while True:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError()
                sink = _Watched(on_text) if on_text is not None else None
                result = await self._once(body, left, sink)
            except _Retryable as exc:
                if sink is not None and sink.used:
                    # A retry would append a second answer to the half one already shown: the
                    # retried attempt is not streamed (its final text replaces the draft anyway).
                    on_text = None
                wait = self._backoff(attempt, exc.retry_after)
                if attempt >= self.max_retries or time.monotonic() + wait >= deadline:
                    self.breaker.failure()
                    raise BackendError(str(exc)) from None
                attempt += 1
                await asyncio.sleep(wait)
                continue
            except TimeoutError:
                # Out of time: no retry can finish inside the caller's deadline.
                self.breaker.failure()
                raise BackendTimeout("timeout") from None
            except BackendError:
                self.breaker.failure()
                raise
            self.breaker.success()
            return result

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(0.0, retry_after), self.backoff_max_s)
        base = min(self.backoff_max_s, self.backoff_base_s * (2 ** attempt))
        delay: float = base / 2 + random.uniform(0, base / 2)   # "equal jitter": never zero, spreads clients
        return delay

    async def _once(self, body: dict[str, Any], timeout_s: float, on_text: TextSink | None = None) -> Completion:
        timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=min(timeout_s, 5.0))
        started = time.monotonic()
        try:
            async with self._client().post(self.url, json=body, timeout=timeout) as resp:
                if resp.status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {resp.status}", _retry_after(resp.headers.get("Retry-After")))
                if resp.status != 200:
                    raise BackendError(f"HTTP {resp.status}")
                if body["stream"] and resp.content_type == "text/event-stream":
                    return await _read_stream(resp, started, on_text)
                return _read_json(await resp.json(content_type=None))
        except aiohttp.ClientConnectionError as exc:
            if isinstance(exc, aiohttp.ServerTimeoutError):
                raise TimeoutError() from None
            raise _Retryable(f"connection error: {type(exc).__name__}") from None
        except (aiohttp.ContentTypeError, json.JSONDecodeError, ValueError) as exc:
            raise BackendError(f"bad response: {type(exc).__name__}") from None

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None   # HTTP-date form: fall back to our own backoff


def _read_json(data: Any) -> Completion:
    try:
        choice = data["choices"][0]
        text = choice["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise BackendError("bad response: no choices[0].message.content") from None
    tokens = int((data.get("usage") or {}).get("completion_tokens") or 0)
    return Completion(text=text, tokens=tokens)


class _Watched:
    """A text sink that remembers whether it was given anything."""

    def __init__(self, sink: TextSink) -> None:
        self.sink, self.used = sink, False

    def __call__(self, piece: str) -> None:
        self.used = True
        self.sink(piece)


async def _read_stream(resp: aiohttp.ClientResponse, started: float, on_text: TextSink | None = None
                       ) -> Completion:
    parts: list[str] = []
    chunks = 0
    ttft: float | None = None
    usage_tokens = 0
    async for raw in resp.content:
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("data:"):
            continue   # comments (": keep-alive"), event names, blank separators
        payload = line[5:].strip()
        if payload == "[DONE]":
            break
        try:
            event = json.loads(payload)
        except json.JSONDecodeError:
            raise BackendError("bad stream event") from None
        if event.get("usage"):
            usage_tokens = int(event["usage"].get("completion_tokens") or 0)
        for choice in event.get("choices") or []:
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                if ttft is None:
                    ttft = time.monotonic() - started
                parts.append(piece)
                chunks += 1
                if on_text is not None:
                    on_text(piece)
    else:
        # The server closed the stream without [DONE]: the answer may be cut short.
        raise _Retryable("stream ended without [DONE]")
    return Completion(text="".join(parts), tokens=usage_tokens or chunks, ttft_s=ttft)
