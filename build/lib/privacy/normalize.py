"""Text normalisation for detection, with an offset map back to the original text.

Detection runs on NFKC-normalised text (full-width digits and letters become ASCII,
full-width spaces become spaces) and zero-width characters are dropped, so that
"１３８ 1234\u200b5678" is seen as "138 12345678". Every character of the normalised text
remembers which original character produced it, so findings are reported in original
offsets.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Invisible characters people (or copy-paste) insert inside numbers and names.
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=8192)
def _norm_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    # NFKC leaves some dash look-alikes; phone numbers are written with all of them.
    return out.translate(_DASHES)


_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u30fc": "-",
                         "\u3000": " ", "\u00a0": " "})


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each of its characters, the original index."""

    text: str
    origin: tuple[int, ...] | None  # None when the text was already normal (identity map)
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if self.origin is None:
            return start, end
        if end <= start:
            o = self.origin[start] if start < len(self.origin) else self.original_length
            return o, o
        return self.origin[start], self.origin[end - 1] + 1


def normalize(text: str) -> Normalized:
    """NFKC per character (so offsets stay mappable), dropping zero-width characters."""
    if text.isascii():
        return Normalized(text, None, len(text))
    parts: list[str] = []
    origin: list[int] = []
    identity = True
    for i, ch in enumerate(text):
        if ch.isascii():
            parts.append(ch)
            origin.append(i)
            continue
        n = _norm_char(ch)
        if n != ch:
            identity = False
        parts.append(n)
        origin.extend([i] * len(n))
    if identity:
        return Normalized(text, None, len(text))
    return Normalized("".join(parts), tuple(origin), len(text))
