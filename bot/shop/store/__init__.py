"""Shop data: customers, identities, orders, created records, conversation state."""
from bot.shop.policy import Policies
from bot.shop.store.cipher import ERASED, FieldCipher
from bot.shop.store.fixture import FixtureError, rebase_fixture_dates, validate_fixture
from bot.shop.store.models import (
                              ORDER_STATUSES,
                              Customer,
                              ExchangeRecord,
                              InvoiceRequest,
                              Order,
                              OrderItem,
                              RefundRecord,
                              ReturnRecord,
                              Ticket,
)
from bot.shop.store.store import Store, StoreConflict

__all__ = ["ERASED", "FieldCipher", "FixtureError", "rebase_fixture_dates", "validate_fixture", "Policies",
           "ORDER_STATUSES", "Customer", "ExchangeRecord", "InvoiceRequest", "Order", "OrderItem", "RefundRecord",
           "ReturnRecord", "Ticket", "Store", "StoreConflict"]
