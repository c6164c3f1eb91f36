"""Consistent per-conversation placeholders: the same value always becomes the same "<TYPE_n>".

The mapping (placeholder -> original value) is the caller's to persist, encrypted, per
conversation (privacy.vault); `restore` puts the customer's own values back into a reply
for that same customer only. Never log the mapping.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from .normalize import normalize

_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*?)_(\d+)>")
_NUMERIC = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "CN_RESIDENT_ID", "US_SSN", "IP_ADDRESS"})


def _key(typ: str, value: str) -> str:
    """Equality key: "138 1234 5678", "13812345678" and "一三八一二三四五六七八" are the same
    phone number; "zw [at] example [dot] com" is zw@example.com (decoded as for detection)."""
    v = unicodedata.normalize("NFKC", value).strip()
    if typ in _NUMERIC or typ == "EMAIL_ADDRESS":
        v = normalize(v).text
    if typ in _NUMERIC:
        v = re.sub(r"[\s\-().]", "", v).upper()
    elif typ == "EMAIL_ADDRESS":
        v = v.lower()
    else:
        v = re.sub(r"\s+", " ", v)
    return f"{typ}\x00{v}"


class Pseudonymizer:
    def __init__(self, mapping: dict[str, str] | None = None) -> None:
        self._mapping: dict[str, str] = dict(mapping or {})
        self._by_key: dict[str, str] = {}
        self._next: dict[str, int] = {}
        for ph, value in self._mapping.items():
            m = _PLACEHOLDER.fullmatch(ph)
            if not m:
                continue
            typ, n = m.group(1), int(m.group(2))
            self._by_key.setdefault(_key(typ, value), ph)
            self._next[typ] = max(self._next.get(typ, 1), n + 1)

    @property
    def mapping(self) -> dict[str, str]:
        return dict(self._mapping)

    def placeholder_for(self, typ: str, value: str) -> str:
        k = _key(typ, value)
        ph = self._by_key.get(k)
        if ph is None:
            n = self._next.get(typ, 1)
            self._next[typ] = n + 1
            ph = f"<{typ}_{n}>"
            self._by_key[k] = ph
            self._mapping[ph] = value
        return ph

    def apply(self, text: str, findings: Sequence[Any]) -> tuple[str, list[dict[str, Any]]]:
        """Replace each finding (non-overlapping, offsets into `text`) with its placeholder."""
        parts: list[str] = []
        redactions: list[dict[str, Any]] = []
        pos = 0
        for f in sorted(findings, key=lambda f: f.start):
            if f.start < pos:
                continue  # overlapping input: the earlier span already covers it
            ph = self.placeholder_for(f.type, text[f.start:f.end])
            parts.append(text[pos:f.start])
            parts.append(ph)
            redactions.append({"type": f.type, "placeholder": ph})
            pos = f.end
        parts.append(text[pos:])
        return "".join(parts), redactions

    def restore(self, text: str) -> str:
        """Put original values back for placeholders this conversation knows; leave others."""
        return _PLACEHOLDER.sub(lambda m: self._mapping.get(m.group(0), m.group(0)), text)
