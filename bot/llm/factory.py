"""`build_generator(settings, kind)`: the configured generator, wrapped and ready."""
from __future__ import annotations

from typing import Any

from bot.core.errors import ConfigError
from bot.llm.base import Generator
from bot.llm.guarded import GuardedGenerator
from bot.llm.template import TemplateGenerator


def build_generator(settings: Any, kind: str | None = None) -> Generator:
    """`kind` ("template" | "llm") overrides `[generator] kind` (the `--generator` flag).

    Nothing heavy happens here: the embedded model loads on first use, or earlier when the
    caller awaits `generator.backend.start()`.
    """
    cfg = settings["generator"]
    kind = kind or cfg["kind"]
    if kind == "template":
        return TemplateGenerator()
    if kind != "llm":
        raise ConfigError("--generator", f"must be template or llm; got {kind!r}")
    backend_kind = cfg["backend"]
    if backend_kind == "openai":
        from bot.llm.openai_compat import OpenAICompatBackend

        if not cfg["base_url"]:
            raise ConfigError("generator.base_url", "required when generator.backend = \"openai\"")
        backend: Any = OpenAICompatBackend(cfg["base_url"], cfg["model"], settings.secret("LLM_API_KEY"))
    elif backend_kind == "embedded":
        from pathlib import Path

        from bot.llm.embedded import PACKAGE_MODELS, EmbeddedBackend

        model = cfg["model"]
        if model not in PACKAGE_MODELS and not Path(model).expanduser().exists():
            raise ConfigError("generator.model", f"not a packaged model ({', '.join(PACKAGE_MODELS)}) "
                                                 f"nor an existing path: {model!r}")
        runtime = cfg.get("runtime", "llamacpp")
        if runtime == "llamacpp":
            backend = _llamacpp_backend(settings, model)
        elif runtime == "transformers":
            backend = EmbeddedBackend(model, settings.data_dir, max_concurrent=cfg["max_concurrent"])
        else:
            raise ConfigError("generator.runtime", f"must be llamacpp or transformers; got {runtime!r}")
    else:
        raise ConfigError("generator.backend", f"must be embedded or openai; got {backend_kind!r}")
    if cfg["max_concurrent"] < 1:
        raise ConfigError("generator.max_concurrent", "must be at least 1")
    if cfg["timeout_s"] <= 0:
        raise ConfigError("generator.timeout_s", "must be positive")
    max_wait = cfg.get("max_wait_s", DEFAULT_MAX_WAIT_S)
    if max_wait is not None and float(max_wait) < 0:
        raise ConfigError("generator.max_wait_s", "must be zero or more")
    return GuardedGenerator(backend, max_concurrent=cfg["max_concurrent"], timeout_s=float(cfg["timeout_s"]),
                            max_new_tokens=int(cfg["max_new_tokens"]),
                            max_wait_s=None if max_wait is None else float(max_wait))


# A customer whose generation would start later than this (others queued ahead) gets the
# template at once: bench/bench_webchat_stream.py measured 4 customers on one model instance
# waiting 5.8 s for their first text and 9.1 s for the answer at p95 (results/webchat-stream-*)
# for answers that only rephrase the template.
DEFAULT_MAX_WAIT_S = 1.0


def _llamacpp_backend(settings: Any, model: str) -> Any:
    """llama.cpp on the GGUF as shipped (Q4_K_M): bench/bench_llm.py measured it several times
    faster than the fp32 transformers path. The shipped LoRA adapter is a transformers adapter,
    so this runtime prompts the base model with examples."""
    from pathlib import Path

    from bot.llm import llamacpp
    from bot.llm.embedded import model_key

    if not llamacpp.available():
        raise ConfigError("generator.runtime", "llamacpp needs llama-cpp-python: run scripts/build_llama_wheel.sh "
                                               "(or set generator.runtime = \"transformers\")")
    name = model_key(model)
    if model == "gemma3-270m":
        path = llamacpp.packaged_gguf(Path(settings.data_dir) / "models" / "gguf")
        name = "gemma3-270m-q4_k_m"
    else:
        path = Path(model).expanduser()
        if path.is_dir():
            found = sorted(path.glob("*.gguf"))
            if not found:
                raise ConfigError("generator.model", f"no .gguf file in {model!r} (runtime llamacpp)")
            path = found[0]
    cfg = settings["generator"]
    slots = int(cfg.get("slots", 2))
    if slots < 1:
        raise ConfigError("generator.slots", "must be at least 1")
    threads = int(cfg.get("threads", 1))
    return llamacpp.LlamaCppBackend(path, n_threads=threads, n_threads_batch=int(cfg.get("threads_batch") or threads),
                                    slots=slots, model_name=name)
