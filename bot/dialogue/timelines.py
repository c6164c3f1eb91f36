"""How long things take, from the shop's facts (config/knowledge/facts.toml): delivery per
carrier and refunds per payment method. Replies state these instead of one generic figure, so
a FedEx parcel gets FedEx's days and a PayPal refund PayPal's, whatever shop the bot serves.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.dialogue import texts as T
from bot.dialogue.facts import Facts
from bot.lang import replies as R

_NOW_WORDS = re.compile(r"immediate|instant|立即|即时|实时", re.I)


def upper_days(days: str) -> int | None:
    """The last number of a span ("2–5" → 5, "3–5 business days" → 5); 0 for "immediately";
    None when the text holds no number."""
    if _NOW_WORDS.search(days or ""):
        return 0
    nums = re.findall(r"\d+", days or "")
    return int(nums[-1]) if nums else None


def delivery_days(facts: Facts, carrier: str | None) -> str:
    """Business days a delivery by `carrier` normally takes after dispatch ("" when unknown)."""
    return str(facts.carrier(carrier).get("days", "") or "")


def is_late(facts: Facts, carrier: str | None, days_since_shipped: float, floor: float) -> bool:
    """Past the carrier's usual span (business days, read as calendar days plus weekends), and
    never before `floor` days: a UPS parcel at day 4 of "5–12" is not late yet."""
    end = upper_days(delivery_days(facts, carrier))
    limit = max(floor, end * 7 / 5 if end else floor)
    return days_since_shipped > limit


def payment_type_of(order: Mapping[str, Any] | None, customer: Any) -> str | None:
    """The payment type (paypal, card, gift_card, …) the order was paid with: where its refund goes."""
    if not order:
        return None
    pm_id = order.get("payment_method_id")
    for m in getattr(customer, "payment_methods", ()) or ():
        if m.id == pm_id:
            return str(m.type)
    return None


def refund_timing(facts: Facts, refunds: Sequence[Mapping[str, Any]], orders: Sequence[Mapping[str, Any]],
                  customer: Any, lang: str) -> str | None:
    """One sentence on how long these refunds take to arrive, per the method each goes back to;
    None when the methods are unknown (the generic wording stands)."""
    by_id = {str(o["id"]): o for o in orders}
    kinds: list[str] = []
    for r in refunds:
        kind = payment_type_of(by_id.get(str(r.get("order_id"))), customer)
        if kind is None:
            return None
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        return None
    parts = [(T.payment_type(k, lang), facts.refund_days(k, lang)) for k in kinds]
    if any(not days for _, days in parts):
        return None
    en = "; ".join(f"to {name}: {days}" for name, days in parts)
    zh = "；".join(f"退回{name}：{days}" for name, days in parts)
    return R.t(lang, f"Once a refund is issued it reaches you ({en}).", f"退款发起后到账时间（{zh}）。")


def overdue_refunds(facts: Facts, refunds: Sequence[Mapping[str, Any]], orders: Sequence[Mapping[str, Any]],
                    customer: Any, now: datetime | None) -> list[Mapping[str, Any]]:
    """Refunds still processing for longer than their method's usual time (plus a week of
    processing): a person should look at them rather than the customer waiting on."""
    if now is None:
        return []
    by_id = {str(o["id"]): o for o in orders}
    late = []
    for r in refunds:
        if str(r.get("status")) not in ("processing", "pending", "requested"):
            continue
        kind = payment_type_of(by_id.get(str(r.get("order_id"))), customer)
        end = upper_days(facts.refund_days(kind, "en")) if kind else None
        try:
            since = datetime.fromisoformat(str(r.get("created_at")))
        except ValueError:
            continue
        if end is not None and (now - since).total_seconds() / 86400 > end * 7 / 5 + 7:
            late.append(r)
    return late


def overdue_note(refunds: Sequence[Mapping[str, Any]], lang: str) -> str:
    ids = ", ".join(str(r.get("id")) for r in refunds)
    return R.t(lang, f"{ids} is taking longer than it should. Say \"human\" and a colleague will check it with "
                     f"the payment provider.",
               f"{ids} 处理时间已超出正常范围。回复“转人工”，同事会与支付机构核实。")
