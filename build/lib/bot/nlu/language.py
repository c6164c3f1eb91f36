"""Language detection for zh/en customer messages, including code-mixed text."""
from __future__ import annotations

import re

from bot.nlu.entities import PLACEHOLDER_RE

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_FULLWIDTH_PUNCT_RE = re.compile(r"[，。！？、；：“”‘’（）【】…～]")


def detect_language(text: str) -> str:
    """Return "zh" or "en".

    Mixed text counts as Chinese when it carries meaningful Chinese: a customer who writes
    "我的order到哪了" or "refund 还没到账" reads Chinese and expects a Chinese answer. A single
    Chinese character inside a long English sentence (a product name, say) does not count.
    """
    clean = PLACEHOLDER_RE.sub(" ", text)
    cjk = len(_CJK_RE.findall(clean))
    latin = len(_LATIN_RE.findall(clean))
    if cjk >= 3:
        return "zh"
    if cjk:
        return "zh" if latin <= 12 else "en"
    if latin == 0 and _FULLWIDTH_PUNCT_RE.search(clean):
        return "zh"
    return "en"
