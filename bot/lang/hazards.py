"""The hazard a customer named (melting, smoke, a burning smell, sparks, overheating), worded
back in their language, so a safety hand-off follows what was said rather than a fixed list (#13)."""
from __future__ import annotations

import re

# (pattern, English wording, Chinese wording), in the order they are said back.
_HAZARDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\bmelt|熔|融化|化了", re.I), "melting", "熔化"),
    (re.compile(r"\bsmok|冒烟|起烟|有烟", re.I), "smoke", "冒烟"),
    (re.compile(r"\bburn|\bscorch|\bsinge|焦|烧糊|糊味", re.I), "a burning smell", "焦味"),
    (re.compile(r"\bspark|火花|打火|冒火", re.I), "sparks", "火花"),
    (re.compile(r"\boverheat|\btoo hot\b|过热|烫手|发烫", re.I), "overheating", "过热"),
)


def said(text: str, lang: str) -> str:
    """The hazards named in `text`, worded for `lang` ("" when none is named)."""
    words = [(en, zh) for rx, en, zh in _HAZARDS if rx.search(text or "")]
    if not words:
        return ""
    if lang == "zh":
        return "、".join(zh for _, zh in words)
    en = [w for w, _ in words]
    return en[0] if len(en) == 1 else ", ".join(en[:-1]) + " and " + en[-1]
