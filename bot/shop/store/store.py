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
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.db import connect, migrate
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
from bot.shop.store.cipher import ERASED, FieldCipher, conversation_scope, identity_scope
from bot.shop.store.fixture import validate_fixture
from bot.shop.store.schema import COMPONENT, MIGRATIONS

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
        conn = await connect(path)
        # Freed pages are zeroed, so deleted rows (old tokens) do not linger in the file.
        await conn.execute("PRAGMA secure_delete=ON")
        await migrate(conn, COMPONENT, MIGRATIONS)
        return cls(conn, cipher, default_policies or Policies())

    async def close(self) -> None:
        """Close the connection (idempotent): its worker thread would otherwise keep the process alive."""
        if not self._closed:
            self._closed = True
            await self.conn.close()

    async def schema_version(self) -> int:
        return int(await self._scalar("SELECT version FROM schema_version WHERE component = ?", (COMPONENT,)) or 0)

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
    async def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self.conn.execute(sql, args) as cur:
            return list(await cur.fetchall())

    async def _scalar(self, sql: str, args: Sequence[Any] = ()) -> Any:
        async with self.conn.execute(sql, args) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def _write(self, statements: Iterable[tuple[str, Sequence[Any]]]) -> None:
        async def run() -> None:
            for sql, args in statements:
                await self.conn.execute(sql, args)
        await self._tx(run)

    async def _tx(self, body: Callable[[], Awaitable[T]]) -> T:
        """Run `body` as one transaction under the store lock (rollback on any error)."""
        async with self._lock:
            try:
                result = await body()
                await self.conn.commit()
                return result
            except BaseException:
                await self.conn.rollback()
                raise

    async def _guard(self, order_id: str, expected: Sequence[str] | None) -> None:
        """Inside a transaction: the order still has one of `expected` statuses (else StoreConflict)."""
        if not expected:
            return
        status = await self._scalar("SELECT status FROM orders WHERE id = ?", (order_id,))
        if status not in expected:
            raise StoreConflict(order_id)

    async def _order_scope(self, order_id: str) -> str:
        return await self._scalar("SELECT customer_id FROM orders WHERE id = ?", (order_id,)) or f"order:{order_id}"

    async def _next_id(self, table: str, now: datetime) -> str:
        """RT20261128-0001 style: prefix, the creation day, a per-day counter. Runs inside the
        caller's transaction; skips numbers already taken by imported records."""
        key = _ID_PREFIX[table] + parse_ts(now).strftime("%Y%m%d")
        while True:
            n = await self._scalar(
                "INSERT INTO id_counters(prefix, n) VALUES (?, 1) "
                "ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n", (key,))
            candidate = f"{key}-{n:04d}"
            if not await self._scalar(f"SELECT 1 FROM {table} WHERE id = ?", (candidate,)):
                return candidate

    # ------------------------------------------------------------------ fixture import / export
    async def is_empty(self) -> bool:
        return not await self._scalar("SELECT EXISTS(SELECT 1 FROM customers) OR EXISTS(SELECT 1 FROM orders)")

    async def import_fixture(self, fixture: Mapping[str, Any], replace: bool = True) -> None:
        """Load a DESIGN.md fixture. `replace` wipes the shop data first (conversation state is
        kept); otherwise records are upserted by id."""
        validate_fixture(fixture)
        statements: list[tuple[str, Sequence[Any]]] = []
        if replace:
            statements += [(f"DELETE FROM {t}", ()) for t in _SHOP_TABLES]
            statements.append(("DELETE FROM store_meta WHERE key = 'policies'", ()))
        if fixture.get("policies") is not None:
            statements.append(("INSERT INTO store_meta(key, value) VALUES ('policies', ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               (_dumps(fixture["policies"]),)))
        for p in fixture.get("products") or []:
            extra = {k: v for k, v in p.items() if k not in _PRODUCT_KEYS}
            statements.append((
                "INSERT INTO products(id, name, name_zh, category, options, extra) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_zh = excluded.name_zh, "
                "category = excluded.category, options = excluded.options, extra = excluded.extra",
                (p["id"], p["name"], p.get("name_zh"), p["category"], _dumps(p.get("options") or {}),
                 _dumps(extra) if extra else None)))
            statements.append(("DELETE FROM variants WHERE product_id = ?", (p["id"],)))
            for pos, v in enumerate(p.get("variants") or []):
                vextra = {k: val for k, val in v.items() if k not in _VARIANT_KEYS}
                statements.append((
                    "INSERT INTO variants(sku, product_id, position, options, price, stock, extra) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (v["sku"], p["id"], pos, _dumps(v.get("options") or {}), str(v["price"]), int(v["stock"]),
                     _dumps(vextra) if vextra else None)))
        order_owner: dict[str, str] = {}
        for c in fixture.get("customers") or []:
            cid = c["id"]
            extra = {k: v for k, v in c.items() if k not in _CUSTOMER_KEYS}
            statements.append((
                "INSERT INTO customers(id, name, phone, email, default_address, extra) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
                "email = excluded.email, default_address = excluded.default_address, extra = excluded.extra",
                (cid, await self._seal(cid, c.get("name")), await self._seal(cid, c.get("phone")),
                 await self._seal(cid, c.get("email")), await self._seal(cid, c.get("default_address")),
                 await self._seal_json(cid, extra or None))))
            if not replace:
                statements.append(("DELETE FROM identities WHERE customer_id = ?", (cid,)))
                statements.append(("DELETE FROM payment_methods WHERE customer_id = ?", (cid,)))
            for ident in c.get("identities") or []:
                statements.append(("INSERT INTO identities(lookup, customer_id, sealed) VALUES (?, ?, ?) "
                                   "ON CONFLICT(lookup) DO UPDATE SET customer_id = excluded.customer_id, "
                                   "sealed = excluded.sealed",
                                   (await self._lookup(ident), cid, await self._seal(cid, ident))))
            for pos, pm in enumerate(c.get("payment_methods") or []):
                pextra = {k: v for k, v in pm.items() if k not in _PM_KEYS}
                statements.append((
                    "INSERT INTO payment_methods(id, customer_id, position, type, label, extra) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
                    "position = excluded.position, type = excluded.type, label = excluded.label, "
                    "extra = excluded.extra",
                    (pm["id"], cid, pos, pm["type"], await self._seal(cid, pm.get("label")),
                     await self._seal_json(cid, pextra or None))))
        for o in fixture.get("orders") or []:
            cid = o["customer_id"]
            order_owner[o["id"]] = cid
            extra = {k: v for k, v in o.items() if k not in _ORDER_KEYS + _ORDER_OPTIONAL}
            statements.append((
                "INSERT INTO orders(id, customer_id, status, placed_at, placed_ts, shipped_at, delivered_at, "
                "carrier, tracking_no, currency, total, shipping_address, payment_method_id, extra) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "customer_id = excluded.customer_id, status = excluded.status, placed_at = excluded.placed_at, "
                "placed_ts = excluded.placed_ts, shipped_at = excluded.shipped_at, "
                "delivered_at = excluded.delivered_at, carrier = excluded.carrier, "
                "tracking_no = excluded.tracking_no, currency = excluded.currency, total = excluded.total, "
                "shipping_address = excluded.shipping_address, payment_method_id = excluded.payment_method_id, "
                "extra = excluded.extra",
                (o["id"], cid, o["status"], o["placed_at"], parse_ts(o["placed_at"]).timestamp(),
                 o.get("shipped_at"), o.get("delivered_at"), o.get("carrier"), o.get("tracking_no"),
                 o["currency"], str(o["total"]), await self._seal(cid, o.get("shipping_address")),
                 o.get("payment_method_id"), await self._seal_json(cid, extra or None))))
            statements.append(("DELETE FROM order_items WHERE order_id = ?", (o["id"],)))
            for line, item in enumerate(o.get("items") or []):
                statements.append(self._item_insert(o["id"], line, item))
        for table, columns in _RECORD_COLUMNS.items():
            for rec in fixture.get(table) or []:
                if table == "tickets":
                    ident = rec.get("identity")
                    scope = _ticket_scope(rec.get("customer_id"), await self._lookup(ident) if ident else None)
                else:
                    scope = order_owner.get(rec["order_id"]) or await self._order_scope(rec["order_id"])
                values: list[Any] = []
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
                    values.append(value)
                extra = {k: v for k, v in rec.items() if k not in columns}
                values.append(await self._seal_json(scope, extra or None))
                cols = ", ".join(columns + ("extra",))
                updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:] + ("extra",))
                statements.append((f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * (len(columns) + 1))}) "
                                   f"ON CONFLICT(id) DO UPDATE SET {updates}", values))
        await self._write(statements)

    @staticmethod
    def _item_insert(order_id: str, line: int, item: Mapping[str, Any]) -> tuple[str, Sequence[Any]]:
        return ("INSERT INTO order_items(order_id, line, sku, product_id, name, options, qty, price, category) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (order_id, line, item["sku"], item.get("product_id"), item["name"],
                 None if item.get("options") is None else _dumps(item["options"]), int(item.get("qty", 1)),
                 str(item["price"]), item["category"]))

    async def export_fixture(self) -> dict[str, Any]:
        """The whole shop in the fixture format, decrypted; destroyed keys read "[erased]"."""
        out: dict[str, Any] = {"policies": (await self.policies()).to_dict(), "products": [], "customers": [],
                               "orders": []}
        for product in await self.products():
            rec = {"id": product.id, "name": product.name}
            if product.name_zh is not None:
                rec["name_zh"] = product.name_zh
            rec["category"] = product.category
            rec["options"] = {k: list(v) for k, v in product.options.items()}
            rec["variants"] = []
            for v in await self._rows("SELECT * FROM variants WHERE product_id = ? ORDER BY position", (product.id,)):
                rec["variants"].append({"sku": v["sku"], "options": json.loads(v["options"] or "{}"),
                                        "price": v["price"], "stock": int(v["stock"]),
                                        **(json.loads(v["extra"]) if v["extra"] else {})})
            raw = await self._scalar("SELECT extra FROM products WHERE id = ?", (product.id,))
            rec.update(json.loads(raw) if raw else {})
            out["products"].append(rec)
        idents: dict[str, list[str]] = {}
        for row in await self._rows("SELECT sealed, customer_id FROM identities ORDER BY rowid"):
            idents.setdefault(row["customer_id"], []).append(await self._unseal(row["customer_id"], row["sealed"]))
        pms: dict[str, list[dict[str, Any]]] = {}
        for row in await self._rows("SELECT * FROM payment_methods ORDER BY customer_id, position"):
            cid = row["customer_id"]
            pm = {"id": row["id"], "type": row["type"]}
            if row["label"] is not None:
                pm["label"] = await self._unseal(cid, row["label"])
            pm.update(await self._unseal_json(cid, row["extra"], {}) or {})
            pms.setdefault(cid, []).append(pm)
        for row in await self._rows("SELECT * FROM customers ORDER BY rowid"):
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
        for row in await self._rows("SELECT * FROM order_items ORDER BY order_id, line"):
            item: dict[str, Any] = {"sku": row["sku"]}
            if row["product_id"] is not None:
                item["product_id"] = row["product_id"]
            item["name"] = row["name"]
            if row["options"] is not None:
                item["options"] = json.loads(row["options"])
            item.update({"qty": row["qty"], "price": row["price"], "category": row["category"]})
            items.setdefault(row["order_id"], []).append(item)
        owner: dict[str, str] = {}
        for row in await self._rows("SELECT * FROM orders ORDER BY rowid"):
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
            for row in await self._rows(f"SELECT * FROM {table} ORDER BY rowid"):
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
        raw = await self._scalar("SELECT value FROM store_meta WHERE key = 'policies'")
        return Policies.from_dict(json.loads(raw) if raw else None, base=self.default_policies)

    async def counts(self) -> dict[str, int]:
        out = {}
        for table in ("customers", "orders", "products", "variants", "payment_methods", "returns", "exchanges",
                      "refunds", "order_changes", "tickets", "invoices"):
            out[table] = int(await self._scalar(f"SELECT COUNT(*) FROM {table}") or 0)
        return out

    # ------------------------------------------------------------------ reads: catalogue
    async def products(self) -> list[Product]:
        rows = await self._rows("SELECT * FROM products ORDER BY rowid")
        variants: dict[str, list[Variant]] = {}
        for v in await self._rows("SELECT * FROM variants ORDER BY product_id, position"):
            variants.setdefault(v["product_id"], []).append(self._variant(v))
        return [self._product(r, variants.get(r["id"], [])) for r in rows]

    async def product(self, product_id: str) -> Product | None:
        rows = await self._rows("SELECT * FROM products WHERE id = ?", (product_id,))
        if not rows:
            return None
        vs = await self._rows("SELECT * FROM variants WHERE product_id = ? ORDER BY position", (product_id,))
        return self._product(rows[0], [self._variant(v) for v in vs])

    async def variant(self, sku: str) -> Variant | None:
        rows = await self._rows("SELECT * FROM variants WHERE sku = ?", (sku,))
        return self._variant(rows[0]) if rows else None

    @staticmethod
    def _variant(row: Any) -> Variant:
        # Optional fixture extensions kept in `extra`: the main price's currency, prices in others.
        extra = json.loads(row["extra"]) if row["extra"] else {}
        prices = {k: Decimal(str(v)) for k, v in (extra.get("prices") or {}).items()}
        return Variant(row["sku"], row["product_id"], json.loads(row["options"] or "{}"), Decimal(row["price"]),
                       int(row["stock"]), extra.get("currency"), prices)

    @staticmethod
    def _product(row: Any, variants: Sequence[Variant]) -> Product:
        options = {k: tuple(v) for k, v in json.loads(row["options"] or "{}").items()}
        extra = json.loads(row["extra"]) if row["extra"] else {}
        names = extra.get("names") if isinstance(extra.get("names"), dict) else {}
        return Product(row["id"], row["name"], row["name_zh"], row["category"], options, tuple(variants), names)

    # ------------------------------------------------------------------ reads: customers, orders
    async def customer_for_identity(self, identity: str) -> Customer | None:
        cid = await self._scalar("SELECT customer_id FROM identities WHERE lookup = ?",
                                 (await self._lookup(identity),))
        return await self.get_customer(cid) if cid else None

    async def customers(self) -> list[Customer]:
        """Every customer with their identities (no orders: cheaper than a full export)."""
        ids = [r["id"] for r in await self._rows("SELECT id FROM customers ORDER BY rowid")]
        return [c for c in [await self.get_customer(i) for i in ids] if c is not None]

    async def get_customer(self, customer_id: str) -> Customer | None:
        rows = await self._rows("SELECT * FROM customers WHERE id = ?", (customer_id,))
        if not rows:
            return None
        row = rows[0]
        idents = [await self._unseal(customer_id, r["sealed"]) for r in await self._rows(
            "SELECT sealed FROM identities WHERE customer_id = ? ORDER BY rowid", (customer_id,))]
        pms = [PaymentMethod(r["id"], customer_id, r["type"], await self._unseal(customer_id, r["label"]))
               for r in await self._rows("SELECT * FROM payment_methods WHERE customer_id = ? ORDER BY position",
                                         (customer_id,))]
        return Customer(id=row["id"], name=await self._unseal(customer_id, row["name"]),
                        phone=await self._unseal(customer_id, row["phone"]),
                        email=await self._unseal(customer_id, row["email"]), identities=tuple(idents),
                        default_address=await self._unseal(customer_id, row["default_address"]),
                        payment_methods=tuple(pms))

    async def payment_method(self, pm_id: str) -> PaymentMethod | None:
        rows = await self._rows("SELECT * FROM payment_methods WHERE id = ?", (pm_id,))
        if not rows:
            return None
        r = rows[0]
        return PaymentMethod(r["id"], r["customer_id"], r["type"], await self._unseal(r["customer_id"], r["label"]))

    async def _orders(self, where: str, args: Sequence[Any]) -> list[Order]:
        rows = await self._rows(f"SELECT * FROM orders WHERE {where} ORDER BY placed_ts DESC, rowid DESC", args)
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        items: dict[str, list[OrderItem]] = {i: [] for i in ids}
        marks = ", ".join("?" * len(ids))
        # Items without product_id/options (old fixtures) are matched to a variant by sku.
        for it in await self._rows(
                "SELECT i.*, v.product_id AS v_product, v.options AS v_options FROM order_items i "
                f"LEFT JOIN variants v ON v.sku = i.sku WHERE i.order_id IN ({marks}) ORDER BY i.line", ids):
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
        return await self._orders("customer_id = ?", (customer_id,))

    async def get_order(self, order_id: str) -> Order | None:
        """Raw lookup by id, no ownership check (BuiltinShop enforces ownership)."""
        found = await self._orders("id = ?", (order_id,))
        return found[0] if found else None

    async def _line_qty(self, order_id: str) -> dict[str, int]:
        return {r["sku"]: int(r["qty"]) for r in await self._rows(
            "SELECT sku, qty FROM order_items WHERE order_id = ?", (order_id,))}

    async def returns_for_order(self, order_id: str) -> list[ReturnRecord]:
        qty = await self._line_qty(order_id)
        out = []
        for r in await self._rows("SELECT * FROM returns WHERE order_id = ? ORDER BY rowid", (order_id,)):
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
        for r in await self._rows("SELECT * FROM exchanges WHERE order_id = ? ORDER BY rowid", (order_id,)):
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
        for r in await self._rows("SELECT * FROM order_changes WHERE order_id = ? ORDER BY rowid", (order_id,)):
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
        sql = ("SELECT f.*, o.currency AS order_currency FROM refunds f JOIN orders o ON o.id = f.order_id "
               "WHERE o.customer_id = ?")
        args: list[Any] = [customer_id]
        if order_id is not None:
            sql += " AND f.order_id = ?"
            args.append(order_id)
        rows = await self._rows(sql + " ORDER BY f.created_at DESC, f.rowid DESC", args)
        return [RefundRecord(r["id"], r["order_id"], Decimal(r["amount"]), r["status"], r["created_at"],
                             r["currency"] or r["order_currency"], r["reason"], r["return_id"], r["refund_to"])
                for r in rows]

    async def invoices_for_order(self, order_id: str) -> list[Invoice]:
        scope = await self._order_scope(order_id)
        return [Invoice(r["id"], r["order_id"], r["status"], r["created_at"], await self._unseal(scope, r["title"]))
                for r in await self._rows("SELECT * FROM invoices WHERE order_id = ? ORDER BY rowid", (order_id,))]

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        rows = await self._rows("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        if not rows:
            return None
        r = rows[0]
        scope = r["scope"] or _ticket_scope(r["customer_id"], None)
        return Ticket(r["id"], r["customer_id"], await self._unseal(scope, r["conversation"]), r["reason"],
                      r["created_at"], r["status"] or "open", await self._unseal(scope, r["identity"]),
                      list(await self._unseal_json(scope, r["transcript"], [ERASED]) or []))

    # ------------------------------------------------------------------ mutations (raw, no policy)
    async def _insert_change(self, order_id: str, scope: str, kind: str, before_sealed: str | None,
                             after_sealed: str | None, extra_sealed: str | None, now: datetime) -> str:
        cid = await self._next_id("order_changes", now)
        await self.conn.execute(
            "INSERT INTO order_changes(id, order_id, kind, before, after, created_at, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (cid, order_id, kind, before_sealed, after_sealed, _iso(now), extra_sealed))
        return cid

    async def set_order_status(self, order_id: str, status: str, expected: Sequence[str] | None = None) -> None:
        """Set an order's status; with `expected`, only from one of those statuses (else StoreConflict)."""
        async def body() -> None:
            await self._guard(order_id, expected)
            await self.conn.execute("UPDATE orders SET status = ? WHERE id = ?", (status, order_id))
        await self._tx(body)

    async def set_shipping_address(self, order_id: str, address: str, expected: Sequence[str] | None = None,
                                   now: datetime | None = None) -> OrderChange | None:
        """Set the address; with `now`, also record an "address" order change (before/after sealed)."""
        scope = await self._order_scope(order_id)
        old = await self._scalar("SELECT shipping_address FROM orders WHERE id = ?", (order_id,))
        old_plain = await self._unseal(scope, old)
        sealed = await self._seal(scope, address)
        before_s, after_s = await self._seal_json(scope, old_plain), await self._seal_json(scope, address)

        async def body() -> str | None:
            await self._guard(order_id, expected)
            cur = await self.conn.execute("UPDATE orders SET shipping_address = ? WHERE id = ?", (sealed, order_id))
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
        old = await self._scalar("SELECT payment_method_id FROM orders WHERE id = ?", (order_id,))
        before_s, after_s = await self._seal_json(scope, old), await self._seal_json(scope, pm_id)

        async def body() -> str:
            await self._guard(order_id, expected)
            await self.conn.execute("UPDATE orders SET payment_method_id = ? WHERE id = ?", (pm_id, order_id))
            return await self._insert_change(order_id, scope, "payment", before_s, after_s, None, now)
        return OrderChange(await self._tx(body), order_id, "payment", old, pm_id, _iso(now))

    async def set_default_address(self, customer_id: str, address: str) -> None:
        sealed = await self._seal(customer_id, address)
        await self._write([("UPDATE customers SET default_address = ? WHERE id = ?", (sealed, customer_id))])

    async def cancel_order(self, order_id: str, now: datetime, refund_amount: Decimal | None,
                           expected: Sequence[str] = ("pending", "paid"), refund_to: str | None = None
                           ) -> RefundRecord | None:
        """Mark the order cancelled (with a "cancel" order change) and, when money was taken, open a
        "processing" refund — atomically."""
        scope = await self._order_scope(order_id)
        old = await self._scalar("SELECT status FROM orders WHERE id = ?", (order_id,))
        before_s, after_s = await self._seal_json(scope, old), await self._seal_json(scope, "cancelled")

        async def body() -> RefundRecord | None:
            cur = await self.conn.execute(
                f"UPDATE orders SET status = 'cancelled' WHERE id = ? AND status IN "
                f"({', '.join('?' * len(expected))})", (order_id, *expected))
            if cur.rowcount != 1:
                raise StoreConflict(order_id)
            await self._insert_change(order_id, scope, "cancel", before_s, after_s, None, now)
            if refund_amount is None:
                return None
            return await self._insert_refund(order_id, refund_amount, "processing", "cancelled", None, now, refund_to)
        return await self._tx(body)

    async def _insert_refund(self, order_id: str, amount: Decimal, status: str, reason: str | None,
                             return_id: str | None, now: datetime, refund_to: str | None = None) -> RefundRecord:
        currency = await self._scalar("SELECT currency FROM orders WHERE id = ?", (order_id,))
        rid = await self._next_id("refunds", now)
        created = _iso(now)
        await self.conn.execute(
            "INSERT INTO refunds(id, order_id, amount, currency, status, reason, return_id, refund_to, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, order_id, _money(amount), currency, status, reason, return_id, refund_to, created))
        return RefundRecord(rid, order_id, Decimal(_money(amount)), status, created, currency, reason, return_id,
                            refund_to)

    async def _adjust_stock(self, deltas: Mapping[str, int]) -> None:
        for sku, delta in deltas.items():
            if delta:
                await self.conn.execute(
                    "UPDATE variants SET stock = CASE WHEN stock + ? < 0 THEN 0 ELSE stock + ? END WHERE sku = ?",
                    (delta, delta, sku))

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
            await self.conn.execute("DELETE FROM order_items WHERE order_id = ?", (order_id,))
            for line, item in enumerate(lines):
                sql, args = self._item_insert(order_id, line, item)
                await self.conn.execute(sql, args)
            await self.conn.execute("UPDATE orders SET total = ? WHERE id = ?", (_money(total), order_id))
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
            await self.conn.execute(
                "INSERT INTO returns(id, order_id, status, reason, skus, items, refund_amount, refund_to, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, order_id, "requested", reason, _dumps([i.sku for i in items]), _dumps(_items_json(items)),
                 _money(refund_amount), refund_to, _iso(now)))
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
            await self.conn.execute(
                "INSERT INTO exchanges(id, order_id, status, reason, sku, items, wanted, price_difference, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (eid, order_id, "requested", reason, first,
                 _dumps([{"sku": i.sku, "qty": i.qty, "new_sku": i.new_sku} for i in items]), wanted,
                 None if price_difference is None else _money(price_difference), _iso(now)))
            await self._adjust_stock(stock or {})
            return eid
        eid = await self._tx(body)
        return ExchangeRecord(eid, order_id, "requested", reason, _iso(now), items, wanted,
                              None if price_difference is None else Decimal(_money(price_difference)))

    async def create_ticket(self, customer_id: str | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], now: datetime) -> Ticket:
        """A hand-off ticket; the transcript is sealed under the customer (or the stranger's identity)."""
        scope = _ticket_scope(customer_id, await self._lookup(identity) if identity else None)
        sealed = await self._seal_json(scope, list(transcript))
        # Seal before taking the write lock: the key ring may write a new data key on its own connection.
        sealed_identity, sealed_conversation = await self._seal(scope, identity), await self._seal(scope, conversation)

        async def body() -> str:
            tid = await self._next_id("tickets", now)
            await self.conn.execute(
                "INSERT INTO tickets(id, customer_id, scope, identity, conversation, reason, status, "
                "transcript, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                (tid, customer_id, scope, sealed_identity, sealed_conversation, reason, sealed, _iso(now)))
            return tid
        tid = await self._tx(body)
        return Ticket(tid, customer_id, conversation, reason, _iso(now), "open", identity, list(transcript))

    async def create_invoice(self, order_id: str, title: str | None, now: datetime) -> Invoice:
        sealed = await self._seal(await self._order_scope(order_id), title)

        async def body() -> str:
            iid = await self._next_id("invoices", now)
            await self.conn.execute(
                "INSERT INTO invoices(id, order_id, status, title, created_at) VALUES (?, ?, 'requested', ?, ?)",
                (iid, order_id, sealed, _iso(now)))
            return iid
        return Invoice(await self._tx(body), order_id, "requested", _iso(now), title)

    async def set_invoice_title(self, invoice_id: str, order_id: str, title: str) -> None:
        """Add the company title (and tax id) to an invoice request; sealed like any free text."""
        sealed = await self._seal(await self._order_scope(order_id), title)
        await self._write([("UPDATE invoices SET title = ? WHERE id = ? AND order_id = ?",
                            (sealed, invoice_id, order_id))])

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
            cur = await self.conn.execute("DELETE FROM conversation_state WHERE conversation_key LIKE ?",
                                          (f"h:{tag}:%",))
            return int(cur.rowcount)
        return await self._tx(delete)

    async def load_state(self, conversation_key: str, scope: str | None = None) -> dict | None:
        row, key_scope = await self._state_row(conversation_key, scope)
        token = await self._scalar("SELECT state FROM conversation_state WHERE conversation_key = ?", (row,))
        if token is None and self.cipher is not None:
            # a row written before keys were hashed (read once; the next save replaces it)
            token = await self._scalar("SELECT state FROM conversation_state WHERE conversation_key = ?",
                                       (conversation_key,))
            key_scope = conversation_scope(conversation_key)
        return await self._unseal_json(key_scope, token, None)

    async def save_state(self, conversation_key: str, state: dict, scope: str | None = None) -> None:
        row, key_scope = await self._state_row(conversation_key, scope)
        sealed = await self._seal_json(key_scope, state)
        writes = [(
            "INSERT INTO conversation_state(conversation_key, state, updated_at) VALUES (?, ?, datetime('now')) "
            "ON CONFLICT(conversation_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (row, sealed))]
        if row != conversation_key:   # drop a pre-hashing row that still names the platform id
            writes.append(("DELETE FROM conversation_state WHERE conversation_key = ?", (conversation_key,)))
        await self._write(writes)
