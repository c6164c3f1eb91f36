"""Delivery investigation: a parcel marked delivered but not received, lost, stuck, or damaged in
transit. Never a return offer or a tracking loop: a ticket with the carrier facts, and the
policy's remedy (config/knowledge/facts.toml [delivery], knowledge snippet shipping-lost-parcel).

Steps: start → (choose_order) → done (ticket) | not_shipped | already_open.
"""
from __future__ import annotations

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.flows.product_info import shop_currency
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C

NAME = "delivery_issue"


def kind_of(text: str, order: dict) -> str:
    if C.TRANSIT_DAMAGE.search(text):
        return "damaged"
    if order.get("status") == "delivered":
        return "not_received"
    return "stuck"


def _eligible(order: dict) -> bool:
    return order.get("status") in ("shipped", "delivered")


def _prefer(fc: FlowContext) -> None:
    """A parcel "marked delivered" means a delivered order; "stuck"/"late" a shipped one."""
    text = fc.turn.text
    if C.NOT_RECEIVED.search(text) and not C.STUCK.search(text):
        pool = [o for o in fc.orders if o.get("status") == "delivered"]
    elif C.TRANSIT_DAMAGE.search(text):
        pool = [o for o in fc.orders if o.get("status") in ("delivered", "shipped")]
    else:
        pool = [o for o in fc.orders if o.get("status") == "shipped"]
    fc.orders_pref = pool  # type: ignore[attr-defined]


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    before = (fc.state.last_flow, fc.state.last_order_id)     # what this conversation last answered
    take_slots(fc, frame)
    given = fc.slots_given()
    open_cases = [k.split(":", 1)[1] for k in fc.state.opened if k.startswith("delivery:")]
    if open_cases and not given.get("order_id") and not given.get("items") and not frame.slots.get("order_id"):
        # "what now, how long?" with nothing named: the case already open in this conversation,
        # never a new investigation on another order.
        case = fc.state.last_order_id if fc.state.last_order_id in open_cases else open_cases[-1]
        frame.slots["order_id"] = case
    _prefer(fc)
    pref = {o["id"] for o in getattr(fc, "orders_pref", [])}
    order, ask = await resolve_order(fc, frame, (lambda o: o["id"] in pref) if pref else _eligible,
                                     "delivery", "物流问题")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if order.get("status") in ("pending", "paid"):
        fc.state.finish()
        return out(T.delivery_not_shipped(order, lang), frame, "not_shipped", {"order": order})
    key = f"delivery:{order['id']}"
    if fc.state.opened.get(key):
        fc.state.finish()
        days = fc.facts.get("delivery.investigation_days", 3)
        nxt = T.t(lang, f" The carrier answers within {days} business days, and {fc.facts.text('delivery.remedy', lang)}.",
                  f"承运商会在 {days} 个工作日内给出结果；{fc.facts.text('delivery.remedy', lang)}。")
        return out(T.already_open(NAME, fc.state.opened[key], lang) + nxt, frame, "already_open",
                   {"order": order, "ticket": fc.state.opened[key]})
    kind = frame.slots.get("kind") or kind_of(fc.turn.text, order)
    tr = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    since, normal, late = tr.since, tr.normal_days, tr.late
    wait_key = f"delivery_wait:{order['id']}"
    # Told the status of this parcel already and asking again ("帮我查一下"): the inquiry is opened.
    asked_before = fc.state.opened.get(wait_key) or (before[0] in ("order_status", NAME) and before[1] == order["id"])
    # Frozen tracking opens the inquiry only once the carrier can take one ([delivery] stuck_after_days).
    too_soon = since < float(fc.facts.get("delivery.stuck_after_days", 3) or 3)
    if kind == "stuck" and not late and (too_soon or not C.LOST_OR_FROZEN.search(fc.turn.text)) and not asked_before:
        # Slow but within the carrier's usual days: the normal time and the date to come back,
        # no investigation yet. Asked again in this conversation, the inquiry is opened.
        answer, overdue = CX.delay_answer(order, normal, since, lang)
        if not overdue:
            fc.state.opened[wait_key] = "told"
            fc.state.last_order_id = order["id"]
            fc.state.finish()
            return out(answer, frame, "within_normal_time",
                       {"order": order, "normal_days": normal, "days_since_shipped": round(since, 1)})
    facts = {"investigation_days": fc.facts.get("delivery.investigation_days", 3),
             "remedy": fc.facts.text("delivery.remedy", lang), "normal_days": normal, "late": late,
             "international": tr.international}
    lines = [f"delivery_issue kind={kind} order={order['id']} status={order['status']} carrier={order.get('carrier')}"
             f" tracking={order.get('tracking_no')} shipped_at={order.get('shipped_at')}"
             f" delivered_at={order.get('delivered_at')} days_since_shipped={since:.1f}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    res = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "delivery_issue",
                                       transcript)
    ticket = res.data.get("ticket_id") if res.ok else None
    if ticket:
        fc.state.opened[key] = str(ticket)
    fc.state.finish()
    return out(T.delivery_ticket(order, kind, ticket, facts, lang), frame, "done",
               {"order": order, "ticket": ticket, "kind": kind, **facts}, handoff=False)
