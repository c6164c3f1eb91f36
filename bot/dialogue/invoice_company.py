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
# Flows that already take care of a damaged item.
_DAMAGE_FLOWS = ("delivery_issue", "exchange_request", "return_request", "troubleshooting", "warranty", "handoff")


def damage_and_invoice(text: str, started: Sequence[str | None]) -> str | None:
    """The invoice clause to queue behind a damage case, when `text` asks for an invoice and also
    says an item came damaged and no flow for the damage was started; None otherwise."""
    if "invoice" not in started or any(f in _DAMAGE_FLOWS for f in started):
        return None
    if not C.TRANSIT_DAMAGE.search(text):
        return None                       # damaged on arrival only: a fault in use is its own topic
    pieces = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    inv = [p for p in pieces if _INVOICE.search(p)]
    hurt = [p for p in pieces if C.TRANSIT_DAMAGE.search(p)]
    if len(inv) != 1 or not hurt or inv[0] in hurt:
        return None                       # one clause holds both: no safe split
    return inv[0]
