"""Shop records: the shared models of bot.shop.models (one set for every backend)."""
from bot.shop.models import (
    ORDER_STATUSES,
    Customer,
    ExchangeItem,
    ExchangeRecord,
    Invoice,
    InvoiceRequest,
    ItemQty,
    Order,
    OrderChange,
    OrderItem,
    PaymentMethod,
    Product,
    RefundRecord,
    ReturnRecord,
    Ticket,
    Variant,
)

__all__ = ["ORDER_STATUSES", "Customer", "ExchangeItem", "ExchangeRecord", "Invoice", "InvoiceRequest", "ItemQty",
           "Order", "OrderChange", "OrderItem", "PaymentMethod", "Product", "RefundRecord", "ReturnRecord", "Ticket",
           "Variant"]
