"""Hand-offs and what was said in them, in the database (shared by every replica).

A hand-off row is created when the bot hands a conversation to a person. Its state moves
queued → taken (an agent has it; the bot stays quiet) → queued (handed back or idle) … →
closed (handed back to the bot). Only one open (queued or taken) hand-off per conversation.
Taking over is a conditional UPDATE, so two agents (or two replicas) cannot both win.

Personal data: the conversation key and the platform routing fields (chat ids can be phone
numbers) are sealed under the customer's key scope, and looked up by a keyed hash; message
bodies are the *redacted* text, sealed too. Erasing the customer shreds all of it.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from bot import db

COMPONENT = "console"
MIGRATIONS = [
    """
    CREATE TABLE console_handoffs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conv_hash TEXT NOT NULL,
        scope TEXT NOT NULL,
        address BLOB NOT NULL,
        platform TEXT NOT NULL,
        language TEXT,
        intent TEXT,
        sentiment TEXT,
        reason TEXT,
        ticket_id TEXT,
        state TEXT NOT NULL DEFAULT 'queued',
        ticket_status TEXT NOT NULL DEFAULT 'open',
        agent TEXT,
        taken_at REAL,
        last_activity REAL NOT NULL,
        created_at REAL NOT NULL,
        closed_at REAL,
        notified_at REAL,
        off_hours INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX console_handoffs_conv ON console_handoffs(conv_hash, state);
    CREATE INDEX console_handoffs_state ON console_handoffs(state, created_at);
    CREATE TABLE console_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        handoff_id INTEGER NOT NULL,
        ts REAL NOT NULL,
        author TEXT NOT NULL,
        agent TEXT,
        body BLOB NOT NULL
    );
    CREATE INDEX console_messages_handoff ON console_messages(handoff_id, id);
    CREATE TABLE console_rating_asks (
        conv_hash TEXT PRIMARY KEY,
        message_id TEXT NOT NULL,
        asked_at REAL NOT NULL
    );
    """,
    """
    CREATE TABLE console_attachments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conv_hash TEXT NOT NULL,
        scope TEXT NOT NULL,
        handoff_id INTEGER,
        ticket_id TEXT,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        blob BLOB NOT NULL,              -- the file, sealed under the customer's key
        created_at REAL NOT NULL
    );
    CREATE INDEX console_attachments_conv ON console_attachments(conv_hash, id);
    """,
]
OPEN_STATES = ("queued", "taken")
TICKET_STATUSES = ("open", "pending", "solved")
AUTHORS = ("customer", "bot", "agent", "note", "system")


@dataclass(frozen=True)
class Handoff:
    id: int
    scope: str
    platform: str
    language: str | None
    intent: str | None
    sentiment: str | None
    reason: str | None
    ticket_id: str | None
    state: str
    ticket_status: str
    agent: str | None
    taken_at: float | None
    last_activity: float
    created_at: float
    off_hours: bool


@dataclass(frozen=True)
class Address:
    """Where a reply to this conversation goes: enough to build a `Reply`."""
    conversation_key: str
    platform: str
    conversation_id: str
    sender_id: str
    identity: str
    raw: dict[str, Any]
    last_message_id: str


@dataclass(frozen=True)
class Entry:
    id: int
    ts: float
    author: str
    agent: str | None
    text: str            # redacted


class HandoffStore:
    def __init__(self, conn: Any, keyring: Any) -> None:
        self.conn = conn
        self.keyring = keyring

    @classmethod
    async def open(cls, conn: Any, keyring: Any) -> HandoffStore:
        await db.migrate(conn, COMPONENT, MIGRATIONS)
        return cls(conn, keyring)

    async def conv_hash(self, conversation_key: str) -> str:
        blind: str = await self.keyring.blind_index(conversation_key, "console-conversation")
        return blind

    async def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        async with self.conn.execute(sql, args) as cur:
            return list(await cur.fetchall())

    async def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        cur = await self.conn.execute(sql, args)
        await self.conn.commit()
        changed: int = cur.rowcount
        return changed

    @staticmethod
    def _handoff(r: Any) -> Handoff:
        return Handoff(int(r["id"]), r["scope"], r["platform"], r["language"], r["intent"], r["sentiment"],
                       r["reason"], r["ticket_id"], r["state"], r["ticket_status"], r["agent"], r["taken_at"],
                       float(r["last_activity"]), float(r["created_at"]), bool(r["off_hours"]))

    async def _seal(self, scope: str, value: Any, aad: str) -> bytes:
        sealed: bytes = await self.keyring.seal(scope, json.dumps(value, ensure_ascii=False).encode("utf-8"),
                                                aad.encode())
        return sealed

    async def _open(self, scope: str, blob: Any, aad: str) -> Any:
        return json.loads((await self.keyring.open(scope, bytes(blob), aad.encode())).decode("utf-8"))

    # -- hand-offs ------------------------------------------------------------------------
    async def open_for(self, conversation_key: str) -> Handoff | None:
        rows = await self._rows("SELECT * FROM console_handoffs WHERE conv_hash=? AND state IN ('queued','taken') "
                                "ORDER BY id DESC LIMIT 1", (await self.conv_hash(conversation_key),))
        return self._handoff(rows[0]) if rows else None

    async def latest_for(self, conversation_key: str) -> Handoff | None:
        """The conversation's newest hand-off, open or closed (what the customer's page replays)."""
        rows = await self._rows("SELECT * FROM console_handoffs WHERE conv_hash=? ORDER BY id DESC LIMIT 1",
                                (await self.conv_hash(conversation_key),))
        return self._handoff(rows[0]) if rows else None

    async def create(self, address: Address, scope: str, *, language: str | None, intent: str | None,
                     sentiment: str | None, reason: str | None, ticket_id: str | None, off_hours: bool) -> Handoff:
        now = time.time()
        ch = await self.conv_hash(address.conversation_key)
        blob = await self._seal(scope, address.__dict__, f"console-address|{ch}")
        cur = await self.conn.execute(
            "INSERT INTO console_handoffs(conv_hash, scope, address, platform, language, intent, sentiment, reason, "
            "ticket_id, state, last_activity, created_at, off_hours) VALUES (?,?,?,?,?,?,?,?,?,'queued',?,?,?)",
            (ch, scope, blob, address.platform, language, intent, sentiment, reason, ticket_id, now, now,
             int(off_hours)))
        await self.conn.commit()
        got = await self.get(int(cur.lastrowid))
        assert got is not None
        return got

    async def update_address(self, handoff: Handoff, address: Address) -> None:
        """The newest inbound message's routing (LINE reply tokens, Slack threads are per message)."""
        ch = await self.conv_hash(address.conversation_key)
        blob = await self._seal(handoff.scope, address.__dict__, f"console-address|{ch}")
        await self._exec("UPDATE console_handoffs SET address=?, last_activity=? WHERE id=?",
                         (blob, time.time(), handoff.id))

    async def address(self, handoff_id: int) -> Address:
        rows = await self._rows("SELECT scope, conv_hash, address FROM console_handoffs WHERE id=?", (handoff_id,))
        r = rows[0]
        return Address(**await self._open(r["scope"], r["address"], f"console-address|{r['conv_hash']}"))

    async def get(self, handoff_id: int) -> Handoff | None:
        rows = await self._rows("SELECT * FROM console_handoffs WHERE id=?", (handoff_id,))
        return self._handoff(rows[0]) if rows else None

    async def queue(self, limit: int = 200) -> list[Handoff]:
        """Open hand-offs, newest first."""
        rows = await self._rows("SELECT * FROM console_handoffs WHERE state IN ('queued','taken') "
                                "ORDER BY created_at DESC, id DESC LIMIT ?", (limit,))
        return [self._handoff(r) for r in rows]

    async def take(self, handoff_id: int, agent: str) -> bool:
        n = await self._exec("UPDATE console_handoffs SET state='taken', agent=?, taken_at=?, last_activity=? "
                             "WHERE id=? AND state='queued'", (agent, time.time(), time.time(), handoff_id))
        return n == 1

    async def touch(self, handoff_id: int) -> None:
        await self._exec("UPDATE console_handoffs SET last_activity=? WHERE id=?", (time.time(), handoff_id))

    async def release(self, handoff_id: int, agent: str | None = None) -> bool:
        """Back to the queue (the bot keeps the ticket open but answers again)."""
        sql = "UPDATE console_handoffs SET state='queued', agent=NULL, taken_at=NULL WHERE id=? AND state='taken'"
        args: tuple[Any, ...] = (handoff_id,)
        if agent is not None:
            sql += " AND agent=?"
            args += (agent,)
        return await self._exec(sql, args) == 1

    async def close(self, handoff_id: int, agent: str | None = None) -> bool:
        """Handed back to the bot: off the queue."""
        sql = "UPDATE console_handoffs SET state='closed', closed_at=? WHERE id=? AND state IN ('queued','taken')"
        args: tuple[Any, ...] = (time.time(), handoff_id)
        if agent is not None:
            sql += " AND (agent=? OR agent IS NULL)"
            args += (agent,)
        return await self._exec(sql, args) == 1

    async def set_ticket_status(self, handoff_id: int, status: str) -> None:
        if status not in TICKET_STATUSES:
            raise ValueError(status)
        await self._exec("UPDATE console_handoffs SET ticket_status=? WHERE id=?", (status, handoff_id))

    async def release_idle(self, idle_s: float) -> list[int]:
        """Taken-over conversations nobody touched for `idle_s` go back to the queue."""
        cutoff = time.time() - idle_s
        rows = await self._rows("SELECT id FROM console_handoffs WHERE state='taken' AND last_activity < ?", (cutoff,))
        ids = [int(r["id"]) for r in rows]
        if ids:
            await self._exec("UPDATE console_handoffs SET state='queued', agent=NULL, taken_at=NULL "
                             "WHERE state='taken' AND last_activity < ?", (cutoff,))
        return ids

    async def mark_notified(self, handoff_id: int) -> bool:
        """True for exactly one caller per hand-off (the one that sends the notice)."""
        return await self._exec("UPDATE console_handoffs SET notified_at=? WHERE id=? AND notified_at IS NULL",
                                (time.time(), handoff_id)) == 1

    # -- messages ---------------------------------------------------------------------------
    async def add_entry(self, handoff: Handoff, author: str, text: str, agent: str | None = None,
                        ts: float | None = None) -> None:
        if author not in AUTHORS:
            raise ValueError(author)
        blob = await self._seal(handoff.scope, text, f"console-message|{handoff.id}")
        await self.conn.execute("INSERT INTO console_messages(handoff_id, ts, author, agent, body) VALUES (?,?,?,?,?)",
                                (handoff.id, ts or time.time(), author, agent, blob))
        await self.conn.commit()

    async def entries(self, handoff: Handoff) -> list[Entry]:
        rows = await self._rows("SELECT * FROM console_messages WHERE handoff_id=? ORDER BY id", (handoff.id,))
        out = []
        for r in rows:
            try:
                text = await self._open(handoff.scope, r["body"], f"console-message|{handoff.id}")
            except Exception:  # noqa: BLE001 - an erased customer's text is gone, the row stays
                text = "[erased]"
            out.append(Entry(int(r["id"]), float(r["ts"]), r["author"], r["agent"], text))
        return out

    # -- attachments (photos and files the customer sent) ---------------------------------------
    async def add_attachment(self, conversation_key: str, scope: str, mime: str, data: bytes,
                             handoff_id: int | None, ticket_id: str | None) -> int:
        ch = await self.conv_hash(conversation_key)
        cur = await self.conn.execute(
            "INSERT INTO console_attachments(conv_hash, scope, handoff_id, ticket_id, mime, size, blob, created_at) "
            "VALUES (?,?,?,?,?,?,?,?)", (ch, scope, handoff_id, ticket_id, mime, len(data), b"", time.time()))
        aid = int(cur.lastrowid)
        blob = await self.keyring.seal(scope, data, f"console-attachment|{aid}|{ch}".encode())
        await self.conn.execute("UPDATE console_attachments SET blob=? WHERE id=?", (blob, aid))
        await self.conn.commit()
        return aid

    async def attachments(self, handoff_id: int) -> list[tuple[int, str, int, float]]:
        """(id, mime, size, created_at) of the files sent in this hand-off's conversation."""
        rows = await self._rows(
            "SELECT a.id, a.mime, a.size, a.created_at FROM console_attachments a JOIN console_handoffs h "
            "ON h.conv_hash = a.conv_hash WHERE h.id = ? ORDER BY a.id", (handoff_id,))
        return [(int(r["id"]), r["mime"], int(r["size"]), float(r["created_at"])) for r in rows]

    async def attachment(self, handoff_id: int, attachment_id: int) -> tuple[str, bytes] | None:
        """The decrypted file, if it belongs to this hand-off's conversation; raises KeyErased once erased."""
        rows = await self._rows(
            "SELECT a.scope, a.conv_hash, a.mime, a.blob FROM console_attachments a JOIN console_handoffs h "
            "ON h.conv_hash = a.conv_hash WHERE h.id = ? AND a.id = ?", (handoff_id, attachment_id))
        if not rows:
            return None
        r = rows[0]
        data = await self.keyring.open(r["scope"], bytes(r["blob"]),
                                       f"console-attachment|{attachment_id}|{r['conv_hash']}".encode())
        return r["mime"], data

    # -- satisfaction asks --------------------------------------------------------------------
    async def ask_rating(self, conversation_key: str, message_id: str) -> None:
        ch = await self.conv_hash(conversation_key)
        await self._exec("INSERT INTO console_rating_asks(conv_hash, message_id, asked_at) VALUES (?,?,?) "
                         "ON CONFLICT(conv_hash) DO UPDATE SET message_id=excluded.message_id, "
                         "asked_at=excluded.asked_at", (ch, message_id, time.time()))

    async def pop_rating_ask(self, conversation_key: str) -> str | None:
        """The message id a pending "was this helpful?" is about, removed (asked once)."""
        ch = await self.conv_hash(conversation_key)
        rows = await self._rows("SELECT message_id FROM console_rating_asks WHERE conv_hash=?", (ch,))
        if not rows:
            return None
        await self._exec("DELETE FROM console_rating_asks WHERE conv_hash=?", (ch,))
        return str(rows[0]["message_id"])
