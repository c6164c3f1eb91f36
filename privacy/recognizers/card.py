"""Bank and credit cards: Luhn, UnionPay 62 prefixes (not always Luhn-valid), card context words.

Numbers are read once per text by `digits.classify_text`, which settles conflicts between
readings (an order-number cue beats everything); this recognizer reports its own type.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import Recognizer
from .digits import classify_text


class CardRecognizer(Recognizer):
    ENTITIES = ["CREDIT_CARD"]

    def find(self, text: str, nlp_artifacts: Any) -> Iterator[tuple[str, int, int, float]]:
        for typ, s, e, score in classify_text(text):
            if typ == "CREDIT_CARD":
                yield typ, s, e, score
