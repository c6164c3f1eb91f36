"""route13: "that one was cancelled, right?" / "那单已经取消了对吧？" asks about an order's state.

It is a question about an order already cancelled (usually the one whose refund was just talked
about), not a request to cancel another order that still could be. The cancel flow answers it on
that order: cancelled already, and where its money is.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# "was cancelled, right?", "is it cancelled?", "已经取消了对吧", "是不是取消了", "取消了吗".
_ASKS = re.compile(
    r"(?:已经|是不是|是否|有没有|应该|不是)?(?:被)?取消(?:了|掉了|过了|成功了?)(?:的)?\s*(?:对吧|对吗|是吧|是吗|吧|吗|没有?|呢|嘛|[?？])|"
    r"(?:是不是|是否|有没有)(?:已经)?(?:被)?取消|"
    r"\b(?:was|is|has|got|been|were|already)\b[^.?!]{0,20}\bcancel(?:l?ed)\b[^.?!]{0,25}(?:\?|\bright\b|\bcorrect\b|\bisn'?t it\b|"
    r"\bwasn'?t it\b|\bno\b)|\b(?:was|is|has)\s+(?:it|that|this|my \w+(?: \w+)?|the \w+(?: \w+)?)\s+(?:been\s+|already\s+)*"
    r"cancel(?:l?ed)\b", re.I)


def asks_if_cancelled(text: str) -> bool:
    """The message asks whether an order is (already) cancelled."""
    return bool(_ASKS.search(text or ""))


def cancelled_meant(orders: Sequence[Mapping[str, Any]], named: str | None, last: str | None) -> str | None:
    """The cancelled order the question is about: the one named, else the one last talked about,
    else the customer's only cancelled order."""
    cancelled = [str(o["id"]) for o in orders if o.get("status") == "cancelled"]
    for oid in (named, last):
        if oid and str(oid) in cancelled:
            return str(oid)
    if named:
        return None                      # another order named: the cancel flow's own answer
    return cancelled[0] if len(cancelled) == 1 else None
