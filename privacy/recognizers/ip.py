"""IPv4 and IPv6 addresses (validated with `ipaddress`)."""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any

from .base import Recognizer

_V4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_V6 = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])")


class IpRecognizer(Recognizer):
    ENTITIES = ["IP_ADDRESS"]

    def find(self, text: str, nlp_artifacts: Any) -> Iterator[tuple[str, int, int, float]]:
        if "." in text:
            for m in _V4.finditer(text):
                try:
                    ipaddress.IPv4Address(m.group(0))
                except ValueError:
                    continue
                if m.start() and text[m.start() - 1] in "vV":  # version strings v1.2.3.4
                    continue
                yield "IP_ADDRESS", m.start(), m.end(), 0.9
        if "::" in text or text.count(":") >= 5:
            for m in _V6.finditer(text):
                v = m.group(0)
                if v.count(":") < 2 or len(v) < 3:
                    continue
                try:
                    ipaddress.IPv6Address(v)
                except ValueError:
                    continue
                yield "IP_ADDRESS", m.start(), m.end(), 0.85
