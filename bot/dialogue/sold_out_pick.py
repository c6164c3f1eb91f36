"""#13 (stock10): the answer to "X with L red is sold out. In stock: L black or L navy. Which one?"
— "then the navy", "那就藏青色吧" — picks the one offered candidate its option values fit, so the
value asked for first (L) is kept and the pick is bound to the sold-out line, while the other
lines' changes wait in the same plan. Read against the candidates the shop offered only."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M


def pick_among(text: str, product: Mapping[str, Any] | None, cands: Sequence[Mapping[str, Any]]) -> dict | None:
    """The one candidate whose values include every option value `text` names of `product`
    (None: it names none, or they fit several or none of them)."""
    from bot.dialogue.classic import _mentions
    if not product or not cands:
        return None
    said = {str(dim): M.norm(str(value)) for dim, value, _ in _mentions(product, text)}
    said.update(_bare_short_values(product, text, said))
    if not said:
        return None
    fit = [dict(c) for c in cands if all(M.norm(str(c.get(d, ""))) == v for d, v in said.items())]
    return fit[0] if len(fit) == 1 else None


def _bare_short_values(product: Mapping[str, Any], text: str, said: Mapping[str, str]) -> dict[str, str]:
    """A short value written alone as the catalogue writes it ("the M one, yes", "L 的那个"): the
    option matcher wants a dimension word with a one-letter size, but among versions just offered
    the letter on its own is the pick (case-sensitive, never inside a word: "I'm" names no M)."""
    out: dict[str, str] = {}
    for dim, values in (product.get("options") or {}).items():
        if str(dim) in said or not isinstance(values, (list, tuple)):
            continue
        hits = [str(v) for v in values if 0 < len(str(v)) <= 3
                and re.search(rf"(?<![A-Za-z0-9]){re.escape(str(v))}(?![A-Za-z0-9])", text)]
        if len(hits) == 1:
            out[str(dim)] = M.norm(hits[0])
    return out
