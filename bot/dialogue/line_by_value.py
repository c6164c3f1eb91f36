"""The line of an order named by one of its own option values ("黑色那件换成M码", "the XS one to
S", "白色的那件退了"): with no product word, the first value named before the change's target that
only one line of the order has is that line — not a reason to ask "which item?" (#13, scope12).
Read from the order's lines and the shop's catalogue (values and their glosses), never a word list."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import matching as M

# Where the wanted version starts: a change word, or "in" ("the black one in M").
_TARGET = re.compile(M._TARGET.pattern + r"|\bin\b")


def _view(product: Mapping[str, Any]) -> Any:
    from bot.shop.models import Product
    return Product(id=str(product.get("id") or ""), name=str(product.get("name") or ""),
                   name_zh=product.get("name_zh"), category=str(product.get("category") or ""),
                   options={k: tuple(v) for k, v in (product.get("options") or {}).items()},
                   names=product.get("names") or {})


def line_named_by_value(text: str, order: Mapping[str, Any], catalogue: Mapping[str, Mapping[str, Any]]
                        ) -> str | None:
    """The sku of the one line of `order` the text names by its own option value, or None (one
    line only, nothing named, or the first value named fits several lines)."""
    lines = [ln for ln in order.get("items") or [] if ln.get("options")]
    if len(order.get("items") or []) < 2 or not lines or not catalogue:
        return None
    from bot.shop.catalog import option_mentions
    t = M.norm(text or "")
    target = _TARGET.search(t)
    head = t[:target.start()] if target else t
    if not head.strip():
        return None
    named: list[tuple[int, str, str]] = []        # (offset, dimension, value) named in the head
    for line in lines:
        product = catalogue.get(str(line.get("product_id") or ""))
        if not product or not product.get("options"):
            continue
        for dim, value, at in option_mentions(_view(product), head):
            named.append((at, dim, M.norm(value)))
    for _, dim, value in sorted(named):
        owners = {str(ln.get("sku")) for ln in lines
                  if M.norm(str((ln.get("options") or {}).get(dim, ""))) == value}
        if len(owners) == 1:
            return next(iter(owners))
        if owners:
            return None           # the first value named is shared: which line is still open
    return None
