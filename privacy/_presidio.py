"""Presidio's analyzer classes, imported without the parts of Presidio and spaCy we never run.

Importing `presidio_analyzer` costs seconds that `aftersales redact` and `chat` would pay
before their first line, for code they never call:

- its transformers NLP engine (and, through thinc, torch): both are hidden for the duration of
  this import only — Presidio and thinc treat them as not installed — and are importable as
  usual afterwards (the embedded LLM imports them itself);
- `presidio_analyzer.predefined_recognizers`: about 170 regexes of Presidio's own recognizers
  (a URL pattern listing every TLD, phone numbers of many countries) compiled at import. We
  register only our recognizers, so the registry needs just the three NLP-engine recognizer
  classes it tests with isinstance; those are imported for real, the rest of the package is not;
- `spacy.cli` (typer, weasel, httpx), imported by `spacy/__init__` only to re-export `spacy.info`.

Placeholders stand in while Presidio imports and are removed afterwards, so a later
`import presidio_analyzer.predefined_recognizers` or `import spacy.cli` (bench_redact's plain
Presidio baseline, `spacy download`) imports the real modules, with the same class objects.
What is detected does not change: none of the skipped code runs in our analyzer.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

_HIDDEN = ("torch", "transformers")
_PREDEFINED = "presidio_analyzer.predefined_recognizers"


def _predefined_placeholder() -> types.ModuleType | None:
    """`presidio_analyzer.predefined_recognizers` without its __init__: the NLP-engine recognizer
    classes resolve on first use (PEP 562), from their real submodules."""
    top = importlib.util.find_spec("presidio_analyzer")   # a top-level spec: imports nothing
    if top is None or not top.submodule_search_locations:
        return None
    mod = types.ModuleType(_PREDEFINED)
    mod.__path__ = [f"{loc}/predefined_recognizers" for loc in top.submodule_search_locations]
    mod.__package__ = _PREDEFINED

    def __getattr__(name: str) -> Any:
        if name in ("SpacyRecognizer", "StanzaRecognizer", "TransformersRecognizer"):
            return getattr(importlib.import_module(_PREDEFINED + ".nlp_engine_recognizers"), name)
        raise AttributeError(name)

    mod.__getattr__ = __getattr__  # type: ignore[method-assign]
    return mod


def _spacy_cli_placeholders() -> dict[str, types.ModuleType]:
    """`spacy.cli` and `spacy.cli.info` stand-ins; `spacy.info()` still works (imports the real CLI)."""
    if "spacy" in sys.modules or importlib.util.find_spec("spacy") is None:
        return {}
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    info_mod = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real_info
        return real_info(*args, **kwargs)

    info_mod.info = info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info_mod}


def _import() -> tuple[Any, ...]:
    hidden = [m for m in _HIDDEN if m not in sys.modules]
    placeholders: dict[str, types.ModuleType] = {}
    if "presidio_analyzer" not in sys.modules:
        placeholders.update(_spacy_cli_placeholders())
        predefined = _predefined_placeholder()
        if predefined is not None:
            placeholders[_PREDEFINED] = predefined
    for m in hidden:
        sys.modules[m] = None  # type: ignore[assignment]  # "import m" now raises ImportError
    sys.modules.update(placeholders)
    try:
        from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
        from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
        from presidio_analyzer.nlp_engine import NlpEngine
    finally:
        for m in hidden:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]
        for name, mod in placeholders.items():
            if sys.modules.get(name) is mod:
                del sys.modules[name]
    return AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult, ContextAwareEnhancer, NlpEngine


AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult, ContextAwareEnhancer, NlpEngine = _import()

__all__ = ["AnalyzerEngine", "ContextAwareEnhancer", "EntityRecognizer", "NlpEngine", "RecognizerRegistry",
           "RecognizerResult"]
