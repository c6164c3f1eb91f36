"""Troubleshooting: a product that misbehaves. A fault present on arrival (scratched, cracked,
dead out of the box) is the shop's to fix: the remedies the order's dates allow (exchange for a
new one inside the exchange window, return inside the return window, warranty after). Anything
else gets the product's help-centre guide when one is relevant, or a question for details.

Steps: start → (choose_order) → done | ask_detail.
"""
from __future__ import annotations

from bot.dialogue.flows.base import FlowContext, carry_items, days_between, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "troubleshooting"
SNIPPET_FLOOR = 3.0


def _eligible(order: dict) -> bool:
    return order.get("status") == "delivered"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    carry_items(fc, frame)
    text = fc.turn.text
    if C.SAFETY.search(text) and fc.handoff is not None:
        fc.state.finish()
        return await fc.handoff("safety")
    if not frame.slots.get("items") and not frame.slots.get("order_id") and not C.DEFECT.search(text) \
            and not C.ARRIVAL_DEFECT.search(text) and frame.step == "start":
        # "有个问题": nothing to go on yet — ask what happens, not which order.
        frame.asked += 1
        return out(R.t(lang, "Sure — what's the problem, and with which item?", "好的，请问是哪件商品，出了什么问题？"),
                   frame, "ask_detail")
    order, ask = await resolve_order(fc, frame, _eligible, "which item", "哪件商品")
    if ask is not None and not C.ARRIVAL_DEFECT.search(text):
        return _guide(fc, frame) or ask
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    policies = getattr(fc.tools, "policies", None)
    since = days_between(order.get("delivered_at"), fc.now)
    if C.ARRIVAL_DEFECT.search(text) and since is not None:
        ex_days = int(getattr(policies, "exchange_window_days", 15) or 15)
        re_days = int(getattr(policies, "return_window_days", 7) or 7)
        options_en, options_zh = [], []
        if since <= ex_days:
            options_en.append("exchange it for a new one")
            options_zh.append("换一件新的")
        if since <= re_days:
            options_en.append("return it for a refund")
            options_zh.append("退货退款")
        if not options_en:
            options_en.append("a warranty repair")
            options_zh.append("保修维修")
        fc.state.finish()
        return out(R.t(lang, f"Sorry it arrived like that. Order {order['id']} was delivered {int(since)} days ago, so "
                             f"we can {' or '.join(options_en)} — which would you prefer? A photo of the fault helps.",
                       f"很抱歉收到这样的商品。订单 {order['id']} 签收 {int(since)} 天，可以{'或'.join(options_zh)}——"
                       f"您想怎么处理？方便的话发一张问题照片。"),
                   frame, "done", {"order": order, "days_since_delivery": round(since, 1)})
    if fc.knowledge is not None:
        # The item in question steers the guides: "it won't turn on" after talk of the watch.
        names = [str(i.get("name")) for i in order.get("items") or []
                 if not fc.state.last_skus or i.get("sku") in fc.state.last_skus]
        fc.snippets = fc.knowledge.search(" ".join([text] + names * 2), lang=lang, k=3, intent="product_issue")
    guide = _guide(fc, frame)
    if guide is not None:
        return guide
    frame.asked += 1
    return out(R.t(lang, "What exactly happens? (For example: won't turn on, won't charge, makes a noise.)",
                   "具体是什么情况呢？比如开不了机、充不进电、有异响。"), frame, "ask_detail", {"order": order})


def _guide(fc: FlowContext, frame: Frame) -> Outcome | None:
    best = next((s for s in fc.snippets if getattr(s, "score", 0) >= SNIPPET_FLOOR
                 and getattr(s, "lang", fc.lang) == fc.lang), None)
    if best is None:
        return None
    fc.state.finish()
    return out(R.product_issue(fc.lang, best.text), frame, "done", {"snippet": best.id})
