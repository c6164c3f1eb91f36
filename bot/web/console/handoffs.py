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

from sqlalchemy import bindparam, insert, or_, select, update

from bot import db
from bot.storage import migrations, schema
from bot.storage import query as q

COMPONENT = "console"
H, M = schema.console_handoffs, schema.console_messages
R, A = schema.console_rating_asks, schema.console_attachments
TABLES = migrations.Component(COMPONENT, [H, M, R, A], steps=[migrations.BASELINE, migrations.create(A)])
OPEN_STATES = ("queued", "taken")
TICKET_STATUSES = ("open", "pending", "solved")
AUTHORS = ("customer", "bot", "agent", "note", "system")

_OPEN = q.one_of(H.c.state, OPEN_STATES)
_BY_ID = H.c.id == bindparam("w_id")
_OPEN_FOR = q.Statement(select(H).where(H.c.conv_hash == bindparam("ch"), _OPEN).order_by(H.c.id.desc()).limit(1))
_CREATE = q.Statement(insert(H).values(state="queued"),
                      ["conv_hash", "scope", "address", "platform", "language", "intent", "sentiment", "reason",
                       "ticket_id", "last_activity", "created_at", "off_hours"])
_SET_ADDRESS = q.Statement(update(H).where(_BY_ID), ["address", "last_activity"])
_ADDRESS = q.Statement(select(H.c.scope, H.c.conv_hash, H.c.address).where(H.c.id == bindparam("id")))
_LATEST_FOR = q.Statement(select(H).where(H.c.conv_hash == bindparam("ch")).order_by(H.c.id.desc()).limit(1))
_GET = q.Statement(select(H).where(H.c.id == bindparam("id")))
_QUEUE = q.Statement(select(H).where(_OPEN).order_by(H.c.created_at.desc(), H.c.id.desc())
                     .limit(bindparam("limit")))
_TAKE = q.Statement(update(H).where(_BY_ID, H.c.state == "queued").values(state="taken"),
                    ["agent", "taken_at", "last_activity"])
_TOUCH = q.Statement(update(H).where(_BY_ID), ["last_activity"])
_BACK = {"state": "queued", "agent": None, "taken_at": None}
_RELEASE = q.Statement(update(H).where(_BY_ID, H.c.state == "taken").values(_BACK))
_RELEASE_AGENT = q.Statement(update(H).where(_BY_ID, H.c.state == "taken", H.c.agent == bindparam("w_agent"))
                             .values(_BACK))
_CLOSE = q.Statement(update(H).where(_BY_ID, _OPEN).values(state="closed"), ["closed_at"])
_CLOSE_AGENT = q.Statement(update(H).where(_BY_ID, _OPEN, or_(H.c.agent == bindparam("w_agent"), H.c.agent.is_(None)))
                           .values(state="closed"), ["closed_at"])
_TICKET_STATUS = q.Statement(update(H).where(_BY_ID), ["ticket_status"])
_IDLE = q.Statement(select(H.c.id).where(H.c.state == "taken", H.c.last_activity < bindparam("cutoff")))
_RELEASE_IDLE = q.Statement(update(H).where(H.c.state == "taken", H.c.last_activity < bindparam("cutoff"))
                            .values(_BACK))
_NOTIFIED = q.Statement(update(H).where(_BY_ID, H.c.notified_at.is_(None)), ["notified_at"])
_ADD_ENTRY = q.Statement(insert(M), ["handoff_id", "ts", "author", "agent", "body"])
_ENTRIES = q.Statement(select(M).where(M.c.handoff_id == bindparam("hid")).order_by(M.c.id))
_ADD_FILE = q.Statement(insert(A), ["conv_hash", "scope", "handoff_id", "ticket_id", "mime", "size", "blob",
                                    "created_at"])
_SEAL_FILE = q.Statement(update(A).where(A.c.id == bindparam("w_id")), ["blob"])
_FILES = q.Statement(select(A.c.id, A.c.mime, A.c.size, A.c.created_at).join_from(A, H, H.c.conv_hash == A.c.conv_hash)
                     .where(H.c.id == bindparam("hid")).order_by(A.c.id))
_FILE = q.Statement(select(A.c.scope, A.c.conv_hash, A.c.mime, A.c.blob).join_from(A, H, H.c.conv_hash == A.c.conv_hash)
                    .where(H.c.id == bindparam("hid"), A.c.id == bindparam("aid")))
_ASK = q.Statement(q.upsert(R, ["conv_hash"]), ["conv_hash", "message_id", "asked_at"])
_ASKED = q.Statement(select(R.c.message_id).where(R.c.conv_hash == bindparam("ch")))
_ASKED_DONE = q.Statement(R.delete().where(R.c.conv_hash == bindparam("ch")))


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
        await migrations.migrate(conn, TABLES)
        return cls(conn, keyring)

    async def conv_hash(self, conversation_key: str) -> str:
        blind: str = await self.keyring.blind_index(conversation_key, "console-conversation")
        return blind

    async def _rows(self, stmt: q.Statement, params: dict[str, Any] | None = None) -> list[Any]:
        return await q.fetchall(self.conn, stmt, params)

    async def _exec(self, stmt: q.Statement, params: dict[str, Any]) -> int:
        return (await self._write(stmt, params)).rowcount

    async def _write(self, stmt: q.Statement, params: dict[str, Any]) -> q.Result:
        async with db.transaction(self.conn):
            return await q.execute(self.conn, stmt, params)

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
        rows = await self._rows(_OPEN_FOR, {"ch": await self.conv_hash(conversation_key)})
        return self._handoff(rows[0]) if rows else None

    async def latest_for(self, conversation_key: str) -> Handoff | None:
        """The conversation's newest hand-off, open or closed (what the customer's page replays)."""
        rows = await self._rows(_LATEST_FOR, {"ch": await self.conv_hash(conversation_key)})
        return self._handoff(rows[0]) if rows else None

    async def create(self, address: Address, scope: str, *, language: str | None, intent: str | None,
                     sentiment: str | None, reason: str | None, ticket_id: str | None, off_hours: bool) -> Handoff:
        now = time.time()
        ch = await self.conv_hash(address.conversation_key)
        blob = await self._seal(scope, address.__dict__, f"console-address|{ch}")
        done = await self._write(_CREATE, {
            "conv_hash": ch, "scope": scope, "address": blob, "platform": address.platform, "language": language,
            "intent": intent, "sentiment": sentiment, "reason": reason, "ticket_id": ticket_id,
            "last_activity": now, "created_at": now, "off_hours": int(off_hours)})
        assert done.lastrowid is not None
        got = await self.get(int(done.lastrowid))
        assert got is not None
        return got

    async def update_address(self, handoff: Handoff, address: Address) -> None:
        """The newest inbound message's routing (LINE reply tokens, Slack threads are per message)."""
        ch = await self.conv_hash(address.conversation_key)
        blob = await self._seal(handoff.scope, address.__dict__, f"console-address|{ch}")
        await self._exec(_SET_ADDRESS, {"address": blob, "last_activity": time.time(), "w_id": handoff.id})

    async def address(self, handoff_id: int) -> Address:
        rows = await self._rows(_ADDRESS, {"id": handoff_id})
        r = rows[0]
        return Address(**await self._open(r["scope"], r["address"], f"console-address|{r['conv_hash']}"))

    async def get(self, handoff_id: int) -> Handoff | None:
        rows = await self._rows(_GET, {"id": handoff_id})
        return self._handoff(rows[0]) if rows else None

    async def queue(self, limit: int = 200) -> list[Handoff]:
        """Open hand-offs, newest first."""
        rows = await self._rows(_QUEUE, {"limit": limit})
        return [self._handoff(r) for r in rows]

    async def take(self, handoff_id: int, agent: str) -> bool:
        now = time.time()
        n = await self._exec(_TAKE, {"agent": agent, "taken_at": now, "last_activity": now, "w_id": handoff_id})
        return n == 1

    async def touch(self, handoff_id: int) -> None:
        await self._exec(_TOUCH, {"last_activity": time.time(), "w_id": handoff_id})

    async def release(self, handoff_id: int, agent: str | None = None) -> bool:
        """Back to the queue (the bot keeps the ticket open but answers again)."""
        if agent is None:
            return await self._exec(_RELEASE, {"w_id": handoff_id}) == 1
        return await self._exec(_RELEASE_AGENT, {"w_id": handoff_id, "w_agent": agent}) == 1

    async def close(self, handoff_id: int, agent: str | None = None) -> bool:
        """Handed back to the bot: off the queue."""
        params: dict[str, Any] = {"closed_at": time.time(), "w_id": handoff_id}
        if agent is None:
            return await self._exec(_CLOSE, params) == 1
        return await self._exec(_CLOSE_AGENT, {**params, "w_agent": agent}) == 1

    async def set_ticket_status(self, handoff_id: int, status: str) -> None:
        if status not in TICKET_STATUSES:
            raise ValueError(status)
        await self._exec(_TICKET_STATUS, {"ticket_status": status, "w_id": handoff_id})

    async def release_idle(self, idle_s: float) -> list[int]:
        """Taken-over conversations nobody touched for `idle_s` go back to the queue."""
        cutoff = time.time() - idle_s
        rows = await self._rows(_IDLE, {"cutoff": cutoff})
        ids = [int(r["id"]) for r in rows]
        if ids:
            await self._exec(_RELEASE_IDLE, {"cutoff": cutoff})
        return ids

    async def mark_notified(self, handoff_id: int) -> bool:
        """True for exactly one caller per hand-off (the one that sends the notice)."""
        return await self._exec(_NOTIFIED, {"notified_at": time.time(), "w_id": handoff_id}) == 1

    # -- messages ---------------------------------------------------------------------------
    async def add_entry(self, handoff: Handoff, author: str, text: str, agent: str | None = None,
                        ts: float | None = None) -> None:
        if author not in AUTHORS:
            raise ValueError(author)
        blob = await self._seal(handoff.scope, text, f"console-message|{handoff.id}")
        await self._exec(_ADD_ENTRY, {"handoff_id": handoff.id, "ts": ts or time.time(), "author": author,
                                      "agent": agent, "body": blob})

    async def entries(self, handoff: Handoff) -> list[Entry]:
        rows = await self._rows(_ENTRIES, {"hid": handoff.id})
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
        # The row first (its id is in the seal's AAD), then the sealed file. Sealing stays outside
        # the write scope: a data key created on first use writes through the key ring, which may
        # hold another connection to the same database.
        done = await self._write(_ADD_FILE, {
            "conv_hash": ch, "scope": scope, "handoff_id": handoff_id, "ticket_id": ticket_id, "mime": mime,
            "size": len(data), "blob": b"", "created_at": time.time()})
        assert done.lastrowid is not None
        aid = int(done.lastrowid)
        blob = await self.keyring.seal(scope, data, f"console-attachment|{aid}|{ch}".encode())
        await self._exec(_SEAL_FILE, {"blob": blob, "w_id": aid})
        return aid

    async def attachments(self, handoff_id: int) -> list[tuple[int, str, int, float]]:
        """(id, mime, size, created_at) of the files sent in this hand-off's conversation."""
        rows = await self._rows(_FILES, {"hid": handoff_id})
        return [(int(r["id"]), r["mime"], int(r["size"]), float(r["created_at"])) for r in rows]

    async def attachment(self, handoff_id: int, attachment_id: int) -> tuple[str, bytes] | None:
        """The decrypted file, if it belongs to this hand-off's conversation; raises KeyErased once erased."""
        rows = await self._rows(_FILE, {"hid": handoff_id, "aid": attachment_id})
        if not rows:
            return None
        r = rows[0]
        data = await self.keyring.open(r["scope"], bytes(r["blob"]),
                                       f"console-attachment|{attachment_id}|{r['conv_hash']}".encode())
        return r["mime"], data

    # -- satisfaction asks --------------------------------------------------------------------
    async def ask_rating(self, conversation_key: str, message_id: str) -> None:
        ch = await self.conv_hash(conversation_key)
        await self._exec(_ASK, {"conv_hash": ch, "message_id": message_id, "asked_at": time.time()})

    async def pop_rating_ask(self, conversation_key: str) -> str | None:
        """The message id a pending "was this helpful?" is about, removed (asked once)."""
        ch = await self.conv_hash(conversation_key)
        rows = await self._rows(_ASKED, {"ch": ch})
        if not rows:
            return None
        await self._exec(_ASKED_DONE, {"ch": ch})
        return str(rows[0]["message_id"])
