"""The reason a return or exchange record keeps: a short code and the customer's own few words
("size: a bit small", "defective: 开不了机"), not the whole message.

Why: the record is read by staff and reports; a full message mixes the reason with order ids,
requests and small talk, and may be long. The codes are general after-sales reasons, the
cues general zh/en phrasing of them — nothing about one shop's products.

    short_reason("跑鞋42码有点小，能换成43吗")  -> "size: 跑鞋42码有点小"
    short_reason("return order 1001 please")    -> None   (no reason given)
"""
from __future__ import annotations

import re

# First match wins: a fault outranks a size remark in the same message.
_CODES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("damaged", re.compile(r"\b(?:damaged|broken on arrival|arrived broken|cracked|smashed|dented|leak(?:ed|ing|s)?)\b"
                           r"|破损|破了|碎了|压坏|摔坏|漏了|漏液|裂了|裂开", re.I)),
    ("defective", re.compile(r"\b(?:defective|faulty|broken|doesn'?t work|does not work|stopped working|won'?t "
                             r"(?:turn on|charge|connect|work)|not working|dead)\b"
                             r"|坏了|故障|不工作|开不了机|不能用|用不了|充不进|没反应|失灵|质量问题|有问题", re.I)),
    ("wrong_item", re.compile(r"\b(?:wrong (?:item|size|colou?r|one|product)|not what i ordered|sent me the wrong)\b"
                              r"|发错|寄错|不是我买的|不是我要的", re.I)),
    ("not_as_described", re.compile(r"\b(?:not as described|looks different|different from the (?:photo|picture)s?|"
                                    r"colou?r is off|poor quality|cheap quality)\b|与描述不符|和描述不一样|色差|"
                                    r"跟图片不一样|和图片不一样|质量差|做工差", re.I)),
    ("size", re.compile(r"\b(?:too (?:small|big|large|tight|loose|short|long|narrow|wide)|doesn'?t fit|does not fit|"
                        r"don'?t fit|didn'?t fit|runs? (?:small|large|big)|wrong fit)\b"
                        r"|偏小|偏大|太小|太大|有点小|有点大|小了|大了|不合适|不合身|太短|太长|短了|长了|太紧|太松|穿不下|挤脚", re.I)),
    ("disliked", re.compile(r"\b(?:don'?t like|do not like|didn'?t like|not my style|hate|smells? (?:bad|awful|off|too strong)|"
                            r"too strong|tastes? (?:bad|awful))\b"
                            r"|不喜欢|不好看|太冲|味道不好|难闻|不好吃|难吃", re.I)),
    ("late", re.compile(r"\b(?:arrived (?:too )?late|too late|took too long)\b|太慢了|到得太晚|来晚了", re.I)),
    ("changed_mind", re.compile(r"\b(?:changed my mind|change of mind|no longer (?:need|want)|don'?t (?:need|want) "
                                r"(?:it|them|this|these)|not for me|bought (?:it )?by mistake|ordered by mistake|"
                                r"found (?:it )?cheaper)\b|不想要了|不要了|不需要了|用不上|买错了|拍错了|不合我|后悔", re.I)),
)
_CLAUSE = re.compile(r"[,，。.;；!！?？\n]+|\s(?:but|and|so)\s|但是|所以|能不能|可以吗|可不可以|能否")
_ID = re.compile(r"#?\b[A-Za-z]*[-\d]{5,}[A-Za-z\d-]*\b")
WORDS_MAX = 40


def short_reason(text: str) -> str | None:
    """"code: the customer's few words" for the first reason the text gives, None when it gives
    none. The words are the clause holding the cue, without order ids, at most WORDS_MAX chars."""
    for code, rx in _CODES:
        m = rx.search(text)
        if m:
            return f"{code}: {_clause_around(text, m.start(), m.end())}"
    return None


def _clause_around(text: str, start: int, end: int) -> str:
    a, b = 0, len(text)
    for m in _CLAUSE.finditer(text):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            b = m.start()
            break
    words = re.sub(r"\s+", " ", _ID.sub(" ", text[a:b])).strip(" ,，。")
    if len(words) > WORDS_MAX:
        # Keep the cue in view: a window around it.
        lo = max(0, start - a - WORDS_MAX // 2)
        words = words[lo:lo + WORDS_MAX].strip()
    return words or text[start:end]


def reason_or(text: str, default: str) -> str:
    """The short reason of `text`, else `default` (a code alone, e.g. "unspecified")."""
    return short_reason(text) or default
