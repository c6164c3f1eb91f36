"""route13: an item that came broken and is asked to be put right is a fault of that item, not a carrier case.

"The brake lever arrived bent, I want a new one", "收到的车灯不亮，给我换一个", "刚收到就坏了": the
customer holds the item and wants it replaced or repaired. Writing these as a carrier investigation
("the parcel arrived damaged in transit, we opened an investigation") answers a question nobody asked.
A carrier case stays for what the carrier did: the parcel, box or packaging named, or the item crushed
or smashed in handling, with no replacement asked. Product- and shop-neutral: only language cues.
"""
from __future__ import annotations

import re

from bot.dialogue import symptoms
from bot.lang import cues as C

# "just received and it broke": a new item failing, not one the carrier broke.
_JUST = re.compile(r"(?:刚|才)(?:刚)?(?:收到|到货?|签收|拿到|买的?|用)|\bjust (?:got|received|arrived|bought)\b|"
                   r"\b(?:brand )?new and\b", re.I)
# A new unit asked for in words that may also mean another version ("给我换一个", "exchange it for the
# black one"): after a fault on arrival, a new unit all the same (cues.SAME_ITEM: the same one again).
_EXCHANGE_IT = re.compile(r"换一?[个件台双只把套副条支盏]|给我换|帮我换|\ba new\b|"
                          r"\b(?:exchange|swap|replace) (?:it|them|this|that)\b", re.I)
# Symptom kinds that are about how the item works, which no carrier causes.
_WORKING = frozenset({"power", "charge", "connect", "noise", "heat", "display", "sound", "cutout", "ignite", "smell", "leak"})


def wants_new(text: str) -> bool:
    """The message asks for a new unit of what came ("给我换一个", "send me a replacement")."""
    return bool(C.SAME_ITEM.search(text or "") or _EXCHANGE_IT.search(text or ""))


def item_fault(text: str) -> bool:
    """Damage words of the arrival cue, but about the item itself to be put right: a new one asked,
    a new item failing ("刚收到就坏了"), or a working fault named — and neither parcel nor handling named."""
    text = text or ""
    if not C.TRANSIT_DAMAGE.search(text) or C.PARCEL_HANDLING.search(text):
        return False
    return wants_new(text) or bool(_JUST.search(text)) or bool(symptoms.named(text) & _WORKING)


def carrier_damage(text: str) -> bool:
    """The arrival cue meant as the carrier's damage (not an item fault to put right)."""
    return bool(C.TRANSIT_DAMAGE.search(text or "")) and not item_fault(text)
