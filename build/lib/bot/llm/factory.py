"""`build_generator(settings, kind)`: the configured generator, wrapped and ready."""
from __future__ import annotations

from typing import Any

from bot.errors import ConfigError
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
        backend = EmbeddedBackend(model, settings.data_dir, max_concurrent=cfg["max_concurrent"])
    else:
        raise ConfigError("generator.backend", f"must be embedded or openai; got {backend_kind!r}")
    if cfg["max_concurrent"] < 1:
        raise ConfigError("generator.max_concurrent", "must be at least 1")
    if cfg["timeout_s"] <= 0:
        raise ConfigError("generator.timeout_s", "must be positive")
    return GuardedGenerator(backend, max_concurrent=cfg["max_concurrent"], timeout_s=float(cfg["timeout_s"]),
                            max_new_tokens=int(cfg["max_new_tokens"]))
