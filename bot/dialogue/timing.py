"""How long things normally take, per carrier and per payment method (config/knowledge/facts.toml),
and whether a parcel or a refund is past that time.

One place for the "is it late?" reading, so the status answer, the delay answer and the delivery
investigation never disagree (one said "late" while another said "still normal").
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.dialogue.facts import Facts

# "还没到账", "haven't got the money": a refund that has not arrived yet.
MONEY_LATE = re.compile(r"(没到账|还没到账|没收到钱|钱还没|没退回|还没退|能快点|快点|加急|hurry|faster|speed (it )?up|"
                        r"haven'?t (got|received) (the |my )?(money|refund)|still no (money|refund))", re.I)

# Days of slack past the carrier's upper bound before a parcel counts as late: the upper bound is
# in business days and the clock counts calendar days from the dispatch hour.
LATE_SLACK_DAYS = 1.0


def upper_days(span: str, default: float = 7.0) -> float:
    """The upper bound of "2–7", "5–12 business days", "1–3 天" (default when none is written)."""
    nums = re.findall(r"\d+(?:\.\d+)?", str(span))
    return float(nums[-1]) if nums else default


def days_since(stamp: str | None, now: datetime) -> float | None:
    if not stamp:
        return None
    try:
        then = datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    if then.tzinfo is None and now.tzinfo is not None:
        then = then.replace(tzinfo=now.tzinfo)
    return (now - then).total_seconds() / 86400


@dataclass(frozen=True)
class Transit:
    """A shipped parcel against its carrier's normal delivery time."""

    normal_days: str          # "5–12" (business days), from facts.toml
    since: float              # days since dispatch
    late: bool                # past the normal time (plus slack)
    international: bool       # crosses a border: customs on top


def transit(facts: Facts, order: Mapping[str, Any], now: datetime, shop_currency: str | None = None) -> Transit:
    # The carrier's usual days on this route (Facts.transit: domestic or cross-border by the
    # order's currency against the shop's, else as the carrier is listed).
    route = facts.transit(order, now, shop_currency)
    normal = route.days
    since = days_since(order.get("shipped_at"), now) or 0.0
    # A carrier the shop's facts do not know: late only after the shop's stuck threshold.
    stuck = float(facts.get("delivery.stuck_after_days", 7) or 7)
    return Transit(normal, since, since > upper_days(normal, stuck) + LATE_SLACK_DAYS, route.international)


@dataclass(frozen=True)
class RefundTiming:
    """A refund against its payment method's usual timeline."""

    refund_id: str
    payment_type: str | None
    timeline: str             # "1–3 天", "5–10 business days"
    overdue: bool             # issued (processing) for longer than the timeline


def refund_timings(facts: Facts, refunds: Sequence[Mapping[str, Any]], orders: Sequence[Mapping[str, Any]],
                   methods: Sequence[Any], now: datetime, lang: str) -> list[RefundTiming]:
    """Each refund's timeline from the payment method of its order (the refund goes back there)."""
    by_order = {str(o.get("id")): o.get("payment_method_id") for o in orders}
    kinds = {str(getattr(m, "id", "")): str(getattr(m, "type", "")) for m in methods}
    out: list[RefundTiming] = []
    for r in refunds:
        kind = kinds.get(str(by_order.get(str(r.get("order_id"))) or "")) or None
        timeline = facts.refund_days(kind, lang)
        since = days_since(r.get("created_at"), now) or 0.0
        # Only a refund already on its way can be late; "pending" waits for the returned parcel.
        overdue = r.get("status") == "processing" and since > upper_days(timeline, 10.0) + LATE_SLACK_DAYS
        out.append(RefundTiming(str(r.get("id")), kind, timeline, overdue))
    return out


def refund_timing_text(timings: Sequence[RefundTiming], lang: str) -> str:
    """The timeline line under a refund list, for the payment methods these refunds go back to."""
    from bot.dialogue import texts as T
    seen: dict[str, str] = {}
    for t in timings:
        seen.setdefault(t.timeline, T.payment_type(t.payment_type, lang) if t.payment_type else "")
    if not seen:
        return ""
    if len(seen) == 1:
        (span, _), = seen.items()
        return T.t(lang, f"Once a refund is issued it usually reaches your original payment method within {span}.",
                   f"退款发起后一般 {span} 内原路退回到账。")
    parts = [f"{label or T.t(lang, 'other methods', '其他方式')} {span}" for span, label in seen.items()]
    return T.t(lang, "Once a refund is issued it usually arrives: " + "; ".join(parts) + ".",
               "退款发起后一般到账时间：" + "；".join(parts) + "。")


def overdue_text(timings: Sequence[RefundTiming], lang: str) -> str:
    """An apology and a person offered for refunds past their timeline ("" when none is)."""
    from bot.dialogue import texts as T
    late = ", ".join(t.refund_id for t in timings if t.overdue)
    if not late:
        return ""
    return T.t(lang, f" I'm sorry: refund {late} is taking longer than it should. Say \"human\" and a colleague will "
                     f"chase it with the payment provider.",
               f"非常抱歉，退款 {late} 已超过正常到账时间。回复“转人工”，同事会联系支付渠道为您核查。")


def refund_wait_text(refunds: Sequence[Mapping[str, Any]], timings: Sequence[RefundTiming], lang: str) -> str:
    """"When does the money arrive, it's been two days": where each refund is against its timeline,
    and a person offered (a refund cannot be hurried by the bot)."""
    from bot.dialogue import texts as T
    by_id = {t.refund_id: t for t in timings}
    parts: list[str] = []
    # Money already back is not what "it hasn't arrived" is about (all of them when nothing else is left).
    open_ones = [r for r in refunds if r.get("status") not in ("refunded", "completed")] or list(refunds)
    for r in open_ones:
        t = by_id.get(str(r.get("id")))
        span = t.timeline if t else ""
        if r.get("status") == "pending":
            parts.append(T.t(lang, f"Refund {r.get('id')} starts once the warehouse has received the returned item; from "
                                   f"then it usually takes {span} to reach your payment method.",
                             f"退款 {r.get('id')} 会在仓库收到退货后发起，之后一般 {span} 原路到账。"))
        elif t and t.overdue:
            parts.append(T.t(lang, f"Refund {r.get('id')} has been on its way longer than the usual {span}.",
                             f"退款 {r.get('id')} 已超过正常的 {span} 到账时间。"))
        elif r.get("status") == "processing":
            parts.append(T.t(lang, f"Refund {r.get('id')} is on its way; it usually takes {span}, so it is still within the "
                                   f"normal time.", f"退款 {r.get('id')} 正在退回中，一般需要 {span}，目前还在正常时间内。"))
        else:
            parts.append(T.t(lang, f"Refund {r.get('id')} is {r.get('status')}.", f"退款 {r.get('id')} 状态：{r.get('status')}。"))
    tail = T.t(lang, " I can't speed up the payment provider myself; if you'd like a colleague to check, say \"human\".",
               "我这边没法加快支付渠道的到账速度；如需同事跟进核查，回复“转人工”。")
    return " ".join(parts) + tail
