"""A question asked while a flow is still collecting what it needs (issue #13).

The bot asked "which item?" or "which size?", and the customer asks about a rule instead: "换货要
运费吗", "how long does a refund take?", "how many days do I have to return?". The question is
answered (the shop's own answer: shop_questions, the window rule, the help centre) and the slot
question is asked again in the same reply; the flow stays where it was, nothing is written.

    which(text, orders, last_flow) -> Asked | None

Only a message that names nothing the flow could use (no line, no order, no option) and reads as a
question of how the shop works is taken here: a new request ("where is my order?") keeps going
to its own flow.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue import shop_questions as SQ
from bot.dialogue import texts as T
from bot.dialogue.flows import side_question

# The fees / postage / packaging / warranty questions the help centre answers (side_question's own
# knowledge cue), plus "how much does it cost to ..." about the service itself.
_FEE = re.compile(r"(运费|邮费|手续费|费用|收费|要钱|付钱|免费|\bfees?\b|\bcharge[sd]?\b|\bfree\b|\bpostage\b|"
                  r"\bwho pays\b|\bpay for\b|\bcost\b)", re.I)


# The steps that ask for a slot of a change (which line, which new version, which order, which
# payment method, the address, the invoice title). A step that asks for a description (what is
# wrong, what happened to the parcel) reads a question as part of the description: left out.
SLOT_STEPS = ("choose_items", "ask_change", "ask_wanted", "choose_order", "ask_payment", "ask_address",
              "ask_cancel", "ask_title")


@dataclass(frozen=True)
class Asked:
    source: str     # "shop": shop_questions.answer(kind); "side": side_question / help-centre answer
    kind: str


def which(text: str, orders: Sequence[dict[str, Any]], last_flow: str | None,
          order_id: str | None = None) -> Asked | None:
    """What rule question `text` asks (None: not a question of how the shop works). With the
    flow's order known, "when will it arrive?" / "when is the money back?" are about that order."""
    if not SQ.ASKING.search(text) and not SQ.HOW_LONG.search(text):
        return None
    side = side_question.kind(text)
    if order_id and side in ("shipping", "refund"):
        return Asked("side", side)
    kind = SQ.asked(text, orders, last_flow)
    if kind:
        return Asked("shop", kind)
    if side in ("refund", "knowledge"):
        return Asked("side", side)
    if _FEE.search(text):
        return Asked("side", "knowledge")
    return None


def unknown(lang: str) -> str:
    """The shop's information has no answer: said plainly, a person offered (no line named: none
    is chosen yet)."""
    return T.t(lang, "I don't have that detail in the shop's information; a colleague can check it for you if "
                     "you like.", "店铺资料里没有这项信息，需要的话我可以请同事帮您确认。")
