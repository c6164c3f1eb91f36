"""#13 (multi10): a bare number a change sets on one line of a several-line order ("change the
bottle to 2 and the jacket to red", "水壶改成3") is that line's new count when the line's product
has no option value of that number — read against the shop's own option values, so "the shoes to
43" (a size of the shoe) stays an option change on any catalogue and "the bottle to 2" (no bottle
option is 2) becomes quantity 2 instead of being lost."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import matching as M

# "to 2", "into 3", "make it 2", "改成2", "换成3个", "要2个": a number right after a change target.
_TO_NUMBER = re.compile(r"(?:\bto\b|\binto\b|\bmake (?:it|them)\b|改成|改为|换成|变成|要)\s*(\d{1,2})(?!\d)"
                        r"(?!\s*(?:[.,]\d|[a-z%]|mm|cm|ml|寸|码|号|毫|厘|升))", re.I)
_MAX_COUNT = 20                      # a larger bare number is never read as a count of one line


def bare_count(piece: str, product: Mapping[str, Any] | None) -> int | None:
    """The count `piece` sets with a bare number after a change target, or None: no such number,
    or it is one of the product's option values (then it names that option, not a count)."""
    m = _TO_NUMBER.search(M.norm(piece))
    if m is None:
        return None
    n = int(m.group(1))
    if not 0 < n <= _MAX_COUNT:
        return None
    values = [str(v) for vals in ((product or {}).get("options") or {}).values()
              if isinstance(vals, (list, tuple)) for v in vals]
    if values and M.bare_value(m.group(1), values) is not None:
        return None
    return n


def stock_of(product: Mapping[str, Any] | None, sku: str) -> int | None:
    """The catalogue's stock of variant `sku` (None: the catalogue does not say)."""
    for v in (product or {}).get("variants") or []:
        if str(v.get("sku")) == str(sku):
            stock = v.get("stock")
            return int(stock) if isinstance(stock, (int, float)) else None
    return None


def short_of_stock(product: Mapping[str, Any] | None, sku: str, ordered: int, wanted: int) -> int | None:
    """How many more units of `sku` can be had when `wanted` asks for more than `ordered` and the
    stock cannot give them (None: enough stock, fewer units, or unknown stock). Checked when the
    change is proposed, so the yes never meets a refusal that drops the other lines' changes too."""
    stock = stock_of(product, sku)
    if stock is None or wanted <= ordered or wanted - ordered <= stock:
        return None
    return max(0, stock)


def short_note(name_en: str, name_zh: str, ordered: int, available: int, lang: str) -> str:
    """The sentence that says a line's count stays, in the customer's language."""
    from bot.lang import replies as R
    if available:
        return R.t(lang, f"Only {available} more of {name_en} in stock, so it stays at {ordered} for now. ",
                   f"{name_zh}库存只剩 {available} 件，数量暂时保持 {ordered}。")
    return R.t(lang, f"{name_en} is sold out, so its quantity stays at {ordered}. ",
               f"{name_zh}目前缺货，数量保持 {ordered} 不变。")
