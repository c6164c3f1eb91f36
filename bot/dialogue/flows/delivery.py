"""Delivery investigation: a parcel marked delivered but not received, lost, stuck, or damaged in
transit. Never a return offer or a tracking loop: a ticket with the carrier facts, and the
policy's remedy (config/knowledge/facts.toml [delivery], knowledge snippet shipping-lost-parcel).

Steps: start → (choose_order) → done (ticket) | not_shipped | already_open.
"""
from __future__ import annotations

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext, days_between, out, resolve_order, take_slots
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
    carrier = fc.facts.carrier(order.get("carrier"))
    since = days_between(order.get("shipped_at"), fc.now) or 0.0
    normal = str(carrier.get("days", ""))
    try:
        late = since > float(normal.replace("–", "-").split("-")[-1]) + 1
    except ValueError:
        late = since > 7
    if kind == "stuck" and not late and since < float(fc.facts.get("delivery.stuck_after_days", 3)) \
            and not C.TICKET.search(fc.turn.text):
        # Shipped too recently for the carrier to open an inquiry ([delivery] stuck_after_days)
        # and inside its usual days: the usual time and the date to come back by, no ticket yet.
        from bot.dialogue import context as CX
        answer, overdue = CX.delay_answer(order, normal, since, lang)
        if not overdue:
            fc.state.finish()
            return out(answer, frame, "in_time", {"order": order, "normal_days": normal,
                                                  "days_since_shipped": round(since, 1)})
    facts = {"investigation_days": fc.facts.get("delivery.investigation_days", 3),
             "remedy": fc.facts.text("delivery.remedy", lang), "normal_days": normal, "late": late,
             "international": bool(carrier.get("international"))}
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
