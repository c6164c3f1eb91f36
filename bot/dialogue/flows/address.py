"""Change the delivery address of an order not shipped yet: which order, the policy check, the new
address (a placeholder in state; the real value only reaches the tool), a confirmation, the change.

Steps: start → (choose_order) → (ask_address) → confirm → done | aborted | refused.
"""
from __future__ import annotations

from typing import Any

from bot.dialogue import actions
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R

NAME = "change_address"
_UNSHIPPED = ("pending", "paid")


def _eligible(order: dict[str, Any]) -> bool:
    return order.get("status") in _UNSHIPPED


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step in ("confirm", "ask_address") and (fc.said("deny") or fc.said("cancel_flow")) \
            and not fc.slots_given().get("address"):
        fc.state.finish()
        return out(R.aborted(lang), frame, "aborted", {"order_id": frame.slots.get("order_id")})
    if frame.step == "confirm" and fc.said("confirm") and not fc.slots_given().get("address") \
            and frame.slots.get("address"):
        return await _execute(fc, frame)
    take_slots(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "change the address of", "修改地址")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if not frame.slots.get("_checked") == order["id"]:
        check = await fc.tools.check_address_change(fc.customer, order["id"])
        if not check.ok:
            fc.state.finish()
            return out(R.refusal(check.code, check.data, order, NAME, lang), frame, "refused",
                       {"order": order, "decision": {"code": check.code, **check.data}})
        frame.slots["_checked"] = order["id"]
    address = frame.slots.get("address")
    if not address:
        return out(R.ask_address(order["id"], lang), frame, "ask_address", {"order": order})
    return out(R.confirm(NAME, order, {"address": address}, lang), frame, "confirm",
               {"order": order, "pending": NAME})


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    oid, address = str(frame.slots.get("order_id")), str(frame.slots["address"])
    res = await actions.call(fc.tools, "change_address", fc.customer, oid, fc.reveal(address))
    fc.state.finish()
    got = await fc.tools.get_order(fc.customer, oid)
    order = dict(got.data) if got.ok else {"id": oid}
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    data = {**dict(res.data), "address": address}     # the placeholder, never the real address, in replies
    return out(R.done(NAME, order, data, lang), frame, "done", {"order": order, "result": data})
