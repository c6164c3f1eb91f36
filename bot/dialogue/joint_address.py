"""One clause, two address changes: "change the delivery address of C-4Q3P to … and set it as my
default address too", "把 SO1 的收货地址改成…，并设为默认地址". The default-address cue wins the
message's flow, so the order's own address — the other half of the request — needs its own
request next to it; both are then proposed for one yes (joint.py). General words only."""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.lang import cues as C
from bot.shop import order_ids

# The order's delivery is what changes: its address, where it ships / goes to.
_ORDER_ADDRESS = re.compile(r"(\b(?:delivery|shipping) address of\b|\baddress (?:of|on|for) (?:order|my order|the order|it)\b|"
                            r"\b(?:ship|send|deliver|redirect)\b.{0,40}\bto\b|\bchange (?:the |its |my )?address\b|"
                            r"收货地址|寄送地址|配送地址|改寄|寄到|送到|发到|改地址)", re.I)


# Where the default-address half starts: the joining word before the default cue.
_JOIN = re.compile(r"(?:,|，|;|；|\band\b|\balso\b|并且|并|同时|然后|也|再)\s*[^,，;；]*$", re.I)


def also_this_order(text: str, started: Sequence[str | None], known_ids: Sequence[str]) -> str | None:
    """The message asks for the default address, writes one of the customer's order ids and asks
    for that order's delivery address to change too — but no request for the order was read:
    the words of the order's half (its own request's text), else None."""
    if "default_address" not in started or "change_address" in started:
        return None
    cue = C.DEFAULT_WORD.search(text)
    if cue is None or len(order_ids.find_known(text, known_ids)) != 1:
        return None
    join = _JOIN.search(text[:cue.start()])
    piece = text[:join.start()] if join else text[:cue.start()]
    if not order_ids.find_known(piece, known_ids) or not _ORDER_ADDRESS.search(piece):
        return None
    return piece.strip()
