"""Cancel an order before it ships: which order, the policy check, a confirmation, the cancel.

Steps: start → (choose_order) → confirm → done | aborted | refused.
"""
from __future__ import annotations

from typing import Any

from bot import replies as R
from bot.dialogue import actions
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

NAME = "cancel_order"
_UNSHIPPED = ("pending", "paid")


def _eligible(order: dict[str, Any]) -> bool:
    return order.get("status") in _UNSHIPPED


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm":
        if _other_order(fc, frame):
            # "no wait, cancel the rice cooker one instead": drop this order, take the one named.
            for key in ("order_id", "_fresh", "items", "candidates"):
                frame.slots.pop(key, None)
        elif fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted", {"order_id": frame.slots.get("order_id")})
        elif fc.said("confirm"):
            return await _execute(fc, frame)
    take_slots(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "cancel", "取消")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    # The shop's rule decides (status, payment state); the flow only asks it.
    check = await fc.tools.check_cancel(fc.customer, order["id"])
    if not check.ok:
        fc.state.finish()
        text = R.refusal(check.code, check.data, order, NAME, lang)
        facts: dict[str, Any] = {"order": order, "decision": {"code": check.code, **check.data}}
        if check.code == "already_cancelled":
            # Cancelled already: what they want to know next is where the money is.
            res = await fc.tools.refund_status(fc.customer, order["id"])
            refunds = list(res.data.get("refunds", [])) if res.ok else []
            if refunds:
                text += "\n" + R.refund_list(refunds, lang)
                facts["refunds"] = refunds
        return out(text, frame, "refused", facts)
    return out(R.confirm(NAME, order, {}, lang), frame, "confirm", {"order": order, "pending": NAME})


def _other_order(fc: FlowContext, frame: Frame) -> bool:
    """This turn names an order (by id or by its items) other than the one waiting for a yes."""
    given = fc.slots_given()
    current = frame.slots.get("order_id")
    if given.get("order_id"):
        return str(given["order_id"]) != str(current)
    named = {i["order_id"] for i in given.get("items") or [] if not i.get("excluded")}
    return bool(named) and str(current) not in named


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    oid = str(frame.slots.get("order_id"))
    res = await actions.call(fc.tools, "cancel_order", fc.customer, oid)
    fc.state.finish()
    order = await _order(fc, oid)
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    data = {**res.data, "refund_days": fc.facts.refund_days_for(fc.customer, order, lang)}
    return out(R.done(NAME, order, data, lang), frame, "done", {"order": order, "result": dict(res.data)})


async def _order(fc: FlowContext, oid: str) -> dict[str, Any]:
    res = await fc.tools.get_order(fc.customer, oid)
    return dict(res.data) if res.ok else {"id": oid}
