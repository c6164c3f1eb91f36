"""How long things normally take, per carrier and per payment method (config/knowledge/facts.toml),
and whether a parcel or a refund is past that time.

The one place for the "is it late?" reading (carrier days on the order's route), the payment type
an order was paid with (where its refund goes) and the refund-timeline sentences, so the status
answer, the delay answer, the delivery investigation and the refund answers never disagree.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.dialogue.facts import Facts
from bot.shop.countries import address_country, shop_country

# "还没到账", "haven't got the money": a refund that has not arrived yet.
MONEY_LATE = re.compile(r"(没到账|还没到账|没收到钱|钱还没|没退回|还没退|能快点|快点|加急|hurry|faster|speed (it )?up|"
                        r"haven'?t (got|received) (the |my )?(money|refund)|still no (money|refund))", re.I)

# Days of slack past the carrier's upper bound before a parcel counts as late: the upper bound is
# in business days and the clock counts calendar days from the dispatch hour.
LATE_SLACK_DAYS = 1.0


_NOW_WORDS = re.compile(r"immediate|instant|立即|即时|实时", re.I)


def upper_days(span: str | None, default: float = 7.0) -> float:
    """The upper bound of "2–7", "5–12 business days", "1–3 天"; 0 for "immediately"; default
    when no number is written."""
    if _NOW_WORDS.search(str(span or "")):
        return 0.0
    nums = re.findall(r"\d+(?:\.\d+)?", str(span or ""))
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
    """A shipped parcel against its carrier's normal delivery time on this route."""

    normal_days: str          # "5–12" (business days), from facts.toml ("" when unknown)
    since: float              # days since dispatch
    late: bool                # past the normal time (plus slack)
    international: bool       # crosses a border: customs on top
    expected_by: datetime | None = None   # dispatch + the upper end, business days read as calendar weeks

    @property
    def since_shipped(self) -> int:
        """Days as a customer counts them: 2.8 days ago is "3 days"."""
        return max(0, round(self.since))


# Where a shop's facts may state a carrier's (or its own) time abroad, in the order tried.
_ABROAD_KEYS = ("international_days", "cross_border_days", "abroad_days")
_SHOP_ABROAD = ("delivery.cross_border.days", "delivery.international.days", "delivery.international_days",
                "delivery.cross_border_days", "delivery.abroad.days")


def abroad_days(facts: Facts, carrier: Mapping[str, Any]) -> str:
    """A domestic carrier's usual time on a cross-border route: its own international time, else
    the shop's; "" when the shop states none — never its domestic days (vague13: a parcel abroad
    was quoted the home time)."""
    for key in _ABROAD_KEYS:
        if carrier.get(key):
            return str(carrier[key])
    for key in _SHOP_ABROAD:
        found = facts.get(key, "")
        if found and not isinstance(found, Mapping):
            return str(found)
    return ""


def route_days(facts: Facts, order: Mapping[str, Any], shop_currency: str | None = None) -> tuple[str, bool]:
    """The carrier's usual days for `order`'s route, and whether the route crosses a border.

    Cross-border when the order says so (`international`), else when its shipping address is in
    another country than the shop's (facts `[shop] country`, else its currency's one country),
    else when it is paid in another currency than the shop's catalogue, else as the carrier is
    listed (facts.toml)."""
    c = facts.carrier(order.get("carrier"))
    listed = bool(c.get("international"))
    home = shop_country(facts, shop_currency)
    dest = order.get("ship_country") or address_country(order.get("shipping_address"))
    if isinstance(order.get("international"), bool):
        intl = bool(order["international"])
    elif home and dest:
        intl = dest != home
    elif shop_currency and order.get("currency"):
        intl = str(order["currency"]).upper() != shop_currency.upper()
    else:
        intl = listed
    if intl:
        days = str(c.get("days") if listed else abroad_days(facts, c))
    else:
        # A cross-border carrier used at home: its domestic time, else the shop's default, else its own.
        days = str(c.get("domestic_days") or (facts.get("delivery.default.days", "") if listed else "")
                   or c.get("days", ""))
    return ("" if days == "None" else days), intl


def transit(facts: Facts, order: Mapping[str, Any], now: datetime, shop_currency: str | None = None) -> Transit:
    normal, intl = route_days(facts, order, shop_currency)
    since = days_since(order.get("shipped_at"), now) or 0.0
    # A carrier the shop's facts do not know: late only after the shop's stuck threshold.
    stuck = float(facts.get("delivery.stuck_after_days", 7) or 7)
    top = upper_days(normal, stuck)
    expected = None
    if order.get("shipped_at"):
        try:
            start = datetime.fromisoformat(str(order["shipped_at"]))
            # Business days: a five-day week is seven calendar days.
            expected = start + timedelta(days=math.ceil(top * 7 / 5))
        except ValueError:
            expected = None
    return Transit(normal, since, since > top + LATE_SLACK_DAYS, intl, expected)


def payment_type(customer: Any | None, order: Mapping[str, Any] | None) -> str | None:
    """The payment method type `order` was paid with (`card`, `paypal`, `alipay`, ...): where its
    refund goes. Read from the customer's own payment method (DESIGN.md `type`), never guessed from
    the currency; None when unknown (the facts' `default` timeline then applies)."""
    pm_id = (order or {}).get("payment_method_id")
    if not pm_id:
        return None
    for m in getattr(customer, "payment_methods", ()) or ():
        if getattr(m, "id", None) == pm_id:
            kind = getattr(m, "type", None)
            return str(kind) if kind else None
    return None


@dataclass(frozen=True)
class RefundTiming:
    """A refund against its payment method's usual timeline."""

    refund_id: str
    payment_type: str | None
    timeline: str             # "1–3 天", "5–10 business days"
    overdue: bool             # issued (processing) for longer than the timeline


def refund_timings(facts: Facts, refunds: Sequence[Mapping[str, Any]], orders: Sequence[Mapping[str, Any]],
                   customer: Any | None, now: datetime, lang: str) -> list[RefundTiming]:
    """Each refund's timeline from the payment method of its order (the refund goes back there)."""
    by_order = {str(o.get("id")): o for o in orders}
    out: list[RefundTiming] = []
    for r in refunds:
        kind = payment_type(customer, by_order.get(str(r.get("order_id"))))
        timeline = facts.refund_days(kind, lang)
        since = days_since(r.get("created_at"), now) or 0.0
        # Only a refund already on its way can be late; "pending" waits for the returned parcel.
        overdue = r.get("status") == "processing" and since > upper_days(timeline, 10.0) + LATE_SLACK_DAYS
        out.append(RefundTiming(str(r.get("id")), kind, timeline, overdue))
    return out


def arrives_within(span: str, lang: str) -> str:
    """The refund-timeline clause every refund answer uses ("" when the facts give no span)."""
    if not span:
        return ""
    if not any(c.isdigit() for c in span):
        # "at once", "立即": a span without a number reads as the moment itself, not "within at once".
        return f"it usually arrives {span}" if lang == "en" else f"一般{span}到账"
    return f"it usually arrives within {span}" if lang == "en" else f"一般 {span} 内到账"


def refund_timing_text(timings: Sequence[RefundTiming], lang: str) -> str:
    """The timeline line under a refund list, for the payment methods these refunds go back to."""
    from bot.dialogue import texts as T
    seen: dict[str, str] = {}
    for t in timings:
        if not t.timeline:
            continue          # no timeline in the facts: nothing invented
        seen.setdefault(t.timeline, T.payment_type(t.payment_type, lang) if t.payment_type else "")
    if not seen:
        return ""
    if len(seen) == 1:
        (span, _), = seen.items()
        if not any(ch.isdigit() for ch in span):
            # "immediately": a moment, not a span ("within immediately" reads wrong).
            return T.t(lang, f"Once a refund is issued it usually reaches your original payment method {span}.",
                       f"退款发起后一般{span}原路退回到账。")
        return T.t(lang, f"Once a refund is issued it usually reaches your original payment method within {span}.",
                   f"退款发起后一般 {span} 内原路退回到账。")
    parts = [f"{label or T.t(lang, 'other methods', '其他方式')} {span}" for span, label in seen.items()]
    return T.t(lang, "Once a refund is issued it usually arrives: " + "; ".join(parts) + ".",
               "退款发起后一般到账时间：" + "；".join(parts) + "。")


def overdue_text(timings: Sequence[RefundTiming], lang: str, refunds: Sequence[Mapping[str, Any]] = (),
                 now: datetime | None = None) -> str:
    """An apology and a person offered for refunds past their timeline ("" when none is); with the
    refunds and the clock, how long each has been on its way against its usual days, so a weeks-old
    refund is never read as on time."""
    from bot.dialogue import texts as T
    late = ", ".join(t.refund_id for t in timings if t.overdue)
    if not late:
        return ""
    since = ""
    by_id = {str(r.get("id")): r for r in refunds}
    for t in timings:
        r = by_id.get(t.refund_id)
        days = days_since(r.get("created_at"), now) if r is not None and now is not None else None
        if t.overdue and days is not None and t.timeline:
            since += T.t(lang, f" It has been on its way for {int(days)} days, well past the usual {t.timeline}.",
                         f"这笔退款已发起 {int(days)} 天，远超正常的 {t.timeline}。")
            break
    return T.t(lang, f" I'm sorry: refund {late} is taking longer than it should.{since} Say \"human\" and a colleague will "
                     f"chase it with the payment provider.",
               f"非常抱歉，退款 {late} 已超过正常到账时间。{since}回复“转人工”，同事会联系支付渠道为您核查。")


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


def refund_not_arrived_text(refunds: Sequence[Mapping[str, Any]], timings: Sequence[RefundTiming], lang: str) -> str:
    """"I don't see it" right after being told the money was sent: where each refund went and
    when, how long it takes, where to look, and a person who can trace it."""
    from bot.dialogue import texts as T
    from bot.lang import replies as R
    by_id = {t.refund_id: t for t in timings}
    parts: list[str] = []
    for r in refunds:
        t = by_id.get(str(r.get("id")))
        kind = t.payment_type if t else None
        span = arrives_within(t.timeline if t and kind else "", lang)
        where = T.payment_type(kind, lang) if kind else T.t(lang, "the original payment method", "原支付方式")
        amt = R.money(r.get("amount"), r.get("currency"), lang)
        parts.append(T.t(lang, f"{r.get('id')} ({amt}) was sent to {where} on {R.date(r.get('created_at'), 'en')}"
                               + (f"; {span}" if span else ""),
                         f"{r.get('id')}（{amt}）已于{R.date(r.get('created_at'), 'zh')}退回{where}"
                         + (f"，{span}" if span else "")))
    return T.t(lang, "; ".join(parts) + ". Please check the activity of that account (it may show under the "
                     "shop's name). If it isn't there, say \"human\" and a colleague will trace it with the payment "
                     "provider and give you a transaction reference.",
               "；".join(parts) + "。请在该账户的交易记录里查看（可能显示为商家名称）。如果仍然找不到，回复“转人工”，"
               "同事会与支付机构核查并提供交易凭证号。")
