"""A question about a rule ("what's your return policy on tents", "耳机可以换货吗 政策是什么"):
the window from the shop's policies, whether the product named falls under it (its category),
and an offer to start one for the customer's own matching item. Nothing is started unasked:
only a "yes" to the offer opens the return/exchange flow, which then asks its own confirmation.

Steps: start → confirm (offer made) | done;  confirm → (the return/exchange flow) | aborted.
"""
from __future__ import annotations

from typing import Any

from bot.dialogue import info_texts as IT
from bot.dialogue.flows.base import FlowContext, days_between
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R
from bot.lang.display_names import shown_name

NAME = "policy_info"


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
    offer, offer_text = None, ""
    for order, item in mine:
        since = days_between(order.get("delivered_at"), fc.now)
        if order.get("status") == "delivered" and since is not None and since <= window \
                and item.get("category") not in blocked:
            offer = {"order_id": str(order["id"]), "sku": str(item.get("sku"))}
            offer_text = R.t(lang, f"your {shown_name(item, lang)} (order {order['id']})",
                             f"您订单 {order['id']} 中的{shown_name(item, lang)}")
            break
    text = IT.policy_answer(topic, window, name, returnable, blocked, offer_text, lang)
    facts = {"policy": {"topic": topic, "window_days": window, "non_returnable": blocked},
             "category": category, "returnable": returnable}
    if offer:
        frame.slots["offer"] = offer
        return _answer(text, frame, "confirm", topic, {**facts, "offer": offer})
    fc.state.finish()
    return _answer(text, frame, "done", topic, facts)
