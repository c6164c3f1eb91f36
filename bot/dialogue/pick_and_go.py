"""A pick among the versions the bot just offered, with the go-ahead in the same message.

"X in rose gold US is sold out. In stock: rose gold CN or grey US. Which one?" — "那就玫瑰金国标的吧，
确认", "the M red one then, confirm": the pick is the one offered version the message's option
values fit (never read as thanks/bye), and an explicit "confirm" / "确认" / "go ahead" with it is
the yes to the change it makes, so the change is written in this turn. A pick without such a word
gets its confirmation as usual.

#13 (yes13): a yes said as a clause of its own next to the pick ("黑色那个，好的", "the 52cm one,
yes") is that go-ahead too (`says_yes`: a clause that is only an option value, "right zip", is no
yes); and a clear yes to a question that offered exactly one version ("With 0°C it comes in: right
zip. Which one?" — "好的" / "ok do it") takes that version and writes it (`single_offer`), unless
the message names a value the version does not have.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# An explicit go-ahead word: a bare "ok"/"好" with a pick stays a pick (the confirmation follows).
_GO = re.compile(r"\bconfirm(?:ed)?\b|\bgo ahead\b|\bproceed\b|\bdo it\b|\bplace it\b|确认|确定|就这么办|办吧|改吧|下单吧",
                 re.I)
_NOT = re.compile(r"\b(?:don'?t|do not|not yet|before you)\b.{0,12}\b(?:confirm|go ahead|proceed)|先别|不要确认|别确认|先不", re.I)


_CLAUSES = re.compile(r"[,，.。!！;；~～、]+")
# A trailing "yes" / "ok" without a comma: "the right zip one yes please", "43码的 好的".
# (a Chinese one after a space only: "不好", "太好" end in 好 too)
_TAIL_YES = re.compile(r"(?:\b(?<!not )(?:yes|yep|yeah|ok(?:ay)?|sure)(?: please)?|\s(?:好的|好|可以|行|没错|对的?))\s*$", re.I)


def says_yes(text: str, values_named: Callable[[str], bool] = lambda _: False) -> bool:
    """A go-ahead word, or a yes clause of its own, in a message that asks nothing back and says no
    no. `values_named(clause)`: does the clause name an option value (then its "right" / "对" is
    part of the value, not a yes)?"""
    from bot.dialogue.classic import asks_back
    from bot.dialogue.legacy import yes_no
    if _NOT.search(text) or asks_back(text) or yes_no(text) is False:
        return False
    if go_ahead(text):
        return True
    clauses = [c.strip() for c in _CLAUSES.split(text) if c.strip()]
    if any(yes_no(c) is True and not values_named(c) for c in clauses):
        return True
    return bool(clauses) and bool(_TAIL_YES.search(clauses[-1]))


def only_one(offered: Sequence[Any]) -> dict[str, str]:
    """The version of `offered` when exactly one was offered ({}: none, or several)."""
    cands = [dict(c) for c in offered or [] if isinstance(c, Mapping)]
    return {str(k): str(v) for k, v in cands[0].items()} if len(cands) == 1 else {}


def taken_on_yes(offered: Sequence[Any], yes: bool) -> dict[str, str]:
    """The one rule for "a yes to the only version offered takes it" (edits14: yes13's single-offer
    yes and keep13's sold-out listing each had their own): that version when the answer is a yes
    and exactly one version was offered ({} otherwise). The flows take their pick with it
    (`changes.take_offered_option`, `changes.sold_out_pick`); the engine writes it in the same
    turn when `single_offer_yes` says the message is that yes."""
    return only_one(offered) if yes else {}


def single_offer(slots: Mapping[str, Any]) -> dict[str, str]:
    """The one version the flow's last question offered ({}: none, or several): the sold-out
    question's candidates, else the versions an option question listed."""
    sold = slots.get("sold_out")
    cands = list(sold.get("candidates") or []) if isinstance(sold, Mapping) else []
    return only_one(cands or list(slots.get("offered_options") or []))


def single_offer_yes(slots: Mapping[str, Any], text: str, said: list[tuple[str, str]],
                     values_named: Callable[[str], bool] = lambda _: False) -> dict[str, str]:
    """The one version offered, when `text` is a clear yes to it ("好的", "ok do it", "right zip
    one, yes") that names no value (`said`: (dimension, value) the message names) the version does
    not have ({}: several or none offered, no clear yes, or another value named)."""
    from bot.dialogue.closing import yes_with_thanks
    offer = single_offer(slots)
    yes = not conflicts(offer, said) and (says_yes(text, values_named) or yes_with_thanks(text))
    return taken_on_yes([offer] if offer else [], yes)


def conflicts(offer: Mapping[str, str], named: list[tuple[str, str]]) -> bool:
    """Does the message name a value (dimension, value) the offered version does not have?"""
    from bot.dialogue import matching as M
    return any(d in offer and M.norm(str(offer[d])) != M.norm(v) for d, v in named)


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
