"""An address change refused because the order already shipped: the order, its carrier and
tracking number, and the next step the shop's own pages give for a parcel on its way (redirect
through the carrier, contact the carrier, refuse the parcel) — the clause naming this order's
carrier first. Nothing is offered that the shop's pages do not say.

    text = refused_text(fc, order)     # the whole refusal, in fc.lang
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.lang import replies as R

# A sentence about a parcel already on its way: redirecting it, or contacting the carrier about it.
_AFTER = re.compile(r"\bredirect\w*|\bre-?rout\w*|\bredeliver\w*|\bdivert\w*|\bintercept\w*|\bhold (?:it|the parcel)\b|"
                    r"改派|转寄|改寄|转运地址|拦截|重新派送|协商", re.I)
# The customer asks for that ("can the parcel be redirected?", "包裹可以改寄吗"): a parcel on its way.
REDIRECT = re.compile(r"\bredirect\w*|\bre-?rout\w*|\bdivert\w*|\bintercept\w*|改派|转寄|改寄|拦截", re.I)
_ADDRESS_PAGE = re.compile(r"\baddress\b|地址", re.I)
_REFUSE = re.compile(r"\brefus\w*|拒收|拒签", re.I)
_SENTENCE = re.compile(r"[^.。!?！？\n]+[.。!?！？]?")
_CLAUSE = re.compile(r"[;；]\s*")


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", text.lower())


def _carrier_clause(sentence: str, carrier: str) -> str:
    """Of a sentence split by ";", the clause naming `carrier` (the whole sentence if none does)."""
    parts = [p.strip() for p in _CLAUSE.split(sentence) if p.strip()]
    if len(parts) < 2 or not carrier:
        return sentence.strip()
    mine = [p for p in parts if _fold(carrier) and _fold(carrier) in _fold(p)]
    if not mine:
        return sentence.strip()
    lead = re.match(r"^(after dispatch,?|once (?:it|an order) (?:has )?(?:shipped|been dispatched),?|发货后[，,]?)\s*",
                    parts[0], re.I)
    clause = mine[0]
    if lead and not clause.lower().startswith(lead.group(1).lower()) and clause is not parts[0]:
        clause = lead.group(1).rstrip(",，") + ("，" if re.search(r"[\u4e00-\u9fff]", clause) else ", ") + clause
    return clause.rstrip(".。") + ("。" if re.search(r"[\u4e00-\u9fff]", clause) else ".")


def next_step(fc: Any, order: Mapping[str, Any]) -> str:
    """The shop's sentence for what can still be done about a shipped parcel's address ("" if none)."""
    kb = getattr(fc, "knowledge", None)
    ids = getattr(kb, "ids", None) if kb is not None else None
    if not ids:
        return ""
    carrier = str(order.get("carrier") or "")
    found: list[tuple[int, str]] = []
    for sid in ids:
        snip = kb.get(sid)
        if snip is None or getattr(snip, "lang", fc.lang) != fc.lang or not _ADDRESS_PAGE.search(str(snip.text)):
            continue
        for m in _SENTENCE.finditer(str(snip.text)):
            s = m.group(0).strip()
            if _AFTER.search(s):
                names = bool(carrier) and _fold(carrier) in _fold(s)
                found.append((0 if names else 1, _carrier_clause(s, carrier)))
    if not found:
        return ""
    found.sort(key=lambda x: x[0])
    return found[0][1]


def _refusal_sentences(fc: Any) -> str:
    """The shop's own sentences about refusing a parcel (every page in fc.lang; "" when none)."""
    from bot.dialogue.parcel_wait import refusal_sentences
    found = refusal_sentences(fc)
    if found:
        return found
    kb = getattr(fc, "knowledge", None)
    for sid in getattr(kb, "ids", None) or []:
        snip = kb.get(sid)
        if snip is None or getattr(snip, "lang", fc.lang) != fc.lang:
            continue
        said = [m.group(0).strip() for m in _SENTENCE.finditer(str(snip.text))]
        hits = [x for x in said if _REFUSE.search(x)]
        if hits:
            return ("" if fc.lang == "zh" else " ").join(hits[:2])
    return ""


def _cannot(step: str) -> bool:
    return bool(re.search(r"\bcannot\b|\bcan'?t\b|\bnot\b|无法|不能|不可", step, re.I))


def refused_text(fc: Any, order: Mapping[str, Any]) -> str:
    """Shipped (not yet delivered): what the customer can do now, from the shop's pages."""
    lang = fc.lang
    oid = order.get("id", "")
    via = R.carrier(order.get("carrier"), lang)
    tn = order.get("tracking_no") or "-"
    shipped = R.date(order.get("shipped_at"), lang)
    head = R.t(lang, f"Order {oid} already shipped on {shipped} with {via} (tracking {tn}), so I can't change its "
                     f"address any more — that's only possible before an order ships.",
               f"订单 {oid} 已于{shipped}由{via}发出（运单号 {tn}），只有发货前才能修改地址，我这边已经无法修改了。")
    step = next_step(fc, order)
    refuse = _refusal_sentences(fc) if (not step or _cannot(step)) and not (step and _REFUSE.search(step)) else ""
    parts = [p for p in (step, refuse) if p]
    if not parts:
        parts = [R.t(lang, f"You can contact {via} with the tracking number about the delivery, refuse the parcel on "
                           f"delivery, or return it after it arrives.",
                     f"您可以凭运单号联系{via}协商派送，也可以在送达时拒收，或者签收后申请退货。")]
    sep = "" if lang == "zh" else " "
    return head + sep + sep.join(parts)
