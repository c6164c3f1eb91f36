"""E-mail addresses, found around each "@" in bounded windows (no regex backtracking blow-up)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .base import Recognizer

_LOCAL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}$")
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])")


class EmailRecognizer(Recognizer):
    ENTITIES = ["EMAIL_ADDRESS"]

    def find(self, text: str, nlp_artifacts: Any) -> Iterator[tuple[str, int, int, float]]:
        i = text.find("@")
        while i != -1:
            left = _LOCAL.search(text, max(0, i - 64), i)
            right = _DOMAIN.match(text, i + 1, min(len(text), i + 1 + 255))
            if left and right:
                s = left.start()
                while s < i and text[s] in "._%+-":  # "邮箱.zhang@…" – punctuation is not the address
                    s += 1
                if s < i:
                    yield "EMAIL_ADDRESS", s, right.end(), 0.95
            i = text.find("@", i + 1)
