"""A question about a product's options ("does the desk lamp come with a UK plug?", "台灯是什么插头的",
"is it compatible with UK sockets?"): read from the shop's own catalogue — a dimension it lists
(plug, nib, mount…) or one of its option values named in a question — so it is answered as a
product question, never dropped into a fault or order step (#13). No product words are ours."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import matching as M

QUESTION = re.compile(r"[?？]|吗|什么|哪|有没有|是不是|能不能|兼容|适用|适配|\bcompatible\b|\bcome (with|in)\b|"
                      r"^\s*(does|do|is|are|which|what|can|will|would)\b|\bwork with\b", re.I)


def _dimension_named(dim: str, text: str) -> bool:
    t = M.norm(text)
    if re.search(rf"(?<![a-z]){re.escape(M.norm(dim))}s?(?![a-z])", t):
        return True
    if not re.search(r"[\u4e00-\u9fff]", text):
        return False
    from bot.lang import glossary
    return any(w in text for w, weight in glossary.zh_surfaces(dim, ()).items() if weight >= 3 and len(w) >= 2)


def asked_product(text: str, catalogue: Mapping[str, Mapping[str, Any]], product_id: str | None = None) -> str | None:
    """The product whose options the question is about, or None. With a product named, a
    dimension or a value of it is enough; without one, a dimension only one product has."""
    if not catalogue or not QUESTION.search(text):
        return None
    from bot.dialogue.flows.product_info import find_products, option_values
    if not product_id:
        # The product named even when the customer also owns it (slots then name the order line).
        named = find_products(text, dict(catalogue))
        product_id = str(named[0][1].get("id")) if named else None
    if product_id and product_id in catalogue:
        p = catalogue[product_id]
        dims = [str(d) for d in (p.get("options") or {})]
        return product_id if any(_dimension_named(d, text) for d in dims) or option_values(p, text) else None
    hits = [str(pid) for pid, p in catalogue.items()
            if any(_dimension_named(str(d), text) for d in (p.get("options") or {}))]
    return hits[0] if len(hits) == 1 else None
