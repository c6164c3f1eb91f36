"""The built-in store's tables (in bot.storage's one MetaData) and its versioned migrations.

Append new steps; never edit a shipped one. Columns holding personal data (customer name,
phone, email, shipping address, default address, payment method label, ticket transcript,
invoice title, order change before/after, conversation state and any extra fixture fields)
hold cipher tokens when the store has a cipher.

Records are listed in insertion order (`ORDER BY rowid`): SQLite's implicit rowid, and on
PostgreSQL a `rowid` identity column, as the old translation created it. `rowid()` declares
that column; on SQLite it is left out of CREATE TABLE (the table has it already).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ForeignKey, Identity, Index, Table, Text, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn

from bot.storage import migrations
from bot.storage.schema import Int, Real, metadata

COMPONENT_NAME = "store"
_IMPLICIT = "sqlite_implicit_rowid"


def rowid() -> Column[int]:
    return Column("rowid", Int, Identity(always=True), nullable=False, info={_IMPLICIT: True})


@compiles(CreateColumn, "sqlite")
def _skip_implicit_rowid(element: CreateColumn, compiler: Any, **kw: Any) -> Any:
    # Returning None drops the column from SQLite's CREATE TABLE (SQLAlchemy's documented hook).
    if element.element.info.get(_IMPLICIT):
        return None
    return compiler.visit_create_column(element, **kw)


def _owner(table: str) -> Column[str]:
    return Column("order_id" if table == "orders" else "customer_id", Text,
                  ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False)


store_meta = Table("store_meta", metadata, Column("key", Text, primary_key=True),
                   Column("value", Text, nullable=False), rowid())
customers = Table(
    "customers", metadata,
    Column("id", Text, primary_key=True), Column("name", Text), Column("phone", Text), Column("email", Text),
    Column("extra", Text), rowid(),
    Column("default_address", Text),                                   # v2
)
# Platform ids can be phone numbers (WhatsApp's wa_id): looked up by a keyed hash, the id
# itself kept sealed under the customer's key.
identities = Table(
    "identities", metadata,
    Column("lookup", Text, primary_key=True), _owner("customers"), Column("sealed", Text, nullable=False), rowid(),
    Index("identities_customer", "customer_id"),
)
orders = Table(
    "orders", metadata,
    Column("id", Text, primary_key=True), _owner("customers"),
    Column("status", Text, nullable=False), Column("placed_at", Text, nullable=False),
    Column("placed_ts", Real, nullable=False), Column("shipped_at", Text), Column("delivered_at", Text),
    Column("carrier", Text), Column("tracking_no", Text), Column("currency", Text, nullable=False),
    Column("total", Text, nullable=False), Column("shipping_address", Text), Column("extra", Text), rowid(),
    Column("payment_method_id", Text),                                 # v2
    Index("orders_customer", "customer_id", "placed_ts"),
)
order_items = Table(
    "order_items", metadata,
    Column("order_id", Text, ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True),
    Column("line", Int, primary_key=True, autoincrement=False),
    Column("sku", Text, nullable=False), Column("name", Text, nullable=False), Column("qty", Int, nullable=False),
    Column("price", Text, nullable=False), Column("category", Text, nullable=False), rowid(),
    Column("product_id", Text), Column("options", Text),                # v2
)
returns = Table(
    "returns", metadata,
    Column("id", Text, primary_key=True), _owner("orders"), Column("status", Text, nullable=False),
    Column("reason", Text), Column("skus", Text, nullable=False, server_default=text("'[]'")),
    Column("created_at", Text, nullable=False), Column("extra", Text), rowid(),
    Column("items", Text), Column("refund_amount", Text), Column("refund_to", Text),   # v2
    Index("returns_order", "order_id"),
)
exchanges = Table(
    "exchanges", metadata,
    Column("id", Text, primary_key=True), _owner("orders"), Column("status", Text, nullable=False),
    Column("reason", Text), Column("sku", Text), Column("wanted", Text), Column("created_at", Text, nullable=False),
    Column("extra", Text), rowid(),
    Column("items", Text), Column("price_difference", Text),            # v2
    Index("exchanges_order", "order_id"),
)
refunds = Table(
    "refunds", metadata,
    Column("id", Text, primary_key=True), _owner("orders"), Column("amount", Text, nullable=False),
    Column("currency", Text), Column("status", Text, nullable=False), Column("reason", Text),
    Column("return_id", Text), Column("created_at", Text, nullable=False), Column("extra", Text), rowid(),
    Column("refund_to", Text),                                          # v2
    Index("refunds_order", "order_id"),
)
tickets = Table(
    "tickets", metadata,
    Column("id", Text, primary_key=True), Column("customer_id", Text, ForeignKey("customers.id", ondelete="CASCADE")),
    Column("scope", Text), Column("identity", Text), Column("conversation", Text), Column("reason", Text),
    Column("status", Text), Column("transcript", Text), Column("created_at", Text, nullable=False),
    Column("extra", Text), rowid(),
)
invoices = Table(
    "invoices", metadata,
    Column("id", Text, primary_key=True), _owner("orders"), Column("status", Text, nullable=False),
    Column("title", Text), Column("created_at", Text, nullable=False), Column("extra", Text), rowid(),
    Index("invoices_order", "order_id"),
)
id_counters = Table("id_counters", metadata, Column("prefix", Text, primary_key=True),
                    Column("n", Int, nullable=False), rowid())
conversation_state = Table(
    "conversation_state", metadata,
    Column("conversation_key", Text, primary_key=True), Column("state", Text, nullable=False),
    Column("updated_at", Text, nullable=False), rowid(),
)
# -- v2: the catalogue, payment methods, order changes (DESIGN.md fixture format) --------------------
products = Table(
    "products", metadata,
    Column("id", Text, primary_key=True), Column("name", Text, nullable=False), Column("name_zh", Text),
    Column("category", Text, nullable=False), Column("options", Text, nullable=False, server_default=text("'{}'")),
    Column("extra", Text), rowid(),
)
variants = Table(
    "variants", metadata,
    Column("sku", Text, primary_key=True),
    Column("product_id", Text, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("position", Int, nullable=False), Column("options", Text, nullable=False, server_default=text("'{}'")),
    Column("price", Text, nullable=False), Column("stock", Int, nullable=False), Column("extra", Text), rowid(),
    Index("variants_product", "product_id", "position"),
)
payment_methods = Table(
    "payment_methods", metadata,
    Column("id", Text, primary_key=True), _owner("customers"), Column("position", Int, nullable=False),
    Column("type", Text, nullable=False), Column("label", Text), Column("extra", Text), rowid(),
    Index("payment_methods_customer", "customer_id", "position"),
)
order_changes = Table(
    "order_changes", metadata,
    Column("id", Text, primary_key=True), _owner("orders"), Column("kind", Text, nullable=False),
    Column("before", Text), Column("after", Text), Column("created_at", Text, nullable=False), Column("extra", Text),
    rowid(),
    Index("order_changes_order", "order_id"),
)

TABLES = (store_meta, customers, identities, orders, order_items, returns, exchanges, refunds, tickets, invoices,
          id_counters, conversation_state, products, variants, payment_methods, order_changes)
_V2_COLUMNS = ((customers, "default_address"), (orders, "payment_method_id"), (order_items, "product_id"),
               (order_items, "options"), (returns, "items"), (returns, "refund_amount"), (returns, "refund_to"),
               (exchanges, "items"), (exchanges, "price_difference"), (refunds, "refund_to"))
COMPONENT = migrations.Component(COMPONENT_NAME, TABLES, steps=[
    migrations.BASELINE,
    # 2: the catalogue, payment methods, default addresses, items linked to variants, returns and
    # exchanges with items and quantities, order changes.
    [*migrations.create(products), *migrations.create(variants), *migrations.create(payment_methods),
     *(migrations.add_column(t, c) for t, c in _V2_COLUMNS), *migrations.create(order_changes)],
])
