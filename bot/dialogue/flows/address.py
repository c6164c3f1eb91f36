"""Change the delivery address of an order not shipped yet: which order, the policy check, the new
address (a placeholder in state; the real value only reaches the tool), a confirmation, the change.

Steps: start → (choose_order) → (ask_address) → confirm → done | aborted | refused.
"""
from __future__ import annotations

from typing import Any

from bot.dialogue import actions
from bot.dialogue import address_after_ship as AS
from bot.dialogue import address_fix as AF
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R

NAME = "change_address"
_UNSHIPPED = ("pending", "paid")


def _eligible(order: dict[str, Any]) -> bool:
    return order.get("status") in _UNSHIPPED


def on_its_way(fc: FlowContext, frame: Frame) -> str | None:
    """"Can the parcel be redirected?" with no order named: the question is about a parcel already
    shipped, so the order in focus if it is one, else the only one on its way (never "which order?"
    among the unshipped ones, which the question is not about)."""
    if frame.slots.get("order_id") or frame.slots.get("items") or not AS.REDIRECT.search(fc.turn.text):
        return None
    shipped = [o for o in fc.orders if o.get("status") == "shipped"]
    last = fc.order(fc.state.last_order_id) if fc.state.last_order_id else None
    if last is not None and last.get("status") in ("shipped", "delivered"):
        return str(last["id"])
    return str(shipped[0]["id"]) if len(shipped) == 1 else None


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    fix = AF.correction(fc.turn.text) if not fc.slots_given().get("address") else None
    if frame.step in ("confirm", "ask_address") and (fc.said("deny") or fc.said("cancel_flow")) \
            and not fc.slots_given().get("address") and fix is None:
        fc.state.finish()
        return out(R.aborted(lang), frame, "aborted", {"order_id": frame.slots.get("order_id")})
    # (a unit corrected while the yes is awaited, "係C室唔係D室", is that correction, never the yes)
    if frame.step == "confirm" and fc.said("confirm") and not fc.slots_given().get("address") \
            and frame.slots.get("address") and fix is None:
        return await _execute(fc, frame)
    take_slots(fc, frame)
    on_way = on_its_way(fc, frame)
    if on_way is not None:
        frame.slots["order_id"] = on_way
    order, ask = await resolve_order(fc, frame, _eligible, "change the address of", "修改地址")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if not frame.slots.get("_checked") == order["id"]:
        check = await fc.tools.check_address_change(fc.customer, order["id"])
        if not check.ok:
            fc.state.finish()
            text = R.refusal(check.code, check.data, order, NAME, lang)
            if order.get("status") == "shipped":
                # On its way: the order, its carrier and the shop's own next step (a redirect
                # through the carrier, refusing the parcel), never a generic line.
                text = AS.refused_text(fc, order)
            return out(text, frame, "refused", {"order": order, "decision": {"code": check.code, **check.data}})
        frame.slots["_checked"] = order["id"]
    if fix is not None:
        corrected = await _corrected(fc, frame, order, fix)
        if corrected is None:
            return _ask_full_once(frame, order, lang)
        frame.slots["address"] = corrected
    address = frame.slots.get("address")
    if not address:
        return out(R.ask_address(order["id"], lang), frame, "ask_address", {"order": order})
    return out(R.confirm(NAME, order, {"address": address}, lang), frame, "confirm",
               {"order": order, "pending": NAME})


async def _corrected(fc: FlowContext, frame: Frame, order: dict[str, Any], fix: AF.AddressFix) -> str | None:
    """One corrected part written into the address it corrects — the one waiting for its yes, else
    the order's current one — and the result as this conversation's placeholder (the real value
    reaches only the tool and, restored by the privacy layer, the customer's own reply)."""
    if fc.conceal is None:
        return None
    pending = frame.slots.get("address")
    base = fc.reveal(str(pending)) if pending else await fc.tools.shipping_address_of(fc.customer, order["id"])
    new = AF.apply(fix, base)
    return fc.conceal("ADDRESS", new) if new else None


def _ask_full_once(frame: Frame, order: dict[str, Any], lang: str) -> Outcome:
    """A correction that cannot be placed in the address on file: ask once for the whole line,
    saying why; after that the plain question (never the same request in a loop)."""
    if frame.slots.get("_full_asked"):
        return out(R.ask_address(order["id"], lang), frame, "ask_address", {"order": order})
    frame.slots["_full_asked"] = True
    return out(R.ask_full_address(order["id"], lang), frame, "ask_address", {"order": order})


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
