"""Values this conversation already used, for "the same X" in a later request.

"And the same title for my other order" / "另一个订单也开同样的抬头": "the same title" is the
title written earlier in THIS conversation (never the literal words, never another customer's),
kept in the dialogue state's `opened` records under "<kind>:<order id>" so it survives turns
and restarts like every other record of the conversation:

    remember(state, "invoice_title", order_id, title, shown)
    used(state, "invoice_title")        # (title, shown, order id) of the last one, or None
"""
from __future__ import annotations

import re

from bot.dialogue.state import DialogueState

# "the same title / company / name / details", "同样的抬头", "抬头一样", "按这个抬头", "照这个开":
# a reference to a value given before, in either language (the value's own words are absent).
SAME_VALUE = re.compile(
    r"\b(?:the\s+)?same\s+(?:title|company(?:\s+name)?|name|details|info(?:rmation)?|tax\s*(?:id|number)|one|"
    r"invoice\s+(?:title|details))\b|\bsame\s+as\s+(?:before|last time|that|this|the (?:first|last|other|previous)"
    r"(?:\s+(?:one|order|invoice))?)\b|\b(?:as|like)\s+(?:before|last time)\b|"
    r"(?:同样|一样|相同|同一个?)的?(?:抬头|公司|名称|税号|信息|开票信息)|(?:抬头|开票信息|信息|税号)(?:也)?(?:一样|相同|同上|不变|照旧)|"
    r"(?:按|照|用)(?:这个|那个|刚才|上面|之前|上次|同一个?)(?:的)?(?:抬头|信息|开)|同上|照旧", re.I)

_SHOWN = "~shown"


def remember(state: DialogueState, kind: str, order_id: str, value: str, shown: str | None = None) -> None:
    """Record `value` (real) and its redacted form as used for `order_id`; the latest comes last."""
    for key in (f"{kind}:{order_id}", f"{kind}{_SHOWN}:{order_id}"):
        state.opened.pop(key, None)                # re-inserted so the newest is the last one
    state.opened[f"{kind}:{order_id}"] = value
    state.opened[f"{kind}{_SHOWN}:{order_id}"] = shown or value


def used(state: DialogueState, kind: str) -> tuple[str, str, str] | None:
    """(value, shown, order id) of the last `kind` this conversation used, None when none."""
    found = [(k.split(":", 1)[1], v) for k, v in state.opened.items() if k.startswith(f"{kind}:")]
    if not found:
        return None
    order_id, value = found[-1]
    return value, state.opened.get(f"{kind}{_SHOWN}:{order_id}", value), order_id
