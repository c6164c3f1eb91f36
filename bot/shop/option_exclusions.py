"""Which option values a message rules out (#13): "不要黑色的", "not the black", "除了白色都行",
"anything but white", "other than navy". A value under a rejection is never the target of a
change; when it is the line's own value, that dimension must change to one of the others.
General words of each language only, never a shop's option values (those come from the
catalogue, found by `catalog.option_mentions`). Lives in the shop layer so `match_variant`
(any flow, any shop) reads it; `bot.dialogue.rejected_options` reuses `rejected_at`."""
from __future__ import annotations

import re
from collections.abc import Iterable

# A rejection right before the value ("not the", "forget the", "不要", "算了不要", "除了").
_BEFORE = re.compile(r"(?:\bnot\b|\bno\b|\bnah\b|\bdon'?t want\b|\bdont want\b|\bforget(?: about)?\b|\bscrap\b|"
                     r"\bdrop\b|\binstead of\b|\brather than\b|\bexcept(?: for)?\b|\bother than\b|\bbesides\b|"
                     r"不要|不想要|别要?|不用|算了|不是|除了|除开)"
                     r"(?:\s+(?:the|a|an|that|this|it|about|with|those|these|any|size|colou?r)\b){0,2}"
                     r"\s*(?:那个|这个|那件|这件)?\s*$", re.I)
# "anything but white", "any colour but the white": the "but" here excludes, it does not start a clause.
_ANY_BUT = re.compile(r"\bany(?:thing|one)?(?:\s+\w+)?\s+but(?:\s+(?:the|a))?\s*$", re.I)
# A rejection right after it ("冬季的不要了", "白色的算了", "winter's out", "黑色的不行").
_AFTER = re.compile(r"^\s*(?:的|款|色|码|了){0,3}\s*(?:就)?(?:不要|不用|算了|也不要|取消|不行)"
                    r"|^\s*(?:one\s+|ones\s+)?(?:is\s+|'s\s+)?out\b", re.I)
_COUNTED = re.compile(r"\s*(?:\d+|[一二两三四五六七八九十几]+)\s*(?:[个件包盒套只双条张台瓶袋箱支把块]|x\b|pcs?\b|packs?\b)",
                      re.I)
_CLAUSE = re.compile(r"[,，。.;；!！?？]|\b(?:but|and)\b|但是|而是")


def rejected_at(text: str, start: int, end: int, next_start: int | None = None) -> bool:
    """The mention text[start:end] is under a rejection (within its own clause). A rejection
    after it that goes on to name the next value (`next_start`: "43码的 不要黑色的") is that
    value's, not this one's."""
    if _ANY_BUT.search(text[:start]):
        return True
    head = _CLAUSE.split(text[:start])[-1]
    if _BEFORE.search(head):
        return True
    after = _AFTER.search(text[end:end + 12])
    if not after:
        return False
    if _COUNTED.match(text[end + after.end():]):
        return False     # "要两包暖白的 不要三包冷白": the 不要 takes the count after it, not this value
    return next_start is None or next_start > end + after.end() + 4


def word_end(text: str, start: int) -> int:
    """End of the word mentioned at `start` (a CJK run or a latin/digit word)."""
    m = re.match(r"[A-Za-z0-9\-'.]+|[\u4e00-\u9fff]+?(?=的|款|色|码|[^\u4e00-\u9fff]|$)", text[start:])
    return start + (m.end() if m and m.end() else 1)


def split_mentions(text: str, mentions: Iterable[tuple[str, str, int]]
                   ) -> tuple[dict[str, str], dict[str, set[str]]]:
    """(wanted, excluded) from (dimension, value, start) mentions of `text`: the last value named
    per dimension outside a rejection, and every value named under one."""
    wanted: dict[str, str] = {}
    excluded: dict[str, set[str]] = {}
    ms = sorted(mentions, key=lambda m: m[2])
    for n, (dim, value, start) in enumerate(ms):
        nxt = next((m[2] for m in ms[n + 1:] if m[2] > start), None)
        if rejected_at(text, start, word_end(text, start), nxt):
            excluded.setdefault(dim, set()).add(value)
        else:
            wanted[dim] = value
    for dim, values in excluded.items():
        if wanted.get(dim) in values:      # named both ways ("black? no, not black"): the rejection wins
            wanted.pop(dim)
    return wanted, excluded
