"""Which Chinese script a text is written in, and conversion between the two (OpenCC).

Every cue, lexicon and regex of the dialogue is written in simplified characters, so a Taiwan
or Hong Kong customer's "我的訂單還沒到" must reach them as "我的订单还没到"; and the reply goes
back to them in their own script. Shop data may be in either script, so comparisons fold both
sides to simplified (`fold`).

    to_simplified("幫我退這個")          -> "帮我退这个"
    to_traditional("已为您退款", "tw")    -> "已為您退款"
    script_of("可以換成黑色的嗎")         -> "hant";  script_of("好") -> None (no evidence)

OpenCC (Apache-2.0, THIRD_PARTY_NOTICES.md) is imported on first use, never at import time:
`aftersales --help` must stay fast. Converters are built once, under a lock. ASCII passes
through unchanged, so placeholders (<PERSON_1>), order ids, SKUs and numbers are kept as is.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any, Literal

Script = Literal["hant", "hans"]

_lock = threading.Lock()
_converters: dict[str, Any] = {}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Written alike in Taiwan ("台北", "公里") though s2tw would change them: no evidence of simplified.
_SHARED = frozenset("台里")
# Written-Cantonese characters no Mandarin text uses (唔, 咁, 噉, 睇 and 啱 may also be a Mandarin hum,
# "so" or a rare word): evidence of a Hong Kong writer's traditional script on their own.
_HK_ONLY = "嘅咗喺冇嘢佢啲攞俾畀"
_HK_WRITTEN = re.compile(f"[{_HK_ONLY}]")
# Cantonese written forms: a Hong Kong customer, whose replies read better in HK standard forms.
_CANTONESE = re.compile(rf"[{_HK_ONLY}唔咁噉睇啱]|係咪|點解|邊度")


def _converter(config: str) -> Any:
    conv = _converters.get(config)
    if conv is None:
        with _lock:
            conv = _converters.get(config)
            if conv is None:
                import opencc  # lazy: only a turn with Chinese in it pays for it

                conv = opencc.OpenCC(config)
                _converters[config] = conv
    return conv


def _convert(config: str, text: str) -> str:
    if not text or not _CJK.search(text):
        return text       # nothing to convert: ASCII, numbers, placeholders, order ids
    return str(_converter(config).convert(text))


# t2s keeps 著 (also a simplified character: 著名), but Taiwan writes the particle 着 as 著:
# "留著" / "等著" must reach the cues as "留着" / "等着". Only the zhù words keep it.
_ZHE = re.compile(r"(?<![显卓昭土编原名巨专论遗译合拙新])著(?![名作称述者录])")


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """`text` in simplified characters (OpenCC t2s); anything but Han characters unchanged."""
    out = _convert("t2s", text)
    return _ZHE.sub("着", out) if "著" in out else out


def fold(text: str) -> str:
    """The one script every comparison uses (simplified): catalogue names, option values,
    knowledge texts and messages fold alike, whichever script each was written in."""
    return to_simplified(text) if text else text


@lru_cache(maxsize=4096)
def to_traditional(text: str, variant: str = "tw") -> str:
    """`text` in traditional characters: Taiwan forms (s2tw) by default, Hong Kong (s2hk) for
    variant "hk". Character forms only — no phrase rewording, so a product name stays itself."""
    return _convert("s2hk" if variant == "hk" else "s2tw", text)


def script_of(text: str) -> Script | None:
    """"hant" or "hans" by the characters that exist in only one of the scripts; None when the
    text gives no evidence ("好", "ok", an order id, characters both scripts share)."""
    han = "".join(_CJK.findall(text or ""))
    if not han:
        return None
    simp, trad = to_simplified(han), to_traditional(han)
    if len(simp) != len(han) or len(trad) != len(han):      # a rare phrase of another length
        simp = "".join(to_simplified(c) for c in han)
        trad = "".join(to_traditional(c) for c in han)
    hant = sum(1 for a, b in zip(han, simp, strict=True) if a != b)
    hans = sum(1 for a, b in zip(han, trad, strict=True) if a != b and a not in _SHARED)
    if hant > hans:
        return "hant"
    if hans > hant:
        return "hans"
    return None


def written_cantonese(text: str) -> bool:
    """True when the text holds a character only written Cantonese uses (嘅, 咗, 冇 …)."""
    return bool(_HK_WRITTEN.search(text or ""))


def variant_of(text: str) -> str | None:
    """"hk" when the text is written Cantonese (嘅, 咗, 唔 ...), else None (Taiwan forms)."""
    return "hk" if _CANTONESE.search(text or "") else None


def warm() -> None:
    """Build the converters now (a server start), not on the first customer's turn."""
    for config in ("t2s", "s2tw"):
        _converter(config)
