"""Mainland mobile (+86, spaces, dashes) and landline numbers, and international numbers (phonenumbers).

Numbers are read once per text by `digits.classify_text`, which settles conflicts between
readings (an order-number cue beats everything); this recognizer reports its own type.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .base import Recognizer
from .context import nearest_cue
from .digits import classify_text

# US dotted form 555.123.4567 (dots are not run separators: they belong to IPs and amounts)
_DOTTED = re.compile(r"(?<![\d.])(?:(?:\+?1\.)?\(?\d{3}\)?\.\d{3}\.\d{4}|0\d(?:\.\d{2}){4})(?!\d|\.\d)")


# a local number written with a dot ("call me on 555.0133"): only after a phone cue, since
# 3.4 digits are otherwise a measure or a version
_DOTTED_LOCAL = re.compile(r"(?<![\d.])\d{3}\.\d{4}(?!\d|\.\d)")

_EXT = re.compile(r"\s?(?:转|分机|extension|ext\.?|x)\s?\d{1,5}(?!\d)", re.I)


class PhoneRecognizer(Recognizer):
    ENTITIES = ["PHONE_NUMBER"]

    def find(self, text: str, nlp_artifacts: Any) -> Iterator[tuple[str, int, int, float]]:
        for typ, s, e, score in classify_text(text):
            if typ == "PHONE_NUMBER":
                x = _EXT.match(text, e)
                yield typ, s, x.end() if x else e, score
        if "." in text:
            for m in _DOTTED.finditer(text):
                x = _EXT.match(text, m.end())
                yield "PHONE_NUMBER", m.start(), x.end() if x else m.end(), 0.75
            for m in _DOTTED_LOCAL.finditer(text):
                if nearest_cue(text, m.start()) == "phone":
                    yield "PHONE_NUMBER", m.start(), m.end(), 0.7
