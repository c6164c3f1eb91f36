"""facts14b (#13): who moves the faulty item in a warranty claim comes from the shop's own warranty
pages, never assumed. A claim whose customer asked for a pickup is told "a colleague will arrange the
pickup" only when the shop's warranty pages offer a collection; when the pages say how a customer
abroad sends the item ("customers outside Hong Kong post the item to us at their own cost") and the
customer is abroad, that sentence is the next step; otherwise the colleague says how to send it in.

`pages(kb, lang)` are the warranty pages in the customer's language (else English); `next_step(...)`
reads them. Words are general words of each language (pickup, abroad, post), never a shop's.
"""
from __future__ import annotations

import re
from typing import Any

# A collection offered by the shop ("we collect", "free DPD collection", "上门取件", "安排师傅上门").
_COLLECT = re.compile(r"\bcollect(?:ion|s)?\b|\bpick[- ]?ups?\b|\bcourier\s+(?:collects|picks)\b|上门|取件|取货|收件", re.I)
# A sentence about customers outside the shop's country.
_ABROAD = re.compile(r"\babroad\b|\boverseas\b|\binternational\b|\boutside\s+(?:of\s+)?(?:the\s+)?[A-Z][a-z]+|"
                     r"\bother\s+countries\b|海外|境外|国外|外地|非本地|以外", re.I)
# A sentence on how the item travels to the shop ("we send you a free return label", "寄到维修中心").
_SEND = re.compile(r"\blabels?\b|\bpost\b|\bposts\b|\bship\s+(?:it|the item)\b|\bsend\s+(?:it|the item)\b|"
                   r"\bservice\s+cent(?:re|er)\b|寄回|寄到|寄给|寄至|面单|自行寄", re.I)
_SENTENCE = re.compile(r"[^。.!?！？\n]+[。.!?！？]?")


def pages(kb: Any, lang: str) -> list[str]:
    """The text of the shop's warranty pages in `lang` (else English), by their tags or ids."""
    if kb is None:
        return []
    found: list[tuple[str, str]] = []
    ids = kb.ids() if callable(kb.ids) else kb.ids
    for sid in ids:
        s = kb.get(sid)
        if s is None:
            continue
        if "warranty" in (s.tags or ()) or "warranty" in sid or "保修" in (s.title or ""):
            found.append((s.lang, s.text))
    own = [t for lg, t in found if lg == lang]
    return own or [t for lg, t in found if lg == "en"]


def collection_offered(texts: list[str]) -> bool:
    """The shop's warranty pages offer to collect the item."""
    return any(_COLLECT.search(t) for t in texts)


def abroad_sentence(texts: list[str]) -> str:
    """The pages' sentence on customers abroad ("" when none)."""
    for t in texts:
        for m in _SENTENCE.finditer(t):
            if _ABROAD.search(m.group(0)):
                return m.group(0).strip()
    return ""


def send_sentence(texts: list[str]) -> str:
    """The pages' sentence on how the item is sent to the shop ("" when none)."""
    for t in texts:
        for m in _SENTENCE.finditer(t):
            if _SEND.search(m.group(0)) and not _ABROAD.search(m.group(0)):
                return m.group(0).strip()
    return ""


_HOME = re.compile(r"\boutside\s+(?:of\s+)?(?:the\s+)?(?P<home>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
_IN_PLACE = re.compile(r"\b(?:i'?m|i\s+am|we'?re|we\s+are|living|live|moved|based)\s+(?:now\s+|currently\s+)?(?:in|to)\s+"
                       r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def customer_abroad(said: list[str], sentence: str) -> bool:
    """The customer says they are abroad ("I'm overseas", "我人在海外", "I'm in Canada now" when the
    page speaks of customers outside another place)."""
    home = _HOME.search(sentence or "")
    for t in said:
        if not t:
            continue
        if re.search(r"\babroad\b|\boverseas\b|海外|国外|境外|外国", t, re.I):
            return True
        m = _IN_PLACE.search(t)
        if m and home and m.group("place").split()[0] != home.group("home").split()[0]:
            return True
    return False
