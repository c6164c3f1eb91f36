"""A whole-order cancel narrowed to fewer units: "not all of it, one less", "不是全部，少一件就行".

While a cancel waits for its yes, such a reply is a correction, never a "no": the proposal is
rebuilt as a quantity reduction of one line (the rest of the order kept), so the next yes writes
the reduction and not the cancellation (cancel → changes._removal).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M

_N = r"(one|a|an|two|three|four|five|\d+|[一两二三四五六七八九十俩])"
_CL = M._CLASSIFIER
# "one less", "two fewer", "minus one", "少一件", "少1个", "减一件", "减掉一个", "少要一件"
_LESS = [
    re.compile(r"\b" + _N + r"\s+(?:[a-z'-]+\s+){0,2}?(?:less|fewer)\b", re.I),
    re.compile(r"\b(?:minus|less)\s+" + _N + r"\b", re.I),
    re.compile(r"(?:少|减|减掉|减少|去掉|少要|少拿)\s*" + _N + r"\s*" + _CL),
]
# "only cancel one", "just remove one of them", "只取消一件", "取消其中一个", "cancel one of the two"
_ONLY_SOME = [
    re.compile(r"\b(?:only|just)\s+(?:cancel|remove|drop|take off|take out)\s+" + _N + r"\b", re.I),
    re.compile(r"\b(?:cancel|remove|drop)\s+(?:only|just)\s+" + _N + r"\b", re.I),
    re.compile(r"\b(?:cancel|remove|drop)\s+" + _N + r"\s+of\s+(?:them|the|those|these)\b", re.I),
    re.compile(r"(?:只|就)\s*(?:取消|退|去掉|删掉|减)\s*(?:掉)?\s*" + _N + r"\s*" + _CL),
    re.compile(r"(?:取消|去掉|删掉)\s*其中\s*(?:的)?\s*" + _N + r"\s*" + _CL),
]
# "keep one", "I still want one", "只留一件", "保留一个", "还要一件" (the units that stay)
_KEEP = [
    re.compile(r"\b(?:keep|still want|still need|leave)\s+(?:just\s+|only\s+)?" + _N + r"\b", re.I),
    re.compile(r"(?:只?留|保留|还要|只要|留下)\s*" + _N + r"\s*" + _CL),
]
# The narrowing is about the order's units, not "one less thing to worry about".
_NOT_ALL = re.compile(r"\bnot (?:all|everything|the whole)\b|\bnot all of (?:it|them)\b|不是全部|不全|不用全部|"
                      r"别全|不要全|不是整|不是都", re.I)


def _num(token: str) -> int | None:
    if token.lower() in ("a", "an"):
        return 1
    return M._num(token)


def _first(rxs: Sequence[re.Pattern[str]], text: str) -> int | None:
    for rx in rxs:
        m = rx.search(text)
        if m:
            return _num(m.group(1))
    return None


def units_less(text: str, ordered: int) -> int | None:
    """How many units of a line of `ordered` units the customer takes off instead of the whole
    line (None: the message does not narrow the cancel). Never all of them."""
    t = M.norm(text)
    gone = _first(_LESS, t) or _first(_ONLY_SOME, t)
    if gone is None:
        kept = _first(_KEEP, t)
        if kept is not None and (_NOT_ALL.search(t) or kept < ordered):
            gone = ordered - kept
    if gone is None or gone <= 0 or gone >= ordered:
        return None
    return gone


def narrowed_line(text: str, order: Mapping[str, Any], named: Sequence[Mapping[str, Any]] = ()
                  ) -> dict[str, Any] | None:
    """The line of `order` the narrowed cancel is about and the units taken off it, as an item
    slot ({"order_id", "sku", "qty", "excluded"}), or None. The line named in the message wins;
    otherwise the order's only line of more than one unit (several such lines: None — it is
    asked which, never guessed)."""
    lines = [i for i in order.get("items") or [] if int(i.get("qty") or 1) > 1]
    mine = {str(i.get("sku")) for i in named if str(i.get("order_id")) == str(order.get("id")) and not i.get("excluded")}
    picked = [i for i in lines if str(i.get("sku")) in mine] if mine else lines
    if len(picked) != 1:
        return None
    line = picked[0]
    gone = units_less(text, int(line.get("qty") or 1))
    if gone is None:
        return None
    return {"order_id": order.get("id"), "sku": str(line["sku"]), "qty": gone, "excluded": False}


# "don't return both", "都不退了": a count said only to be refused is no new count.
_REFUSED = re.compile(r"\b(?:don'?t|do not|not|no longer)\s+(?:\w+\s+){0,2}?(?:return|send|refund)|不退|别退|不用退|不要退", re.I)


def new_count(text: str, chosen: Sequence[Mapping[str, Any]]) -> tuple[str, int] | None:
    """A changed count for the one line a confirmation proposes ("算了，两件都退吧", "actually make
    it both", "all three"): (sku, new count), or None when the message states none or the same."""
    if len(chosen) != 1 or _REFUSED.search(M.norm(text)):
        return None
    line = chosen[0]
    ordered = int(line.get("ordered") or line.get("qty") or 1)
    n = M.quantity_for(text) or M.quantity_for(text, ordered)
    if n is None or n > ordered or n == int(line.get("qty") or 1):
        return None
    return str(line["sku"]), n


def reads(text: str) -> bool:
    """Does the message narrow something to fewer units at all (for tests and the trace)?"""
    t = M.norm(text)
    return any(rx.search(t) for rx in (*_LESS, *_ONLY_SOME, *_KEEP))


__all__ = ["narrowed_line", "new_count", "reads", "units_less"]
