"""What a shop is made of, as the bot sees it: frozen dataclasses shared by every backend.

Conventions (all backends follow them; the contract suite in tests/shop/contract.py checks):
- Money is `Decimal` in the currency's major unit ("299.00"), never float. A backend that
  stores minor units (cents) converts at its edge.
- Timestamps are ISO-8601 strings with their UTC offset, as the shop recorded them.
- Ids are the shop's own strings (`SO202611200931`, `#W2378156`, `order_01H…`), shown to the
  customer as they are; nothing in the bot parses them.
- Sequences are tuples and mappings are read-only in spirit: a model is a snapshot; to change
  the shop, call a `Shop` method and read the snapshot again.
- Personal data (name, phone, email, addresses, payment labels) lives only in `Customer`,
  `Order.shipping_address` and `PaymentMethod.label`; nothing else carries it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, NamedTuple

from bot.shop.countries import address_country

ORDER_STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "returned")
PAYMENT_TYPES = ("card", "paypal", "gift_card", "alipay", "wechat_pay", "bank_transfer", "cash_on_delivery")
ORDER_CHANGE_KINDS = ("items", "address", "payment", "cancel")
DEFAULT_NON_RETURNABLE = ("food", "underwear", "customized")


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


# ------------------------------------------------------------------------------ policies
@dataclass(frozen=True)
class Policies:
    """The shop's after-sales rules (fixture/config `policies`). Treat as read-only."""

    return_window_days: int = 7
    exchange_window_days: int = 15
    non_returnable_categories: list[str] = field(default_factory=lambda: list(DEFAULT_NON_RETURNABLE))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, base: Policies | None = None) -> Policies:
        """`data` (a fixture's or config's `policies`) over `base` (or the built-in defaults).
        Raises ValueError naming the field (`policies.return_window_days: ...`)."""
        merged = (base or cls()).to_dict()
        known = {f.name for f in fields(cls)}
        for key, value in (data or {}).items():
            if key not in known:
                raise ValueError(f"policies.{key}: unknown policy")
            merged[key] = value
        for key in ("return_window_days", "exchange_window_days"):
            if not isinstance(merged[key], int) or isinstance(merged[key], bool) or merged[key] < 0:
                raise ValueError(f"policies.{key}: must be a non-negative integer")
        cats = merged["non_returnable_categories"]
        if not isinstance(cats, (list, tuple)) or not all(isinstance(c, str) for c in cats):
            raise ValueError("policies.non_returnable_categories: must be a list of strings")
        merged["non_returnable_categories"] = list(cats)
        return cls(**merged)

    @classmethod
    def from_settings(cls, settings: Any) -> Policies:
        """The `[policies]` table of bot.core.settings.Settings."""
        return cls.from_dict(settings["policies"])

    def to_dict(self) -> dict[str, Any]:
        return {"return_window_days": self.return_window_days,
                "exchange_window_days": self.exchange_window_days,
                "non_returnable_categories": list(self.non_returnable_categories)}


# ------------------------------------------------------------------------------ catalogue
@dataclass(frozen=True)
class Variant:
    """One buyable version of a product: a value for each of the product's option dimensions."""

    sku: str
    product_id: str
    options: Mapping[str, str]            # {"size": "42", "color": "black"} — every dimension of the product
    price: Decimal
    stock: int                            # units available now; 0 = out of stock
    currency: str | None = None           # None: the shop's currency (as on its orders)
    prices: Mapping[str, Decimal] = field(default_factory=dict)   # other currencies: {"USD": Decimal("59.00")}

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    def price_for(self, currency: str | None) -> Decimal:
        """The unit price in an order's currency (a shop selling in several currencies lists
        them in `prices`); the main price when the currency is its own or unknown."""
        if currency and currency in self.prices:
            return self.prices[currency]
        return self.price

    def public_dict(self) -> dict[str, Any]:
        return {"sku": self.sku, "product_id": self.product_id, "options": dict(self.options),
                "price": _money(self.price), "stock": self.stock, "currency": self.currency,
                **({"prices": {k: _money(v) for k, v in self.prices.items()}} if self.prices else {})}


@dataclass(frozen=True)
class Product:
    """A product with its option dimensions (`{"size": ("41", "42"), "color": ("black",)}`)."""

    id: str
    name: str                             # the shop's main name (often English)
    name_zh: str | None
    category: str
    options: Mapping[str, tuple[str, ...]]
    variants: tuple[Variant, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)   # extra names by language, e.g. {"en": ...}

    def name_in(self, lang: str | None) -> str:
        """The name to show a customer writing in `lang` ("zh" or "en")."""
        if lang == "zh" and self.name_zh:
            return self.name_zh
        return self.names.get(lang or "", self.name) if lang else self.name

    def variant(self, sku: str) -> Variant | None:
        return next((v for v in self.variants if v.sku == sku), None)

    def public_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "name_zh": self.name_zh, "category": self.category,
                "options": {k: list(v) for k, v in self.options.items()},
                "variants": [v.public_dict() for v in self.variants]}


@dataclass(frozen=True)
class ProductHit:
    """A search result: the product, how well it matched, and the option values the text named
    (`{"color": "black"}`), with the variants consistent with them (all variants if none named)."""

    product: Product
    score: float
    options: Mapping[str, str] = field(default_factory=dict)
    variants: tuple[Variant, ...] = ()


# ------------------------------------------------------------------------------ customers
@dataclass(frozen=True)
class PaymentMethod:
    id: str
    customer_id: str
    type: str                             # one of PAYMENT_TYPES
    label: str | None = None              # "支付宝 138****5678", "Visa •••• 4242": personal data

    def public_dict(self) -> dict[str, Any]:
        """What the trace may show: id and type, never the label."""
        return {"id": self.id, "type": self.type}


@dataclass(frozen=True)
class Customer:
    id: str
    name: str | None
    phone: str | None = None
    email: str | None = None
    identities: tuple[str, ...] = ()      # "telegram:1001", "slack:U01ABC"
    default_address: str | None = None
    payment_methods: tuple[PaymentMethod, ...] = ()

    def payment_method(self, pm_id: str | None) -> PaymentMethod | None:
        return next((p for p in self.payment_methods if p.id == pm_id), None) if pm_id else None


# ------------------------------------------------------------------------------ orders
@dataclass(frozen=True)
class OrderItem:
    sku: str
    product_id: str | None                # None: an old fixture without a catalogue link
    name: str
    options: Mapping[str, str]
    qty: int
    price: Decimal                        # unit price paid
    category: str

    @property
    def amount(self) -> Decimal:
        return self.price * self.qty

    def public_dict(self) -> dict[str, Any]:
        return {"sku": self.sku, "product_id": self.product_id, "name": self.name, "options": dict(self.options),
                "qty": self.qty, "price": str(self.price), "category": self.category}


@dataclass(frozen=True)
class Order:
    id: str
    customer_id: str
    status: str                           # one of ORDER_STATUSES
    placed_at: str
    shipped_at: str | None
    delivered_at: str | None
    carrier: str | None
    tracking_no: str | None
    currency: str
    total: Decimal
    shipping_address: str | None
    items: tuple[OrderItem, ...] = ()
    payment_method_id: str | None = None

    def item(self, sku: str) -> OrderItem | None:
        return next((i for i in self.items if i.sku == sku), None)

    def public_dict(self) -> dict[str, Any]:
        """The order as tools show it: no shipping address, no customer data — only the country
        it ships to (when the address says it), which decides the parcel's route and times."""
        return {"id": self.id, "status": self.status, "placed_at": self.placed_at,
                "ship_country": address_country(self.shipping_address),
                "shipped_at": self.shipped_at, "delivered_at": self.delivered_at,
                "carrier": self.carrier, "tracking_no": self.tracking_no,
                "currency": self.currency, "total": str(self.total),
                "payment_method_id": self.payment_method_id,
                "items": [i.public_dict() for i in self.items]}


# ------------------------------------------------------------------------------ call arguments
class ItemQty(NamedTuple):
    """A line and how many of it: `("SHOE-RUN-42-BK", 1)`. Plain tuples are accepted too."""

    sku: str
    qty: int


class ItemSwap(NamedTuple):
    """`qty` units of line `sku` become `new_sku` (a variant of the same product; `sku` itself
    to keep the variant and only change the quantity; qty 0 removes the line in change_items).
    In create_exchange `new_sku=None` means "not chosen yet": a person picks the variant from
    the customer's words (`wanted`), as before the shop had a catalogue."""

    sku: str
    qty: int
    new_sku: str | None


# ------------------------------------------------------------------------------ records the bot creates
@dataclass(frozen=True)
class ReturnRecord:
    id: str
    order_id: str
    status: str                           # requested, approved, received, refunded, rejected, cancelled, closed
    reason: str | None
    created_at: str
    items: tuple[ItemQty, ...] = ()       # empty: the whole order (old records)
    refund_amount: Decimal | None = None
    refund_to: str | None = None          # payment method id

    @property
    def skus(self) -> list[str]:
        return [i.sku for i in self.items]


@dataclass(frozen=True)
class ExchangeItem:
    sku: str
    qty: int
    new_sku: str | None                   # None: an old record ("same item, the customer said what they want")


@dataclass(frozen=True)
class ExchangeRecord:
    id: str
    order_id: str
    status: str
    reason: str | None
    created_at: str
    items: tuple[ExchangeItem, ...] = ()
    wanted: str | None = None             # the customer's words
    price_difference: Decimal | None = None   # signed: new minus old

    @property
    def skus(self) -> list[str]:
        return [i.sku for i in self.items]

    @property
    def sku(self) -> str | None:
        return self.items[0].sku if self.items else None


@dataclass(frozen=True)
class RefundRecord:
    id: str
    order_id: str
    amount: Decimal
    status: str                           # pending, processing, refunded, failed
    created_at: str
    currency: str | None = None
    reason: str | None = None             # cancelled, return, price_difference, …
    return_id: str | None = None
    refund_to: str | None = None          # payment method id


@dataclass(frozen=True)
class OrderChange:
    """A change to an order not yet shipped. `before`/`after`: for kind "items" tuples of
    ItemQty; "address" the addresses (personal data); "payment" payment method ids; "cancel"
    the statuses."""

    id: str
    order_id: str
    kind: str                             # one of ORDER_CHANGE_KINDS
    before: Any
    after: Any
    created_at: str
    price_difference: Decimal | None = None   # kind "items": new total minus old
    payment_method_id: str | None = None      # kind "items": where the difference was settled


@dataclass(frozen=True)
class Ticket:
    id: str
    customer_id: str | None
    conversation: str | None
    reason: str | None
    created_at: str
    status: str = "open"
    identity: str | None = None
    transcript: Sequence[str] = ()        # redacted lines; personal data (sealed at rest)
    order_id: str | None = None           # the order a case is about (delivery, payment, invoice), when one is


@dataclass(frozen=True)
class Invoice:
    id: str
    order_id: str
    status: str                           # requested, issued, cancelled
    created_at: str
    title: str | None = None              # company title / tax id: personal data


InvoiceRequest = Invoice   # the name bot.shop.store used before


# ------------------------------------------------------------------------------ outcomes
@dataclass(frozen=True)
class Outcome:
    """What a mutating `Shop` call did. `ok` False means nothing changed; `code` (bot.shop.codes)
    says why. `data` holds the records made (typed: ReturnRecord, RefundRecord, …) under the
    keys each method documents, plus the facts a reply cites (ids, dates, amounts)."""

    ok: bool
    code: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ShopCheck:
    """`aftersales shop check`: is the backend reachable and readable, and what it holds."""

    backend: str
    ok: bool
    counts: Mapping[str, int] = field(default_factory=dict)   # customers, orders, products, variants, …
    detail: str = ""                                          # why not, when ok is False (no secrets)
