"""Invoices next to another request, and company titles read whole.

    damage_and_invoice(text, started)   # "the mug arrived cracked, and I need an invoice": the
                                        # damage is handled first (its case), the invoice queued
                                        # with its own clause — never the damage dropped

Why: the classifier names one request per message and the invoice wins on its strong word, so the
damaged item (a delivery case with photos, a replacement or refund) was silently lost for the rest
of the conversation.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.lang import cues as C

# The invoice clause of a message: general words of each language.
_INVOICE = re.compile(r"\binvoices?\b|\breceipts?\b|发票|收据|开票|抬头", re.I)
_SPLIT = re.compile(r"[。！？!?;；\n]+|[.](?=\s)|,\s*(?:and\s+)?(?:also\s+)?|\s+and\s+(?:also\s+)?(?=i\b|i'd|i'll|"
                    r"can|could|please|need|send)|\balso\b|另外|还有|顺便|同时|[，,]", re.I)
# Damage words beside an arrival, in either order ("came with a cracked handle", "收到的时候杯子碎了").
_HURT_EN = r"(?:broken|damaged|cracked|dented|bent|torn|ripped|scratched|shattered|smashed|crushed|chipped|snapped|missing)"
_ARRIVED_HURT = re.compile(
    r"\b(?:arrived|came|got here|turned up|showed up|was delivered|delivered)\b[^.!?。！？]{0,30}?\b" + _HURT_EN + r"\b|"
    r"\b" + _HURT_EN + r"\b[^.!?。！？]{0,30}?\b(?:when|on|upon) (?:it |they )?(?:arrived|arrival|delivery|came)\b|"
    r"(?:收到|到货|送到|签收|拆开|打开|开箱)[^。！？!?]{0,12}?(?:坏|碎|破|裂|烂|凹|变形|划痕|撕)", re.I)
# A connector left at the end of the clause ("…ACME Ltd, and").
_TAIL = re.compile(r"(?:[\s,，;；.。]|\band\b|\balso\b|另外|还有|以及)+$", re.I)
# Flows that already take care of a damaged item.
_DAMAGE_FLOWS = ("delivery_issue", "exchange_request", "return_request", "troubleshooting", "warranty", "handoff")


def arrived_damaged(text: str) -> bool:
    """An item or its box said to have come damaged (the carrier's cue, or the damage words beside
    an arrival: "came with a cracked handle", "was broken when it arrived", "收到时外箱破了")."""
    return bool(C.TRANSIT_DAMAGE.search(text) or _ARRIVED_HURT.search(text))


def damage_and_invoice(text: str, started: Sequence[str | None]) -> str | None:
    """The invoice clause to queue behind a damage case, when `text` asks for an invoice and also
    says an item came damaged and no flow for the damage was started; None otherwise. The clause
    runs on to the next damage clause (or the end): the company title and the tax id written after
    a comma ("…invoice: ACME Trading LLC, tax id 12-3456789") belong to the invoice."""
    if "invoice" not in started or any(f in _DAMAGE_FLOWS for f in started):
        return None
    if not arrived_damaged(text):
        return None
    pieces = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    inv = [p for p in pieces if _INVOICE.search(p)]
    hurt = [p for p in pieces if arrived_damaged(p)]
    if not inv or not hurt or any(p in hurt for p in inv):
        return None                       # one clause holds both: no safe split
    start = text.find(inv[0])
    ends = [at for at in (text.find(h, start + len(inv[0])) for h in hurt) if at > start]
    clause = text[start: min(ends)] if ends else text[start:]
    return _TAIL.sub("", clause).strip() or inv[0]
