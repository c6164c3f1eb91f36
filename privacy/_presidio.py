"""Presidio's analyzer classes, imported without pulling in torch and transformers.

presidio_analyzer imports its transformers NLP engine (and, through thinc, torch) at import
time whether or not it is used: about five seconds of start-up for `aftersales redact`, which
uses neither (our spaCy pipeline is the small CNN model). When nothing has imported them yet,
both are hidden for the duration of this import only — Presidio and thinc treat them as not
installed — and are importable as usual afterwards (the embedded LLM imports them itself).
"""
from __future__ import annotations

import sys
from typing import Any

_HIDDEN = ("torch", "transformers")


def _import() -> tuple[Any, ...]:
    hidden = [m for m in _HIDDEN if m not in sys.modules]
    for m in hidden:
        sys.modules[m] = None  # type: ignore[assignment]  # "import m" now raises ImportError
    try:
        from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
        from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
        from presidio_analyzer.nlp_engine import NlpEngine
    finally:
        for m in hidden:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]
    return AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult, ContextAwareEnhancer, NlpEngine


AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult, ContextAwareEnhancer, NlpEngine = _import()

__all__ = ["AnalyzerEngine", "ContextAwareEnhancer", "EntityRecognizer", "NlpEngine", "RecognizerRegistry",
           "RecognizerResult"]
