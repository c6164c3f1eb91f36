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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.shop import codes
from bot.shop.models import DEFAULT_NON_RETURNABLE, ItemQty, ItemSwap, Policies

if TYPE_CHECKING:  # pragma: no cover - typing only
    from bot.shop.models import Customer, ExchangeRecord, Order, OrderItem, Product, ReturnRecord, Variant

__all__ = ["DEFAULT_NON_RETURNABLE", "Policies", "Decision", "parse_ts", "window_deadline"]

# Statuses of returns/exchanges that no longer block a new request.
CLOSED_REQUEST_STATUSES = frozenset({"rejected", "cancelled", "closed"})
BEFORE_SHIPPING = frozenset({"pending", "paid"})
# A return / exchange the customer may still take back: nothing has come back, been paid or left.
WITHDRAWABLE_STATUSES = frozenset({"requested", "approved", "label_sent", "pending", "open"})


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


def _returned_qty(returns: Iterable[ReturnRecord], sku: str, line_qty: int) -> tuple[int, Any]:
    """Units of `sku` that open returns already cover, and the first such return."""
    total, first = 0, None
    for rec in returns:
        if rec.status in CLOSED_REQUEST_STATUSES:
            continue
        if not rec.items:                       # an old whole-order return
            n = line_qty
        else:
            n = sum(int(i.qty) for i in rec.items if i.sku == sku)
        if n:
            total += n
            first = first or rec
    return min(total, line_qty), first


def _merge_qty(items: Iterable[Sequence[Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for sku, qty in ((i[0], i[1]) for i in items):
        if not isinstance(qty, int) or isinstance(qty, bool):
            out[sku] = qty                      # refused below as invalid_quantity
        elif isinstance(out.get(sku, 0), int):
            out[sku] = out.get(sku, 0) + qty
    return out


def can_return(order: Order, policies: Policies, now: datetime, skus: Sequence[str] | None = None,
               returns: Iterable[ReturnRecord] = (), items: Sequence[Sequence[Any]] | None = None) -> Decision:
    """Return delivered items inside the return window, unless non-returnable or already requested.

    `items` ((sku, qty) pairs) names lines and quantities; `skus` names whole lines; neither
    means "the whole order": non-returnable lines (and lines already fully covered by open
    returns) are left out (named in params["excluded"]) as long as something remains. A
    quantity may not exceed what was ordered minus what open returns already cover.
    ok params: skus, items (list of ItemQty), amount (Decimal: unit price × qty), excluded,
    days, deadline. return_window_expired with the exchange window still open also carries
    exchange_days and exchange_deadline.
    """
    blocked = _delivered_window(order, policies.return_window_days, "return_window_expired", now)
    if blocked:
        if blocked.code == "return_window_expired" and order.delivered_at:
            # The exchange window may still be open: the refusal says until when (params
            # exchange_days, exchange_deadline) instead of closing every door.
            until = window_deadline(parse_ts(order.delivered_at), policies.exchange_window_days)
            named = {str(x[0]) for x in items} if items else set(skus or ())
            lines = [i for i in order.items if not named or i.sku in named]
            # Only lines the shop exchanges at all (non-returnable categories are excluded from both).
            exchangeable = [i for i in lines if i.category not in set(policies.non_returnable_categories)]
            if exchangeable and parse_ts(now) <= until:
                return Decision(False, blocked.code, {**blocked.params, "exchange_days": policies.exchange_window_days,
                                                      "exchange_deadline": until.isoformat()})
        return blocked
    returns = list(returns)
    banned = set(policies.non_returnable_categories)
    chosen: list[tuple[OrderItem, int]] = []
    excluded: list[OrderItem] = []
    if items is not None:
        wanted = _merge_qty(items)
        if not wanted:
            return Decision(False, codes.ITEM_NOT_FOUND, {"order_id": order.id, "sku": None})
        for sku, qty in wanted.items():
            item = order.item(sku)
            if item is None:
                return Decision(False, codes.ITEM_NOT_FOUND, {"order_id": order.id, "sku": sku})
            if item.category in banned:
                return Decision(False, codes.NON_RETURNABLE_CATEGORY,
                                {"order_id": order.id, "sku": sku, "category": item.category})
            done, existing = _returned_qty(returns, sku, item.qty)
            left = item.qty - done
            if left <= 0:
                return Decision(False, codes.RETURN_EXISTS, {"order_id": order.id, "sku": sku,
                                                             "return_id": existing.id, "status": existing.status})
            if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1 or qty > left:
                return Decision(False, codes.INVALID_QUANTITY, {"order_id": order.id, "sku": sku, "qty": qty,
                                                                "max": left})
            chosen.append((item, qty))
    else:
        picked, missing = _pick_items(order, skus)
        if missing:
            return missing
        for item in picked:
            if item.category in banned:
                if skus is not None:
                    return Decision(False, codes.NON_RETURNABLE_CATEGORY,
                                    {"order_id": order.id, "sku": item.sku, "category": item.category})
                excluded.append(item)
                continue
            done, existing = _returned_qty(returns, item.sku, item.qty)
            if done >= item.qty:
                if skus is not None:
                    return Decision(False, codes.RETURN_EXISTS, {"order_id": order.id, "sku": item.sku,
                                                                 "return_id": existing.id,
                                                                 "status": existing.status})
                excluded.append(item)
                continue
            chosen.append((item, item.qty - done))
    if not chosen:
        first = excluded[0] if excluded else None
        if first is not None and first.category in banned:
            return Decision(False, codes.NON_RETURNABLE_CATEGORY,
                            {"order_id": order.id, "sku": first.sku, "category": first.category})
        existing = _returned_qty(returns, first.sku, first.qty)[1] if first is not None else None
        return Decision(False, codes.RETURN_EXISTS, {"order_id": order.id,
                                                     "return_id": existing.id if existing else None,
                                                     "status": existing.status if existing else None})
    deadline = window_deadline(parse_ts(order.delivered_at), policies.return_window_days)
    return Decision(True, codes.OK, {
        "order_id": order.id, "skus": [i.sku for i, _ in chosen],
        "items": [ItemQty(i.sku, q) for i, q in chosen],
        "amount": sum((i.price * q for i, q in chosen), Decimal("0")),
        "excluded": [i.sku for i in excluded],
        "days": policies.return_window_days, "deadline": deadline.isoformat()})


def _product_of(item: OrderItem, variants: Mapping[str, Variant]) -> str | None:
    if item.product_id:
        return item.product_id
    v = variants.get(item.sku)
    return v.product_id if v else None


def _check_swap_target(order: Order, item: OrderItem, new_sku: str, added: int,
                       variants: Mapping[str, Variant]) -> Decision | None:
    """A variant of the same product with stock for `added` more units (None: fine)."""
    if new_sku == item.sku and added <= 0:
        return None
    if not variants:
        if new_sku != item.sku:
            return Decision(False, codes.NO_CATALOGUE, {"order_id": order.id, "sku": item.sku, "new_sku": new_sku})
        return None
    new = variants.get(new_sku)
    if new is None:
        return Decision(False, codes.VARIANT_NOT_FOUND, {"order_id": order.id, "sku": item.sku, "new_sku": new_sku})
    if new.product_id != _product_of(item, variants):
        return Decision(False, codes.DIFFERENT_PRODUCT, {"order_id": order.id, "sku": item.sku, "new_sku": new_sku,
                                                         "product_id": _product_of(item, variants)})
    if added > new.stock:
        return Decision(False, codes.OUT_OF_STOCK, {"order_id": order.id, "sku": item.sku, "new_sku": new_sku,
                                                    "stock": new.stock, "options": dict(new.options)})
    return None


def can_exchange(order: Order, policies: Policies, now: datetime, sku: str | None = None,
                 exchanges: Iterable[ExchangeRecord] = (), returns: Iterable[ReturnRecord] = (),
                 swaps: Sequence[Sequence[Any]] | None = None,
                 variants: Mapping[str, Variant] | None = None) -> Decision:
    """Exchange delivered items inside the exchange window; customised, food and underwear never.

    Old form: one `sku` (None allowed when the order has exactly one line), the variant left to
    a person. With `swaps` ((sku, qty, new_sku) triples) each new_sku must be a variant of the
    same product (any option may differ) with stock for qty (new_sku None: not chosen yet);
    `variants` is the catalogue by sku.
    ok params: sku (first line), swaps (list of ItemSwap), price_difference (Decimal, new minus
    old; None while a variant is not chosen), days, deadline.
    """
    blocked = _delivered_window(order, policies.exchange_window_days, "exchange_window_expired", now)
    if blocked:
        return blocked
    variants = variants or {}
    if not swaps:
        if sku is None:
            if len(order.items) != 1:
                return Decision(False, codes.ITEM_REQUIRED, {"order_id": order.id,
                                                             "skus": [i.sku for i in order.items]})
            sku = order.items[0].sku
        line = order.item(sku)
        swaps = [ItemSwap(sku, line.qty if line else 1, None)]
    exchanges, returns = list(exchanges), list(returns)
    banned = set(policies.non_returnable_categories)
    chosen: list[ItemSwap] = []
    difference: Decimal | None = Decimal("0")
    for raw in swaps:
        swap = ItemSwap(*raw)
        item = order.item(swap.sku)
        if item is None:
            return Decision(False, codes.ITEM_NOT_FOUND, {"order_id": order.id, "sku": swap.sku})
        if item.category in banned:
            return Decision(False, codes.NON_RETURNABLE_CATEGORY,
                            {"order_id": order.id, "sku": item.sku, "category": item.category})
        existing = _open_for(exchanges, item.sku)
        if existing is not None:
            return Decision(False, codes.EXCHANGE_EXISTS, {"order_id": order.id, "sku": item.sku,
                                                           "exchange_id": existing.id, "status": existing.status,
                                                           "wanted": getattr(existing, "wanted", None)})
        existing = _open_for(returns, item.sku)
        if existing is not None:
            return Decision(False, codes.RETURN_EXISTS, {"order_id": order.id, "sku": item.sku,
                                                         "return_id": existing.id, "status": existing.status})
        qty = swap.qty
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1 or qty > item.qty:
            return Decision(False, codes.INVALID_QUANTITY, {"order_id": order.id, "sku": item.sku, "qty": qty,
                                                            "max": item.qty})
        if swap.new_sku is None:          # not chosen yet: a person reads the customer's words
            difference = None
        else:
            # The replacement ships from stock, even when it is the same variant (a faulty unit).
            refused = _check_swap_target(order, item, swap.new_sku, qty, variants)
            if refused:
                return refused
            if difference is not None and swap.new_sku != item.sku and swap.new_sku in variants:
                difference += (variants[swap.new_sku].price_for(order.currency) - item.price) * qty
        chosen.append(ItemSwap(item.sku, qty, swap.new_sku))
    deadline = window_deadline(parse_ts(order.delivered_at), policies.exchange_window_days)
    return Decision(True, codes.OK, {"order_id": order.id, "sku": chosen[0].sku, "swaps": chosen,
                                     "price_difference": difference,
                                     "days": policies.exchange_window_days, "deadline": deadline.isoformat()})


def _line_name(product: Product | None, variant: Variant, like: str) -> str:
    """A new line's name in the language of the line it replaces ("跑鞋 43码 黑色" style is the
    shop's; we write "<product name> <option values>")."""
    if product is None:
        return like
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in like)
    name = product.name_zh if zh and product.name_zh else product.name
    return " ".join([name, *variant.options.values()])


def plan_item_change(order: Order, swaps: Sequence[Sequence[Any]], variants: Mapping[str, Variant],
                     products: Mapping[str, Product] | None = None) -> Decision:
    """Changes to the lines of an order not yet shipped: each (sku, qty, new_sku) makes line
    `sku` into qty units of `new_sku` (same sku: quantity change; qty 0: drop the line); a line
    named several times, each to another variant, is split into those parts.
    ok params: before / after (lists of ItemQty), lines (the new lines as fixture dicts), total,
    price_difference (new total minus old; Decimal), stock (sku → delta to apply)."""
    blocked = _before_shipping(order)
    if not blocked.ok:
        return blocked
    products = products or {}
    if not swaps:
        return Decision(False, codes.NO_CHANGE, {"order_id": order.id})
    new_qty: dict[str, int] = {i.sku: i.qty for i in order.items}
    replaced: dict[str, str] = {}
    named: set[tuple[str, str]] = set()
    for raw in swaps:
        swap = ItemSwap(*raw)
        item = order.item(swap.sku)
        if item is None:
            return Decision(False, codes.ITEM_NOT_FOUND, {"order_id": order.id, "sku": swap.sku})
        new_sku = swap.new_sku or swap.sku
        # One line may be named more than once, each time to another variant: a split of the line
        # ("one of the two to 2TB": (sku, 1, sku) and (sku, 1, new)); never the same pair twice.
        if (swap.sku, new_sku) in named or not isinstance(swap.qty, int) or isinstance(swap.qty, bool) \
                or swap.qty < 0:
            return Decision(False, codes.INVALID_QUANTITY, {"order_id": order.id, "sku": swap.sku, "qty": swap.qty})
        first = not any(s == swap.sku for s, _ in named)
        named.add((swap.sku, new_sku))
        if new_sku != swap.sku:
            refused = _check_swap_target(order, item, new_sku, 0, variants)   # product checks; stock below
            if refused:
                return refused
        if first:
            new_qty[swap.sku] -= item.qty
        new_qty[new_sku] = new_qty.get(new_sku, 0) + swap.qty
        if new_sku != swap.sku:
            replaced.setdefault(new_sku, swap.sku)
    old_qty = {i.sku: i.qty for i in order.items}
    stock: dict[str, int] = {}
    for sku, qty in new_qty.items():
        added = qty - old_qty.get(sku, 0)
        if added > 0 and sku in variants and added > variants[sku].stock:
            source = order.item(replaced.get(sku, sku))
            return Decision(False, codes.OUT_OF_STOCK, {"order_id": order.id, "sku": source.sku if source else sku,
                                                        "new_sku": sku, "stock": variants[sku].stock,
                                                        "options": dict(variants[sku].options)})
        if added and sku in variants:
            stock[sku] = -added
    if all(new_qty.get(s, 0) == q for s, q in old_qty.items()) and set(k for k, v in new_qty.items() if v) \
            == set(old_qty):
        return Decision(False, codes.NO_CHANGE, {"order_id": order.id})
    if not any(new_qty.values()):
        return Decision(False, codes.EMPTY_ORDER, {"order_id": order.id})
    lines: list[dict[str, Any]] = []
    seen: set[str] = set()
    # Keep the order's line order; a new variant takes the place of the line it replaces.
    for item in order.items:
        for sku in [item.sku, *[n for n, src in replaced.items() if src == item.sku]]:
            if sku in seen or not new_qty.get(sku):
                continue
            seen.add(sku)
            if sku in old_qty:
                src = order.item(sku)
                lines.append({"sku": sku, "product_id": src.product_id, "name": src.name,
                              "options": dict(src.options) if src.options else None, "qty": new_qty[sku],
                              "price": str(src.price), "category": src.category})
            else:
                v = variants[sku]
                like = order.item(replaced[sku])
                lines.append({"sku": sku, "product_id": v.product_id,
                              "name": _line_name(products.get(v.product_id), v, like.name),
                              "options": dict(v.options), "qty": new_qty[sku],
                              "price": str(v.price_for(order.currency)),
                              "category": like.category})
    total_old = sum((i.amount for i in order.items), Decimal("0"))
    total_new = sum((Decimal(ln["price"]) * ln["qty"] for ln in lines), Decimal("0"))
    difference = total_new - total_old
    return Decision(True, codes.OK, {
        "order_id": order.id, "before": [ItemQty(i.sku, i.qty) for i in order.items],
        "after": [ItemQty(ln["sku"], ln["qty"]) for ln in lines], "lines": lines,
        "total": order.total + difference, "price_difference": difference, "stock": stock})


def can_change_payment(order: Order, customer: Customer, payment_method_id: str) -> Decision:
    """Another of the customer's own payment methods, before shipping."""
    if customer.payment_method(payment_method_id) is None:
        return Decision(False, codes.PAYMENT_METHOD_NOT_FOUND, {"payment_method_id": payment_method_id})
    blocked = _before_shipping(order)
    if not blocked.ok:
        return blocked
    if order.payment_method_id == payment_method_id:
        return Decision(False, codes.NO_CHANGE, {"order_id": order.id, "payment_method_id": payment_method_id})
    return Decision(True, codes.OK, {"order_id": order.id, "payment_method_id": payment_method_id})


def can_withdraw(record: ReturnRecord | ExchangeRecord, refunds: Iterable[Any] = (),
                 shipped: bool = False) -> Decision:
    """May the customer take back this return / exchange? Only one nothing has happened to yet:
    not received back, its refund not paid, (an exchange) its replacement not sent (`shipped`).
    `refunds`: the order's RefundRecords (a paid one naming this return refuses). ok params:
    the record's id, order_id and previous status."""
    kind = "exchange_id" if hasattr(record, "wanted") else "return_id"
    params: dict[str, Any] = {kind: record.id, "order_id": record.order_id, "status": record.status}
    if record.status == "cancelled":
        return Decision(False, codes.ALREADY_WITHDRAWN, params)
    if record.status in CLOSED_REQUEST_STATUSES:
        return Decision(False, codes.REQUEST_CLOSED, params)
    is_return = kind == "return_id"
    if record.status == "refunded" or (is_return and record.status == "completed") or any(getattr(r, "return_id", None) == record.id and r.status in
                                          ("refunded", "processing") for r in refunds):
        return Decision(False, codes.ALREADY_REFUNDED, params)
    if record.status in ("received", "partially_received", "inspected"):
        return Decision(False, codes.ALREADY_RECEIVED, params)
    if shipped or record.status in ("shipped", "delivered", "completed"):
        return Decision(False, codes.ALREADY_SHIPPED, params)
    if record.status not in WITHDRAWABLE_STATUSES:
        return Decision(False, codes.REQUEST_CLOSED, params)
    return Decision(True, codes.OK, {**params, "previous_status": record.status})
