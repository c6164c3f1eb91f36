"""Is a help-centre page about what the customer is asking about? "No snippet beats a wrong
snippet": a page about one kind of product (its `products:` header, else its product-kind tags)
answers only a message or items naming that kind, and only in a shop that sells that kind.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M

# A kind name must be this strong a surface (a full name, not a shared head noun like "水壶")
# to say the shop sells it.
SOLD_WEIGHT = 2.5


def kinds(snippet: Any) -> list[str]:
    """The kinds of product a page is about ([] for a general page)."""
    products = getattr(snippet, "products", None)
    if products is not None:
        return [str(p) for p in products]
    from bot.dialogue.engine import _TOPIC_TAGS
    return [str(t) for t in getattr(snippet, "tags", None) or [] if str(t).lower() not in _TOPIC_TAGS]


def mentioned(kind_names: Sequence[str], text: str) -> bool:
    """Does `text` name one of these kinds (either language, head nouns, generic synonyms)?"""
    t = M.norm(text)
    return any(M._occurrences(w, t) for w in M.surfaces(kind_names))


def sold_here(kind_names: Sequence[str], catalogue: Mapping[str, Mapping[str, Any]] | None) -> bool:
    """Does the shop's catalogue hold a product of one of these kinds? (No catalogue: unknown, yes.)"""
    if not catalogue:
        return True
    strong = [w for w, weight in M.surfaces(kind_names).items() if weight >= SOLD_WEIGHT]
    for p in catalogue.values():
        names = M.norm(" ".join(str(p.get(k) or "") for k in ("name", "name_zh")))
        if any(M._occurrences(w, names) for w in strong):
            return True
    return False
