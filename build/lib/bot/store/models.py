"""Shop records as plain dataclasses. Timestamps stay ISO-8601 strings (as in the fixture,
offset preserved); amounts are Decimals so money never goes through float."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ORDER_STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "returned")


@dataclass
class Customer:
    id: str
    name: str | None
    phone: str | None = None
    email: str | None = None
    identities: list[str] = field(default_factory=list)


@dataclass
class OrderItem:
    sku: str
    name: str
    qty: int
    price: Decimal
    category: str

    @property
    def amount(self) -> Decimal:
        return self.price * self.qty


@dataclass
class Order:
    id: str
    customer_id: str
    status: str
    placed_at: str
    shipped_at: str | None
    delivered_at: str | None
    carrier: str | None
    tracking_no: str | None
    currency: str
    total: Decimal
    shipping_address: str | None
    items: list[OrderItem] = field(default_factory=list)

    def public_dict(self) -> dict[str, Any]:
        """The order as tools show it: no shipping address, no customer data."""
        return {"id": self.id, "status": self.status, "placed_at": self.placed_at,
                "shipped_at": self.shipped_at, "delivered_at": self.delivered_at,
                "carrier": self.carrier, "tracking_no": self.tracking_no,
                "currency": self.currency, "total": str(self.total),
                "items": [{"sku": i.sku, "name": i.name, "qty": i.qty, "price": str(i.price),
                           "category": i.category} for i in self.items]}


@dataclass
class ReturnRecord:
    id: str
    order_id: str
    status: str
    reason: str | None
    created_at: str
    skus: list[str] = field(default_factory=list)   # empty: the whole order


@dataclass
class ExchangeRecord:
    id: str
    order_id: str
    status: str
    reason: str | None
    created_at: str
    sku: str | None = None
    wanted: str | None = None


@dataclass
class RefundRecord:
    id: str
    order_id: str
    amount: Decimal
    status: str
    created_at: str
    currency: str | None = None
    reason: str | None = None
    return_id: str | None = None


@dataclass
class Ticket:
    id: str
    customer_id: str | None
    conversation: str | None
    reason: str | None
    created_at: str
    status: str = "open"
    identity: str | None = None
    transcript: list[str] = field(default_factory=list)


@dataclass
class InvoiceRequest:
    id: str
    order_id: str
    status: str
    created_at: str
    title: str | None = None
