"""Shop data: customers, identities, orders, created records, conversation state."""
from bot.policy import Policies
from bot.store.cipher import ERASED, FieldCipher
from bot.store.fixture import FixtureError, rebase_fixture_dates, validate_fixture
from bot.store.models import (
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
from bot.store.store import Store, StoreConflict

__all__ = ["ERASED", "FieldCipher", "FixtureError", "rebase_fixture_dates", "validate_fixture", "Policies",
           "ORDER_STATUSES", "Customer", "ExchangeRecord", "InvoiceRequest", "Order", "OrderItem", "RefundRecord",
           "ReturnRecord", "Ticket", "Store", "StoreConflict"]
