"""A yes at a confirmation that does not open with a yes word (#13, yes14): "第一個就得 確認",
"the first one, confirm", "keep the first option, confirm", "呢個就得", "that one's fine". The
message carries an explicit go-ahead word or a yes clause of its own (`pick_and_go.says_yes`), or
says that what it points at "will do" (X就得 / X就行 / X就好 / "X is fine"); it names no no, no
wait and asks nothing back. Without this such a message was read as a remark and the change was
asked for again (the customer's clear yes changed nothing).

Only a pointer may stand next to the yes (an ordinal, "this one", "选A"): a message naming
anything else ("白色就得 確認" to a black proposal, a product, a size) is left to the corrections
and the flow, never taken as a yes to the proposal as it stands.
"""
from __future__ import annotations

import re

# "第一个就得", "这个就行", "黑色那个就好", "就这个可以": the thing pointed at will do.
_WILL_DO = re.compile(r"(?:就|也)(?:得|行|好|可以|ok|OK)(?:了|啦|喇|吧|啊|呀|嘅|的)?$")
# "the first one is fine", "first one's good", "that one works", "the first option will do"
_FINE_EN = re.compile(r"\b(?:one|option|choice|it|that)(?:'s| is| will do| works| sounds)\s*(?:fine|good|ok(?:ay)?|great|"
                      r"perfect|do)?\s*$|\b(?:will do|works)\s*$", re.I)
_CLAUSES = re.compile(r"[,，.。!！;；~～、\s]+")
# What may stand next to the yes: pointers, yes / go-ahead words, thanks, particles.
_POINTER = re.compile(
    r"第[一二三四五六七八九十\d]+(?:个|款|种|项|件|只|部|对|张|条|个选项|项选项)?|[这那呢嗰][个款种]|选项|就这个|就这样|那就|"
    r"就|也|得|行|好的?|可以|确认|确定|是的?|对的?|要|拣|选|麻烦|谢谢|多谢|晒|帮我|办|做|搞|没问题|没有问题|"
    r"[了啦喇吧啊呀嘅的吖㗎嗯哦喔]|"
    r"(?<![A-Za-z])(?:the|first|second|third|last|1st|2nd|3rd|one|option|choice|that|this|it|is|s|fine|good|ok|okay|great|perfect|"
    r"works|will|do|keep|confirm(?:ed)?|go|ahead|yes|yeah|yep|please|pls|thanks|thank|you|thx|ty|sure|then|proceed|"
    r"with|[a-d])(?![A-Za-z])", re.I)
_EMOJI_YES = re.compile("\U0001F44D|\U0001F44C|\u2705|\u2714|\U0001F197")
_NEG = re.compile(r"不|没|唔|别|\b(?:no|not|don'?t|never)\b|n't\b", re.I)


def yes_at_confirm(text: str) -> bool:
    """Is `text` a clear yes to the proposal waiting for it, though no yes word opens it?"""
    from bot.dialogue import pick_and_go
    from bot.dialogue.classic import asks_back
    from bot.dialogue.legacy import yes_no
    from bot.lang import cues as C
    s = (text or "").strip()
    if not s or yes_no(s) is False or asks_back(s) or C.YES_TAKEN_BACK.search(s) or C.CHANGE_MIND.search(s):
        return False
    if re.search(r"[\u4e00-\u9fffA-Za-z0-9]", _POINTER.sub(" ", s)):
        return False         # something other than a pointer is named: a correction or a new request
    if pick_and_go.says_yes(s) or _EMOJI_YES.search(s):
        return True
    clauses = [c for c in _CLAUSES.split(s) if c]
    return any((_WILL_DO.search(c) or _FINE_EN.search(c)) and not _NEG.search(c) for c in clauses) \
        or bool(_FINE_EN.search(s) and not _NEG.search(s))
