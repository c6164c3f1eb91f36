"""A question about a rule ("what's your return policy on tents", "耳机可以换货吗 政策是什么"):
the window from the shop's policies, whether the product named falls under it (its category),
and an offer to start one for the customer's own matching item. Nothing is started unasked:
only a "yes" to the offer opens the return/exchange flow, which then asks its own confirmation.

Steps: start → confirm (offer made) | done;  confirm → (the return/exchange flow) | aborted.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import info_texts as IT
from bot.dialogue import relevance
from bot.dialogue.flows.base import FlowContext, days_between
from bot.dialogue.legacy import Outcome
from bot.dialogue.snippet_focus import focus
from bot.dialogue.state import Frame
from bot.lang import replies as R
from bot.lang.display_names import shown_name

NAME = "policy_info"


# Parts of the rule a question can be about, each answered from the shop's own help pages: who
# pays the return postage, how to send it back, the condition a returned item must be in.
POSTAGE = re.compile(r"\bwho (?:pays|covers)\b|\bpay(?:s|ing)? for (?:the )?(?:return )?(?:shipping|postage)\b|"
                     r"\breturn (?:shipping|postage|label cost)|\bpostage\b|\bshipping (?:cost|fee)s?\b|"
                     r"运费|邮费|快递费|寄回.{0,4}(?:钱|费)|谁(?:出|付|承担)", re.I)
HOW_TO = re.compile(r"\bhow (?:do|can|should|would) (?:i|we) (?:send|ship|post|mail|return|get) (?:it|them|this|that|the \w+ )?"
                    r"(?:back)?|\bhow to (?:send|ship|return)\b|\bwhere (?:do|should|can) i (?:send|ship|post)\b|"
                    r"\b(?:return|warehouse) address\b|怎么寄|如何寄|寄到哪|寄回哪|退货地址|怎么退货|如何退货|退货流程|怎么退回", re.I)
CONDITION = re.compile(r"\b(?:wore|worn|wearing|washed|used|opened|unsealed|unboxed|assembled|tried (?:it|them) on|"
                       r"tags? (?:off|removed|cut))\b|穿过|穿了|洗过|洗了|用过|用了|拆封|拆开|拆了|开封|吊牌|组装", re.I)
_ASPECTS = {
    "postage": ({"en": "who pays return shipping postage fees", "zh": "退货运费 谁承担 邮费"},
                ("fees", "fee", "postage", "shipping-cost", "运费")),
    "how_to": ({"en": "how to send a return back ship warehouse address", "zh": "如何寄回退货商品 流程 地址"},
               ("how-to", "process", "流程")),
    "condition": ({"en": "condition of returned goods unused worn washed tags packaging",
                   "zh": "退货商品条件 未使用 吊牌 包装 穿过 洗过"}, ("condition", "商品状态")),
}


def aspects(text: str) -> list[str]:
    """The parts of the rule a question asks about (postage, how_to, condition)."""
    return [name for name, rx in (("postage", POSTAGE), ("how_to", HOW_TO), ("condition", CONDITION))
            if rx.search(text)]


def aspect_text(fc: FlowContext, aspect: str) -> str | None:
    """The shop's own help-page passage for one part of the rule (None: the pages do not cover it)."""
    kb = fc.knowledge
    if kb is None:
        return None
    query, tags = _ASPECTS[aspect]
    hits = kb.search(query[fc.lang if fc.lang in query else "en"] + " " + fc.turn.text, lang=fc.lang, k=6)
    general = [h for h in hits if not relevance.kinds(h) or relevance.mentioned(relevance.kinds(h), fc.turn.text)]
    tagged = [h for h in general if any(str(t).lower() in tags for t in getattr(h, "tags", ()) or ())]
    best = (tagged or [])[:1]
    # The part of the page for this question and the customer's orders' countries (#13).
    return focus(str(best[0].text), fc.turn.text, fc.orders).strip() if best else None


def _not_covered(lang: str) -> str:
    return R.t(lang, " That part isn't covered in our help pages, so I won't guess — a colleague can answer it: just say "
                     "\"human\".",
               "这一点我们的帮助说明里没有写到，我就不乱说了——同事可以为您解答，回复“转人工”即可。")


def _policies(fc: FlowContext) -> Any:
    return getattr(fc.tools, "policies", None)


def _answer(text: str, frame: Frame, step: str, topic: str, facts: dict[str, Any]) -> Outcome:
    frame.step = step
    # The trace's intent is the topic asked about (DESIGN.md names), not this flow's name.
    return Outcome(text, facts=facts, step=step, intent=topic)


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    topic = str(fc.slots_given().get("topic") or frame.slots.get("topic") or "return_request")
    frame.slots["topic"] = topic
    if frame.step == "confirm":
        offer = frame.slots.get("offer") or {}
        if fc.said("confirm") and offer:
            from bot.dialogue.engine import FLOWS
            nxt = fc.state.start(topic, order_id=offer["order_id"],
                                 items=[{"order_id": offer["order_id"], "sku": offer["sku"], "excluded": False}])
            return await FLOWS[topic](fc, nxt)
        fc.state.finish()
        return _answer(R.aborted(lang) if fc.said("deny") else R.t(lang, "OK.", "好的。"), frame, "done", topic, {})
    pol = _policies(fc)
    window = int(getattr(pol, "exchange_window_days" if topic == "exchange_request" else "return_window_days", 0) or 0)
    blocked = [str(c) for c in getattr(pol, "non_returnable_categories", []) or []]
    # The product asked about: one of the customer's items named, else a catalogue product named.
    from bot.dialogue.flows.product_info import HEAD_NOUN, find_products
    given = fc.slots_given()
    lines = {(str(o["id"]), str(i.get("sku"))): (o, i) for o in fc.orders for i in o.get("items") or []}
    mine = [lines[(str(r["order_id"]), str(r["sku"]))] for r in given.get("items") or []
            if not r.get("excluded") and (str(r["order_id"]), str(r["sku"])) in lines]
    hits = [h for h in find_products(fc.turn.text, fc.catalogue) if h[0] >= HEAD_NOUN]
    category, name = None, ""
    if hits:
        p = hits[0][1]
        category = str(p.get("category") or "") or None
        name = str((p.get("name_zh") if lang == "zh" and p.get("name_zh") else p.get("name")) or "")
        mine = [m for m in mine if str(m[1].get("product_id")) == str(p.get("id"))] or mine
    elif mine:
        category, name = mine[0][1].get("category"), shown_name(mine[0][1], lang)
    returnable = None if category is None else category not in blocked
    asked = aspects(fc.turn.text)
    if "condition" in asked and returnable:
        returnable = None          # "if I wore them outside": allowed only in the condition the pages give
    offer, offer_text = None, ""
    for order, item in ([] if "condition" in asked else mine):
        since = days_between(order.get("delivered_at"), fc.now)
        if order.get("status") == "delivered" and since is not None and since <= window \
                and item.get("category") not in blocked:
            offer = {"order_id": str(order["id"]), "sku": str(item.get("sku"))}
            offer_text = R.t(lang, f"your {shown_name(item, lang)} (order {order['id']})",
                             f"您订单 {order['id']} 中的{shown_name(item, lang)}")
            break
    text = IT.policy_answer(topic, window, name, returnable, blocked, offer_text if not asked else "", lang)
    covered = {a: aspect_text(fc, a) for a in asked}
    for a in asked:
        if covered[a]:
            text += ("\n" if lang == "en" else "\n") + str(covered[a])
    if asked and not any(covered.values()):
        text += _not_covered(lang)
    if offer_text and asked:
        text += R.t(lang, f" Would you like me to start one for {offer_text}?", f"需要我为{offer_text}办理吗？")
    facts = {"policy": {"topic": topic, "window_days": window, "non_returnable": blocked},
             "category": category, "returnable": returnable, "aspects": {a: bool(v) for a, v in covered.items()}}
    if offer:
        frame.slots["offer"] = offer
        return _answer(text, frame, "confirm", topic, {**facts, "offer": offer})
    fc.state.finish()
    return _answer(text, frame, "done", topic, facts)
