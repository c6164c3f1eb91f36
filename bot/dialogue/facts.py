"""Business facts by carrier, currency and payment method (config/knowledge/facts.toml).

Replies state these; nothing in reply code hard-codes a delivery time, refund timeline,
warranty length or service hour.
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT = Path(__file__).resolve().parents[2] / "config" / "knowledge" / "facts.toml"


@dataclass(frozen=True)
class Transit:
    """Where a shipped parcel stands against its carrier's usual time on this route."""

    carrier: str | None
    days: str                    # the usual delivery time, business days ("5–12")
    max_days: int                # its upper end
    international: bool
    since_shipped: int | None    # days since dispatch, rounded (None: not shipped)
    late: bool                   # past the usual time (with a day's grace)
    expected_by: datetime | None  # dispatch + the upper end, business days read as calendar weeks


def _upper(days: str) -> int:
    nums = [int(n) for n in re.findall(r"\d+", days)]
    return max(nums) if nums else 7


@dataclass(frozen=True)
class Facts:
    data: Mapping[str, Any]

    @classmethod
    def load(cls, path: Path | str | None = None) -> Facts:
        return _load(str(path or DEFAULT))

    @classmethod
    def for_settings(cls, settings: Any) -> Facts:
        """The running shop's facts: `[knowledge] facts`, else `facts.toml` in `[knowledge] dir`.

        A shop that brings its own knowledge folder without a facts file gets no facts at all
        (replies then leave out what they do not know) rather than the demo shop's.
        """
        return cls.load(facts_path(settings))

    def layered(self, shop: Mapping[str, Any] | None) -> Facts:
        """These facts with the shop's own (fixture `facts`, same shape as facts.toml) on top:
        a table the shop gives is merged key by key, a value it gives wins."""
        if not shop:
            return self
        return Facts(_merge(self.data, shop))

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def carrier(self, code: str | None) -> Mapping[str, Any]:
        base = dict(self.get("delivery.default", {}))
        base.update(self.carrier_listed(code) or {})
        return base

    def carrier_listed(self, code: str | None) -> Mapping[str, Any] | None:
        """The carrier's own entry (case and punctuation folded: "PostNL", "postnl", "Post NL"),
        None when the shop lists no such carrier: replies then say they do not know its times."""
        carriers = self.get("delivery.carriers", {}) or {}
        want = _fold(code)
        if not want or not isinstance(carriers, Mapping):
            return None
        for name, entry in carriers.items():
            if _fold(name) == want and isinstance(entry, Mapping):
                return entry
        return None

    def transit(self, order: Mapping[str, Any], now: datetime, shop_currency: str | None = None) -> Transit:
        """The carrier's usual time for `order`'s route and whether the parcel is late.

        Cross-border when the order says so (`international`), else when it is paid in another
        currency than the shop's catalogue, else as the carrier is listed (facts.toml)."""
        code = order.get("carrier")
        c = self.carrier(code)
        listed = bool(c.get("international"))
        if isinstance(order.get("international"), bool):
            intl = bool(order["international"])
        elif shop_currency and order.get("currency"):
            intl = str(order["currency"]).upper() != shop_currency.upper()
        else:
            intl = listed
        if intl:
            days = str(c.get("days") if listed else self.get("delivery.cross_border.days", c.get("days", "")))
        else:
            # A cross-border carrier used at home: its domestic time, else the shop's default, else its own.
            days = str(c.get("domestic_days") or (self.get("delivery.default.days", "") if listed else "")
                       or c.get("days", ""))
        top = _upper(days)
        shipped = order.get("shipped_at")
        since, expected = None, None
        if shipped:
            from bot.shop.policy import parse_ts
            start = parse_ts(str(shipped))
            assert start is not None
            # Days as a customer counts them: 2.8 days ago is "3 days".
            since = max(0, round((parse_ts(now) - start).total_seconds() / 86400))  # type: ignore[operator]
            # Business days: a five-day week is seven calendar days.
            expected = start + timedelta(days=math.ceil(top * 7 / 5))
        late = since is not None and order.get("status") == "shipped" and since > top + 1
        return Transit(str(code) if code else None, days, top, intl, since, late, expected)

    def refund_days_for(self, customer: Any, order: Mapping[str, Any], lang: str) -> str:
        """The refund timeline of the payment method `order` was paid with (the customer's
        recorded method; else read from its id; else what its currency is usually paid with)."""
        pm = customer.payment_method(order.get("payment_method_id")) if hasattr(customer, "payment_method") else None
        return self.refund_days(getattr(pm, "type", None) or payment_type_of(order), lang)

    def refund_days(self, payment_type: str | None, lang: str) -> str:
        table = self.get("refund_days_zh" if lang == "zh" else "refund_days", {}) or {}
        return str(table.get(payment_type or "", table.get("default", "")))

    def warranty_months(self, category: str | None) -> int:
        return self.warranty_months_known(category) or 0

    def warranty_months_known(self, category: str | None) -> int | None:
        """Months of warranty for `category` (the shop's `default` for others); None when the shop
        states neither, so a reply says it does not know rather than "no warranty"."""
        months = self.get("warranty.months", {}) or {}
        value = months.get(category or "", months.get("default"))
        try:
            return None if value is None else int(value)
        except (TypeError, ValueError):
            return None

    def text(self, dotted: str, lang: str) -> str:
        return str(self.get(f"{dotted}_{'zh' if lang == 'zh' else 'en'}", ""))


def facts_path(settings: Any) -> Path:
    """Where the running shop's facts file is (it need not exist)."""
    try:
        explicit = str(settings.get("knowledge.facts") or "")
    except KeyError:
        explicit = ""
    return settings.path("knowledge.facts") if explicit else settings.path("knowledge.dir") / "facts.toml"
def payment_type_of(order: Mapping[str, Any]) -> str | None:
    """A payment type from the order alone: its method id's wording, else its currency's usual one."""
    pm = str(order.get("payment_method_id") or "").lower()
    for kind in ("alipay", "wechat", "card", "paypal", "gift", "bank", "cod"):
        if kind in pm:
            return {"wechat": "wechat_pay", "gift": "gift_card", "bank": "bank_transfer",
                    "cod": "cash_on_delivery"}.get(kind, kind)
    return "alipay" if order.get("currency") == "CNY" else "card" if order.get("currency") else None


def _fold(code: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(code or "").lower())


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> Facts:
    p = Path(path)
    return Facts(tomllib.loads(p.read_text(encoding="utf-8")) if p.is_file() else {})
