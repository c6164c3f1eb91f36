"""Return flow: which order, which items and how many, the policy check, a confirmation, the return.

Steps: start → (choose_order) → (choose_items) → confirm → done | aborted | refused.
"""
from __future__ import annotations

from bot import replies as R
from bot.dialogue import texts as T
from bot.dialogue.flows.base import (
    FlowContext,
    amount_of,
    carry_items,
    chosen_items,
    out,
    resolve_order,
    selected_items,
    take_slots,
)
from bot.dialogue.legacy import Outcome
from bot.dialogue.payment_kind import refund_timing
from bot.dialogue.state import Frame
from bot.lang.display_names import shown_name

NAME = "return_request"


def _names_something(fc: FlowContext) -> bool:
    given = fc.slots_given()
    return bool(given.get("items") or given.get("order_id") or given.get("qty") or fc.understood.flows())


def _eligible(order: dict) -> bool:
    return order.get("status") == "delivered"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm":
        if fc.said("confirm"):
            return await _execute(fc, frame)
        if fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted")
        if not _names_something(fc):
            # "it doesn't fit my wrist": a reason, not a new request. Keep the flow, note why.
            frame.slots["reason"] = fc.turn.text[:200]
            order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
            items = list(frame.slots.get("chosen") or [])
            return out(R.noted(lang) + T.confirm_return(order, items, amount_of(items), lang), frame, "confirm",
                       {"order": order, "pending": NAME, "items": items})
    take_slots(fc, frame)
    carry_items(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "return", "退货")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    items, kept, tie = chosen_items(fc, frame, order, "return", "退")
    if tie is not None:
        return tie
    if not items:
        lines = order.get("items") or []
        if len(lines) == 1:
            frame.slots["items"] = [{"order_id": order["id"], "sku": lines[0]["sku"], "excluded": False}]
            items, kept = selected_items(fc, frame, order)
        elif frame.step == "choose_items" and frame.asked >= 1:
            frame.slots["all"] = True          # asked twice without naming one: the whole order
            items, kept = selected_items(fc, frame, order)
        else:
            frame.asked += 1
            return out(T.choose_items(order, lang, "return", "退"), frame, "choose_items", {"order": order})
    skus = [i["sku"] for i in items]
    check = await fc.tools.check_return(fc.customer, order["id"], skus=skus)
    if not check.ok:
        fc.state.finish()
        text = R.refusal(check.code, check.data, order, NAME, lang)
        facts = {"order": order, "decision": {"code": check.code, **check.data}}
        if check.code in ("already_cancelled", "already_returned"):
            # "I want my money back" for an order already closed: say where the money is.
            res = await fc.tools.refund_status(fc.customer, order["id"])
            refunds = list(res.data.get("refunds", [])) if res.ok else []
            if refunds:
                text += "\n" + R.refund_list(refunds, lang, refund_timing(fc.facts, fc.customer, [order], refunds, lang))
                facts["refunds"] = refunds
        return out(text, frame, "refused", facts)
    allowed = list(check.data.get("skus") or skus)
    excluded = [shown_name(i, fc.lang) for i in order.get("items") or [] if i["sku"] in (check.data.get("excluded") or [])]
    items = [i for i in items if i["sku"] in allowed]
    frame.slots["chosen"] = items
    frame.slots["reason"] = frame.slots.get("reason") or fc.turn.text[:200]
    frame.asked = 0
    return out(T.confirm_return(order, items, amount_of(items), lang, excluded=kept + excluded), frame, "confirm",
               {"order": order, "pending": NAME, "items": items})


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
    items = list(frame.slots.get("chosen") or [])
    from bot.dialogue import actions
    res = await actions.create_return(fc.tools, fc.customer, order["id"], items, frame.slots.get("reason"))
    fc.state.finish()
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    fc.state.opened[f"return:{order['id']}"] = str(res.data.get("return_id") or "")
    pm = (fc.customer.payment_method(order.get("payment_method_id")) if hasattr(fc.customer, "payment_method")
          else None)
    days = fc.facts.refund_days(getattr(pm, "type", None) or _payment_type(order), lang)
    ship = int(fc.facts.get("returns.ship_back_days", 7))
    return out(T.return_done(order, res.data, items, days, lang, ship), frame, "done", {"order": order, "result": res.data})


def _payment_type(order: dict) -> str | None:
    pm = str(order.get("payment_method_id") or "")
    for kind in ("alipay", "wechat", "card", "paypal", "gift"):
        if kind in pm:
            return {"wechat": "wechat_pay", "gift": "gift_card"}.get(kind, kind)
    return None   # unknown: the facts' default timeline, never one guessed from the currency
