"""The shop behind the bot: one interface (`Shop`), its models and outcome codes.

    from bot.shop import Shop, open_shop, codes
    shop = await open_shop(settings)            # built-in store or Medusa, by [shop] backend
    customer = await shop.customer_for_identity("telegram:1001")
    outcome = await shop.create_return(customer, "SO202611200931", [("SHOE-RUN-42-BK", 1)], "too small",
                                       now=now)
"""
from bot.shop import codes
from bot.shop.factory import BACKENDS, backend_name, open_shop
from bot.shop.models import (
    ORDER_CHANGE_KINDS,
    ORDER_STATUSES,
    PAYMENT_TYPES,
    Customer,
    ExchangeItem,
    ExchangeRecord,
    Invoice,
    ItemQty,
    ItemSwap,
    Order,
    OrderChange,
    OrderItem,
    Outcome,
    PaymentMethod,
    Policies,
    Product,
    ProductHit,
    RefundRecord,
    ReturnRecord,
    ShopCheck,
    Ticket,
    Variant,
)
from bot.shop.ports import Shop, ShopUnavailable

__all__ = ["codes", "BACKENDS", "backend_name", "open_shop", "ORDER_CHANGE_KINDS", "ORDER_STATUSES",
           "PAYMENT_TYPES", "Customer", "ExchangeItem", "ExchangeRecord", "Invoice", "ItemQty", "ItemSwap", "Order",
           "OrderChange", "OrderItem", "Outcome", "PaymentMethod", "Policies", "Product", "ProductHit",
           "RefundRecord", "ReturnRecord", "ShopCheck", "Ticket", "Variant", "Shop", "ShopUnavailable"]
