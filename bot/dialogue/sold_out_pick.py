"""#13 (stock10): the answer to "X with L red is sold out. In stock: L black or L navy. Which one?"
— "then the navy", "那就藏青色吧" — picks the one offered candidate its option values fit, so the
value asked for first (L) is kept and the pick is bound to the sold-out line, while the other
lines' changes wait in the same plan. Read against the candidates the shop offered only."""
from __future__ import annotations

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
    if not said:
        return None
    fit = [dict(c) for c in cands if all(M.norm(str(c.get(d, ""))) == v for d, v in said.items())]
    return fit[0] if len(fit) == 1 else None
