"""Lexicon-based sentiment for zh/en after-sales messages.

Why a lexicon and not a model: the bot only needs to notice an upset customer (apologise,
offer a person) and praise; a transparent word list with negation, intensifiers, punctuation
and emoji handling does that predictably in both languages and costs nothing to load.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.nlu.entities import PLACEHOLDER_RE


@dataclass(frozen=True)
class Sentiment:
    label: str   # "negative" | "neutral" | "positive"
    score: float  # [-1, 1]


# word -> weight (negative weights are negative sentiment)
_ZH_LEXICON: dict[str, float] = {
    # strong negative / abuse
    "印错": -1.2, "发错": -1.2, "少发": -1.2, "漏发": -1.2, "破损": -1.2, "碎了": -1.4,
    "垃圾": -2.5, "骗子": -2.5, "坑人": -2.2, "坑爹": -2.0, "黑店": -2.5, "恶心": -2.0, "气死": -2.2,
    "无语": -1.6, "离谱": -1.8, "太差": -2.0, "差评": -2.0, "投诉": -1.5, "退钱": -0.8, "什么玩意": -2.0,
    "傻逼": -3.0, "sb": -2.5, "妈的": -2.5, "他妈": -2.5, "tmd": -2.5, "操": -2.0, "滚": -2.0,
    "烂": -1.6, "破": -0.6, "坏了": -1.2, "失望": -1.8, "生气": -1.8, "愤怒": -2.2, "郁闷": -1.4,
    "烦": -1.2, "糟糕": -1.8, "太慢": -1.6, "好慢": -1.4, "真慢": -1.4, "慢死": -2.0, "急死": -1.8,
    "等死": -2.0, "受不了": -1.8, "过分": -1.6, "不靠谱": -1.8, "敷衍": -1.8, "不负责": -1.8,
    "欺骗": -2.2, "假货": -2.0, "质量差": -1.8, "质量问题": -1.2, "差劲": -2.0, "难用": -1.6,
    "后悔": -1.4, "崩溃": -2.0, "搞什么": -1.6, "到底": -0.6, "还没": -0.6, "一直没": -0.9,
    "怎么还": -0.8, "咋还": -0.8, "都没": -0.6, "没人管": -1.8, "不回复": -1.4, "凭什么": -1.6,
    "一个礼拜": -0.5, "一个星期": -0.5, "好几天": -0.6, "不满意": -1.6, "差": -1.0,
    # positive
    "谢谢": 1.2, "感谢": 1.4, "多谢": 1.2, "好评": 1.8, "满意": 1.4, "喜欢": 1.4, "不错": 1.4,
    "很好": 1.6, "太好了": 1.8, "棒": 1.6, "赞": 1.6, "给力": 1.6, "专业": 1.0, "贴心": 1.4,
    "辛苦": 0.8, "完美": 1.8, "开心": 1.4, "好用": 1.4, "靠谱": 1.4, "耐心": 1.0, "高效": 1.2,
    "及时": 1.0, "爱了": 1.8, "推荐": 0.8,
}
_EN_LEXICON: dict[str, float] = {
    "eat the loss": -1.5, "rip off": -2.0, "ripped off": -2.0, "scam": -2.2,
    "ridiculous": -2.0, "terrible": -2.2, "awful": -2.2, "horrible": -2.2, "worst": -2.5, "useless": -2.0,
    "garbage": -2.3, "trash": -2.2, "junk": -1.8, "fraud": -2.3,
    "ripoff": -2.2, "disappointed": -1.8, "disappointing": -1.8, "angry": -2.0, "furious": -2.5,
    "upset": -1.6, "annoyed": -1.6, "frustrated": -1.8, "frustrating": -1.8, "unacceptable": -2.2,
    "pathetic": -2.2, "incompetent": -2.2, "joke": -1.0, "broken": -1.0, "defective": -1.0,
    "damaged": -1.0, "late": -0.8, "slow": -1.0, "still nothing": -1.6, "still not": -1.0,
    "still no": -1.2, "still waiting": -1.2, "never": -0.6, "nobody": -0.8, "hate": -2.0,
    "sucks": -2.0, "suck": -1.8, "bad": -1.4, "poor": -1.2, "wtf": -2.0, "damn": -1.6,
    "hell": -1.4, "shit": -2.5, "crap": -2.0, "fuck": -3.0, "fucking": -3.0, "bullshit": -2.8,
    "stupid": -2.0, "idiot": -2.5, "idiots": -2.5, "lied": -2.0, "liar": -2.2, "sick of": -2.0,
    "fed up": -2.0, "complaint": -1.2, "complain": -1.2, "refund now": -1.2, "weeks": -0.4,
    "thanks": 1.2, "thank you": 1.4, "thx": 1.0, "ty": 0.8, "appreciate": 1.4, "appreciated": 1.4,
    "great": 1.4, "good": 1.0, "excellent": 2.0, "amazing": 2.0, "awesome": 1.8, "perfect": 1.8,
    "love": 1.8, "loved": 1.8, "happy": 1.4, "helpful": 1.4, "fantastic": 2.0, "wonderful": 2.0,
    "nice": 1.2, "pleased": 1.4, "satisfied": 1.4, "quick": 0.8, "fast": 0.8, "best": 1.6,
    "cheers": 0.8, "glad": 1.2, "well done": 1.6,
}
_EMOJI: dict[str, float] = {
    "😡": -2.5, "🤬": -3.0, "😠": -2.2, "😤": -1.8, "😞": -1.6, "😢": -1.6, "😭": -1.8, "💢": -1.8,
    "👎": -2.0, "🙄": -1.4, "😒": -1.4, "😩": -1.6, "😫": -1.6, "💩": -2.2,
    "😊": 1.6, "😀": 1.4, "😃": 1.4, "😄": 1.6, "😁": 1.4, "🙂": 0.8, "😍": 2.0, "🥰": 2.0,
    "❤": 1.8, "❤️": 1.8, "👍": 1.6, "🙏": 1.2, "🎉": 1.6, "💯": 1.4, ":)": 1.0, ":-)": 1.0, ":(": -1.4,
    ":-(": -1.4,
}
_ZH_NEGATORS = ("不", "没", "别", "无", "非", "未", "不是", "没有", "不太", "并不")
_EN_NEGATORS = {"not", "no", "never", "don't", "dont", "isn't", "isnt", "wasn't", "wasnt", "didn't",
                "didnt", "doesn't", "doesnt", "aren't", "arent", "hardly", "nothing", "can't", "cant"}
_ZH_INTENSIFIERS = {"太": 1.5, "非常": 1.5, "特别": 1.5, "超": 1.4, "真": 1.3, "好": 1.2, "很": 1.3,
                    "巨": 1.6, "贼": 1.5, "极其": 1.7, "简直": 1.5, "实在": 1.4}
_EN_INTENSIFIERS = {"very": 1.4, "so": 1.4, "really": 1.4, "extremely": 1.7, "super": 1.5,
                    "totally": 1.4, "absolutely": 1.6, "too": 1.3, "fucking": 1.6, "damn": 1.3}
# Words whose negation should not flip into praise ("no problem" is neutral-positive).
_EN_TOKEN_RE = re.compile(r"[a-z']+|[^\sa-z']")


def _squash(raw: float) -> float:
    # tanh keeps the score in (-1, 1) and saturates for very strong messages.
    return max(-1.0, min(1.0, math.tanh(raw / 2.5)))


_DEMAND = re.compile(r"(我要|给我|马上|立刻|赶紧|退款|退钱|为什么|凭什么|还没|到底|怎么回事|refund|money back|"
                     r"\bnow\b|immediately|asap|\bwhy\b|\bstill\b)", re.I)


def _punctuation_boost(text: str, raw: float) -> float:
    bangs = len(re.findall(r"[!！]", text))
    questions = len(re.findall(r"[?？]{2,}", text))
    boost = 1.0 + min(bangs, 5) * 0.12
    if questions:
        # "？？？" signals exasperation: pushes towards negative even without a lexicon hit.
        raw -= 0.6 * questions
    if bangs >= 2 and raw <= 0 and _DEMAND.search(text):
        # "我要退款！！！" — a demand shouted with no praise in it is frustration, not neutral.
        raw -= 0.35 * min(bangs, 4)
    if re.search(r"\b[A-Z]{4,}\b", text) and raw < 0:
        boost += 0.2  # SHOUTING
    return raw * boost


def _score_zh(text: str) -> float:
    raw = 0.0
    for word in sorted(_ZH_LEXICON, key=len, reverse=True):
        start = 0
        while (i := text.find(word, start)) != -1:
            # Skip if a longer lexicon word already covered this span.
            weight = _ZH_LEXICON[word]
            before = text[max(0, i - 3): i]
            if any(before.endswith(n) for n in _ZH_NEGATORS) and not word.startswith(("不", "没")):
                weight = -weight * 0.6
            for intens, mult in _ZH_INTENSIFIERS.items():
                if before.endswith(intens):
                    weight *= mult
                    break
            raw += weight
            start = i + len(word)
            text = text[:i] + "\0" * len(word) + text[i + len(word):]
    return raw


def _score_en(text: str) -> float:
    lower = text.lower()
    raw = 0.0
    for phrase in [p for p in _EN_LEXICON if " " in p]:
        if phrase in lower:
            raw += _EN_LEXICON[phrase]
            lower = lower.replace(phrase, " ")
    tokens = _EN_TOKEN_RE.findall(lower)
    for i, tok in enumerate(tokens):
        if tok not in _EN_LEXICON:
            continue
        weight = _EN_LEXICON[tok]
        window = tokens[max(0, i - 3): i]
        if any(w in _EN_NEGATORS for w in window):
            weight = -weight * 0.6
        if i and tokens[i - 1] in _EN_INTENSIFIERS:
            weight *= _EN_INTENSIFIERS[tokens[i - 1]]
        raw += weight
    return raw


def analyze_sentiment(text: str, lang: str | None = None) -> Sentiment:
    """Label and score (-1..1) for a message. `lang` picks the lexicon; both run for mixed text."""
    clean = PLACEHOLDER_RE.sub(" ", text)
    raw = 0.0
    for emo, weight in _EMOJI.items():
        raw += clean.count(emo) * weight
    raw += _score_zh(clean)
    # English words appear in Chinese messages too ("wtf", "refund"), so always score them.
    raw += _score_en(clean)
    raw = _punctuation_boost(clean, raw)
    score = round(_squash(raw), 3)
    if score <= -0.2:
        label = "negative"
    elif score >= 0.25:
        label = "positive"
    else:
        label = "neutral"
    return Sentiment(label=label, score=score)
