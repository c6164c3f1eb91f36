"""A pick among the versions the bot just offered, with the go-ahead in the same message.

"X in rose gold US is sold out. In stock: rose gold CN or grey US. Which one?" — "那就玫瑰金国标的吧，
确认", "the M red one then, confirm": the pick is the one offered version the message's option
values fit (never read as thanks/bye), and an explicit "confirm" / "确认" / "go ahead" with it is
the yes to the change it makes, so the change is written in this turn. A pick without such a word
gets its confirmation as usual.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# An explicit go-ahead word: a bare "ok"/"好" with a pick stays a pick (the confirmation follows).
_GO = re.compile(r"\bconfirm(?:ed)?\b|\bgo ahead\b|\bproceed\b|\bdo it\b|\bplace it\b|确认|确定|就这么办|办吧|改吧|下单吧",
                 re.I)
_NOT = re.compile(r"\b(?:don'?t|do not|not yet|before you)\b.{0,12}\b(?:confirm|go ahead|proceed)|先别|不要确认|别确认|先不", re.I)


def go_ahead(text: str) -> bool:
    """Does the message carry an explicit go-ahead word (not a negated one)?"""
    return bool(_GO.search(text)) and not _NOT.search(text)


def offered_pick(ctx: Any, catalogue: Mapping[str, Mapping[str, Any]], text: str) -> dict[str, str]:
    """The version among those the flow's last question offered (`offered_options`) that the
    message's option values fit, read against the proposal line's product ({}: none fits, or
    several do)."""
    from bot.dialogue.rejected_options import proposal_lines
    from bot.dialogue.sold_out_pick import pick_among
    offered = [dict(c) for c in ctx.slots.get("offered_options") or [] if isinstance(c, Mapping)]
    if not offered:
        return {}
    for line in proposal_lines(ctx):
        product = catalogue.get(str(line.get("product_id"))) if catalogue else None
        picked = pick_among(text, product, offered)
        if picked:
            return {str(k): str(v) for k, v in picked.items()}
    return {}
