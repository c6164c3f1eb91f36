"""Medusa v2 admin API records → the bot's shop models. Pure functions, no I/O.

Every mapping here is documented in docs/medusa.md; keep the two in step.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.shop.models import (
    Customer,
    ExchangeItem,
    ExchangeRecord,
    ItemQty,
    Order,
    OrderChange,
    OrderItem,
    PaymentMethod,
    Product,
    RefundRecord,
    ReturnRecord,
    Variant,
)

# Stock shown for a variant whose inventory Medusa does not manage (or that allows backorders):
# it can always be sold.
UNMANAGED_STOCK = 999_999
PAID_STATUSES = frozenset({"authorized", "partially_authorized", "captured", "partially_captured",
                           "partially_refunded"})
SHIPPED_STATUSES = frozenset({"shipped", "partially_shipped", "partially_delivered"})
RETURN_STATUS = {"open": "requested", "requested": "requested", "received": "received",
                 "partially_received": "received", "canceled": "cancelled"}
META_PREFIX = "aftersales_"

# Order fields the connector reads (Medusa's `fields` query: * expands a relation).
ORDER_FIELDS = ",".join([
    "id", "display_id", "custom_display_id", "status", "customer_id", "email", "currency_code", "created_at",
    "canceled_at", "payment_status", "fulfillment_status", "metadata", "total", "*summary",
    "*shipping_address", "*items", "*items.variant", "*items.variant.options", "*items.variant.options.option",
    "*items.variant.product", "*fulfillments", "*fulfillments.labels", "*payment_collections",
    "*payment_collections.payments", "*payment_collections.payments.refunds",
])
PRODUCT_FIELDS = ",".join(["id", "title", "handle", "status", "metadata", "*type", "*categories", "*options",
                           "*options.values", "*variants", "*variants.options", "*variants.options.option",
                           "*variants.prices"])


def dec(record: Mapping[str, Any] | None, key: str) -> Decimal | None:
    """A money or quantity field, exact: Medusa's `raw_<key>.value` string when present."""
    if not record:
        return None
    raw = record.get("raw_" + key)
    value = raw.get("value") if isinstance(raw, Mapping) else record.get(key)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def ts(value: str | None) -> str | None:
    """Medusa's UTC timestamps ("2026-12-01T09:04:18.248Z") as ISO-8601 with an offset."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()


def order_ref(order: Mapping[str, Any]) -> str:
    """The id customers and staff see: Medusa's custom display id, else "#<display_id>"."""
    custom = order.get("custom_display_id")
    if custom:
        return str(custom)
    return f"#{order['display_id']}" if order.get("display_id") is not None else str(order["id"])


def format_address(addr: Mapping[str, Any] | None) -> str | None:
    """A Medusa address as one line. An address the bot wrote from a customer's words comes back
    exactly as written; others are their non-empty parts in postal order, then the country."""
    if not addr:
        return None
    if (addr.get("metadata") or {}).get(META_PREFIX + "as_written"):
        return addr.get("address_1") or None
    region = " ".join(str(p) for p in (addr.get("province"), addr.get("postal_code")) if p)
    parts = [addr.get("address_1"), addr.get("address_2"), addr.get("city"), region,
             (addr.get("country_code") or "").upper()]
    return ", ".join(str(p).strip() for p in parts if p and str(p).strip()) or None


def address_payload(text: str, current: Mapping[str, Any] | None) -> dict[str, Any]:
    """A customer's free-text address as a Medusa address: the text in address_1 (Medusa has no
    free-text field), the structured parts emptied so nothing stale survives, the recipient's
    name, phone and country kept, and a metadata flag telling staff it was written freely."""
    cur = current or {}
    payload: dict[str, Any] = {"address_1": text.strip(), "address_2": "", "city": "", "province": "",
                               "postal_code": "", "metadata": {META_PREFIX + "as_written": True}}
    for key in ("first_name", "last_name", "phone", "company", "country_code"):
        if cur.get(key):
            payload[key] = cur[key]
    return payload


def identities_of(metadata: Mapping[str, Any] | None, key: str) -> tuple[str, ...]:
    """Platform identities in customer metadata: a JSON list or a comma-separated string."""
    raw = (metadata or {}).get(key)
    if raw is None:
        return ()
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            try:
                raw = json.loads(text)
            except ValueError:
                raw = text
        if isinstance(raw, str):
            return tuple(p.strip() for p in raw.split(",") if p.strip())
    if isinstance(raw, (list, tuple)):
        return tuple(str(p).strip() for p in raw if str(p).strip())
    return ()


def payment_type(provider_id: str) -> str:
    """Medusa payment provider id → the bot's payment type (docs/medusa.md)."""
    p = provider_id.lower()
    if "paypal" in p:
        return "paypal"
    if "gift" in p:
        return "gift_card"
    if "alipay" in p:
        return "alipay"
    if "wechat" in p:
        return "wechat_pay"
    if "stripe" in p or "card" in p or "adyen" in p:
        return "card"
    # pp_system_default: payments staff record by hand ("mark as paid"), usually a transfer.
    return "bank_transfer"


def payments(order: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [p for pc in order.get("payment_collections") or [] for p in pc.get("payments") or []]


MANUAL_PROVIDERS = frozenset({"pp_system_default"})


def payment_method_id(order: Mapping[str, Any]) -> str | None:
    """The shop's record of the customer's method (order metadata `aftersales_payment_method_id`,
    e.g. a saved card's id), else the provider of the first payment."""
    recorded = (order.get("metadata") or {}).get(META_PREFIX + "payment_method_id")
    if recorded:
        return str(recorded)
    paid = [p for p in payments(order) if p.get("captured_at") or p.get("amount")]
    return str(paid[0]["provider_id"]) if paid else None


def captured_by_a_real_provider(order: Mapping[str, Any]) -> bool:
    """Money actually taken through a payment provider (not recorded by hand by staff)."""
    return any(p.get("captured_at") and str(p.get("provider_id")) not in MANUAL_PROVIDERS for p in payments(order))


def customer(record: Mapping[str, Any], orders: Sequence[Mapping[str, Any]], identity_key: str) -> Customer:
    name = " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p) or None
    addresses = record.get("addresses") or []
    default = next((a for a in addresses if a.get("is_default_shipping")), addresses[0] if addresses else None)
    methods: dict[str, PaymentMethod] = {}
    extra = (record.get("metadata") or {}).get(META_PREFIX + "payment_methods")
    if isinstance(extra, str):
        try:
            extra = json.loads(extra)
        except ValueError:
            extra = None
    for pm in extra if isinstance(extra, list) else []:
        if isinstance(pm, Mapping) and pm.get("id") and pm.get("type"):
            methods[str(pm["id"])] = PaymentMethod(str(pm["id"]), record["id"], str(pm["type"]), pm.get("label"))
    # A list staff keep in metadata is the customer's methods; otherwise the providers they paid with.
    for order in [] if methods else orders:
        for pay in payments(order):
            pid = str(pay.get("provider_id") or "")
            if pid and pid not in methods:
                methods[pid] = PaymentMethod(pid, record["id"], payment_type(pid), pid)
    return Customer(id=record["id"], name=name, phone=record.get("phone"), email=record.get("email"),
                    identities=identities_of(record.get("metadata"), identity_key),
                    default_address=format_address(default), payment_methods=tuple(methods.values()))


def variant_options(variant: Mapping[str, Any]) -> dict[str, str]:
    """{"color": "Black", "size": "M"}: option titles lower-cased as dimension names."""
    out: dict[str, str] = {}
    for ov in variant.get("options") or []:
        title = (ov.get("option") or {}).get("title")
        if title:
            out[str(title).strip().lower()] = str(ov.get("value"))
    return out


def category_of(product: Mapping[str, Any] | None) -> str:
    """metadata.category, else the product type, else the first category's handle, else "general"."""
    if not product:
        return "general"
    meta = product.get("metadata") or {}
    if meta.get("category"):
        return str(meta["category"])
    if product.get("type") and product["type"].get("value"):
        return str(product["type"]["value"]).lower()
    cats = product.get("categories") or []
    if cats:
        return str(cats[0].get("handle") or cats[0].get("name")).lower()
    return "general"


def product(record: Mapping[str, Any], stock: Mapping[str, int], currency: str) -> Product:
    meta = record.get("metadata") or {}
    options = {str(o["title"]).strip().lower(): tuple(str(v["value"]) for v in o.get("values") or [])
               for o in record.get("options") or []}
    variants = []
    for v in record.get("variants") or []:
        if not v.get("sku"):
            continue     # the bot names variants by sku; a variant without one cannot be ordered by it
        price = next((dec(p, "amount") for p in v.get("prices") or []
                      if str(p.get("currency_code", "")).lower() == currency.lower()), None)
        managed = v.get("manage_inventory", True) and not v.get("allow_backorder")
        variants.append(Variant(sku=v["sku"], product_id=record["id"], options=variant_options(v),
                                price=price if price is not None else Decimal("0"),
                                stock=stock.get(v["sku"], 0) if managed else UNMANAGED_STOCK,
                                currency=currency.upper()))
    names = {k[len("name_"):]: str(v) for k, v in meta.items() if k.startswith("name_") and k != "name_zh"}
    return Product(id=record["id"], name=record.get("title") or record.get("handle") or record["id"],
                   name_zh=meta.get("name_zh"), category=category_of(record), options=options,
                   variants=tuple(variants), names=names)


def status(order: Mapping[str, Any]) -> str:
    """Medusa's order status, fulfilment status and payment status → one bot status (docs/medusa.md)."""
    if order.get("status") == "canceled":
        return "cancelled"
    items = order.get("items") or []
    ordered = sum((dec(i, "quantity") or 0) for i in items)
    received = sum((dec(i.get("detail") or {}, "return_received_quantity") or 0) for i in items)
    if ordered and received >= ordered:
        return "returned"
    fs = order.get("fulfillment_status")
    if fs in ("partially_delivered", "partially_shipped", "partially_fulfilled"):
        fs = _own_lines_status(order, fs)
    if fs == "delivered":
        return "delivered"
    if fs in SHIPPED_STATUSES:
        return "shipped"
    if order.get("payment_status") in PAID_STATUSES:
        return "paid"
    return "pending"


ADDED_LINES = "_added_line_ids"   # set by the connector: lines exchanges added to the order


def _own_lines_status(order: Mapping[str, Any], fs: str) -> str:
    """Medusa's partial fulfilment statuses, looking only at the order's own lines: a replacement
    an exchange adds (its `additional_items`) is followed by that exchange, so it does not turn a
    delivered order back into "partially delivered"."""
    added = set(order.get(ADDED_LINES) or ())
    own = [i for i in order.get("items") or [] if i.get("id") not in added]
    if not added or not own:
        return fs

    def full(key: str) -> bool:
        return all((dec(i.get("detail") or {}, key) or 0) >= (dec(i, "quantity") or 0) for i in own)
    if full("delivered_quantity"):
        return "delivered"
    if full("shipped_quantity"):
        return "shipped"
    return fs


def order(record: Mapping[str, Any]) -> Order:
    live = [f for f in record.get("fulfillments") or [] if not f.get("canceled_at")]
    shipped = sorted(ts(f["shipped_at"]) for f in live if f.get("shipped_at"))
    delivered = sorted(ts(f["delivered_at"]) for f in live if f.get("delivered_at"))
    labels = [lab for f in sorted(live, key=lambda f: f.get("created_at") or "") for lab in f.get("labels") or []]
    carrier = next((str((f.get("metadata") or {}).get("carrier")) for f in reversed(live)
                    if (f.get("metadata") or {}).get("carrier")), None)
    mapped = status(record)
    items = []
    for it in record.get("items") or []:
        variant = it.get("variant") or {}
        qty = dec(it, "quantity") or Decimal(0)
        if qty <= 0:
            continue
        name = " ".join(p for p in (it.get("product_title") or it.get("title"), it.get("variant_title")) if p)
        items.append(OrderItem(sku=it.get("variant_sku") or variant.get("sku") or it["id"],
                               product_id=it.get("product_id"), name=name or it["id"],
                               options=variant_options(variant), qty=int(qty),
                               price=dec(it, "unit_price") or Decimal(0),
                               category=category_of(variant.get("product"))))
    return Order(id=order_ref(record), customer_id=record.get("customer_id") or "",
                 status=mapped, placed_at=ts(record.get("created_at")) or "",
                 shipped_at=shipped[-1] if shipped and mapped in ("shipped", "delivered", "returned") else None,
                 delivered_at=delivered[-1] if delivered and mapped in ("delivered", "returned") else None,
                 carrier=carrier, tracking_no=labels[-1]["tracking_number"] if labels else None,
                 currency=str(record.get("currency_code") or "").upper(),
                 total=dec(record, "total") or Decimal(0),
                 shipping_address=format_address(record.get("shipping_address")),
                 items=tuple(items), payment_method_id=payment_method_id(record))


def line_skus(record: Mapping[str, Any]) -> dict[str, str]:
    """Order line id → sku."""
    return {it["id"]: it.get("variant_sku") or (it.get("variant") or {}).get("sku") or it["id"]
            for it in record.get("items") or []}


def return_record(ret: Mapping[str, Any], order_record: Mapping[str, Any]) -> ReturnRecord:
    meta = ret.get("metadata") or {}
    skus = line_skus(order_record)
    items = tuple(ItemQty(skus.get(i.get("item_id"), i.get("item_id")), int(dec(i, "quantity") or 0))
                  for i in ret.get("items") or [])
    refund = dec(ret, "refund_amount")
    if refund is None and meta.get(META_PREFIX + "refund_amount") is not None:
        refund = Decimal(str(meta[META_PREFIX + "refund_amount"]))
    state = RETURN_STATUS.get(str(ret.get("status")), str(ret.get("status")))
    if ret.get("canceled_at"):
        state = "cancelled"
    return ReturnRecord(id=ret["id"], order_id=order_ref(order_record), status=state,
                        reason=meta.get(META_PREFIX + "reason"), created_at=ts(ret.get("created_at")) or "",
                        items=items, refund_amount=refund, refund_to=meta.get(META_PREFIX + "refund_to"))


def exchange_record(ex: Mapping[str, Any], order_record: Mapping[str, Any],
                    ret: Mapping[str, Any] | None) -> ExchangeRecord:
    meta = ex.get("metadata") or {}
    pairs = meta.get(META_PREFIX + "items")
    if isinstance(pairs, list) and pairs:
        items = tuple(ExchangeItem(str(p["sku"]), int(p["qty"]), p.get("new_sku")) for p in pairs)
    else:      # made in Medusa's admin: pair the returned lines with the new ones in order
        skus = line_skus(order_record)
        inbound = [(skus.get(i.get("item_id"), i.get("item_id")), int(dec(i, "quantity") or 0))
                   for i in (ret or {}).get("items") or []]
        outbound = [((i.get("item") or {}).get("variant_sku")) for i in ex.get("additional_items") or []]
        items = tuple(ExchangeItem(sku, qty, outbound[n] if n < len(outbound) else None)
                      for n, (sku, qty) in enumerate(inbound))
    if ex.get("canceled_at"):
        state = "cancelled"
    else:
        state = RETURN_STATUS.get(str((ret or {}).get("status")), "requested")
    diff = meta.get(META_PREFIX + "price_difference")
    return ExchangeRecord(id=ex["id"], order_id=order_ref(order_record), status=state,
                          reason=meta.get(META_PREFIX + "reason"), created_at=ts(ex.get("created_at")) or "",
                          items=items, wanted=meta.get(META_PREFIX + "wanted"),
                          price_difference=Decimal(str(diff)) if diff is not None else dec(ex, "difference_due"))


def refunds(record: Mapping[str, Any]) -> list[RefundRecord]:
    """Refunds Medusa has made on the order's payments (status "refunded")."""
    out = []
    canceled = record.get("status") == "canceled"
    for pay in payments(record):
        for ref in pay.get("refunds") or []:
            reason = (ref.get("refund_reason") or {}).get("label") if ref.get("refund_reason") else None
            out.append(RefundRecord(id=ref["id"], order_id=order_ref(record), amount=dec(ref, "amount") or Decimal(0),
                                    status="refunded", created_at=ts(ref.get("created_at")) or "",
                                    currency=str(record.get("currency_code") or "").upper(),
                                    reason=reason or ((ref.get("metadata") or {}).get(META_PREFIX + "reason"))
                                    or ("cancelled" if canceled else None),
                                    refund_to=str(pay.get("provider_id") or "") or None))
    return out


def change_record(change: Mapping[str, Any], order_record: Mapping[str, Any]) -> OrderChange | None:
    """An order change Medusa recorded → the bot's OrderChange; None for kinds the bot has no name for."""
    if change.get("status") not in ("confirmed", "requested", "pending"):
        return None
    meta = change.get("metadata") or \
        ((order_record.get("metadata") or {}).get(META_PREFIX + "edits") or {}).get(change.get("id")) or {}
    when = ts(change.get("confirmed_at") or change.get("created_at")) or ""
    ref = order_ref(order_record)
    ctype = change.get("change_type")
    if ctype == "edit":
        def qtys(key: str) -> tuple[ItemQty, ...]:
            return tuple(ItemQty(str(p["sku"]), int(p["qty"])) for p in meta.get(key) or [])
        diff = meta.get(META_PREFIX + "price_difference")
        return OrderChange(id=change["id"], order_id=ref, kind="items", before=qtys(META_PREFIX + "before"),
                           after=qtys(META_PREFIX + "after"), created_at=when,
                           price_difference=Decimal(str(diff)) if diff is not None else None,
                           payment_method_id=meta.get(META_PREFIX + "payment_method_id"))
    if ctype == "update_order":
        for action in change.get("actions") or []:
            details = action.get("details") or {}
            if details.get("type") == "shipping_address":
                return OrderChange(id=change["id"], order_id=ref, kind="address",
                                   before=format_address(details.get("old")), after=format_address(details.get("new")),
                                   created_at=when)
    return None


def stock_by_sku(items: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Inventory items → units available now (stocked minus reserved, over all locations)."""
    out: dict[str, int] = {}
    for it in items:
        sku = it.get("sku")
        if not sku:
            continue
        levels = it.get("location_levels") or []
        avail = sum(int(lv.get("available_quantity") or 0) for lv in levels)
        out[sku] = out.get(sku, 0) + max(0, avail)
    return out


def payment_changes(order_record: Mapping[str, Any]) -> list[OrderChange]:
    """Payment-method changes the bot recorded on the order (metadata `aftersales_payment_changes`)."""
    out = []
    for ch in (order_record.get("metadata") or {}).get(META_PREFIX + "payment_changes") or []:
        if isinstance(ch, Mapping) and ch.get("id"):
            out.append(OrderChange(id=str(ch["id"]), order_id=order_ref(order_record), kind="payment",
                                   before=ch.get("before"), after=ch.get("after"),
                                   created_at=str(ch.get("created_at") or "")))
    return out
