"""The shop store: async SQLite (bot.db: WAL, migrations) with field-level encryption.

Raw data access only: no ownership and no policy here (bot.shop.store.builtin.BuiltinShop adds
both on top, behind the bot.shop.Shop interface). Two rules shape the code:
- Personal data is sealed with the cipher *before* a write transaction starts. The key ring
  may itself write to the same database file (a new data key per customer), and awaiting it
  while holding SQLite's write lock would deadlock until the busy timeout.
- Every multi-row change (cancel + refund, return + refund, item change + stock) is one
  transaction, serialised by a per-store lock, so a crash or a concurrent call never leaves
  half a change.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy import Executable, bindparam, case, delete, exists, func, insert, or_, select, update

from bot.db import connect, migrations, run_transaction
from bot.db import query as q
from bot.shop.models import (
    Customer,
    ExchangeItem,
    ExchangeRecord,
    Invoice,
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
from bot.shop.policy import Policies, parse_ts
from bot.shop.store import schema as S
from bot.shop.store.cipher import ERASED, FieldCipher, conversation_scope, identity_scope
from bot.shop.store.fixture import validate_fixture
from bot.shop.store.schema import COMPONENT

T = TypeVar("T")

# Keys each record type stores in its own columns; anything else in a fixture record is kept
# (sealed) in `extra` so import/export round-trips foreign fields too.
_CUSTOMER_KEYS = ("id", "name", "phone", "email", "identities", "default_address", "payment_methods")
_ORDER_KEYS = ("id", "customer_id", "status", "placed_at", "shipped_at", "delivered_at", "carrier",
               "tracking_no", "currency", "total", "shipping_address", "items")
_ORDER_OPTIONAL = ("payment_method_id",)
_ITEM_KEYS = ("sku", "product_id", "name", "options", "qty", "price", "category")
_PRODUCT_KEYS = ("id", "name", "name_zh", "category", "options", "variants")
_VARIANT_KEYS = ("sku", "options", "price", "stock")
_PM_KEYS = ("id", "type", "label")
_RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "returns": ("id", "order_id", "status", "reason", "skus", "items", "refund_amount", "refund_to", "created_at"),
    "exchanges": ("id", "order_id", "status", "reason", "sku", "items", "wanted", "price_difference", "created_at"),
    "refunds": ("id", "order_id", "amount", "currency", "status", "reason", "return_id", "refund_to", "created_at"),
    "tickets": ("id", "customer_id", "scope", "identity", "conversation", "reason", "status", "transcript",
                "created_at"),
    "invoices": ("id", "order_id", "status", "title", "created_at"),
    "order_changes": ("id", "order_id", "kind", "before", "after", "created_at"),
}
# Always present in an exported record (DESIGN.md minimum); other columns only when set.
_ALWAYS = {
    "returns": {"id", "order_id", "status", "reason", "created_at"},
    "exchanges": {"id", "order_id", "status", "reason", "created_at"},
    "refunds": {"id", "order_id", "amount", "status", "created_at"},
    "tickets": {"id", "customer_id", "conversation", "reason", "created_at"},
    "invoices": {"id", "order_id", "status", "created_at"},
    "order_changes": {"id", "order_id", "kind", "before", "after", "created_at"},
}
_JSON_COLUMNS = {"skus", "items"}
_MONEY_COLUMNS = {"amount", "refund_amount", "price_difference"}
# Personal data among record columns (a ticket's identity and conversation can be phone numbers;
# an address change's before/after are addresses).
_SEALED_COLUMNS = {"transcript", "title", "identity", "conversation", "before", "after"}
_SEALED_JSON = {"transcript", "before", "after"}
_ID_PREFIX = {"returns": "RT", "exchanges": "EX", "refunds": "RF", "tickets": "TK", "invoices": "IV",
              "order_changes": "OC"}
_SHOP_TABLES = ("order_changes", "invoices", "tickets", "refunds", "exchanges", "returns", "order_items", "orders",
                "payment_methods", "identities", "customers", "variants", "products", "id_counters")


def _iso(now: datetime) -> str:
    return parse_ts(now).isoformat(timespec="seconds")


def _ticket_scope(customer_id: str | None, identity_lookup: str | None) -> str:
    return customer_id or identity_scope(identity_lookup or "anonymous")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _items_json(items: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for it in items:
        rec = {"sku": it.sku, "qty": it.qty}
        if hasattr(it, "new_sku"):
            rec["new_sku"] = it.new_sku
        out.append(rec)
    return out


# -- statements (compiled once per dialect; bot.storage.query) ----------------------------------------
_TABLE = {t.name: t for t in S.TABLES}
_VERSION = q.Statement(select(S.metadata.tables["schema_version"].c.version)
                       .where(S.metadata.tables["schema_version"].c.component == bindparam("c")))
_ORDER_STATUS = q.Statement(select(S.orders.c.status).where(S.orders.c.id == bindparam("id")))
_ORDER_OWNER = q.Statement(select(S.orders.c.customer_id).where(S.orders.c.id == bindparam("id")))
_ORDER_ADDRESS = q.Statement(select(S.orders.c.shipping_address).where(S.orders.c.id == bindparam("id")))
_ORDER_PM = q.Statement(select(S.orders.c.payment_method_id).where(S.orders.c.id == bindparam("id")))
_ORDER_CURRENCY = q.Statement(select(S.orders.c.currency).where(S.orders.c.id == bindparam("id")))


def _bump_counter(dialect: str) -> Executable:
    ins = q.dialect_insert(dialect, S.id_counters).values(prefix=bindparam("prefix"), n=1)
    stmt: Executable = ins.on_conflict_do_update(index_elements=["prefix"], set_={"n": S.id_counters.c.n + 1}
                                                 ).returning(S.id_counters.c.n)
    return stmt


_BUMP_COUNTER = q.Statement(_bump_counter)
_ID_TAKEN = {t: q.Statement(select(_TABLE[t].c.id).where(_TABLE[t].c.id == bindparam("id"))) for t in _ID_PREFIX}
_ANY_SHOP_DATA = q.Statement(select(or_(exists().select_from(S.customers), exists().select_from(S.orders))))
_WIPE = [q.Statement(delete(_TABLE[t])) for t in _SHOP_TABLES]
_DROP_POLICIES = q.Statement(delete(S.store_meta).where(S.store_meta.c.key == "policies"))
_PUT_POLICIES = q.Statement(q.upsert(S.store_meta, ["key"], ["value"]), ["key", "value"])
_POLICIES = q.Statement(select(S.store_meta.c.value).where(S.store_meta.c.key == "policies"))
# Fixture fields kept whole beside the policies: the shop's own `facts` and the `knowledge` folder it
# names (read by the CLI from the file; kept so an export gives the fixture back unchanged).
_SHOP_META = ("facts", "knowledge")
_DROP_META = {k: q.Statement(delete(S.store_meta).where(S.store_meta.c.key == k)) for k in _SHOP_META}
_META = {k: q.Statement(select(S.store_meta.c.value).where(S.store_meta.c.key == k)) for k in _SHOP_META}
# The knowledge folder the imported fixture file names, resolved to a path when it was imported
# from a file (the CLI knows the file, the fixture only a relative name); not part of an export.
_FOLDER_KEY = "knowledge_dir"
_DROP_FOLDER = q.Statement(delete(S.store_meta).where(S.store_meta.c.key == _FOLDER_KEY))
_FOLDER = q.Statement(select(S.store_meta.c.value).where(S.store_meta.c.key == _FOLDER_KEY))
# The currency most of the shop's orders are in (ties: the alphabetically first, for a stable answer).
_MAIN_CURRENCY = q.Statement(select(S.orders.c.currency).group_by(S.orders.c.currency)
                             .order_by(func.count().desc(), S.orders.c.currency).limit(1))


def _columns(table: str) -> list[str]:
    return [c.name for c in _TABLE[table].columns if c.name != "rowid"]


def _upsert_by(table: str, keys: Sequence[str], cols: Sequence[str] | None = None) -> q.Statement:
    """INSERT of `cols` (default: every column), updating the non-key ones on a key conflict."""
    cols = list(cols or _columns(table))
    return q.Statement(q.upsert(_TABLE[table], keys, [c for c in cols if c not in keys]), cols)


_PUT_PRODUCT = _upsert_by("products", ["id"])
_DROP_VARIANTS = q.Statement(delete(S.variants).where(S.variants.c.product_id == bindparam("product_id")))
_ADD_VARIANT = q.Statement(insert(S.variants), _columns("variants"))
_PUT_CUSTOMER = _upsert_by("customers", ["id"])
_DROP_IDENTITIES = q.Statement(delete(S.identities).where(S.identities.c.customer_id == bindparam("customer_id")))
_DROP_PMS = q.Statement(delete(S.payment_methods).where(S.payment_methods.c.customer_id == bindparam("customer_id")))
_PUT_IDENTITY = _upsert_by("identities", ["lookup"])
_PUT_PM = _upsert_by("payment_methods", ["id"])
_PUT_ORDER = _upsert_by("orders", ["id"])
_DROP_ITEMS = q.Statement(delete(S.order_items).where(S.order_items.c.order_id == bindparam("order_id")))
_ADD_ITEM = q.Statement(insert(S.order_items), _columns("order_items"))
_PUT_RECORD = {t: _upsert_by(t, ["id"], [*cols, "extra"]) for t, cols in _RECORD_COLUMNS.items()}
_ADD_RECORD = {t: q.Statement(insert(_TABLE[t]), list(cols)) for t, cols in _RECORD_COLUMNS.items()}
_ADD_CHANGE = q.Statement(insert(S.order_changes), [*_RECORD_COLUMNS["order_changes"], "extra"])
_ADD_TICKET = q.Statement(insert(S.tickets), [*_RECORD_COLUMNS["tickets"], "extra"])
_ALL = {t: q.Statement(select(_TABLE[t]).order_by(_TABLE[t].c.rowid)) for t in (
    "identities", "customers", "orders", "products", *_RECORD_COLUMNS)}
_COUNT = {t: q.Statement(select(func.count()).select_from(_TABLE[t])) for t in _TABLE}
_PMS_BY_CUSTOMER = q.Statement(select(S.payment_methods).order_by(S.payment_methods.c.customer_id,
                                                                   S.payment_methods.c.position))
_ITEMS_IN_ORDER = q.Statement(select(S.order_items).order_by(S.order_items.c.order_id, S.order_items.c.line))
_VARIANTS_IN_ORDER = q.Statement(select(S.variants).order_by(S.variants.c.product_id, S.variants.c.position))
_VARIANTS_OF = q.Statement(select(S.variants).where(S.variants.c.product_id == bindparam("product_id"))
                           .order_by(S.variants.c.position))
_PRODUCT_EXTRA = q.Statement(select(S.products.c.extra).where(S.products.c.id == bindparam("id")))
_PRODUCT = q.Statement(select(S.products).where(S.products.c.id == bindparam("id")))
_VARIANT = q.Statement(select(S.variants).where(S.variants.c.sku == bindparam("sku")))
_IDENTITY = q.Statement(select(S.identities.c.customer_id).where(S.identities.c.lookup == bindparam("lookup")))
_CUSTOMER_IDS = q.Statement(select(S.customers.c.id).order_by(S.customers.c.rowid))
_CUSTOMER = q.Statement(select(S.customers).where(S.customers.c.id == bindparam("id")))
_IDENTITIES_OF = q.Statement(select(S.identities.c.sealed).where(S.identities.c.customer_id == bindparam("id"))
                             .order_by(S.identities.c.rowid))
_PMS_OF = q.Statement(select(S.payment_methods).where(S.payment_methods.c.customer_id == bindparam("id"))
                      .order_by(S.payment_methods.c.position))
_PM = q.Statement(select(S.payment_methods).where(S.payment_methods.c.id == bindparam("id")))


def _orders_where(by: str) -> tuple[q.Statement, q.Statement]:
    """An order set (by customer or by id): its orders newest first, and their items with the
    variant each names (items without product_id/options, old fixtures, match a variant by sku)."""
    o, i, v = S.orders, S.order_items, S.variants
    cond = (o.c.customer_id if by == "customer" else o.c.id) == bindparam("key")
    orders_ = q.Statement(select(o).where(cond).order_by(o.c.placed_ts.desc(), o.c.rowid.desc()))
    items = q.Statement(select(i, v.c.product_id.label("v_product"), v.c.options.label("v_options"))
                        .select_from(i.join(o, o.c.id == i.c.order_id).outerjoin(v, v.c.sku == i.c.sku))
                        .where(cond).order_by(i.c.line))
    return orders_, items


_ORDERS_OF = _orders_where("customer")
_ORDER_BY_ID = _orders_where("id")
_LINE_QTY = q.Statement(select(S.order_items.c.sku, S.order_items.c.qty)
                        .where(S.order_items.c.order_id == bindparam("order_id")))
_FOR_ORDER = {t: q.Statement(select(_TABLE[t]).where(_TABLE[t].c.order_id == bindparam("order_id"))
                             .order_by(_TABLE[t].c.rowid)) for t in ("returns", "exchanges", "order_changes", "invoices")}


def _refunds(one_order: bool) -> q.Statement:
    f, o = S.refunds, S.orders
    stmt = (select(f, o.c.currency.label("order_currency")).select_from(f.join(o, o.c.id == f.c.order_id))
            .where(o.c.customer_id == bindparam("customer_id")))
    if one_order:
        stmt = stmt.where(f.c.order_id == bindparam("order_id"))
    return q.Statement(stmt.order_by(f.c.created_at.desc(), f.c.rowid.desc()))


_REFUNDS = {False: _refunds(False), True: _refunds(True)}
_TICKET = q.Statement(select(S.tickets).where(S.tickets.c.id == bindparam("id")))
# A customer's tickets: under their id, or (a platform shop's customers are not in this store) under
# the scope of one of their platform identities. Newest first.
_TICKETS_OF = q.Statement(select(S.tickets).where(S.tickets.c.customer_id == bindparam("customer_id"))
                          .order_by(S.tickets.c.created_at.desc(), S.tickets.c.rowid.desc()))
_TICKETS_IN = q.Statement(select(S.tickets).where(S.tickets.c.customer_id.is_(None),
                                                  S.tickets.c.scope == bindparam("scope"))
                          .order_by(S.tickets.c.created_at.desc(), S.tickets.c.rowid.desc()))


def _set(table: str, cols: Sequence[str], *where: Any) -> q.Statement:
    return q.Statement(update(_TABLE[table]).where(*where), list(cols))


_SET_STATUS = _set("orders", ["status"], S.orders.c.id == bindparam("id"))
_SET_ADDRESS = _set("orders", ["shipping_address"], S.orders.c.id == bindparam("id"))
_SET_PM = _set("orders", ["payment_method_id"], S.orders.c.id == bindparam("id"))
_SET_TOTAL = _set("orders", ["total"], S.orders.c.id == bindparam("id"))
_SET_TRANSCRIPT = _set("tickets", ["transcript"], S.tickets.c.id == bindparam("id"))
_SET_DEFAULT_ADDRESS = _set("customers", ["default_address"], S.customers.c.id == bindparam("id"))
_SET_INVOICE_TITLE = _set("invoices", ["title"], S.invoices.c.id == bindparam("id"),
                          S.invoices.c.order_id == bindparam("order_id"))
# Stock never goes below zero (a reservation of the last piece twice leaves 0, not -1).
_MOVED = S.variants.c.stock + bindparam("delta")
_MOVE_STOCK = q.Statement(update(S.variants).where(S.variants.c.sku == bindparam("sku")).values(
    stock=case((_MOVED < 0, 0), else_=_MOVED)))
# A withdrawn return / exchange: cancelled only from the status it was read in (else a conflict);
# a withdrawn return's pending refund goes with it.
_WITHDRAW = {t: q.Statement(update(_TABLE[t]).where(_TABLE[t].c.id == bindparam("id"),
                                                    _TABLE[t].c.status == bindparam("expected"))
                            .values(status="cancelled")) for t in ("returns", "exchanges")}
_DROP_RETURN_REFUND = q.Statement(update(S.refunds).where(S.refunds.c.return_id == bindparam("return_id"),
                                                          S.refunds.c.status == "pending")
                                  .values(status="cancelled"))
_STATE = q.Statement(select(S.conversation_state.c.state)
                     .where(S.conversation_state.c.conversation_key == bindparam("key")))
_PUT_STATE = _upsert_by("conversation_state", ["conversation_key"])
_DROP_STATE = q.Statement(delete(S.conversation_state)
                          .where(S.conversation_state.c.conversation_key == bindparam("key")))
_DROP_STATES_LIKE = q.Statement(delete(S.conversation_state)
                                .where(S.conversation_state.c.conversation_key.like(bindparam("pattern"))))


def _cancel(n: int) -> q.Statement:
    """UPDATE … SET status = 'cancelled' WHERE id = :id AND status IN (:s0, …): one shape per count."""
    o = S.orders
    return q.shaped(("store-cancel", n), lambda: update(o).where(
        o.c.id == bindparam("id"), o.c.status.in_([bindparam(f"s{k}") for k in range(n)])).values(status="cancelled"))


Writes = list[tuple[q.Statement, dict[str, Any]]]



# The catalogue's decoded models by their raw column values (#17): every turn reads the catalogue,
# and decoding its JSON columns was most of that. A pure function of the values, so a changed row
# (stock, price, options) is a new key and decoded afresh; the models are frozen and their
# mappings read-only by contract (bot/shop/models.py), so sharing them is safe. Bounded.
_DECODED: dict[tuple[Any, ...], Any] = {}
_DECODED_MAX = 8192


def _decoded(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    hit = _DECODED.get(key)
    if hit is None:
        if len(_DECODED) >= _DECODED_MAX:
            _DECODED.clear()
        hit = _DECODED[key] = build()
    return hit

class StoreConflict(RuntimeError):
    """The order changed between the check and the write (e.g. shipped meanwhile)."""


class Store:
    def __init__(self, conn: aiosqlite.Connection, cipher: FieldCipher | None, default_policies: Policies) -> None:
        self.conn = conn
        self.cipher = cipher
        self.default_policies = default_policies
        self._lock = asyncio.Lock()
        self._closed = False

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    async def open(cls, path: str | Path, cipher: FieldCipher | None = None,
                   default_policies: Policies | None = None) -> Store:
        # bot.db.connect zeroes freed pages on SQLite (secure_delete), so deleted rows (old
        # tokens) do not linger in the file.
        conn = await connect(path)
        await migrations.migrate(conn, COMPONENT)
        return cls(conn, cipher, default_policies or Policies())

    async def close(self) -> None:
        """Close the connection (idempotent): its worker thread would otherwise keep the process alive."""
        if not self._closed:
            self._closed = True
            await self.conn.close()

    async def schema_version(self) -> int:
        return int(await self._scalar(_VERSION, {"c": COMPONENT.name}) or 0)

    # ------------------------------------------------------------------ sealing
    async def _seal(self, scope: str, value: str | None) -> str | None:
        if value is None or self.cipher is None:
            return value
        return await self.cipher.encrypt(scope, value)

    async def _unseal(self, scope: str, token: str | None) -> str | None:
        if token is None or self.cipher is None:
            return token
        try:
            return await self.cipher.decrypt(scope, token)
        except Exception:  # the scope's key was destroyed (erasure) or the token is damaged
            return ERASED

    async def _lookup(self, identity: str) -> str:
        """The identities table's key for a platform identity: a keyed hash when sealing."""
        if self.cipher is None:
            return identity
        return await self.cipher.blind_index(identity, "identity")

    async def _seal_json(self, scope: str, value: Any) -> str | None:
        return None if value is None else await self._seal(scope, _dumps(value))

    async def _unseal_json(self, scope: str, token: str | None, erased: Any) -> Any:
        text = await self._unseal(scope, token)
        if text is None:
            return None
        if text == ERASED:
            return erased
        return json.loads(text)

    # ------------------------------------------------------------------ small helpers
    async def _rows(self, stmt: q.Statement, params: Mapping[str, Any] | None = None) -> list[Any]:
        return await q.fetchall(self.conn, stmt, params)

    async def _scalar(self, stmt: q.Statement, params: Mapping[str, Any] | None = None) -> Any:
        return (await q.execute(self.conn, stmt, params)).scalar()

    async def _exec(self, stmt: q.Statement, params: Mapping[str, Any] | None = None) -> q.Result:
        return await q.execute(self.conn, stmt, params)

    async def _write(self, statements: Writes) -> None:
        async def run() -> None:
            for stmt, params in statements:
                await q.execute(self.conn, stmt, params)
        await self._tx(run)

    async def _tx(self, body: Callable[[], Awaitable[T]]) -> T:
        """Run `body` as one transaction under the store lock: bot.db's scope (BEGIN IMMEDIATE,
        always COMMIT or ROLLBACK), re-run on a lock error, so `body` must be safe to re-run."""
        async with self._lock:
            return await run_transaction(self.conn, body)

    async def _guard(self, order_id: str, expected: Sequence[str] | None) -> None:
        """Inside a transaction: the order still has one of `expected` statuses (else StoreConflict)."""
        if not expected:
            return
        status = await self._scalar(_ORDER_STATUS, {"id": order_id})
        if status not in expected:
            raise StoreConflict(order_id)

    async def _order_scope(self, order_id: str) -> str:
        return await self._scalar(_ORDER_OWNER, {"id": order_id}) or f"order:{order_id}"

    async def _next_id(self, table: str, now: datetime) -> str:
        """RT20261128-0001 style: prefix, the creation day, a per-day counter. Runs inside the
        caller's transaction; skips numbers already taken by imported records."""
        key = _ID_PREFIX[table] + parse_ts(now).strftime("%Y%m%d")
        while True:
            n = await self._scalar(_BUMP_COUNTER, {"prefix": key})
            candidate = f"{key}-{n:04d}"
            if await self._scalar(_ID_TAKEN[table], {"id": candidate}) is None:
                return candidate

    # ------------------------------------------------------------------ fixture import / export
    async def is_empty(self) -> bool:
        return not await self._scalar(_ANY_SHOP_DATA)

    async def import_fixture(self, fixture: Mapping[str, Any], replace: bool = True) -> None:
        """Load a DESIGN.md fixture. `replace` wipes the shop data first (conversation state is
        kept); otherwise records are upserted by id."""
        validate_fixture(fixture)
        statements: Writes = []
        if replace:
            statements += [(wipe, {}) for wipe in _WIPE]
            statements.append((_DROP_POLICIES, {}))
            statements += [(drop, {}) for drop in _DROP_META.values()]
            statements.append((_DROP_FOLDER, {}))
        if fixture.get("policies") is not None:
            statements.append((_PUT_POLICIES, {"key": "policies", "value": _dumps(fixture["policies"])}))
        for key in _SHOP_META:
            if fixture.get(key) is not None:
                statements.append((_PUT_POLICIES, {"key": key, "value": _dumps(fixture[key])}))
        for p in fixture.get("products") or []:
            extra = {k: v for k, v in p.items() if k not in _PRODUCT_KEYS}
            statements.append((_PUT_PRODUCT, {
                "id": p["id"], "name": p["name"], "name_zh": p.get("name_zh"), "category": p["category"],
                "options": _dumps(p.get("options") or {}), "extra": _dumps(extra) if extra else None}))
            statements.append((_DROP_VARIANTS, {"product_id": p["id"]}))
            for pos, v in enumerate(p.get("variants") or []):
                vextra = {k: val for k, val in v.items() if k not in _VARIANT_KEYS}
                statements.append((_ADD_VARIANT, {
                    "sku": v["sku"], "product_id": p["id"], "position": pos, "options": _dumps(v.get("options") or {}),
                    "price": str(v["price"]), "stock": int(v["stock"]), "extra": _dumps(vextra) if vextra else None}))
        order_owner: dict[str, str] = {}
        for c in fixture.get("customers") or []:
            cid = c["id"]
            extra = {k: v for k, v in c.items() if k not in _CUSTOMER_KEYS}
            statements.append((_PUT_CUSTOMER, {
                "id": cid, "name": await self._seal(cid, c.get("name")), "phone": await self._seal(cid, c.get("phone")),
                "email": await self._seal(cid, c.get("email")),
                "default_address": await self._seal(cid, c.get("default_address")),
                "extra": await self._seal_json(cid, extra or None)}))
            if not replace:
                statements.append((_DROP_IDENTITIES, {"customer_id": cid}))
                statements.append((_DROP_PMS, {"customer_id": cid}))
            for ident in c.get("identities") or []:
                statements.append((_PUT_IDENTITY, {"lookup": await self._lookup(ident), "customer_id": cid,
                                                   "sealed": await self._seal(cid, ident)}))
            for pos, pm in enumerate(c.get("payment_methods") or []):
                pextra = {k: v for k, v in pm.items() if k not in _PM_KEYS}
                statements.append((_PUT_PM, {
                    "id": pm["id"], "customer_id": cid, "position": pos, "type": pm["type"],
                    "label": await self._seal(cid, pm.get("label")), "extra": await self._seal_json(cid, pextra or None)}))
        for o in fixture.get("orders") or []:
            cid = o["customer_id"]
            order_owner[o["id"]] = cid
            extra = {k: v for k, v in o.items() if k not in _ORDER_KEYS + _ORDER_OPTIONAL}
            statements.append((_PUT_ORDER, {
                "id": o["id"], "customer_id": cid, "status": o["status"], "placed_at": o["placed_at"],
                "placed_ts": parse_ts(o["placed_at"]).timestamp(), "shipped_at": o.get("shipped_at"),
                "delivered_at": o.get("delivered_at"), "carrier": o.get("carrier"), "tracking_no": o.get("tracking_no"),
                "currency": o["currency"], "total": str(o["total"]),
                "shipping_address": await self._seal(cid, o.get("shipping_address")),
                "payment_method_id": o.get("payment_method_id"), "extra": await self._seal_json(cid, extra or None)}))
            statements.append((_DROP_ITEMS, {"order_id": o["id"]}))
            for line, item in enumerate(o.get("items") or []):
                statements.append(self._item_insert(o["id"], line, item))
        for table, columns in _RECORD_COLUMNS.items():
            for rec in fixture.get(table) or []:
                if table == "tickets":
                    ident = rec.get("identity")
                    scope = _ticket_scope(rec.get("customer_id"), await self._lookup(ident) if ident else None)
                else:
                    scope = order_owner.get(rec["order_id"]) or await self._order_scope(rec["order_id"])
                values: dict[str, Any] = {}
                for col in columns:
                    value = scope if col == "scope" else rec.get(col)
                    if col == "skus":      # NOT NULL since migration 1; [] with `items` reads "absent"
                        value = _dumps(value or [])
                    elif col in _JSON_COLUMNS:
                        value = None if value is None else _dumps(value)
                    elif col in _SEALED_JSON:
                        value = await self._seal_json(scope, value) if col in rec else None
                    elif col in _SEALED_COLUMNS:
                        value = await self._seal(scope, value)
                    elif col in _MONEY_COLUMNS:
                        value = None if value is None else str(value)
                    values[col] = value
                extra = {k: v for k, v in rec.items() if k not in columns}
                values["extra"] = await self._seal_json(scope, extra or None)
                statements.append((_PUT_RECORD[table], values))
        await self._write(statements)

    @staticmethod
    def _item_insert(order_id: str, line: int, item: Mapping[str, Any]) -> tuple[q.Statement, dict[str, Any]]:
        return (_ADD_ITEM, {"order_id": order_id, "line": line, "sku": item["sku"], "product_id": item.get("product_id"),
                            "name": item["name"],
                            "options": None if item.get("options") is None else _dumps(item["options"]),
                            "qty": int(item.get("qty", 1)), "price": str(item["price"]), "category": item["category"]})

    async def export_fixture(self) -> dict[str, Any]:
        """The whole shop in the fixture format, decrypted; destroyed keys read "[erased]"."""
        out: dict[str, Any] = {"policies": (await self.policies()).to_dict(), "products": [], "customers": [],
                               "orders": []}
        for key in _SHOP_META:
            raw = await self._scalar(_META[key])
            if raw:
                out[key] = json.loads(raw)
        for product in await self.products():
            rec = {"id": product.id, "name": product.name}
            if product.name_zh is not None:
                rec["name_zh"] = product.name_zh
            rec["category"] = product.category
            rec["options"] = {k: list(v) for k, v in product.options.items()}
            rec["variants"] = []
            for v in await self._rows(_VARIANTS_OF, {"product_id": product.id}):
                rec["variants"].append({"sku": v["sku"], "options": json.loads(v["options"] or "{}"),
                                        "price": v["price"], "stock": int(v["stock"]),
                                        **(json.loads(v["extra"]) if v["extra"] else {})})
            raw = await self._scalar(_PRODUCT_EXTRA, {"id": product.id})
            rec.update(json.loads(raw) if raw else {})
            out["products"].append(rec)
        idents: dict[str, list[str]] = {}
        for row in await self._rows(_ALL["identities"]):
            idents.setdefault(row["customer_id"], []).append(await self._unseal(row["customer_id"], row["sealed"]))
        pms: dict[str, list[dict[str, Any]]] = {}
        for row in await self._rows(_PMS_BY_CUSTOMER):
            cid = row["customer_id"]
            pm = {"id": row["id"], "type": row["type"]}
            if row["label"] is not None:
                pm["label"] = await self._unseal(cid, row["label"])
            pm.update(await self._unseal_json(cid, row["extra"], {}) or {})
            pms.setdefault(cid, []).append(pm)
        for row in await self._rows(_ALL["customers"]):
            cid = row["id"]
            rec = {"id": cid, "name": await self._unseal(cid, row["name"]),
                   "phone": await self._unseal(cid, row["phone"]), "email": await self._unseal(cid, row["email"])}
            if row["default_address"] is not None:
                rec["default_address"] = await self._unseal(cid, row["default_address"])
            if cid in pms:
                rec["payment_methods"] = pms[cid]
            rec["identities"] = idents.get(cid, [])
            rec.update(await self._unseal_json(cid, row["extra"], {}) or {})
            out["customers"].append(rec)
        items: dict[str, list[dict[str, Any]]] = {}
        for row in await self._rows(_ITEMS_IN_ORDER):
            item: dict[str, Any] = {"sku": row["sku"]}
            if row["product_id"] is not None:
                item["product_id"] = row["product_id"]
            item["name"] = row["name"]
            if row["options"] is not None:
                item["options"] = json.loads(row["options"])
            item.update({"qty": row["qty"], "price": row["price"], "category": row["category"]})
            items.setdefault(row["order_id"], []).append(item)
        owner: dict[str, str] = {}
        for row in await self._rows(_ALL["orders"]):
            cid = row["customer_id"]
            owner[row["id"]] = cid
            rec = {k: row[k] for k in _ORDER_KEYS if k not in ("shipping_address", "items")}
            rec["shipping_address"] = await self._unseal(cid, row["shipping_address"])
            if row["payment_method_id"] is not None:
                rec["payment_method_id"] = row["payment_method_id"]
            rec["items"] = items.get(row["id"], [])
            rec.update(await self._unseal_json(cid, row["extra"], {}) or {})
            out["orders"].append(rec)
        for table, columns in _RECORD_COLUMNS.items():
            out[table] = []
            for row in await self._rows(_ALL[table]):
                if table == "tickets":
                    scope = row["scope"] or _ticket_scope(row["customer_id"], None)
                else:
                    scope = owner.get(row["order_id"], f"order:{row['order_id']}")
                rec: dict[str, Any] = {}
                for col in columns:
                    if col == "scope":
                        continue
                    value = row[col]
                    if value is not None:
                        if col in _JSON_COLUMNS:
                            value = json.loads(value)
                        elif col == "transcript":
                            value = await self._unseal_json(scope, value, [ERASED])
                        elif col in _SEALED_JSON:
                            value = await self._unseal_json(scope, value, ERASED)
                        elif col in _SEALED_COLUMNS:
                            value = await self._unseal(scope, value)
                    if col == "skus" and value == [] and row["items"] is not None:
                        continue
                    if value is not None or col in _ALWAYS[table]:
                        rec[col] = value
                rec.update(await self._unseal_json(scope, row["extra"], {}) or {})
                out[table].append(rec)
        return out

    async def policies(self) -> Policies:
        raw = await self._scalar(_POLICIES)
        return Policies.from_dict(json.loads(raw) if raw else None, base=self.default_policies)

    async def main_currency(self) -> str | None:
        """The currency the shop sells in, read from its orders (None: no orders yet); what a
        catalogue price without its own `currency` is shown in to someone with no orders."""
        value = await self._scalar(_MAIN_CURRENCY)
        return str(value) if value else None

    async def record_knowledge_folder(self, folder: str) -> None:
        """Remember the knowledge folder of the shop just imported (an absolute path)."""
        await self._write([(_PUT_POLICIES, {"key": _FOLDER_KEY, "value": _dumps(folder)})])

    async def knowledge_folder(self) -> str | None:
        """The knowledge folder recorded for the imported shop, or None."""
        raw = await self._scalar(_FOLDER)
        value = json.loads(raw) if raw else None
        return value if isinstance(value, str) and value else None

    async def shop_facts(self) -> dict[str, Any]:
        """The fixture's own `facts` (empty when it brought none)."""
        raw = await self._scalar(_META["facts"])
        value = json.loads(raw) if raw else None
        return dict(value) if isinstance(value, dict) else {}

    async def counts(self) -> dict[str, int]:
        out = {}
        for table in ("customers", "orders", "products", "variants", "payment_methods", "returns", "exchanges",
                      "refunds", "order_changes", "tickets", "invoices"):
            out[table] = int(await self._scalar(_COUNT[table]) or 0)
        return out

    # ------------------------------------------------------------------ reads: catalogue
    async def products(self) -> list[Product]:
        rows = await self._rows(_ALL["products"])
        variants: dict[str, list[Variant]] = {}
        for v in await self._rows(_VARIANTS_IN_ORDER):
            variants.setdefault(v["product_id"], []).append(self._variant(v))
        return [self._product(r, variants.get(r["id"], [])) for r in rows]

    async def product(self, product_id: str) -> Product | None:
        rows = await self._rows(_PRODUCT, {"id": product_id})
        if not rows:
            return None
        vs = await self._rows(_VARIANTS_OF, {"product_id": product_id})
        return self._product(rows[0], [self._variant(v) for v in vs])

    async def variant(self, sku: str) -> Variant | None:
        rows = await self._rows(_VARIANT, {"sku": sku})
        return self._variant(rows[0]) if rows else None

    @staticmethod
    def _variant(row: Any) -> Variant:
        key = ("variant", row["sku"], row["product_id"], row["options"], type(row["price"]), row["price"],
               row["stock"], row["extra"])
        return _decoded(key, lambda: Store._decode_variant(row))

    @staticmethod
    def _decode_variant(row: Any) -> Variant:
        # Optional fixture extensions kept in `extra`: the main price's currency, prices in others.
        extra = json.loads(row["extra"]) if row["extra"] else {}
        prices = {k: Decimal(str(v)) for k, v in (extra.get("prices") or {}).items()}
        return Variant(row["sku"], row["product_id"], json.loads(row["options"] or "{}"), Decimal(row["price"]),
                       int(row["stock"]), extra.get("currency"), prices)

    @staticmethod
    def _product(row: Any, variants: Sequence[Variant]) -> Product:
        def decode() -> tuple[dict[str, tuple[str, ...]], dict[str, Any]]:
            options = {k: tuple(v) for k, v in json.loads(row["options"] or "{}").items()}
            extra = json.loads(row["extra"]) if row["extra"] else {}
            return options, (extra.get("names") if isinstance(extra.get("names"), dict) else {})
        options, names = _decoded(("product", row["options"], row["extra"]), decode)
        return Product(row["id"], row["name"], row["name_zh"], row["category"], options, tuple(variants), names)

    # ------------------------------------------------------------------ reads: customers, orders
    async def customer_for_identity(self, identity: str) -> Customer | None:
        cid = await self._scalar(_IDENTITY, {"lookup": await self._lookup(identity)})
        return await self.get_customer(cid) if cid else None

    async def customers(self) -> list[Customer]:
        """Every customer with their identities (no orders: cheaper than a full export)."""
        ids = [r["id"] for r in await self._rows(_CUSTOMER_IDS)]
        return [c for c in [await self.get_customer(i) for i in ids] if c is not None]

    async def get_customer(self, customer_id: str) -> Customer | None:
        rows = await self._rows(_CUSTOMER, {"id": customer_id})
        if not rows:
            return None
        row = rows[0]
        idents = [await self._unseal(customer_id, r["sealed"]) for r in await self._rows(
            _IDENTITIES_OF, {"id": customer_id})]
        pms = [PaymentMethod(r["id"], customer_id, r["type"], await self._unseal(customer_id, r["label"]))
               for r in await self._rows(_PMS_OF, {"id": customer_id})]
        return Customer(id=row["id"], name=await self._unseal(customer_id, row["name"]),
                        phone=await self._unseal(customer_id, row["phone"]),
                        email=await self._unseal(customer_id, row["email"]), identities=tuple(idents),
                        default_address=await self._unseal(customer_id, row["default_address"]),
                        payment_methods=tuple(pms))

    async def payment_method(self, pm_id: str) -> PaymentMethod | None:
        rows = await self._rows(_PM, {"id": pm_id})
        if not rows:
            return None
        r = rows[0]
        return PaymentMethod(r["id"], r["customer_id"], r["type"], await self._unseal(r["customer_id"], r["label"]))

    async def _orders(self, stmts: tuple[q.Statement, q.Statement], key: str) -> list[Order]:
        rows = await self._rows(stmts[0], {"key": key})
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        items: dict[str, list[OrderItem]] = {i: [] for i in ids}
        # Items without product_id/options (old fixtures) are matched to a variant by sku.
        for it in await self._rows(stmts[1], {"key": key}):
            options = it["options"] if it["options"] is not None else it["v_options"]
            items[it["order_id"]].append(OrderItem(
                it["sku"], it["product_id"] or it["v_product"], it["name"], json.loads(options) if options else {},
                it["qty"], Decimal(it["price"]), it["category"]))
        return [Order(id=r["id"], customer_id=r["customer_id"], status=r["status"], placed_at=r["placed_at"],
                      shipped_at=r["shipped_at"], delivered_at=r["delivered_at"], carrier=r["carrier"],
                      tracking_no=r["tracking_no"], currency=r["currency"], total=Decimal(r["total"]),
                      shipping_address=await self._unseal(r["customer_id"], r["shipping_address"]),
                      items=tuple(items[r["id"]]), payment_method_id=r["payment_method_id"]) for r in rows]

    async def list_orders(self, customer_id: str) -> list[Order]:
        """The customer's orders, most recently placed first."""
        return await self._orders(_ORDERS_OF, customer_id)

    async def get_order(self, order_id: str) -> Order | None:
        """Raw lookup by id, no ownership check (BuiltinShop enforces ownership)."""
        found = await self._orders(_ORDER_BY_ID, order_id)
        return found[0] if found else None

    async def _line_qty(self, order_id: str) -> dict[str, int]:
        return {r["sku"]: int(r["qty"]) for r in await self._rows(
            _LINE_QTY, {"order_id": order_id})}

    async def returns_for_order(self, order_id: str) -> list[ReturnRecord]:
        qty = await self._line_qty(order_id)
        out = []
        for r in await self._rows(_FOR_ORDER["returns"], {"order_id": order_id}):
            if r["items"]:
                items = tuple(ItemQty(i["sku"], int(i.get("qty", 1))) for i in json.loads(r["items"]))
            else:   # an old record: whole lines (an empty list: the whole order)
                items = tuple(ItemQty(s, qty.get(s, 1)) for s in json.loads(r["skus"] or "[]"))
            out.append(ReturnRecord(r["id"], r["order_id"], r["status"], r["reason"], r["created_at"], items,
                                    _dec(r["refund_amount"]), r["refund_to"]))
        return out

    async def exchanges_for_order(self, order_id: str) -> list[ExchangeRecord]:
        qty = await self._line_qty(order_id)
        out = []
        for r in await self._rows(_FOR_ORDER["exchanges"], {"order_id": order_id}):
            if r["items"]:
                items = tuple(ExchangeItem(i["sku"], int(i.get("qty", 1)), i.get("new_sku"))
                              for i in json.loads(r["items"]))
            else:
                items = (ExchangeItem(r["sku"], qty.get(r["sku"], 1), None),) if r["sku"] else ()
            out.append(ExchangeRecord(r["id"], r["order_id"], r["status"], r["reason"], r["created_at"], items,
                                      r["wanted"], _dec(r["price_difference"])))
        return out

    async def changes_for_order(self, order_id: str) -> list[OrderChange]:
        scope = await self._order_scope(order_id)
        out = []
        for r in await self._rows(_FOR_ORDER["order_changes"], {"order_id": order_id}):
            extra = await self._unseal_json(scope, r["extra"], {}) or {}
            before = await self._unseal_json(scope, r["before"], ERASED)
            after = await self._unseal_json(scope, r["after"], ERASED)
            if r["kind"] == "items":
                before = tuple(ItemQty(i["sku"], int(i["qty"])) for i in before or [])
                after = tuple(ItemQty(i["sku"], int(i["qty"])) for i in after or [])
            out.append(OrderChange(r["id"], r["order_id"], r["kind"], before, after, r["created_at"],
                                   _dec(extra.get("price_difference")), extra.get("payment_method_id")))
        return out

    async def refunds_for_customer(self, customer_id: str, order_id: str | None = None) -> list[RefundRecord]:
        """Refunds of the customer's orders (optionally one order), newest first."""
        rows = await self._rows(_REFUNDS[order_id is not None], {"customer_id": customer_id, "order_id": order_id})
        return [RefundRecord(r["id"], r["order_id"], Decimal(r["amount"]), r["status"], r["created_at"],
                             r["currency"] or r["order_currency"], r["reason"], r["return_id"], r["refund_to"])
                for r in rows]

    async def invoices_for_order(self, order_id: str) -> list[Invoice]:
        scope = await self._order_scope(order_id)
        return [Invoice(r["id"], r["order_id"], r["status"], r["created_at"], await self._unseal(scope, r["title"]))
                for r in await self._rows(_FOR_ORDER["invoices"], {"order_id": order_id})]

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        rows = await self._rows(_TICKET, {"id": ticket_id})
        return await self._ticket(rows[0]) if rows else None

    async def tickets_of(self, customer_id: str | None, identities: Sequence[str] = ()) -> list[Ticket]:
        """Tickets of a customer of this store (`customer_id`), or of a platform shop's customer
        kept under their platform identities (`identities`), newest first."""
        rows = list(await self._rows(_TICKETS_OF, {"customer_id": customer_id})) if customer_id else []
        seen = {r["id"] for r in rows}
        for ident in identities:
            scope = _ticket_scope(None, await self._lookup(ident))
            rows += [r for r in await self._rows(_TICKETS_IN, {"scope": scope}) if r["id"] not in seen]
            seen |= {r["id"] for r in rows}
        rows.sort(key=lambda r: str(r["created_at"]), reverse=True)
        return [await self._ticket(r) for r in rows]

    async def add_to_ticket(self, ticket_id: str, lines: Sequence[str]) -> Ticket | None:
        """Append redacted lines to a ticket's sealed transcript (a new detail for an open case)."""
        rows = await self._rows(_TICKET, {"id": ticket_id})
        if not rows:
            return None
        r = rows[0]
        scope = r["scope"] or _ticket_scope(r["customer_id"], None)
        had = list(await self._unseal_json(scope, r["transcript"], [ERASED]) or [])
        sealed = await self._seal_json(scope, had + list(lines))
        await self._tx(lambda: self._exec(_SET_TRANSCRIPT, {"id": ticket_id, "transcript": sealed}))
        return await self.get_ticket(ticket_id)

    async def _ticket(self, r: Any) -> Ticket:
        scope = r["scope"] or _ticket_scope(r["customer_id"], None)
        extra = await self._unseal_json(scope, r["extra"], {}) or {}
        order_id = extra.get("order_id") if isinstance(extra, Mapping) else None
        return Ticket(r["id"], r["customer_id"], await self._unseal(scope, r["conversation"]), r["reason"],
                      r["created_at"], r["status"] or "open", await self._unseal(scope, r["identity"]),
                      list(await self._unseal_json(scope, r["transcript"], [ERASED]) or []),
                      str(order_id) if order_id else None)

    # ------------------------------------------------------------------ mutations (raw, no policy)
    async def _insert_change(self, order_id: str, scope: str, kind: str, before_sealed: str | None,
                             after_sealed: str | None, extra_sealed: str | None, now: datetime) -> str:
        cid = await self._next_id("order_changes", now)
        await self._exec(_ADD_CHANGE, {
            "id": cid, "order_id": order_id, "kind": kind, "before": before_sealed, "after": after_sealed,
            "created_at": _iso(now), "extra": extra_sealed})
        return cid

    async def set_order_status(self, order_id: str, status: str, expected: Sequence[str] | None = None) -> None:
        """Set an order's status; with `expected`, only from one of those statuses (else StoreConflict)."""
        async def body() -> None:
            await self._guard(order_id, expected)
            await self._exec(_SET_STATUS, {"status": status, "id": order_id})
        await self._tx(body)

    async def set_shipping_address(self, order_id: str, address: str, expected: Sequence[str] | None = None,
                                   now: datetime | None = None) -> OrderChange | None:
        """Set the address; with `now`, also record an "address" order change (before/after sealed)."""
        scope = await self._order_scope(order_id)
        old = await self._scalar(_ORDER_ADDRESS, {"id": order_id})
        old_plain = await self._unseal(scope, old)
        sealed = await self._seal(scope, address)
        before_s, after_s = await self._seal_json(scope, old_plain), await self._seal_json(scope, address)

        async def body() -> str | None:
            await self._guard(order_id, expected)
            cur = await self._exec(_SET_ADDRESS, {"shipping_address": sealed, "id": order_id})
            if cur.rowcount != 1:
                raise StoreConflict(order_id)
            if now is None:
                return None
            return await self._insert_change(order_id, scope, "address", before_s, after_s, None, now)
        change_id = await self._tx(body)
        if change_id is None or now is None:
            return None
        return OrderChange(change_id, order_id, "address", old_plain, address, _iso(now))

    async def set_payment_method(self, order_id: str, pm_id: str, expected: Sequence[str], now: datetime
                                 ) -> OrderChange:
        scope = await self._order_scope(order_id)
        old = await self._scalar(_ORDER_PM, {"id": order_id})
        before_s, after_s = await self._seal_json(scope, old), await self._seal_json(scope, pm_id)

        async def body() -> str:
            await self._guard(order_id, expected)
            await self._exec(_SET_PM, {"payment_method_id": pm_id, "id": order_id})
            return await self._insert_change(order_id, scope, "payment", before_s, after_s, None, now)
        return OrderChange(await self._tx(body), order_id, "payment", old, pm_id, _iso(now))

    async def set_default_address(self, customer_id: str, address: str) -> None:
        sealed = await self._seal(customer_id, address)
        await self._write([(_SET_DEFAULT_ADDRESS, {"default_address": sealed, "id": customer_id})])

    async def cancel_order(self, order_id: str, now: datetime, refund_amount: Decimal | None,
                           expected: Sequence[str] = ("pending", "paid"), refund_to: str | None = None
                           ) -> RefundRecord | None:
        """Mark the order cancelled (with a "cancel" order change) and, when money was taken, open a
        "processing" refund — atomically."""
        scope = await self._order_scope(order_id)
        old = await self._scalar(_ORDER_STATUS, {"id": order_id})
        before_s, after_s = await self._seal_json(scope, old), await self._seal_json(scope, "cancelled")

        async def body() -> RefundRecord | None:
            cur = await self._exec(_cancel(len(expected)), {"id": order_id, **{f"s{k}": e for k, e in enumerate(expected)}})
            if cur.rowcount != 1:
                raise StoreConflict(order_id)
            await self._insert_change(order_id, scope, "cancel", before_s, after_s, None, now)
            if refund_amount is None:
                return None
            return await self._insert_refund(order_id, refund_amount, "processing", "cancelled", None, now, refund_to)
        return await self._tx(body)

    async def _insert_refund(self, order_id: str, amount: Decimal, status: str, reason: str | None,
                             return_id: str | None, now: datetime, refund_to: str | None = None) -> RefundRecord:
        currency = await self._scalar(_ORDER_CURRENCY, {"id": order_id})
        rid = await self._next_id("refunds", now)
        created = _iso(now)
        await self._exec(_ADD_RECORD["refunds"], {
            "id": rid, "order_id": order_id, "amount": _money(amount), "currency": currency, "status": status,
            "reason": reason, "return_id": return_id, "refund_to": refund_to, "created_at": created})
        return RefundRecord(rid, order_id, Decimal(_money(amount)), status, created, currency, reason, return_id,
                            refund_to)

    async def _adjust_stock(self, deltas: Mapping[str, int]) -> None:
        for sku, delta in deltas.items():
            if delta:
                await self._exec(_MOVE_STOCK, {"delta": delta, "sku": sku})

    async def change_items(self, order_id: str, lines: Sequence[Mapping[str, Any]], total: Decimal,
                           before: Sequence[ItemQty], after: Sequence[ItemQty], stock: Mapping[str, int],
                           price_difference: Decimal, payment_method_id: str | None, expected: Sequence[str],
                           now: datetime, refund_due: bool = True) -> tuple[OrderChange, RefundRecord | None]:
        """Replace the order's lines (fixture-shaped dicts), set its total, move stock by `stock`
        (sku → delta), record an "items" change and, when the difference is negative and money
        was taken (`refund_due`; not on an order awaiting payment), open a "pending" refund of it
        to `payment_method_id` — one transaction."""
        scope = await self._order_scope(order_id)
        before_s = await self._seal_json(scope, _items_json(before))
        after_s = await self._seal_json(scope, _items_json(after))
        extra = {"price_difference": _money(price_difference), "payment_method_id": payment_method_id}
        extra_s = await self._seal_json(scope, extra)

        async def body() -> tuple[str, RefundRecord | None]:
            await self._guard(order_id, expected)
            await self._exec(_DROP_ITEMS, {"order_id": order_id})
            for line, item in enumerate(lines):
                await self._exec(*self._item_insert(order_id, line, item))
            await self._exec(_SET_TOTAL, {"total": _money(total), "id": order_id})
            await self._adjust_stock(stock)
            change_id = await self._insert_change(order_id, scope, "items", before_s, after_s, extra_s, now)
            refund = None
            if price_difference < 0 and refund_due:
                refund = await self._insert_refund(order_id, -price_difference, "pending", "price_difference", None,
                                                   now, payment_method_id)
            return change_id, refund
        change_id, refund = await self._tx(body)
        return OrderChange(change_id, order_id, "items", tuple(before), tuple(after), _iso(now), price_difference,
                           payment_method_id), refund

    async def create_return(self, order_id: str, reason: str | None, items: Sequence[ItemQty], now: datetime,
                            refund_amount: Decimal, refund_to: str | None = None
                            ) -> tuple[ReturnRecord, RefundRecord]:
        """A "requested" return of `items` ((sku, qty) pairs; a bare sku means its whole line) plus a
        "pending" refund of `refund_amount` to `refund_to`."""
        lines = await self._line_qty(order_id)
        items = tuple(ItemQty(i, lines.get(i, 1)) if isinstance(i, str) else ItemQty(i[0], int(i[1])) for i in items)

        async def body() -> tuple[str, RefundRecord]:
            rid = await self._next_id("returns", now)
            await self._exec(_ADD_RECORD["returns"], {
                "id": rid, "order_id": order_id, "status": "requested", "reason": reason,
                "skus": _dumps([i.sku for i in items]), "items": _dumps(_items_json(items)),
                "refund_amount": _money(refund_amount), "refund_to": refund_to, "created_at": _iso(now)})
            refund = await self._insert_refund(order_id, refund_amount, "pending", "return", rid, now, refund_to)
            return rid, refund
        rid, refund = await self._tx(body)
        return ReturnRecord(rid, order_id, "requested", reason, _iso(now), items, Decimal(_money(refund_amount)),
                            refund_to), refund

    async def create_exchange(self, order_id: str, items: Sequence[ExchangeItem], wanted: str, reason: str | None,
                              now: datetime, price_difference: Decimal | None = None,
                              stock: Mapping[str, int] | None = None) -> ExchangeRecord:
        """A "requested" exchange; the new variants' stock is reserved (`stock`: sku → delta)."""
        items = tuple(items)
        first = items[0].sku if items else None

        async def body() -> str:
            eid = await self._next_id("exchanges", now)
            await self._exec(_ADD_RECORD["exchanges"], {
                "id": eid, "order_id": order_id, "status": "requested", "reason": reason, "sku": first,
                "items": _dumps([{"sku": i.sku, "qty": i.qty, "new_sku": i.new_sku} for i in items]),
                "wanted": wanted, "price_difference": None if price_difference is None else _money(price_difference),
                "created_at": _iso(now)})
            await self._adjust_stock(stock or {})
            return eid
        eid = await self._tx(body)
        return ExchangeRecord(eid, order_id, "requested", reason, _iso(now), items, wanted,
                              None if price_difference is None else Decimal(_money(price_difference)))

    async def withdraw_request(self, kind: str, record_id: str, expected: str,
                               stock: Mapping[str, int] | None = None) -> None:
        """Mark a return ("return") or exchange ("exchange") cancelled, if it still has status
        `expected` (else StoreConflict): a return's pending refund is cancelled with it, an
        exchange's reserved replacement stock goes back (`stock`: sku → delta) — one transaction."""
        table = "returns" if kind == "return" else "exchanges"

        async def body() -> None:
            cur = await self._exec(_WITHDRAW[table], {"id": record_id, "expected": expected})
            if cur.rowcount != 1:
                raise StoreConflict(record_id)
            if table == "returns":
                await self._exec(_DROP_RETURN_REFUND, {"return_id": record_id})
            await self._adjust_stock(stock or {})
        await self._tx(body)

    async def create_ticket(self, customer_id: str | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], now: datetime,
                            order_id: str | None = None) -> Ticket:
        """A hand-off ticket; the transcript is sealed under the customer (or the stranger's identity).
        `order_id`: the order the case is about (kept in the record's extra, like a fixture's)."""
        scope = _ticket_scope(customer_id, await self._lookup(identity) if identity else None)
        sealed = await self._seal_json(scope, list(transcript))
        sealed_extra = await self._seal_json(scope, {"order_id": order_id}) if order_id else None
        # Seal before taking the write lock: the key ring may write a new data key on its own connection.
        sealed_identity, sealed_conversation = await self._seal(scope, identity), await self._seal(scope, conversation)

        async def body() -> str:
            tid = await self._next_id("tickets", now)
            await self._exec(_ADD_TICKET, {
                "id": tid, "customer_id": customer_id, "scope": scope, "identity": sealed_identity,
                "conversation": sealed_conversation, "reason": reason, "status": "open", "transcript": sealed,
                "created_at": _iso(now), "extra": sealed_extra})
            return tid
        tid = await self._tx(body)
        return Ticket(tid, customer_id, conversation, reason, _iso(now), "open", identity, list(transcript), order_id)

    async def create_invoice(self, order_id: str, title: str | None, now: datetime) -> Invoice:
        sealed = await self._seal(await self._order_scope(order_id), title)

        async def body() -> str:
            iid = await self._next_id("invoices", now)
            await self._exec(_ADD_RECORD["invoices"], {"id": iid, "order_id": order_id, "status": "requested",
                                                        "title": sealed, "created_at": _iso(now)})
            return iid
        return Invoice(await self._tx(body), order_id, "requested", _iso(now), title)

    async def set_invoice_title(self, invoice_id: str, order_id: str, title: str) -> None:
        """Add the company title (and tax id) to an invoice request; sealed like any free text."""
        sealed = await self._seal(await self._order_scope(order_id), title)
        await self._write([(_SET_INVOICE_TITLE, {"title": sealed, "id": invoice_id, "order_id": order_id})])

    # ------------------------------------------------------------------ conversation state
    async def _state_row(self, conversation_key: str, scope: str | None) -> tuple[str, str]:
        """(row key, key scope) of a conversation's state.

        Conversation keys embed platform ids (a WhatsApp chat id is the customer's phone
        number), so the row key is a keyed hash. With `scope` (the speaker's customer id or
        identity scope) the state is the speaker's own — a group member's state is not
        another's — and sealed under the speaker's data key, so erasing them shreds it."""
        raw = conversation_key if scope is None else f"{conversation_key}\x00{scope}"
        if self.cipher is None:
            return raw, conversation_scope(raw)
        # "h:<speaker tag>:<hash>": the tag lets an erasure find the speaker's rows
        tag = (await self.cipher.blind_index(scope, "state-scope"))[:16] if scope is not None else "-"
        row = f"h:{tag}:" + await self.cipher.blind_index(raw, "conversation-state")
        return row, (scope if scope is not None else conversation_scope(row))

    async def erase_states(self, scope: str) -> int:
        """Delete a speaker's conversation states (after their key was destroyed); returns the count."""
        if self.cipher is None:
            return 0
        tag = (await self.cipher.blind_index(scope, "state-scope"))[:16]
        async def delete() -> int:
            cur = await self._exec(_DROP_STATES_LIKE, {"pattern": f"h:{tag}:%"})
            return int(cur.rowcount)
        return await self._tx(delete)

    async def load_state(self, conversation_key: str, scope: str | None = None) -> dict | None:
        row, key_scope = await self._state_row(conversation_key, scope)
        token = await self._scalar(_STATE, {"key": row})
        if token is None and self.cipher is not None:
            # a row written before keys were hashed (read once; the next save replaces it)
            token = await self._scalar(_STATE, {"key": conversation_key})
            key_scope = conversation_scope(conversation_key)
        return await self._unseal_json(key_scope, token, None)

    async def save_state(self, conversation_key: str, state: dict, scope: str | None = None) -> None:
        row, key_scope = await self._state_row(conversation_key, scope)
        sealed = await self._seal_json(key_scope, state)
        # UTC "YYYY-MM-DD HH:MM:SS", as SQLite's datetime('now') wrote it before.
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        writes: Writes = [(_PUT_STATE, {"conversation_key": row, "state": sealed, "updated_at": now})]
        if row != conversation_key:   # drop a pre-hashing row that still names the platform id
            writes.append((_DROP_STATE, {"key": conversation_key}))
        await self._write(writes)
