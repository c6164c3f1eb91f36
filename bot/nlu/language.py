"""Language detection for zh/en customer messages, including code-mixed text."""
from __future__ import annotations

import re

from bot.nlu.entities import PLACEHOLDER_RE

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_FULLWIDTH_PUNCT_RE = re.compile(r"[，。！？、；：“”‘’（）【】…～]")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
# Words only an English SENTENCE has (not a product or brand name written in Latin letters).
_EN_GRAMMAR = {"i", "my", "me", "you", "your", "the", "a", "an", "is", "are", "was", "it", "to", "for", "from",
               "and", "of", "on", "in", "with", "can", "could", "please", "have", "has", "do", "does", "did",
               "this", "that", "what", "where", "when", "how", "why", "which", "order", "would", "i'm", "i've",
               "don't", "haven't", "hasn't", "isn't", "still", "not", "just", "yet", "we", "our", "be"}
# Characters and words only a Chinese SENTENCE has (simplified and traditional): pronouns,
# particles, question words — a company or product name carries none of them.
_ZH_GRAMMAR = re.compile(r"[我你您吗嗎呢吧了啊呀嘛么麼请請帮幫]|怎么|怎麼|什么|什麼|为什么|為什麼|没有|沒有|还没|還沒|"
                         r"可以|能不能|是不是|一下|哪里|哪裡|多少|谢谢|謝謝")


def _chinese_is_a_name(clean: str) -> bool:
    """An English sentence that only names something in Chinese ("please invoice 台北單車有限公司",
    "is the 电热水壶 back in stock?"): several English grammar words, the Chinese in at most two
    runs without any Chinese sentence word. The reply follows the sentence, not the name."""
    runs = _CJK_RUN_RE.findall(clean)
    words = [w.lower() for w in _WORD_RE.findall(clean)]
    grammar = sum(1 for w in words if w in _EN_GRAMMAR)
    return len(runs) <= 2 and len(words) >= 4 and grammar >= 2 and not any(_ZH_GRAMMAR.search(r) for r in runs)


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
        return "en" if _chinese_is_a_name(clean) else "zh"
    if cjk:
        return "zh" if latin <= 12 else "en"
    if latin == 0 and _FULLWIDTH_PUNCT_RE.search(clean):
        return "zh"
    return "en"
