"""A return and an exchange asked in one message ("return the trimmer and exchange the duvet for
the king size", "帆布包退货，T恤换货"): the classifier names one of them and the other would be
dropped silently. Each action word's own clause is its request; the one the message's flow did not
take becomes a request of its own (queued, proposed after or with the first). Action words come
from negation.py, so a ruled-out action ("a refund, not an exchange") is never a request."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M
from bot.dialogue import negation

PAIR = ("return_request", "exchange_request")
# Clause joints between the two requests: punctuation, "and", "then", 再 / 然后 / 和.
_JOINT = re.compile(r"[,，;；。.!！]+\s*|\s+(?:and|then|plus)\s+|然后|并且|再|另外|还有", re.I)


def _lines(piece: str, orders: Sequence[Mapping[str, Any]], catalogue: Mapping[str, Any]) -> set[str]:
    refs = [r for r in M.match_items(piece, orders, dict(catalogue)) if not r.excluded]
    if not refs:
        return set()
    top = max(r.score for r in refs)
    return {r.sku for r in refs if r.score >= top - 1.0}


def missing_half(text: str, started: Sequence[str | None], orders: Sequence[Mapping[str, Any]],
                 catalogue: Mapping[str, Any]) -> tuple[str, str] | None:
    """(flow, its clause) for the return or exchange the message asks besides the one started;
    None when it asks only one, rules one out, both sit in one clause ("exchange or refund"), or
    the clauses do not each name their own line ("return it and send me a new one" is one
    exchange of one item, never a return as well)."""
    asked, _ = negation.polarity(text)
    if not set(PAIR) <= set(asked) or not started:
        return None
    missing = [f for f in PAIR if f not in started]
    if len(missing) != 1 or started[0] not in PAIR:
        return None
    flow = missing[0]
    pieces = [p for p in _JOINT.split(text) if p and p.strip()]
    own = [p for p in pieces if flow in negation.polarity(p)[0]]
    other = [p for p in pieces if started[0] in negation.polarity(p)[0]]
    if len(own) != 1 or len(other) != 1 or own[0] in other:
        return None
    mine, theirs = _lines(own[0], orders, catalogue), _lines(other[0], orders, catalogue)
    if not mine or not theirs or mine & theirs:
        return None
    return flow, own[0].strip()
