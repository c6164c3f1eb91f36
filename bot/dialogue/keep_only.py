"""One of two pending changes dropped in favour of the other: "forget the jacket change, just the
address", "包不换了，只改地址", "skip the address, only the colour change".

While a confirmation is open (and maybe a second change of the same message waits behind it),
such a reply keeps the change it names after "just / only / 只" and drops the other: never a "no"
to both, never "confirm both". When the kept change is the one being confirmed, it is asked again
and the one behind it is dropped; when it is the one behind, the current one is dropped and the
kept one goes on.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.state import Frame

# "just the address", "only change the address", "only the colour change", "只改地址", "只要改颜色", "只换颜色"
_ONLY_EN = re.compile(r"\b(?:just|only|simply)\s+(?:do\s+|change\s+|update\s+|keep\s+)?(?:the\s+|my\s+)?(.{1,40})", re.I)
_ONLY_ZH = re.compile(r"(?:只|就只|仅)(?:需要|要|想)?(?:改|换|修改|更改|变更|办)?(?:一下)?(.{1,12})")
# A word that drops something: "forget", "skip", "no need", "不换了", "不用改", "不要了", "算了".
_DROP = re.compile(r"\b(?:forget|skip|drop|scrap|never ?mind|no need|don'?t|do not|leave)\b|"
                   r"不换了|不用换|不改了|不用改|不要换|不要改|不要了|不用了|算了|先不|别换|别改", re.I)

# What a clause names, by the flow that makes that change (the shop's own words are not needed:
# these are the kinds of change, the same in every shop).
_KINDS: Sequence[tuple[str, re.Pattern[str]]] = (
    ("change_address", re.compile(r"address|deliver(?:y)? to|ship(?:ping)? to|地址|收货|寄到", re.I)),
    ("change_payment", re.compile(r"payment|pay(?:ing)? with|card|paypal|支付|付款方式", re.I)),
    ("cancel_order", re.compile(r"\bcancel|取消", re.I)),
    ("modify_order", re.compile(r"item|colou?r|size|option|swap|variant|product|商品|颜色|尺码|规格|款式|换", re.I)),
)


def _kind(piece: str) -> str | None:
    for flow, rx in _KINDS:
        if rx.search(piece):
            return flow
    return None


def kept_flow(text: str) -> str | None:
    """The kind of change the message keeps ("just the address" → change_address), when it also
    drops something (None otherwise)."""
    if not _DROP.search(text):
        return None
    m = _ONLY_EN.search(text) or _ONLY_ZH.search(text)
    return _kind(m.group(1)) if m else None


def _same(flow: str, kind: str) -> bool:
    return flow == kind or (kind == "modify_order" and flow in ("modify_order", "exchange_request"))


def split(text: str, current: Frame, waiting: Sequence[Frame]) -> tuple[Frame | None, list[Frame]] | None:
    """(the frame kept, the waiting frames that stay) when the message keeps one change and drops
    the other; None when it does not say so or names neither pending change."""
    kind = kept_flow(text)
    if kind is None:
        return None
    if _same(current.flow, kind):
        if kind == "modify_order" and all(_same(f.flow, kind) for f in waiting):
            return None      # "forget the size, just the colour": a correction of this change (changes.py)
        return current, [f for f in waiting if _same(f.flow, kind)]
    kept = next((f for f in waiting if _same(f.flow, kind)), None)
    if kept is None:
        return None
    return kept, [f for f in waiting if f is not kept and _same(f.flow, kind)]
