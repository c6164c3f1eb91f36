"""#13 (multi10): a company's tax id written without its cue ("开公司发票 91310115MA1K4B2C3D 上海云杉贸易
有限公司", "invoice to Acme GmbH DE123456789"). Next to a company title, an identifier that is none of
the customer's orders and not written in the shape of the customer's own order ids is the tax id
(a Chinese unified credit code, an EU VAT id, an ABN …), never an order number and never lost.
Told apart by the shop's own order ids (`bot.shop.order_ids`), not by a fixed tax-id pattern, so an
order id of any shop's shape is still read as an order."""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.shop import order_ids

# Business identifiers are 8–20 letters/digits (hyphens allowed: EIN 12-3456789) with several digits.
_ID_TOKEN = re.compile(r"(?<![\w-])(?=[0-9A-Za-z-]*\d[0-9A-Za-z-]*\d)[0-9A-Za-z][0-9A-Za-z-]{6,18}[0-9A-Za-z](?![\w-])")
_MIN_DIGITS = 6
_NEAR = 40                                # characters between the title and its id: "title, id" or "id title"


def bare_tax_id(text: str, title: str, known_ids: Sequence[str]) -> str | None:
    """The identifier in `text` standing near the company `title` that is no order of the
    customer's (`known_ids`) and not in their orders' shape; None when there is none or several."""
    at = text.find(title)
    if at < 0 or not title:
        return None
    shaped = {order_ids.canonical(t) for t in order_ids.shaped_like(text, tuple(known_ids))}
    found: list[str] = []
    for m in _ID_TOKEN.finditer(text):
        token = m.group(0)
        if sum(ch.isdigit() for ch in token) < _MIN_DIGITS or token in title:
            continue
        if order_ids.resolve(token, known_ids) is not None or order_ids.canonical(token) in shaped:
            continue                      # an order the customer has, or one written like theirs
        if order_ids.find_known(token, known_ids):
            continue                      # a part of one of their ids ("订单88421")
        gap = m.start() - (at + len(title)) if m.start() >= at else at - m.end()
        if gap <= _NEAR:
            found.append(token)
    return found[0] if len(found) == 1 else None


def tax_tokens(text: str, known_ids: Sequence[str]) -> set[str]:
    """The canonical forms of the tax ids `text` writes — after a tax cue ("税号 …", "VAT …",
    "ABN …") or beside a company title — that are none of the customer's orders: these are never
    read as an order number (an order "not found" would fail the invoice and drop the rest)."""
    from bot.dialogue.flows.invoice import company_name
    from bot.lang import cues as C
    out: set[str] = set()
    for m in C.TAX_ID.finditer(text):
        if order_ids.resolve(m.group(1), known_ids) is None:
            out.add(order_ids.canonical(m.group(1)))
    name = company_name(text)
    bare = bare_tax_id(text, name, known_ids) if name else None
    if bare:
        out.add(order_ids.canonical(bare))
    return out


def tax_id_read(mention: str, taxes: set[str]) -> bool:
    """Whether an order-id `mention` is one of the tax ids `taxes` (canonical forms) — also when the
    id reader glued the tax id's label to it ("EIN 98-7654321" read as EIN987654321)."""
    key = order_ids.canonical(mention)
    return any(key == t or (key.endswith(t) and key[: -len(t)].isalpha()) for t in taxes if t)
