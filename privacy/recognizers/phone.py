"""Mainland mobile (+86, spaces, dashes) and landline numbers, and international numbers (phonenumbers).

Numbers are read once per text by `digits.classify_text`, which settles conflicts between
readings (an order-number cue beats everything); this recognizer reports its own type.
"""
from __future__ import annotations

from .base import Recognizer
from .digits import classify_text


class PhoneRecognizer(Recognizer):
    ENTITIES = ["PHONE_NUMBER"]

    def find(self, text, nlp_artifacts):
        for typ, s, e, score in classify_text(text):
            if typ == "PHONE_NUMBER":
                yield typ, s, e, score
