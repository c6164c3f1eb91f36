"""Chinese resident identity numbers: 18-character GB 11643 (check character, birth date) and the old 15-digit form.

Numbers are read once per text by `digits.classify_text`, which settles conflicts between
readings (an order-number cue beats everything); this recognizer reports its own type.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import Recognizer
from .digits import classify_text


class CnResidentIdRecognizer(Recognizer):
    ENTITIES = ["CN_RESIDENT_ID"]

    def find(self, text: str, nlp_artifacts: Any) -> Iterator[tuple[str, int, int, float]]:
        for typ, s, e, score in classify_text(text):
            if typ == "CN_RESIDENT_ID":
                yield typ, s, e, score
