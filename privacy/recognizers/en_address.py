"""English street addresses: number + street name + street type, optional unit, city, state, ZIP.

Also "P.O. Box 123". Every quantifier is bounded, so the scan is linear.
"""
from __future__ import annotations

import re

from .base import LATIN, Recognizer

_TYPES = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|"
          r"Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Cres|Close|Alley|Loop|Row|Walk|"
          r"Plaza|Path|Pike|Point|Ridge|Run|Grove|Gardens|Mews|Hill|Heights|Park|Expressway|Freeway|Route|Rte|"
          r"Street North|Causeway|Crossing|Estates|Junction|Manor|Meadows|Landing|Station|View|Vista")
def _usps_suffixes() -> str:
    """USPS street suffixes (the list faker ships) on top of the common ones above."""
    try:
        from faker.providers.address.en_US import Provider
        extra = sorted({x for x in Provider.street_suffixes if x.isalpha()} - set(_TYPES.split("|")), key=len, reverse=True)
    except Exception:
        extra = []
    return "|".join([_TYPES] + extra)


_UNIT = r"(?:,?\s*(?:(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|No)\b\.?|#)\s*#?\s*[A-Za-z0-9-]{1,6})"
_CITY = r"(?:,\s*[A-Z][A-Za-z'.-]+(?:\s[A-Z][A-Za-z'.-]+){0,2})"
_STATE = r"(?:,?\s*[A-Z]{2}\b)"
_ZIP = r"(?:,?\s*\d{5}(?:-\d{4})?\b)"
_STREET = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?"
    rf"(?:[A-Z0-9][A-Za-z0-9'.-]*\s+){{1,4}}?(?:{_usps_suffixes()})\b\.?"
    rf"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?{_UNIT}?(?:{_CITY}{_STATE}?{_ZIP}?)?")
_POBOX = re.compile(r"\bP\.?\s?O\.?\s?Box\s+\d{1,6}\b", re.I)


class EnglishAddressRecognizer(Recognizer):
    ENTITIES = ["ADDRESS"]

    def find(self, text, nlp_artifacts):
        if not LATIN.search(text):
            return
        for m in _STREET.finditer(text):
            yield "ADDRESS", m.start(), m.end(), 0.8
        for m in _POBOX.finditer(text):
            yield "ADDRESS", m.start(), m.end(), 0.8
