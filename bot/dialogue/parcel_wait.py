"""#13: a parcel still inside its carrier's estimate, read one way everywhere.

Two things the delay answers need and used to compute each in its own way (so one turn said
"within the normal time until Dec 1" and the next opened a carrier investigation, or "3 days
ago" became "2 days ago"):

- `calendar_days(stamp, now)`: days since a time stamp as the customer counts them — calendar
  dates on the shop's clock (`now`'s timezone), so a parcel sent yesterday evening is "yesterday",
  not "today" because fewer than 24 hours passed.
- `refund_options(fc, order)`: "just refund me" for a shipped parcel still on its way — what is
  possible now, from the shop's own data: cancelling is over once it shipped; refusing the parcel
  only when the shop's pages say what a refused parcel does (the page's sentence, never invented);
  a return after delivery within the shop's return window (its policies).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")
# A refund asked for instead of waiting, beyond the shared "just refund me" cue: "can I just get a
# refund", "I'd rather have my money back", "不想等了，退款吧", "能不能直接退".
_REFUND_INSTEAD = re.compile(r"\b(?:just|rather|instead)\b.{0,20}\b(?:refund|money back)\b|"
                             r"\b(?:get|have|want) (?:a |my )?(?:refund|money back)\b.{0,12}\b(?:instead|now)\b|"
                             r"\bcan i (?:get |have )?(?:a |my )?refund\b|\bi (?:want|need|'d like) (?:a |my )?refund\b|"
                             r"不想等.{0,8}退|退款吧|直接退|(?:能|可以)不能?直接退|(?:能|可以)退款吗|我要退款|申请退款|要求退款", re.I)


def wants_refund(text: str) -> bool:
    """The customer asks for the money back instead of waiting for the parcel."""
    from bot.lang import cues as C
    return bool(C.REFUND_ME.search(text) or _REFUND_INSTEAD.search(text))


def calendar_days(stamp: str | None, now: datetime) -> int | None:
    """Whole calendar days from `stamp` to `now`, both read in `now`'s timezone (the shop's clock)."""
    if not stamp:
        return None
    try:
        then = datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=now.tzinfo)
    elif now.tzinfo is not None:
        then = then.astimezone(now.tzinfo)
    return max(0, (now.date() - then.date()).days)


def refusal_sentences(fc: Any) -> str:
    """The shop's own sentences about refusing a parcel and what it is refunded after ("" when its
    pages say nothing: then refusing is not offered, since nobody can say what it leads to)."""
    from bot.dialogue.flows.delivery import shop_page
    from bot.dialogue.shop_questions import REFUND_WORD, REFUSE_PAGE
    page = shop_page(fc, "refuse parcel delivery refund courier 拒收 退款", REFUSE_PAGE)
    if not page:
        return ""
    said = [x for x in _SENTENCE.split(page) if x.strip()]
    keep = [x for i, x in enumerate(said) if REFUSE_PAGE.search(x)
            or (i and REFUSE_PAGE.search(said[i - 1]) and REFUND_WORD.search(x))]
    return (" " if fc.lang != "zh" else "").join(x.strip() for x in keep)


def refund_options(fc: Any, order: Mapping[str, Any]) -> str:
    """What the customer can do now about a refund for a parcel still on its way (one sentence or
    two, in fc.lang): the order can no longer be cancelled; the shop's refusal rule when it has
    one; otherwise (or too) a return within the shop's window once it is delivered."""
    from bot.dialogue import texts as T
    lang = fc.lang
    oid = order.get("id")
    pol = getattr(fc.tools, "policies", None)
    window = int(getattr(pol, "return_window_days", 0) or 0)
    head = T.t(lang, f" Order {oid} has already shipped, so it can no longer be cancelled.",
               f"订单 {oid} 已经发货，无法再取消。")
    refuse = refusal_sentences(fc)
    if refuse:
        return head + (" " + refuse if lang != "zh" else refuse)
    if window:
        return head + T.t(lang, f" Once it arrives you can return it within {window} days of delivery and get a "
                                f"refund.", f"收到后 {window} 天内可以申请退货退款。")
    return head + T.t(lang, " Once it arrives you can request a return.", "收到后可以申请退货。")


# The parcel is not with the customer yet ("还没到", "still not here"), said of the parcel, not of money.
_NOT_HERE = re.compile(r"还没到|没到|还没收到|没收到|还没来|not (?:here|arrived)|has ?n[o']?t (?:arrived|come)|"
                       r"have ?n[o']?t (?:got|received)|still (?:not|no)\b", re.I)


# The money is what has not come ("my refund still hasn't arrived", "退款还没到"): a refund question.
_MONEY_NOT_HERE = re.compile(r"(?:退款|退钱|钱|款|refund|money)[^.?!。？！,，]{0,12}(?:还没|没|未|not|has ?n[o']?t|still)", re.I)


def parcel_for_refund(fc: Any, order_id: str | None) -> Mapping[str, Any] | None:
    """The shipped order a refund wish is really about, when the message says its parcel has not
    come ("快递还没到，能退款吗", "X 还没到，我要退款"): the order named, else the customer's one
    shipped order. None when the words are about money not arriving ("退款还没到账"), when the
    order already has a refund, or when no single shipped order is meant — the refund answers stay."""
    from bot.dialogue import timing as TM
    from bot.lang import cues as C
    text = fc.turn.text
    if not _NOT_HERE.search(text) or TM.MONEY_LATE.search(text) or _MONEY_NOT_HERE.search(text):
        return None
    named = fc.order(order_id) if order_id else None
    if named is None and not C.PARCEL.search(text):
        return None
    shipped = [o for o in fc.orders if o.get("status") == "shipped"]
    order = named if named is not None else (shipped[0] if len(shipped) == 1 else None)
    if order is None or order.get("status") != "shipped":
        return None
    return order
