"""After-sales policy: pure decisions about what a customer may do with an order.

Every function returns a `Decision` whose `code` names the rule that decided and whose
`params` carry the facts a reply needs to cite it ("the 7-day window ended on 11-28").
No I/O here: the tools fetch the records and pass them in, so the rules are testable
in isolation and the dialogue can ask before it acts.

Windows are counted in calendar days from delivery, the way shops and Chinese consumer law
state them ("7 days from receipt"): an item delivered on the 21st may be returned until the
end of the 28th, in the delivery's own time zone.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.shop.models import DEFAULT_NON_RETURNABLE, Policies

if TYPE_CHECKING:  # pragma: no cover - typing only
    from bot.shop.models import ExchangeRecord, Order, OrderItem, ReturnRecord

__all__ = ["DEFAULT_NON_RETURNABLE", "Policies", "Decision", "parse_ts", "window_deadline"]

# Statuses of returns/exchanges that no longer block a new request.
CLOSED_REQUEST_STATUSES = frozenset({"rejected", "cancelled", "closed"})
BEFORE_SHIPPING = frozenset({"pending", "paid"})


@dataclass(frozen=True)
class Decision:
    ok: bool
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def parse_ts(value: str | datetime | None) -> datetime | None:
    """ISO-8601 to an aware datetime; a naive value is taken as UTC so comparisons never raise."""
    if value is None:
        return None
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def window_deadline(start: datetime, days: int) -> datetime:
    """End of the `days`-th calendar day after `start`, in `start`'s own time zone."""
    return datetime.combine(start.date() + timedelta(days=days), time(23, 59, 59), tzinfo=start.tzinfo)


def _status_block(order: Order) -> Decision | None:
    if order.status == "cancelled":
        return Decision(False, "already_cancelled", {"order_id": order.id})
    if order.status == "returned":
        return Decision(False, "already_returned", {"order_id": order.id})
    return None


def _before_shipping(order: Order) -> Decision:
    blocked = _status_block(order)
    if blocked:
        return blocked
    if order.status in BEFORE_SHIPPING:
        return Decision(True, "ok", {"order_id": order.id, "status": order.status})
    return Decision(False, "already_shipped", {"order_id": order.id, "status": order.status,
                                               "shipped_at": order.shipped_at})


def can_cancel(order: Order) -> Decision:
    """Cancel only before the parcel leaves the warehouse (pending or paid)."""
    return _before_shipping(order)


def can_change_address(order: Order) -> Decision:
    """Change the shipping address only before shipping (pending or paid)."""
    return _before_shipping(order)


def _delivered_window(order: Order, days: int, expired_code: str, now: datetime) -> Decision | None:
    blocked = _status_block(order)
    if blocked:
        return blocked
    if order.status != "delivered" or not order.delivered_at:
        return Decision(False, "not_delivered", {"order_id": order.id, "status": order.status})
    delivered = parse_ts(order.delivered_at)
    deadline = window_deadline(delivered, days)
    if parse_ts(now) > deadline:
        return Decision(False, expired_code, {"order_id": order.id, "days": days,
                                              "delivered_at": order.delivered_at,
                                              "deadline": deadline.isoformat()})
    return None


def _pick_items(order: Order, skus: Sequence[str] | None) -> tuple[list[OrderItem], Decision | None]:
    if skus is None:
        return list(order.items), None
    by_sku = {item.sku: item for item in order.items}
    missing = [s for s in skus if s not in by_sku]
    if missing or not skus:
        return [], Decision(False, "item_not_found", {"order_id": order.id, "sku": missing[0] if missing else None})
    return [by_sku[s] for s in dict.fromkeys(skus)], None


def _open_for(records: Iterable[Any], sku: str) -> Any | None:
    for rec in records:
        if rec.status in CLOSED_REQUEST_STATUSES:
            continue
        covered = getattr(rec, "skus", None)
        if covered is None:  # exchange record: one sku
            covered = [rec.sku] if getattr(rec, "sku", None) else []
        if not covered or sku in covered:  # an empty list means the whole order
            return rec
    return None


def can_return(order: Order, policies: Policies, now: datetime, skus: Sequence[str] | None = None,
               returns: Iterable[ReturnRecord] = ()) -> Decision:
    """Return delivered items inside the return window, unless non-returnable or already requested.

    `skus=None` means "the whole order": non-returnable lines are left out (and named in
    params["excluded"]) as long as something returnable remains.
    """
    blocked = _delivered_window(order, policies.return_window_days, "return_window_expired", now)
    if blocked:
        return blocked
    items, missing = _pick_items(order, skus)
    if missing:
        return missing
    returns = list(returns)
    banned = set(policies.non_returnable_categories)
    eligible, excluded = [], []
    for item in items:
        if item.category in banned:
            if skus is not None:
                return Decision(False, "non_returnable_category",
                                {"order_id": order.id, "sku": item.sku, "category": item.category})
            excluded.append(item)
            continue
        existing = _open_for(returns, item.sku)
        if existing is not None:
            if skus is not None:
                return Decision(False, "return_exists", {"order_id": order.id, "sku": item.sku,
                                                         "return_id": existing.id, "status": existing.status})
            excluded.append(item)
            continue
        eligible.append(item)
    if not eligible:
        first = excluded[0] if excluded else None
        if first is not None and first.category in banned:
            return Decision(False, "non_returnable_category",
                            {"order_id": order.id, "sku": first.sku, "category": first.category})
        existing = _open_for(returns, first.sku) if first is not None else None
        return Decision(False, "return_exists", {"order_id": order.id,
                                                 "return_id": existing.id if existing else None,
                                                 "status": existing.status if existing else None})
    deadline = window_deadline(parse_ts(order.delivered_at), policies.return_window_days)
    return Decision(True, "ok", {"order_id": order.id, "skus": [i.sku for i in eligible],
                                 "excluded": [i.sku for i in excluded],
                                 "days": policies.return_window_days, "deadline": deadline.isoformat()})


def can_exchange(order: Order, policies: Policies, now: datetime, sku: str | None = None,
                 exchanges: Iterable[ExchangeRecord] = (), returns: Iterable[ReturnRecord] = ()) -> Decision:
    """Exchange a delivered item inside the exchange window; customised, food and underwear never.

    `sku=None` is allowed when the order has exactly one line.
    """
    blocked = _delivered_window(order, policies.exchange_window_days, "exchange_window_expired", now)
    if blocked:
        return blocked
    if sku is None:
        if len(order.items) != 1:
            return Decision(False, "item_required", {"order_id": order.id,
                                                     "skus": [i.sku for i in order.items]})
        sku = order.items[0].sku
    items, missing = _pick_items(order, [sku])
    if missing:
        return missing
    item = items[0]
    if item.category in set(policies.non_returnable_categories):
        return Decision(False, "non_returnable_category",
                        {"order_id": order.id, "sku": item.sku, "category": item.category})
    existing = _open_for(exchanges, item.sku)
    if existing is not None:
        return Decision(False, "exchange_exists", {"order_id": order.id, "sku": item.sku,
                                                   "exchange_id": existing.id, "status": existing.status})
    existing = _open_for(returns, item.sku)
    if existing is not None:
        return Decision(False, "return_exists", {"order_id": order.id, "sku": item.sku,
                                                 "return_id": existing.id, "status": existing.status})
    deadline = window_deadline(parse_ts(order.delivered_at), policies.exchange_window_days)
    return Decision(True, "ok", {"order_id": order.id, "sku": item.sku,
                                 "days": policies.exchange_window_days, "deadline": deadline.isoformat()})
