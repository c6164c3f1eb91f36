"""A bare number that is an option value of a line the message names is that value, not a count:
"poles 110 instead of 130, and I just need 1" on a line of 2 × 130cm poles changes the length to
110cm and the count to 1 — never "quantity 110". Read from the shop's own option values, so it
holds for any catalogue (sizes 42/43, lengths 110cm, capacities 2.4GHz)."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


def _line(orders: Sequence[Mapping[str, Any]], order_id: str, sku: str) -> Mapping[str, Any] | None:
    for o in orders:
        if str(o.get("id")) == order_id:
            return next((i for i in o.get("items") or [] if str(i.get("sku")) == sku), None)
    return None


def masked(text: str, refs: Sequence[M.ItemRef], orders: Sequence[Mapping[str, Any]],
           catalogue: Mapping[str, Mapping[str, Any]]) -> str:
    """`text` with each bare number that names an option value of a named line (and is more than
    that line's ordered count, so it cannot be the count) blanked out; unchanged otherwise."""
    lines = [(_line(orders, r.order_id, r.sku), r) for r in refs if not r.excluded]
    dims: list[tuple[list[str], int]] = []
    for line, _ in lines:
        if not line:
            continue
        product = catalogue.get(str(line.get("product_id") or "")) or {}
        for values in (product.get("options") or {}).values():
            dims.append(([str(v) for v in values], int(line.get("qty") or 1)))
    if not dims:
        return text

    def blank(m: re.Match[str]) -> str:
        n = m.group(0)
        for values, ordered in dims:
            if float(n) > ordered and M.bare_value(n, values) is not None:
                return " " * len(n)
        return n
    return _NUMBER.sub(blank, text)


def swapped_value(text: str, line: Mapping[str, Any], product: Mapping[str, Any]) -> str | None:
    """"110 instead of 130" on a line of 130cm: both numbers bare, one the line's own value of a
    dimension, the other another value of that same dimension — that other value is wanted. Both
    must be written, so a lone number (a count, a price) never turns into an option."""
    current = dict(line.get("options") or {})
    ordered = int(line.get("qty") or 1)
    numbers = [n for n in _NUMBER.findall(text or "") if float(n) > ordered]
    for dim, values in (product.get("options") or {}).items():
        if not isinstance(values, (list, tuple)) or dim not in current:
            continue
        named = {v for n in numbers if (v := M.bare_value(n, [str(x) for x in values])) is not None}
        others = named - {str(current[dim])}
        if str(current[dim]) in named and len(others) == 1:
            return others.pop()
    return None
