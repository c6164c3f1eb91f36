"""The shop store: async SQLite (bot.db: WAL, migrations) with field-level encryption.

Two rules shape the code:
- Personal data is sealed with the cipher *before* a write transaction starts. The key ring
  may itself write to the same database file (a new data key per customer), and awaiting it
  while holding SQLite's write lock would deadlock until the busy timeout.
- Every multi-row change (cancel + refund, return + refund) is one transaction, serialised by
  a per-store lock, so a crash or a concurrent call never leaves half a change.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiosqlite

from bot.db import connect, migrate
from bot.policy import Policies, parse_ts
from bot.store.cipher import ERASED, FieldCipher, conversation_scope, identity_scope
from bot.store.fixture import validate_fixture
from bot.store.models import (
    Customer,
    ExchangeRecord,
    InvoiceRequest,
    Order,
    OrderItem,
    RefundRecord,
    ReturnRecord,
    Ticket,
)
from bot.store.schema import COMPONENT, MIGRATIONS

# Keys each record type stores in its own columns; anything else in a fixture record is kept
# (sealed) in `extra` so import/export round-trips foreign fields too.
_CUSTOMER_KEYS = ("id", "name", "phone", "email", "identities")
_ORDER_KEYS = ("id", "customer_id", "status", "placed_at", "shipped_at", "delivered_at", "carrier",
               "tracking_no", "currency", "total", "shipping_address", "items")
_RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "returns": ("id", "order_id", "status", "reason", "skus", "created_at"),
    "exchanges": ("id", "order_id", "status", "reason", "sku", "wanted", "created_at"),
    "refunds": ("id", "order_id", "amount", "currency", "status", "reason", "return_id", "created_at"),
    "tickets": ("id", "customer_id", "scope", "identity", "conversation", "reason", "status", "transcript",
                "created_at"),
    "invoices": ("id", "order_id", "status", "title", "created_at"),
}
# Always present in an exported record (DESIGN.md minimum); other columns only when set.
_ALWAYS = {
    "returns": {"id", "order_id", "status", "reason", "created_at"},
    "exchanges": {"id", "order_id", "status", "reason", "created_at"},
    "refunds": {"id", "order_id", "amount", "status", "created_at"},
    "tickets": {"id", "customer_id", "conversation", "reason", "created_at"},
    "invoices": {"id", "order_id", "status", "created_at"},
}
_JSON_COLUMNS = {"skus"}
# Personal data among record columns (a ticket's identity and conversation can be phone numbers).
_SEALED_COLUMNS = {"transcript", "title", "identity", "conversation"}
_ID_PREFIX = {"returns": "RT", "exchanges": "EX", "refunds": "RF", "tickets": "TK", "invoices": "IV"}
_SHOP_TABLES = ("invoices", "tickets", "refunds", "exchanges", "returns", "order_items", "orders",
                "identities", "customers", "id_counters")


def _iso(now: datetime) -> str:
    return parse_ts(now).isoformat(timespec="seconds")


def _ticket_scope(customer_id: str | None, identity_lookup: str | None) -> str:
    return customer_id or identity_scope(identity_lookup or "anonymous")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
        async with self._lock:
            try:
                for sql, args in statements:
                    await self.conn.execute(sql, args)
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise

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
        order_owner: dict[str, str] = {}
        for c in fixture.get("customers") or []:
            cid = c["id"]
            extra = {k: v for k, v in c.items() if k not in _CUSTOMER_KEYS}
            statements.append((
                "INSERT INTO customers(id, name, phone, email, extra) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
                "email = excluded.email, extra = excluded.extra",
                (cid, await self._seal(cid, c.get("name")), await self._seal(cid, c.get("phone")),
                 await self._seal(cid, c.get("email")), await self._seal_json(cid, extra or None))))
            if not replace:
                statements.append(("DELETE FROM identities WHERE customer_id = ?", (cid,)))
            for ident in c.get("identities") or []:
                statements.append(("INSERT INTO identities(lookup, customer_id, sealed) VALUES (?, ?, ?) "
                                   "ON CONFLICT(lookup) DO UPDATE SET customer_id = excluded.customer_id, "
                                   "sealed = excluded.sealed",
                                   (await self._lookup(ident), cid, await self._seal(cid, ident))))
        for o in fixture.get("orders") or []:
            cid = o["customer_id"]
            order_owner[o["id"]] = cid
            extra = {k: v for k, v in o.items() if k not in _ORDER_KEYS}
            statements.append((
                "INSERT INTO orders(id, customer_id, status, placed_at, placed_ts, shipped_at, delivered_at, "
                "carrier, tracking_no, currency, total, shipping_address, extra) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "customer_id = excluded.customer_id, status = excluded.status, placed_at = excluded.placed_at, "
                "placed_ts = excluded.placed_ts, shipped_at = excluded.shipped_at, "
                "delivered_at = excluded.delivered_at, carrier = excluded.carrier, "
                "tracking_no = excluded.tracking_no, currency = excluded.currency, total = excluded.total, "
                "shipping_address = excluded.shipping_address, extra = excluded.extra",
                (o["id"], cid, o["status"], o["placed_at"], parse_ts(o["placed_at"]).timestamp(),
                 o.get("shipped_at"), o.get("delivered_at"), o.get("carrier"), o.get("tracking_no"),
                 o["currency"], str(o["total"]), await self._seal(cid, o.get("shipping_address")),
                 await self._seal_json(cid, extra or None))))
            statements.append(("DELETE FROM order_items WHERE order_id = ?", (o["id"],)))
            for line, item in enumerate(o.get("items") or []):
                statements.append((
                    "INSERT INTO order_items(order_id, line, sku, name, qty, price, category) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (o["id"], line, item["sku"], item["name"], int(item.get("qty", 1)), str(item["price"]),
                     item["category"])))
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
                    if col in _JSON_COLUMNS:
                        value = None if value is None else _dumps(value)
                    elif col in _SEALED_COLUMNS:
                        value = await self._seal_json(scope, value) if col == "transcript" else \
                            await self._seal(scope, value)
                    elif col == "amount":
                        value = str(value)
                    values.append(value)
                extra = {k: v for k, v in rec.items() if k not in columns}
                values.append(await self._seal_json(scope, extra or None))
                cols = ", ".join(columns + ("extra",))
                updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:] + ("extra",))
                statements.append((f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * (len(columns) + 1))}) "
                                   f"ON CONFLICT(id) DO UPDATE SET {updates}", values))
        await self._write(statements)

    async def export_fixture(self) -> dict[str, Any]:
        """The whole shop in the fixture format, decrypted; destroyed keys read "[erased]"."""
        out: dict[str, Any] = {"policies": (await self.policies()).to_dict(), "customers": [], "orders": []}
        idents: dict[str, list[str]] = {}
        for row in await self._rows("SELECT sealed, customer_id FROM identities ORDER BY rowid"):
            idents.setdefault(row["customer_id"], []).append(await self._unseal(row["customer_id"], row["sealed"]))
        for row in await self._rows("SELECT * FROM customers ORDER BY rowid"):
            cid = row["id"]
            rec = {"id": cid, "name": await self._unseal(cid, row["name"]),
                   "phone": await self._unseal(cid, row["phone"]), "email": await self._unseal(cid, row["email"]),
                   "identities": idents.get(cid, [])}
            rec.update(await self._unseal_json(cid, row["extra"], {}) or {})
            out["customers"].append(rec)
        items: dict[str, list[dict[str, Any]]] = {}
        for row in await self._rows("SELECT * FROM order_items ORDER BY order_id, line"):
            items.setdefault(row["order_id"], []).append(
                {"sku": row["sku"], "name": row["name"], "qty": row["qty"], "price": row["price"],
                 "category": row["category"]})
        owner: dict[str, str] = {}
        for row in await self._rows("SELECT * FROM orders ORDER BY rowid"):
            cid = row["customer_id"]
            owner[row["id"]] = cid
            rec = {k: row[k] for k in _ORDER_KEYS if k not in ("shipping_address", "items")}
            rec["shipping_address"] = await self._unseal(cid, row["shipping_address"])
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
                        elif col in _SEALED_COLUMNS:
                            value = await self._unseal(scope, value)
                    if value is not None or col in _ALWAYS[table]:
                        rec[col] = value
                rec.update(await self._unseal_json(scope, row["extra"], {}) or {})
                out[table].append(rec)
        return out

    async def policies(self) -> Policies:
        raw = await self._scalar("SELECT value FROM store_meta WHERE key = 'policies'")
        return Policies.from_dict(json.loads(raw) if raw else None, base=self.default_policies)

    # ------------------------------------------------------------------ reads
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
        return Customer(id=row["id"], name=await self._unseal(customer_id, row["name"]),
                        phone=await self._unseal(customer_id, row["phone"]),
                        email=await self._unseal(customer_id, row["email"]), identities=idents)

    async def _orders(self, where: str, args: Sequence[Any]) -> list[Order]:
        rows = await self._rows(f"SELECT * FROM orders WHERE {where} ORDER BY placed_ts DESC, rowid DESC", args)
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        items: dict[str, list[OrderItem]] = {i: [] for i in ids}
        marks = ", ".join("?" * len(ids))
        for it in await self._rows(f"SELECT * FROM order_items WHERE order_id IN ({marks}) ORDER BY line", ids):
            items[it["order_id"]].append(OrderItem(it["sku"], it["name"], it["qty"], Decimal(it["price"]),
                                                   it["category"]))
        return [Order(id=r["id"], customer_id=r["customer_id"], status=r["status"], placed_at=r["placed_at"],
                      shipped_at=r["shipped_at"], delivered_at=r["delivered_at"], carrier=r["carrier"],
                      tracking_no=r["tracking_no"], currency=r["currency"], total=Decimal(r["total"]),
                      shipping_address=await self._unseal(r["customer_id"], r["shipping_address"]),
                      items=items[r["id"]]) for r in rows]

    async def list_orders(self, customer_id: str) -> list[Order]:
        """The customer's orders, most recently placed first."""
        return await self._orders("customer_id = ?", (customer_id,))

    async def get_order(self, order_id: str) -> Order | None:
        """Raw lookup by id, no ownership check (bot.tools enforces ownership)."""
        found = await self._orders("id = ?", (order_id,))
        return found[0] if found else None

    async def returns_for_order(self, order_id: str) -> list[ReturnRecord]:
        return [ReturnRecord(r["id"], r["order_id"], r["status"], r["reason"], r["created_at"],
                             json.loads(r["skus"]) if r["skus"] else [])
                for r in await self._rows("SELECT * FROM returns WHERE order_id = ? ORDER BY rowid", (order_id,))]

    async def exchanges_for_order(self, order_id: str) -> list[ExchangeRecord]:
        return [ExchangeRecord(r["id"], r["order_id"], r["status"], r["reason"], r["created_at"], r["sku"],
                               r["wanted"])
                for r in await self._rows("SELECT * FROM exchanges WHERE order_id = ? ORDER BY rowid", (order_id,))]

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
                             r["currency"] or r["order_currency"], r["reason"], r["return_id"]) for r in rows]

    async def invoices_for_order(self, order_id: str) -> list[InvoiceRequest]:
        scope = await self._order_scope(order_id)
        return [InvoiceRequest(r["id"], r["order_id"], r["status"], r["created_at"],
                               await self._unseal(scope, r["title"]))
                for r in await self._rows("SELECT * FROM invoices WHERE order_id = ? ORDER BY rowid", (order_id,))]

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        rows = await self._rows("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        if not rows:
            return None
        r = rows[0]
        scope = r["scope"] or _ticket_scope(r["customer_id"], None)
        return Ticket(r["id"], r["customer_id"], await self._unseal(scope, r["conversation"]), r["reason"],
                      r["created_at"], r["status"] or "open", await self._unseal(scope, r["identity"]),
                      await self._unseal_json(scope, r["transcript"], [ERASED]) or [])

    # ------------------------------------------------------------------ mutations
    async def set_order_status(self, order_id: str, status: str, expected: Sequence[str] | None = None) -> None:
        """Set an order's status; with `expected`, only from one of those statuses (else StoreConflict)."""
        await self._guarded_update(order_id, "status = ?", (status,), expected)

    async def _guarded_update(self, order_id: str, assignment: str, args: Sequence[Any],
                              expected: Sequence[str] | None, extra: Sequence[tuple[str, Sequence[Any]]] = ()
                              ) -> None:
        sql = f"UPDATE orders SET {assignment} WHERE id = ?"
        params = list(args) + [order_id]
        if expected:
            sql += f" AND status IN ({', '.join('?' * len(expected))})"
            params += list(expected)
        async with self._lock:
            try:
                cur = await self.conn.execute(sql, params)
                if cur.rowcount != 1:
                    raise StoreConflict(order_id)
                for stmt, stmt_args in extra:
                    await self.conn.execute(stmt, stmt_args)
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise

    async def set_shipping_address(self, order_id: str, address: str, expected: Sequence[str] | None = None) -> None:
        sealed = await self._seal(await self._order_scope(order_id), address)
        await self._guarded_update(order_id, "shipping_address = ?", (sealed,), expected)

    async def cancel_order(self, order_id: str, now: datetime, refund_amount: Decimal | None,
                           expected: Sequence[str] = ("pending", "paid")) -> RefundRecord | None:
        """Mark the order cancelled and, when money was taken, open a "processing" refund — atomically."""
        async with self._lock:
            try:
                cur = await self.conn.execute(
                    f"UPDATE orders SET status = 'cancelled' WHERE id = ? AND status IN "
                    f"({', '.join('?' * len(expected))})", (order_id, *expected))
                if cur.rowcount != 1:
                    raise StoreConflict(order_id)
                refund = None
                if refund_amount is not None:
                    refund = await self._insert_refund(order_id, refund_amount, "processing", "cancelled", None, now)
                await self.conn.commit()
                return refund
            except BaseException:
                await self.conn.rollback()
                raise

    async def _insert_refund(self, order_id: str, amount: Decimal, status: str, reason: str | None,
                             return_id: str | None, now: datetime) -> RefundRecord:
        currency = await self._scalar("SELECT currency FROM orders WHERE id = ?", (order_id,))
        rid = await self._next_id("refunds", now)
        created = _iso(now)
        await self.conn.execute(
            "INSERT INTO refunds(id, order_id, amount, currency, status, reason, return_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (rid, order_id, str(amount), currency, status, reason, return_id,
                                                created))
        return RefundRecord(rid, order_id, amount, status, created, currency, reason, return_id)

    async def create_return(self, order_id: str, reason: str | None, skus: Sequence[str], now: datetime,
                            refund_amount: Decimal) -> tuple[ReturnRecord, RefundRecord]:
        """A "requested" return for `skus` plus a "pending" refund of their amount."""
        async with self._lock:
            try:
                rid = await self._next_id("returns", now)
                created = _iso(now)
                await self.conn.execute(
                    "INSERT INTO returns(id, order_id, status, reason, skus, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (rid, order_id, "requested", reason, _dumps(list(skus)), created))
                refund = await self._insert_refund(order_id, refund_amount, "pending", "return", rid, now)
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise
        return ReturnRecord(rid, order_id, "requested", reason, created, list(skus)), refund

    async def create_exchange(self, order_id: str, sku: str, wanted: str, reason: str | None,
                              now: datetime) -> ExchangeRecord:
        async with self._lock:
            try:
                eid = await self._next_id("exchanges", now)
                created = _iso(now)
                await self.conn.execute(
                    "INSERT INTO exchanges(id, order_id, status, reason, sku, wanted, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (eid, order_id, "requested", reason, sku, wanted, created))
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise
        return ExchangeRecord(eid, order_id, "requested", reason, created, sku, wanted)

    async def create_ticket(self, customer_id: str | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], now: datetime) -> Ticket:
        """A hand-off ticket; the transcript is sealed under the customer (or the stranger's identity)."""
        scope = _ticket_scope(customer_id, await self._lookup(identity) if identity else None)
        sealed = await self._seal_json(scope, list(transcript))
        # Seal before taking the write lock: the key ring may write a new data key on its own connection.
        sealed_identity, sealed_conversation = await self._seal(scope, identity), await self._seal(scope, conversation)
        async with self._lock:
            try:
                tid = await self._next_id("tickets", now)
                created = _iso(now)
                await self.conn.execute(
                    "INSERT INTO tickets(id, customer_id, scope, identity, conversation, reason, status, "
                    "transcript, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                    (tid, customer_id, scope, sealed_identity, sealed_conversation, reason, sealed, created))
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise
        return Ticket(tid, customer_id, conversation, reason, created, "open", identity, list(transcript))

    async def create_invoice(self, order_id: str, title: str | None, now: datetime) -> InvoiceRequest:
        sealed = await self._seal(await self._order_scope(order_id), title)
        async with self._lock:
            try:
                iid = await self._next_id("invoices", now)
                created = _iso(now)
                await self.conn.execute(
                    "INSERT INTO invoices(id, order_id, status, title, created_at) VALUES (?, ?, 'requested', ?, ?)",
                    (iid, order_id, sealed, created))
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise
        return InvoiceRequest(iid, order_id, "requested", created, title)

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
        async with self._lock:
            cur = await self.conn.execute("DELETE FROM conversation_state WHERE conversation_key LIKE ?",
                                          (f"h:{tag}:%",))
            await self.conn.commit()
        return cur.rowcount

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
