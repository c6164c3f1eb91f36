"""Warranty: is the item covered (its category's warranty counted from the delivery date), until
when, and how to claim (the knowledge base's claim guide).

Steps: start → (choose_order) → done.
"""
from __future__ import annotations

from datetime import timedelta

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue.flows.base import (
    FlowContext,
    carry_items,
    days_between,
    out,
    resolve_order,
    selected_items,
    take_slots,
)
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang.replies import full_date
from bot.shop.policy import parse_ts

NAME = "warranty"


def _eligible(order: dict) -> bool:
    return order.get("status") in ("delivered", "returned")


def snippet_text(fc: FlowContext, base_id: str) -> str:
    kb = fc.knowledge
    if kb is None or not base_id:
        return ""
    s = kb.get(f"{base_id}-{fc.lang}") or kb.get(f"{base_id}-en")
    return s.text.strip() if s is not None else ""


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    pid = fc.slots_given().get("product_id")
    product = fc.catalogue.get(str(pid)) if pid and not frame.slots.get("items") else None
    if product is not None:
        # A product just described that the customer does not own: the warranty it comes with.
        fc.state.finish()
        claim = snippet_text(fc, str(fc.facts.get("warranty.claim_snippet", "")))
        months = fc.facts.warranty_months(product.get("category"))
        return out(CX.product_warranty(product, months, claim, lang), frame, "done",
                   {"product": {"id": product.get("id")}, "warranty_months": months})
    carry_items(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "warranty", "保修")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    claim = snippet_text(fc, str(fc.facts.get("warranty.claim_snippet", "")))
    key = f"warranty:{order['id']}"
    if fc.state.opened.get(key) and C.CLAIM.search(fc.turn.text):
        fc.state.finish()        # coverage already stated: the follow-up asks how to claim
        return out(claim, frame, "done", {"order": order, "snippet": f"{fc.facts.get('warranty.claim_snippet')}-{lang}"})
    fc.state.opened[key] = "answered"
    items, _ = selected_items(fc, frame, order)
    line = items[0] if items else (order.get("items") or [{}])[0]
    months = fc.facts.warranty_months(line.get("category"))
    delivered = order.get("delivered_at")
    until, covered, replace = None, False, False
    if delivered:
        end = parse_ts(delivered) + timedelta(days=round(months * 30.44))
        until = full_date(end.isoformat(), lang)
        covered = months > 0 and parse_ts(fc.now) <= end
        since = days_between(delivered, fc.now) or 0.0
        replace = covered and since <= float(fc.facts.get("warranty.replace_within_days", 0))
    fc.state.finish()
    return out(T.warranty(str(line.get("name") or ""), order, months, until, covered, replace, claim, lang), frame,
               "done", {"order": order, "warranty_months": months, "covered": covered,
                        "snippet": f"{fc.facts.get('warranty.claim_snippet')}-{lang}"})
