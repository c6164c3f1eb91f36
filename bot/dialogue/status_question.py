"""A question about where a parcel is ("was my power bank delivered?", "充电宝到了没？") is a status
question, not a complaint: the intent model often reads any delivery word as a delivery issue and
the flow then opens a carrier investigation nobody asked for. Only an explicit trouble — not
received, missing, lost, stuck, late, damaged — makes it a delivery issue (classic._flow_for)."""
from __future__ import annotations

import re

from bot.lang import cues as C

# Asking whether / when it was delivered, arrived or shipped: a yes/no or where question.
_ASKS = re.compile(
    r"(\b(?:was|were|is|are|has|have|did|does|do)\b[^.?!。？！]{0,60}?\b(?:deliver(?:ed|y)?|arrived?|shipped|"
    r"dispatched|get (?:there|here|delivered)|come|landed)\b|"
    r"\b(?:where|when|status)\b[^.?!。？！]{0,40}\b(?:my|the|it|them|order|parcel|package)\b|"
    # "where is #9750?", "status of W123-A?": the order named by its id alone
    r"\b(?:where(?:'s| is| are)|status of)\s+(?:order\s+)?(?:#\w+|[a-z]+[/-]?[\w/-]*\d[\w/-]*|\d{4,})|"
    r"(?:到了|送到|送达|签收|发货|发出|寄出)(?:了)?(?:吗|没|没有|么|嘛|\?|？)|"
    r"(?:到|送到|送达|签收|发货)了?没(?:有)?|有没有(?:到|送到|送达|签收|发货)|"
    r"(?:什么时候|何时|哪天)(?:能)?(?:到|送到|送达|发货)|到哪|在哪(?:里|儿)?)", re.I)
# The customer says something is wrong with the delivery: then it is a delivery issue after all.
_TROUBLE = re.compile(
    r"(\bnever\b|\bmissing\b|\bnot (?:yet )?(?:arrived|here|come|delivered)\b|(?:hasn'?t|has not|haven'?t|have not|"
    r"didn'?t|did not|isn'?t|wasn'?t|still not|still hasn'?t)\s+(?:\w+\s+)?(?:arrived?|come|received|got(?:ten)?|"
    r"delivered|shown up|turned up)|\bwhere is it\b.*\b(?:still|yet)\b|\blate\b|overdue|\bdamaged?\b|broken|crushed|"
    r"\bnowhere\b|can'?t find|cannot find|没收到|未收到|没有收到|收不到|还没(?:到|收到|送到)|没到|丢|找不到|坏|破|压|"
    r"延误|太慢|怎么还|一直)", re.I)


# "does the jacket come in navy?", "do they come in 650b?": which versions there are, no delivery.
_COMES_IN = re.compile(r"\b(?:does|do|will|can)\b[^?.!]{0,40}?\bcomes? in\s+(?!yet\b|today\b|tomorrow\b|time\b|on\b)\w"
                       r"|\bavailable in\s+\w", re.I)


def asks_status(text: str) -> bool:
    """The message asks about a delivery's status and names no trouble with it."""
    if not _ASKS.search(text) or _COMES_IN.search(text):
        return False
    if _TROUBLE.search(text) or C.NOT_RECEIVED.search(text) or C.STUCK.search(text) \
            or C.TRANSIT_DAMAGE.search(text):
        return False
    return True


def status_spans(text: str, split: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where the clauses that only ask a delivery's status lie, when the message also holds
    another request: items named there are the question's, never the other request's
    ("跑鞋换成43码，另外充电宝送到了吗": the power bank is not what changes)."""
    spans: list[tuple[int, int]] = []
    pos, other = 0, False
    for m in [*split.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        piece = text[pos:end]
        if piece.strip():
            if asks_status(piece):
                spans.append((pos, end))
            else:
                other = True
        pos = m.end() if m is not None else end
    return spans if other else []


def order_outside(text: str, spans: list[tuple[int, int]], known: list[str]) -> str | None:
    """The one order id written outside the status clauses `spans`, when those clauses write
    another ("SO1 到哪了？另外 SO2 开个发票", "where is #9750? also change the address of #7677"):
    that id is the other request's order, never the status question's. None otherwise."""
    from bot.shop import order_ids
    if not spans:
        return None
    inside = "".join(text[a:b] for a, b in spans)
    rest, pos = [], 0
    for a, b in spans:
        rest.append(text[pos:a])
        pos = b
    rest.append(text[pos:])
    asked = order_ids.find_known(inside, known)
    own = [i for i in order_ids.find_known(" ".join(rest), known) if i not in asked]
    return own[0] if asked and len(own) == 1 else None
