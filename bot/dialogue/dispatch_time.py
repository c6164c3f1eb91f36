"""When a paid order leaves the warehouse, as the shop itself says it, and whether that is past.

    promise = shop_promise(facts, knowledge, lang)   # Promise | None (the shop says nothing: None)
    due = due_by(order, promise)                     # datetime | None
    overdue(order, promise, now)                     # paid, not shipped and past `due`

The time comes from the shop's facts (`[dispatch] within_hours` or `within_business_days`, with
`text_en` / `text_zh`) or else from the sentence of its own help pages that says how fast paid
orders are dispatched ("Paid orders are packed and dispatched within 1 business day",
"现货商品付款后48小时内发货"). Nothing is invented: a shop that states no dispatch time gets no
time in the reply.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.dialogue.facts import Facts

_NUM_EN = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "24": 24}
_NUM_ZH = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}

# "dispatched within 1 business day", "leave the warehouse within 2 business days", "ships within 48 hours".
_EN = re.compile(r"\b(?:dispatch\w*|ship(?:s|ped)?|leaves?|sent out|packed|go(?:es)? out)\b[^.;]{0,60}?\bwithin\s+"
                 r"(\d+|one|two|three|four|five|an?)\s+(business |working )?(hours?|days?)\b", re.I)
# "1 个工作日内…发出", "付款后48小时内发货", "两天内出库".
_ZH = re.compile(r"(\d+|[一两二三四五])\s*个?\s*(工作日|小时|天)(?:之)?内[^。；，,]{0,14}?(?:发货|发出|出库|寄出)")
# The sentence is about an order leaving, not a replacement, a reply time or a refund.
_OTHER = re.compile(r"replacement|exchange|refund|receiv\w*|inquir\w*|answer|repl(?:y|ies)|\breturn\w*|\bRMA\b|\bsend (?:it|them) back|"
                    r"换货|补发|新商品|退款|查询|答复|回复|寄回|退回|退货", re.I)
# Said of paid orders: the surest reading when a page has several times.
_PAID = re.compile(r"\bpaid\b|\bpayment\b|\bin stock\b|付款|已付|现货", re.I)
_ORDER_EN = re.compile(r"\borders?\b|\bin stock\b|\bitems?\b", re.I)
_SENTENCE = re.compile(r"[^.。!?！？\n]+[.。!?！？]?")


@dataclass(frozen=True)
class Promise:
    """The shop's dispatch time: its own sentence, and the time it names."""

    sentence: str            # the shop's words, quoted as they are
    amount: int
    unit: str                # "hours" | "days"
    business: bool           # business (working) days: weekends do not count


def from_text(text: str, lang: str) -> Promise | None:
    """The first sentence of `text` that says how soon paid orders are dispatched."""
    for m in _SENTENCE.finditer(text or ""):
        s = m.group(0).strip()
        if not s or _OTHER.search(s):
            continue
        if lang == "zh":
            hit = _ZH.search(s)
            if hit:
                n = int(hit.group(1)) if hit.group(1).isdigit() else _NUM_ZH[hit.group(1)]
                unit = "hours" if hit.group(2) == "小时" else "days"
                return Promise(s, n, unit, hit.group(2) == "工作日")
            continue
        got = _EN.search(s)
        if got and _ORDER_EN.search(s):
            word = got.group(1).lower()
            n = int(word) if word.isdigit() else _NUM_EN.get(word, 1)
            unit = "hours" if got.group(3).lower().startswith("hour") else "days"
            return Promise(s, n, unit, bool(got.group(2)))
    return None


def shop_promise(facts: Facts | None, knowledge: Any | None, lang: str) -> Promise | None:
    """The shop's dispatch time in `lang`: its facts first, else its help pages; None if it states none."""
    table = facts.get("dispatch", {}) if facts is not None else {}
    if isinstance(table, Mapping) and (table.get("within_hours") or table.get("within_business_days")):
        text = str(table.get("text_zh" if lang == "zh" else "text_en") or "")
        if table.get("within_hours"):
            return Promise(text, int(table["within_hours"]), "hours", False)
        return Promise(text, int(table["within_business_days"]), "days", True)
    if knowledge is None:
        return None
    ids = getattr(knowledge, "ids", None)
    if ids is None:
        return None
    found: list[Promise] = []
    for sid in ids:
        snip = knowledge.get(sid)
        if snip is None or getattr(snip, "lang", lang) != lang:
            continue
        got = from_text(str(snip.text), lang)
        if got is not None:
            found.append(got)
    paid = [p for p in found if _PAID.search(p.sentence)]
    return (paid or found or [None])[0]


def _paid_at(order: Mapping[str, Any]) -> datetime | None:
    stamp = order.get("paid_at") or order.get("placed_at")
    try:
        return datetime.fromisoformat(str(stamp)) if stamp else None
    except ValueError:
        return None


def _add_business_days(start: datetime, n: int) -> datetime:
    """`n` business days after `start` (Saturday and Sunday skipped; a weekend start counts from Monday)."""
    day = start
    while day.weekday() >= 5:
        day = (day + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = n
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def due_by(order: Mapping[str, Any], promise: Promise | None) -> datetime | None:
    """When the order should have left by the shop's own time (None: no time or no date)."""
    start = _paid_at(order)
    if promise is None or start is None:
        return None
    if promise.unit == "hours":
        return start + timedelta(hours=promise.amount)
    if promise.business:
        return _add_business_days(start, promise.amount)
    return start + timedelta(days=promise.amount)


def overdue(order: Mapping[str, Any], promise: Promise | None, now: datetime) -> bool:
    """Paid, not shipped, and past the shop's dispatch time."""
    due = due_by(order, promise)
    if order.get("status") != "paid" or due is None:
        return False
    if due.tzinfo is None and now.tzinfo is not None:
        due = due.replace(tzinfo=now.tzinfo)
    elif due.tzinfo is not None and now.tzinfo is None:
        now = now.replace(tzinfo=due.tzinfo)
    return now > due


def time_words(promise: Promise, lang: str) -> str:
    """"within 1 business day" / "1 个工作日内" from the promise."""
    if lang == "zh":
        unit = "小时" if promise.unit == "hours" else ("个工作日" if promise.business else "天")
        return f"{promise.amount} {unit}内"
    plural = "" if promise.amount == 1 else "s"
    kind = "hour" if promise.unit == "hours" else ("business day" if promise.business else "day")
    return f"within {promise.amount} {kind}{plural}"
