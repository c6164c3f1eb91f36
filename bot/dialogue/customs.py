"""A parcel said to be held in customs, read against the order's own route:

    domestic_hold(fc, frame, order, tr)   # a domestic route has no customs: said plainly, no fee
                                          # is owed, the order's facts, and the carrier inquiry
                                          # opened in this very turn (something is wrong with it)
    transit_line(tr, lang)                # an international parcel: its normal transit time
                                          # (customs clearance included) beside the shop's rule

Why: "held at customs" on a domestic parcel is a tracking error or a scam message, so the answer
is that there is no customs and nothing to pay, and the carrier is asked at once; a parcel that
does cross a border follows the shop's customs text (who pays, what to do), not a carrier case.
"""
from __future__ import annotations

from typing import Any

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

FLOW = "delivery_issue"


def transit_line(tr: TM.Transit, lang: str) -> str:
    """"International delivery normally takes 4–8 business days, customs clearance included" ("" unknown)."""
    if not tr.normal_days:
        return ""
    return T.t(lang, f" On this route delivery normally takes {tr.normal_days} business days after dispatch, "
                     f"customs clearance included.",
               f"这条国际线路发货后一般 {tr.normal_days} 个工作日送达（含清关时间）。")


async def domestic_hold(fc: FlowContext, frame: Frame, order: dict[str, Any], tr: TM.Transit) -> Outcome:
    """A customs hold reported on a parcel that never leaves the country."""
    lang = fc.lang
    via = T.carrier(order.get("carrier"), lang)
    tn = order.get("tracking_no") or ""
    shipped = T.date(order.get("shipped_at"), lang)
    key = f"delivery:{order['id']}"
    case = fc.state.opened.get(key)
    if not case:
        found = await CX.open_case(fc.tools, fc.customer, FLOW, str(order["id"]))
        case = str(found["id"]) if found else None
    opened_now = False
    if not case:
        lines = [f"delivery_issue kind=customs_on_domestic order={order['id']} status={order['status']} "
                 f"carrier={order.get('carrier')} tracking={tn} shipped_at={order.get('shipped_at')}"]
        transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
        res = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, FLOW, transcript,
                                           order_id=str(order["id"]))
        case = str(res.data.get("ticket_id")) if res.ok and res.data.get("ticket_id") else None
        opened_now = bool(case)
    else:
        await CX.add_to_case(fc.tools, fc.customer, case, fc.turn.text,
                             f"delivery_issue follow-up kind=customs_on_domestic order={order['id']}")
    if case:
        fc.state.opened[key] = case
    fc.state.last_order_id = order["id"]
    fc.state.finish()
    days = fc.facts.get("delivery.investigation_days", 3)
    normal = f" (normally {tr.normal_days} business days)" if tr.normal_days else ""
    normal_zh = f"（一般 {tr.normal_days} 个工作日送达）" if tr.normal_days else ""
    if lang == "zh":
        ref = f"（工单号 {case}）" if case else ""
        did = "已为您向承运商发起查询" if opened_now else "这个包裹的查询工单已经在处理中"
        text = (f"订单 {order['id']} 于{shipped}由{via}发出（运单号 {tn}），是国内件{normal_zh}，不经过海关，"
                f"所以不需要缴纳任何关税或税费。如果有人以清关为由让您付款，请不要支付。{did}{ref}，"
                f"承运商会在 {days} 个工作日内答复，我们会把结果告诉您。")
    else:
        ref = f" (case {case})" if case else ""
        did = "I've opened an inquiry with the carrier" if opened_now else "The inquiry with the carrier is already open"
        text = (f"Order {order['id']} shipped on {shipped} with {via} (tracking {tn}) on a domestic route{normal}, so it "
                f"doesn't go through customs at all — there is no customs fee or duty to pay. If anyone asks you to pay "
                f"one for this parcel, please don't. {did}{ref} to find out why the tracking says so; the carrier answers "
                f"within {days} business days and we'll let you know.")
    return out(text, frame, "customs_domestic", {"order": order, "ticket": case, "international": False,
                                                "fee_due": False, "kind": "customs_on_domestic"})
