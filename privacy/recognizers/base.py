"""Shared base class: a Presidio recognizer that works on normalised text for both languages."""
from __future__ import annotations

import re
from collections.abc import Iterable

from .._presidio import EntityRecognizer, RecognizerResult

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


class Recognizer(EntityRecognizer):
    """A recognizer that yields (type, start, end, score) tuples from `find`.

    Presidio wants one recognizer instance per language; ours are language-agnostic (they
    look for the script they need), so the registry simply gets one instance per language.
    """

    ENTITIES: list[str] = []

    def __init__(self, language: str = "en") -> None:
        super().__init__(supported_entities=list(self.ENTITIES), name=type(self).__name__,
                         supported_language=language)

    def load(self) -> None:  # nothing to load: resources are module-level caches
        pass

    def find(self, text: str, nlp_artifacts) -> Iterable[tuple[str, int, int, float]]:
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        return [RecognizerResult(t, s, e, sc) for t, s, e, sc in self.find(text, nlp_artifacts)
                if e > s]
