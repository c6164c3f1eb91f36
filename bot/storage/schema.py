"""The tables, per component, in one MetaData (what a fresh database is created from).

Types are chosen to give the same columns the SQLite scripts and the old PostgreSQL
translation gave, so databases created before this module keep working unchanged:
integers are 64-bit (BIGINT on PostgreSQL), floats are double precision (never float4: the
audit chain hashes them), blobs are BYTEA. A table whose order matters has an integer key.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Double,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeEngine

metadata = MetaData()

# SQLite: INTEGER (a primary key of that exact type is the rowid); PostgreSQL: BIGINT.
Int = BigInteger().with_variant(Integer(), "sqlite")
# SQLite: REAL, as the scripts declared it; PostgreSQL: DOUBLE PRECISION.
Real: TypeEngine[float] = Double().with_variant(sqlite.REAL(), "sqlite")
Blob = LargeBinary()


def serial(name: str) -> Column[int]:
    """An increasing integer key: AUTOINCREMENT on SQLite (never reused), identity on PostgreSQL."""
    return Column(name, Int, Identity(), primary_key=True)


schema_version = Table(
    "schema_version", metadata,
    Column("component", Text, primary_key=True),
    Column("version", Int, nullable=False),
)

# -- inbox (bot/inbox.py) -----------------------------------------------------------------------
inbox = Table(
    "inbox", metadata,
    serial("seq"),
    Column("platform", Text, nullable=False),
    Column("message_id", Text, nullable=False),        # keyed hash of the platform's id
    Column("conversation", Text, nullable=False),      # keyed hash: chat ids can be phone numbers
    Column("payload", Blob),                           # sealed Message JSON; NULL once handled
    Column("status", Text, nullable=False, server_default=text("'pending'")),
    Column("attempts", Int, nullable=False, server_default=text("0")),
    Column("error", Text),
    Column("created_at", Real, nullable=False),
    Column("updated_at", Real, nullable=False),
    Column("reply", Blob),                             # sealed Reply JSON until delivered
    Column("idempotent", Int, nullable=False, server_default=text("0")),  # its platform dedupes a resend
    UniqueConstraint("platform", "message_id"),
    Index("inbox_pending", "status", "seq"),
    Index("inbox_conversation", "conversation", "status", "seq"),
    Index("inbox_updated", "status", "updated_at"),
    sqlite_autoincrement=True,
)

# -- key ring (privacy/keys.py) ----------------------------------------------------------------
data_keys = Table(
    "data_keys", metadata,
    Column("key_id", Text, primary_key=True),          # 16 hex chars, also in every sealed blob's header
    Column("scope", Text, nullable=False),             # "sys:<purpose>", else "h:" + keyed hash of the scope
    Column("kid", Text),                               # master key that wraps it (NULL once erased)
    Column("wrapped", Blob),                           # nonce | AES-GCM(master, data key); NULL once erased
    Column("created_at", Real, nullable=False),
    Column("erased_at", Real),
)
# At most one live data key per scope; erased keys stay as tombstones.
Index("data_keys_live", data_keys.c.scope, unique=True,
      sqlite_where=data_keys.c.erased_at.is_(None), postgresql_where=data_keys.c.erased_at.is_(None))

# -- PII vault (privacy/vault.py) ----------------------------------------------------------------
vault = Table(
    "vault", metadata,
    Column("conversation_hash", Text, primary_key=True),   # keyed hash of (conversation, scope)
    Column("scope", Text, nullable=False),                 # data-key scope (customer id or "system")
    Column("blob", Blob, nullable=False),                  # sealed JSON {placeholder: value}
    Column("updated_at", Real, nullable=False),
    Column("conversation", Text),                          # keyed hash of the conversation alone
    Index("vault_scope", "scope"),
    Index("vault_conversation", "conversation"),
)

# -- staff accounts (bot/web/staff/users.py) -----------------------------------------------------------
staff_users = Table(
    "staff_users", metadata,
    serial("id"),
    Column("username", Text, nullable=False, unique=True),
    Column("roles", Text, nullable=False),             # comma-separated subset of ROLES
    Column("pw_hash", Text, nullable=False),           # scrypt$n$r$p$salt$hash
    Column("disabled", Int, nullable=False, server_default=text("0")),
    Column("created_at", Real, nullable=False),
    Column("updated_at", Real, nullable=False),
    sqlite_autoincrement=True,
)
staff_sessions = Table(
    "staff_sessions", metadata,
    Column("sid_hash", Text, primary_key=True),        # sha256 of the cookie value
    Column("user_id", Int, nullable=False),
    Column("csrf", Text, nullable=False),
    Column("created_at", Real, nullable=False),
    Column("last_seen", Real, nullable=False),
    Index("staff_sessions_user", "user_id"),
)
staff_login_failures = Table(
    "staff_login_failures", metadata,
    Column("key", Text, primary_key=True),             # "account:<hash>" or "client:<hash>"
    Column("n", Int, nullable=False),
    Column("first_at", Real, nullable=False),
    Index("staff_login_failures_first", "first_at"),
)

# -- staff console (bot/web/console/handoffs.py) -------------------------------------------------------
console_handoffs = Table(
    "console_handoffs", metadata,
    serial("id"),
    Column("conv_hash", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("address", Blob, nullable=False),           # routing fields, sealed under the customer's key
    Column("platform", Text, nullable=False),
    Column("language", Text),
    Column("intent", Text),
    Column("sentiment", Text),
    Column("reason", Text),
    Column("ticket_id", Text),
    Column("state", Text, nullable=False, server_default=text("'queued'")),
    Column("ticket_status", Text, nullable=False, server_default=text("'open'")),
    Column("agent", Text),
    Column("taken_at", Real),
    Column("last_activity", Real, nullable=False),
    Column("created_at", Real, nullable=False),
    Column("closed_at", Real),
    Column("notified_at", Real),
    Column("off_hours", Int, nullable=False, server_default=text("0")),
    Index("console_handoffs_conv", "conv_hash", "state"),
    Index("console_handoffs_state", "state", "created_at"),
    sqlite_autoincrement=True,
)
console_messages = Table(
    "console_messages", metadata,
    serial("id"),
    Column("handoff_id", Int, nullable=False),
    Column("ts", Real, nullable=False),
    Column("author", Text, nullable=False),
    Column("agent", Text),
    Column("body", Blob, nullable=False),              # redacted text, sealed
    Index("console_messages_handoff", "handoff_id", "id"),
    sqlite_autoincrement=True,
)
console_rating_asks = Table(
    "console_rating_asks", metadata,
    Column("conv_hash", Text, primary_key=True),
    Column("message_id", Text, nullable=False),
    Column("asked_at", Real, nullable=False),
)
console_attachments = Table(
    "console_attachments", metadata,
    serial("id"),
    Column("conv_hash", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("handoff_id", Int),
    Column("ticket_id", Text),
    Column("mime", Text, nullable=False),
    Column("size", Int, nullable=False),
    Column("blob", Blob, nullable=False),              # the file, sealed under the customer's key
    Column("created_at", Real, nullable=False),
    Index("console_attachments_conv", "conv_hash", "id"),
    sqlite_autoincrement=True,
)

# -- audit log (privacy/audit.py) -----------------------------------------------------------------
# Every column but payload/prev_hash/hash is an input of the chain hash: the types must read
# back exactly what was written (REAL/DOUBLE PRECISION, never float4; integers for booleans).
audit_records = Table(
    "audit_records", metadata,
    # The record id, contiguous from the anchor: the writer assigns it (never the database).
    Column("seq", Int, primary_key=True, autoincrement=False),
    Column("kind", Text, nullable=False),              # message | reveal | erase | purge
    Column("ts", Real, nullable=False),
    Column("platform", Text, nullable=False),
    Column("customer_id", Text),
    Column("conversation_hash", Text),
    Column("message_hash", Text),
    Column("intent", Text),
    Column("confidence", Real),
    Column("handoff", Int),
    Column("grounded", Int),
    Column("sentiment", Text),
    Column("latency_ms", Real),
    Column("scope", Text, nullable=False),
    Column("payload", Blob, nullable=False),
    Column("prev_hash", Blob, nullable=False),
    Column("hash", Blob, nullable=False),
    Index("audit_ts", "ts"),
    Index("audit_customer", "customer_id", "seq"),
    Index("audit_message", "message_hash"),
)
audit_checkpoints = Table(
    "audit_checkpoints", metadata,
    Column("seq", Int, primary_key=True, autoincrement=False),
    Column("hash", Blob, nullable=False),
    Column("ts", Real, nullable=False),
    Column("mac", Blob, nullable=False),
)
# 'head' = last record, 'anchor' = where the chain starts after a purge; both signed.
audit_state = Table(
    "audit_state", metadata,
    Column("name", Text, primary_key=True),
    Column("seq", Int, nullable=False),
    Column("hash", Blob, nullable=False),
    Column("ts", Real, nullable=False),
    Column("mac", Blob, nullable=False),
)
audit_ratings = Table(
    "audit_ratings", metadata,
    Column("message_hash", Text, primary_key=True),
    Column("conversation_hash", Text, nullable=False),
    Column("helpful", Int, nullable=False),
    Column("ts", Real, nullable=False),
)
