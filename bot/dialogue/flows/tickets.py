"""A case the customer already reported ("I already reported this", "我之前反馈过", "following up on
my complaint"): their open ticket is found and the new message added to it — never a second ticket,
never an answer that ignores the case.

One step: the open ticket the message points at (the order named, else the one open case, else the
open case of the kind this message is about) gets the message; several and nothing to tell them
apart: the customer picks. No open case found: None, and the turn goes on as usual.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import context as CX
from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome

# The customer says they reported this before.
REPORTED_BEFORE = re.compile(
    r"\b(?:already|previously|earlier)\s+(?:reported|contacted (?:you|support|customer service)|complained|"
    r"raised|opened a (?:case|ticket)|filed)\b|\b(?:i|we)\s+(?:have\s+|'ve\s+)?(?:reported|raised|complained about)\s+(?:this|it|that)\b.{0,20}"
    r"\b(?:before|already|last week|yesterday|earlier)\b|\bfollow(?:ing)?[- ]up on\b|\bmy (?:earlier|previous|last|open) "
    r"(?:complaint|report|case|ticket|message|request)\b|\b(?:still )?no (?:reply|answer|response) (?:to|on) my\b|"
    r"(?:之前|以前|上次|早就|已经|昨天|前几天|前天)(?:就)?(?:已经)?(?:反馈|投诉|反映|报告|联系(?:过)?(?:你们|客服)|提交工单)(?:过|了)?|"
    r"(?:反馈|投诉|反映)(?:过|了)(?:好几次|几次|一次)?|工单.{0,6}(?:没|还没|一直)", re.I)

# Flows that find and refer to their own open case (with their facts: what the order shows).
SELF_REFERRING = ("delivery_issue", "payment_issue")
# The ticket reason a started flow would open (its open case is the one meant).
_FLOW_REASON = {"delivery_issue": "delivery_issue", "order_status": "delivery_issue", "payment_issue": "payment_issue",
                "refund_status": "payment_issue", "invoice": "invoice_reissue", "warranty": "warranty",
                "troubleshooting": "warranty"}


async def refer(fc: FlowContext, flow: str | None, asked: bool = False) -> Outcome | None:
    """The open case this "already reported" message is about, with the message added to it.
    `asked`: the message asks how a case of theirs stands (record_status), so no "reported" cue
    is needed."""
    if not asked and (not REPORTED_BEFORE.search(fc.turn.text) or flow in SELF_REFERRING):
        return None
    tickets = await CX.customer_tickets(fc.tools, fc.customer)
    if not tickets:
        return None
    own = {str(o["id"]) for o in fc.orders}
    open_ = [t for t in tickets if t.get("status") in CX.OPEN_TICKET and (not t.get("order_id") or str(t["order_id"]) in own)]
    given = fc.slots_given()
    named = {str(given["order_id"])} if given.get("order_id") else \
        {str(i.get("order_id")) for i in given.get("items") or [] if not i.get("excluded")}
    if named:
        # The order named, else a case that names no order at all (an older hand-off or report
        # filed without one): never a case of another order.
        open_ = [t for t in open_ if str(t.get("order_id")) in named] \
            or [t for t in open_ if not t.get("order_id")]
        if len(open_) > 1 and flow in _FLOW_REASON:
            open_ = [t for t in open_ if t.get("reason") == _FLOW_REASON[flow]] or open_
    elif len(open_) > 1 and flow in _FLOW_REASON:
        open_ = [t for t in open_ if t.get("reason") == _FLOW_REASON[flow]] or open_
    if not open_:
        return None
    # A case opened or referred to in this conversation is the one "any update?" means.
    mine = set(str(v) for v in fc.state.opened.values())
    if len(open_) > 1 and any(str(t["id"]) in mine for t in open_):
        open_ = [t for t in open_ if str(t["id"]) in mine]
    lang = fc.lang
    if len(open_) > 1:
        listed = "; ".join(f"{t['id']} ({T.flow_label(_kind(str(t.get('reason') or '')), lang)}"
                           + (f", {T.t(lang, 'order', '订单')} {t['order_id']}" if t.get("order_id") else "") + ")"
                           for t in open_[:5])
        return Outcome(T.t(lang, f"You have these open cases: {listed}. Which one is this about?",
                           f"您有这些处理中的工单：{listed}。请问是哪一个？"),
                       step="choose_ticket", intent="other", facts={"tickets": [t["id"] for t in open_[:5]]},
                       knowledge_query=False)
    case = open_[0]
    reason = str(case.get("reason") or "")
    added = await CX.add_to_case(fc.tools, fc.customer, str(case["id"]), fc.turn.text,
                                 f"customer follow-up on case {case['id']} order={case.get('order_id')}")
    fc.state.opened[f"case:{case.get('order_id') or ''}"] = str(case["id"])     # (asked again: `again`)
    if case.get("order_id"):
        fc.state.last_order_id = str(case["order_id"])
        key = {"delivery_issue": "delivery", "payment_issue": "payment"}.get(reason)
        if key:
            fc.state.opened[f"{key}:{case['order_id']}"] = str(case["id"])
    about = T.t(lang, f" It's about order {case['order_id']}." if case.get("order_id") else "",
                f"涉及订单 {case['order_id']}。" if case.get("order_id") else "")
    parcel = case_parcel(fc, case)
    if parcel is not None:
        # "any update on the problem I reported?" about a parcel: what the order shows now is the
        # update (status, tracking, the carrier's usual time), and the case is tied to that order
        # for the rest of the conversation ("still no scans" goes onto it, never a second case).
        fc.state.last_order_id = str(parcel["id"])
        fc.state.opened[f"delivery:{parcel['id']}"] = str(case["id"])
        about = " " + parcel_update(fc, parcel) if lang != "zh" else parcel_update(fc, parcel)
    note = T.t(lang, " I've added your new message to it, so the colleague sees it there.",
               "您这条消息已补充到工单里，同事处理时能看到。") if added else ""
    hours = fc.facts.get("service.reply_within_hours")
    when = T.t(lang, f" They usually reply within {hours} hours." if hours else "",
               f"一般 {hours} 小时内回复。" if hours else "")
    return Outcome(T.already_open(_kind(reason), str(case["id"]), lang) + about + note + when, step="already_open",
                   intent="other", facts={"ticket": case["id"], "case_updated": added}, knowledge_query=False)


# "open a case", "file a report", "再帮我提交一下", "帮我催一下", "再开个单": a case asked for (again).
ASKS_CASE = re.compile(
    r"\b(?:open|file|raise|submit|log|create|make|start)\s+(?:a|an|another|the|one more|a new)?\s*"
    r"(?:case|ticket|report|complaint|claim|investigation)\b|\bfile (?:it|this)\b|\breport (?:it|this) again\b|"
    r"\b(?:chase|escalate|push)\b.{0,20}\b(?:it|this|them|up)\b|\bfollow (?:it )?up\b|"
    r"(?:再|重新)?(?:帮我|给我)?(?:再)?(?:提交|登记|开个?单|开(?:个)?工单|建(?:个)?工单|催(?:一下|一催|促)?|跟进一下|反馈一下|报(?:一下|上去))",
    re.I)


async def again(fc: FlowContext, flow: str | None, persisted: dict[str, Any]) -> Outcome | None:
    """A case asked for while one this conversation opened or referred to is still open on the
    same order (or on none): the message goes onto that case — never a second ticket beside it,
    never a status or how-to answer instead. None when no such case is open."""
    if not ASKS_CASE.search(fc.turn.text) or flow in SELF_REFERRING:
        return None        # (those flows refer to their own open case, with their facts)
    given = fc.slots_given()
    written = str(given.get("order_id") or "")
    held = [v for k, v in fc.state.opened.items() if k.split(":")[0] in ("delivery", "payment", "case", "warranty_claim")]
    if persisted.get("ticket"):
        held.append(str(persisted["ticket"]))
    if not held:
        return None
    tickets = await CX.customer_tickets(fc.tools, fc.customer)
    open_ = {str(t["id"]): t for t in tickets or [] if t.get("status") in CX.OPEN_TICKET}
    about = written or str(fc.state.last_order_id or "")
    cases = [open_[h] for h in reversed(held) if h in open_
             and (not open_[h].get("order_id") or not about or str(open_[h]["order_id"]) == about)]
    if not cases or (written and cases[0].get("order_id") and str(cases[0]["order_id"]) != written):
        return None
    case = cases[0]
    added = await CX.add_to_case(fc.tools, fc.customer, str(case["id"]), fc.turn.text,
                                 f"customer asked again on case {case['id']} order={case.get('order_id')}")
    lang = fc.lang
    note = T.t(lang, " I've added your new message to it, so the colleague sees it there.",
               "您这条消息已补充到工单里，同事处理时能看到。") if added else ""
    return Outcome(T.already_open(_kind(str(case.get("reason") or "")), str(case["id"]), lang) + note,
                   step="already_open", intent="other", facts={"ticket": case["id"], "case_updated": added},
                   knowledge_query=False)


def _kind(reason: str) -> str:
    """A ticket's reason as a flow the replies can name ("invoice_reissue" is an invoice case; a
    free-text reason from a hand-off, "talking to a person")."""
    if reason in _FLOW_REASON.values() and reason != "invoice_reissue":
        return reason
    return "invoice" if reason.startswith("invoice") else "handoff"


def case_parcel(fc: FlowContext, case: dict[str, Any]) -> dict[str, Any] | None:
    """The order a delivery case is about: its own order, else — a case filed without one — the
    customer's one parcel on its way (one shipped order; none or several: None)."""
    if str(case.get("reason") or "") != "delivery_issue":
        return None
    if case.get("order_id"):
        return fc.order(str(case["order_id"]))
    moving = [o for o in fc.orders if o.get("status") == "shipped"]
    return moving[0] if len(moving) == 1 else None


def parcel_update(fc: FlowContext, order: dict[str, Any]) -> str:
    """What a parcel's order shows now, said as the update on its case: delivered (when), or
    shipped with carrier, tracking, days and the carrier's usual time on this route."""
    from bot.dialogue import timing as TM
    from bot.dialogue.flows.product_info import shop_currency
    from bot.dialogue.parcel_wait import calendar_days
    lang = fc.lang
    oid, via = order["id"], T.carrier(order.get("carrier"), lang)
    tn = order.get("tracking_no") or "-"
    if order.get("status") == "delivered":
        when = T.date(order.get("delivered_at"), lang)
        return T.t(lang, f"Order {oid}: {via} shows it delivered on {when} (tracking {tn}).",
                   f"订单 {oid}：{via}显示已于{when}签收（运单号 {tn}）。")
    tr = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    n = calendar_days(order.get("shipped_at"), fc.now) or 0
    ago_en = "today" if n == 0 else "yesterday" if n == 1 else f"{n} days ago"
    ago_zh = "今天" if n == 0 else "昨天" if n == 1 else f"{n} 天前"
    head = T.t(lang, f"Order {oid} shipped {ago_en} with {via} (tracking {tn}) and is still in transit",
               f"订单 {oid} {ago_zh}由{via}发出（运单号 {tn}），目前仍在运输中")
    if not tr.normal_days:
        return head + T.t(lang, ".", "。")
    if tr.late:
        return head + T.t(lang, f"; {via} usually takes {tr.normal_days} business days, so it is overdue and the "
                                f"colleague on the case is checking it with the carrier.",
                          f"；{via}一般需要 {tr.normal_days} 个工作日，已经超时，负责工单的同事正在和承运商核查。")
    by = T.t(lang, f" (expected by {T.date(tr.expected_by.isoformat(), 'en')})" if tr.expected_by else "",
             f"（预计 {T.date(tr.expected_by.isoformat(), 'zh')}前送达）" if tr.expected_by else "")
    return head + T.t(lang, f"; {via} usually takes {tr.normal_days} business days, so it is still within the "
                            f"normal time{by}.",
                      f"；{via}一般需要 {tr.normal_days} 个工作日，目前仍在正常时效内{by}。")
