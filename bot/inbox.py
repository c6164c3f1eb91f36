"""The durable inbox: a webhook's 200 means the message is on disk, sealed.

- `put()` dedupes on (platform, keyed hash of the message id) and commits before the webhook
  answers; concurrent `put()`s and the workers' state changes share one transaction and one
  fsync, run as one job on the connection's thread (bot/storage/group_commit.py).
- Workers take messages in order within a conversation and in parallel across them, with at
  most `per_platform` conversations of one platform in flight: one hanging platform API
  stalls its own conversations only.
- Payloads hold raw customer text, so they are encrypted under the key ring's `inbox` scope
  and deleted once handled. Message ids and conversations are stored as keyed hashes
  (a Telegram message id embeds the chat id). Handled rows are kept for dedupe for
  `dedupe_retention_s` (at least an hour, longer than any platform's redelivery), then purged.

Send state machine — the same for this inbox and bot/redis_inbox.py (`SendStates` below):

    pending ──worker──► processing ──pipeline──► reply sealed and stored on the row
       ▲                    │                        │ pacing, Retry-After waits (still processing)
       │ crash, stop,       │ error: pending again   ▼ first HTTP request of the reply leaves
       │ error (retried)    │ (backoff), `failed`  sending ──delivered──► done
       └────────────────────┘ after max_attempts     │  ├─refused / retries exhausted─► dead
                                                     │  └─timeout, no idempotency key─► unknown
                                                     └─429 / never connected: back to processing
    restart (or another replica reclaiming):
      processing            → pending (the pipeline runs again, or the stored reply is sent)
      sending, idempotent   → pending: the stored reply is resent with the same idempotency key
      sending, otherwise    → unknown: never resent automatically; a dead letter for the operator

The send outcome is recorded (`record_delivery`) before anything else runs (audit, metrics),
so an error after the reply went out can never put it back to pending. `dead` and `unknown`
rows keep the sealed reply: `aftersales outbox list|replay` (bot/cli/outbox.py).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.schema import CreateIndex

from adapters import outbound
from bot import db
from bot.core.errors import Overloaded
from bot.core.messages import Message, Reply, message_json
from bot.storage import query as q
from bot.storage.group_commit import GroupCommit, NewRows
from bot.storage.migrations import BASELINE, Component, add_column, migrate
from bot.storage.schema import inbox as T

log = logging.getLogger("aftersales.inbox")

SCOPE = "inbox"
COMPONENT = Component("inbox", [T], steps=[
    BASELINE,
    [add_column(T, "reply"), add_column(T, "idempotent"), CreateIndex(next(i for i in T.indexes
                                                                         if i.name == "inbox_updated"))],
])

Handler = Callable[[Message], Awaitable[None]]
Sender = Callable[[Reply], Awaitable[Mapping[str, Any]]]
KEY_PREFIX = "k1:"
MIN_RETENTION_S = 3600
FINAL = ("done", "failed")                 # purged after the retention
DEAD = ("dead", "unknown")                 # kept until the operator resolves them

c = T.c
# A crash mid-pipeline: process again. A crash mid-send: resend only where the platform
# dedupes on our idempotency key; otherwise it is the operator's call.
_RECOVER = [
    q.Statement(update(T).where(c.status == "processing").values(status="pending")),
    q.Statement(update(T).where(c.status == "sending", c.idempotent == 1, c.reply.is_not(None))
                .values(status="pending", error="resent after restart")),
    q.Statement(update(T).where(c.status == "sending").values(status="unknown", payload=None,
                                                              error="interrupted mid-send")),
]
_PENDING = q.Statement(select(func.count()).select_from(T).where(c.status == "pending"))
# Rows not yet handled (what `depth` counts) and the newest of them: what another process's
# writes changed (bot/server/intake.py). Index range scans on (status, seq).
_LIVE = q.Statement(select(func.count(), func.max(c.seq)).select_from(T)
                    .where(q.one_of(c.status, ("pending", "processing", "sending"))))
_LEGACY = q.Statement(select(c.seq, c.platform, c.message_id, c.payload)
                      .where(c.message_id.not_like(KEY_PREFIX + "%")))
_REKEY = q.Statement(update(T).where(c.seq == bindparam("w_seq")), ["message_id", "payload"])
# Intake: many webhooks' rows in one multi-row INSERT per group commit (bot/storage/group_commit.py).
_PUT = NewRows(T, "platform", "message_id", ["platform", "message_id", "conversation", "payload", "created_at",
                                             "updated_at"])
_STATS = q.Statement(select(c.status, func.count()).group_by(c.status))
_STATUS = q.Statement(select(c.status).where(c.seq == bindparam("seq")))
_CONVERSATIONS = q.Statement(select(c.conversation, func.min(c.platform)).where(c.status == "pending")
                             .group_by(c.conversation).order_by(func.min(c.seq)).limit(1000))
_NEXT = q.Statement(select(c.seq, c.platform, c.message_id, c.payload, c.attempts, c.reply)
                    .where(c.conversation == bindparam("conv"), c.status == "pending").order_by(c.seq).limit(1))
_PURGE = q.Statement(delete(T).where(q.one_of(c.status, FINAL), c.updated_at < bindparam("before")))
_DEAD_LETTERS = q.Statement(select(c.seq, c.platform, c.status, c.error, c.attempts, c.created_at, c.updated_at,
                                   c.reply.is_not(None)).where(q.one_of(c.status, DEAD)).order_by(c.seq))
_DEAD_REPLY = q.Statement(select(c.platform, c.message_id, c.reply)
                          .where(c.seq == bindparam("seq"), q.one_of(c.status, DEAD)))


def _update(where: str, bound: tuple[str, ...], nulled: tuple[str, ...], from_: tuple[str, ...]) -> q.Statement:
    """UPDATE inbox SET <bound from parameters>, <nulled> = NULL WHERE <row> AND status IN from_,
    one compiled statement per shape (a handful: the call sites fix them)."""
    def build() -> Any:
        row = ((c.platform == bindparam("w_platform"), c.message_id == bindparam("w_key")) if where == "key"
               else (c.seq == bindparam("w_seq"),))
        return update(T).where(*row, q.one_of(c.status, from_)).values({n: None for n in nulled})
    return q.shaped(("inbox.update", where, bound, nulled, from_), build, bound)


class AlreadyHandled(Exception):
    """mark_sending found the message no longer ours to send (sent, being sent, or dead)."""


# Keyed BLAKE2b states per key ring and purpose, copied per message: keying a fresh hash and
# asking the ring for its secret each time was a measurable part of an acknowledgement (#17).
# System secrets never change for a ring's life (the ring itself caches them for good; a
# master-key rotation re-wraps them, the raw secret stays), so neither does the keyed state.
_HASHERS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


async def _keyed(keyring: Any, purpose: str) -> Any:
    try:
        states = _HASHERS.get(keyring)
    except TypeError:                  # a ring that cannot be weakly referenced: no cache
        states = None
    state = states.get(purpose) if states is not None else None
    if state is None:
        secret = await keyring.system_secret(purpose)
        state = hashlib.blake2b(key=secret[:64], digest_size=16)
        try:
            _HASHERS.setdefault(keyring, {})[purpose] = state
        except TypeError:
            pass
    return state.copy()


async def message_key(keyring: Any, platform: str, message_id: str) -> str:
    """Keyed hash of (platform, message id): the dedupe key, never the id itself."""
    digest = await _keyed(keyring, "inbox-message")
    digest.update(f"{platform}\x00{message_id}".encode())
    return KEY_PREFIX + digest.hexdigest()


def _aad(platform: str, key: str) -> bytes:
    return f"{platform}:{key}".encode()


async def seal_message(keyring: Any, msg: Message, key: str | None = None) -> tuple[bytes, str]:
    """The sealed payload of a message and a keyed hash of its conversation (chat ids can be
    phone numbers, so neither is stored in clear). Shared by the SQLite and Redis inboxes;
    `key`: the message's `message_key` when the caller has it already."""
    if key is None:
        key = await message_key(keyring, msg.platform, msg.message_id)
    try:
        data = message_json(msg)            # the bytes the webhook's storable check encoded
    except ValueError:                      # NaN in `raw`: stored as before, never refused here
        data = json.dumps(msg.to_dict(), ensure_ascii=False).encode()
    payload = await keyring.seal(SCOPE, data, aad=_aad(msg.platform, key))
    digest = await _keyed(keyring, "inbox-conversation")
    digest.update(msg.conversation_key.encode())
    return payload, digest.hexdigest()


async def open_message(keyring: Any, platform: str, key: str, payload: bytes) -> Message:
    raw = await keyring.open(SCOPE, bytes(payload), aad=_aad(platform, key))
    return Message.from_dict(json.loads(raw))


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    return {"platform": reply.platform, "conversation_id": reply.conversation_id, "sender_id": reply.sender_id,
            "in_reply_to": reply.in_reply_to, "text": reply.text, "raw": dict(reply.raw),
            "identity": reply.identity}


async def seal_reply(keyring: Any, platform: str, key: str, reply: Reply) -> bytes:
    # The reply holds the customer's own restored data: sealed like the message.
    return await keyring.seal(SCOPE, json.dumps(reply_to_dict(reply), ensure_ascii=False, default=str).encode(),
                              aad=b"reply|" + _aad(platform, key))


async def open_reply(keyring: Any, platform: str, key: str, blob: bytes) -> Reply:
    d = json.loads(await keyring.open(SCOPE, bytes(blob), aad=b"reply|" + _aad(platform, key)))
    return Reply(d["platform"], d["conversation_id"], d["sender_id"], d["in_reply_to"], d["text"],
                 d.get("raw") or {}, d.get("identity") or "")


def retry_delay(attempt: int) -> float:
    """Before the pipeline runs a message again: 1 s, 3 s, 9 s, … capped at a minute."""
    return min(60.0, 3.0 ** (attempt - 1))


@dataclass
class InboxStats:
    pending: int
    processing: int
    done: int
    failed: int
    dead: int = 0


@dataclass
class DeadLetter:
    """A reply that was not (or not surely) delivered, for the operator (`aftersales outbox`)."""

    id: str
    platform: str
    status: str               # dead (delivery failed) | unknown (interrupted mid-send)
    error: str | None
    attempts: int
    created_at: float
    updated_at: float
    has_reply: bool


class SendStates:
    """The send half of the state machine, shared by both inboxes. A subclass provides
    `_transition(platform, key, to, from_, **fields) -> bool` (atomic compare-and-set)."""

    keyring: Any
    _sending_here: set[str]

    async def _transition(self, platform: str, key: str, to: str, from_: tuple[str, ...],
                          reply: bytes | None = None, idempotent: bool | None = None,
                          error: str | None = None) -> bool:
        raise NotImplementedError

    async def mark_sending(self, msg: Message | Reply) -> None:
        """Record that a request carrying the reply is about to leave (the `before_request`
        hook; idempotent). Raises AlreadyHandled if the message is not ours to send."""
        key = await message_key(self.keyring, msg.platform, _mid(msg))
        if key in self._sending_here:       # a retry or the next part of a reply we are sending
            return
        # Only from processing/pending: a message another worker (or replica) marked `sending`
        # is refused, so two workers that both ran the pipeline never both send.
        if not await self._transition(msg.platform, key, "sending", ("processing", "pending")):
            raise AlreadyHandled(key)
        self._sending_here.add(key)

    async def mark_not_sent(self, msg: Message | Reply) -> None:
        """The platform provably took nothing (429, no connection): out of the unknown window."""
        key = await message_key(self.keyring, msg.platform, _mid(msg))
        if key in self._sending_here and await self._transition(msg.platform, key, "processing", ("sending",)):
            self._sending_here.discard(key)

    async def record_delivery(self, msg: Message | Reply, delivery: Mapping[str, Any]) -> str:
        """Sent → done; otherwise dead or unknown (the sealed reply kept for a replay)."""
        key = await message_key(self.keyring, msg.platform, _mid(msg))
        error = str(delivery.get("error") or "failed")[:200]
        # Failed for sure → dead; a timeout to a platform without idempotency keys may have
        # arrived → unknown (adapters/outbound.py reports it as "…:maybe_delivered").
        to = "done" if delivery.get("ok") else ("unknown" if error.endswith("maybe_delivered") else "dead")
        try:
            await self._transition(msg.platform, key, to, ("processing", "sending"),
                                   error=None if to == "done" else error)
        finally:
            self._sending_here.discard(key)
        return to

    async def send_reply(self, msg: Message, reply: Reply, sender: Sender, *, idempotent: bool = False
                         ) -> dict[str, Any]:
        """Store the sealed reply, send it (marking `sending` at the first request), record the outcome."""
        key = await message_key(self.keyring, msg.platform, msg.message_id)
        sealed = await seal_reply(self.keyring, msg.platform, key, reply)
        if not await self._transition(msg.platform, key, "processing", ("processing", "pending"), reply=sealed,
                                      idempotent=idempotent):
            raise AlreadyHandled(key)
        return await self._send(msg, reply, sender)

    async def _send(self, msg: Message | Reply, reply: Reply, sender: Sender) -> dict[str, Any]:
        hooks = outbound.SendHooks(before_request=lambda: self.mark_sending(msg),
                                   not_sent=lambda: self.mark_not_sent(msg))
        try:
            with outbound.send_hooks(hooks):
                delivery = dict(await sender(reply))
        except BaseException:
            # Cancelled or raised mid-send: the row stays `sending` for the restart rule (or
            # the caller marks it unknown); this worker no longer owns the send.
            self._sending_here.discard(await message_key(self.keyring, msg.platform, _mid(msg)))
            raise
        # First thing after the send: nothing that fails later can make it look unsent.
        await self.record_delivery(msg, delivery)
        return delivery


def _mid(msg: Message | Reply) -> str:
    return msg.message_id if isinstance(msg, Message) else msg.in_reply_to


class Inbox(SendStates):
    def __init__(self, conn: Any, keyring: Any, max_pending: int = 10000, workers: int = 4,
                 max_attempts: int = 4, per_platform: int = 8, max_active: int | None = None,
                 dedupe_retention_s: float = 86400.0, max_queued_writes: int = 20_000,
                 process_lock: str | None = None) -> None:
        self.conn = conn
        self.keyring = keyring
        self._sending_here = set()
        self.max_pending = max_pending
        self.workers = workers
        self.max_attempts = max_attempts
        self.per_platform = max(1, per_platform)
        # Conversations in flight: the pipeline itself is bounded by `workers` in the handler
        # (bot/server/app.py); sends wait on platforms, so more of them may be open at once.
        self.max_active = max_active or max(workers, self.per_platform) * 4
        self.dedupe_retention_s = max(float(MIN_RETENTION_S), float(dedupe_retention_s))
        self._wake = asyncio.Event()
        self._busy: dict[str, str] = {}                  # conversation -> platform
        self._tasks: set[asyncio.Task[None]] = set()
        self._dispatcher: asyncio.Task[None] | None = None
        self._purger: asyncio.Task[None] | None = None
        self._handler: Handler | None = None
        self._resend: Sender | None = None
        self._pending = 0
        self._lock = asyncio.Lock()          # reads: one at a time on the connection
        # process_lock: other processes write this inbox too (bot/server/intake.py).
        self._writer = GroupCommit(conn, max_queued=max_queued_writes, process_lock=process_lock)
        self._stopping = False

    @classmethod
    async def open(cls, path: Path | str, keyring: Any, recover: bool = True, **kwargs: Any) -> Inbox:
        """Open (and migrate); `recover` applies the restart rule — only the server does that,
        never a CLI looking at the dead letters of a running server."""
        conn = await db.connect(path)
        if q.dialect_of(conn) == q.SQLITE:
            # The 200 promises the message survives; fsync each (group) commit.
            await conn.execute("PRAGMA synchronous=FULL")
        await migrate(conn, COMPONENT)
        inbox = cls(conn, keyring, **kwargs)
        if not recover:
            return inbox
        await inbox._rekey_legacy_rows()
        async with db.transaction(conn):
            for stmt in _RECOVER:
                await q.execute(conn, stmt)
        inbox._pending = (await q.execute(conn, _PENDING)).scalar()
        await inbox.purge_handled()
        return inbox

    async def _rekey_legacy_rows(self) -> None:
        """Rows from before message ids were hashed: hash them (re-sealing waiting payloads)."""
        rows = await q.fetchall(self.conn, _LEGACY)
        if not rows:
            return
        updates = []
        for seq, platform, mid, payload in rows:
            key = await message_key(self.keyring, platform, mid)
            if payload is not None:
                raw = await self.keyring.open(SCOPE, bytes(payload), aad=f"{platform}:{mid}".encode())
                payload = await self.keyring.seal(SCOPE, raw, aad=_aad(platform, key))
            updates.append({"message_id": key, "payload": payload, "w_seq": seq})

        async def rekey() -> None:
            await q.executemany(self.conn, _REKEY, updates)
        await db.run_transaction(self.conn, rekey)
        log.info("inbox: hashed %d legacy message ids", len(updates))

    # -- intake ------------------------------------------------------------------------------------
    async def put(self, msg: Message) -> bool:
        """Store durably; False if (platform, message_id) was seen before. Raises Overloaded when
        full, or when the writer is that far behind (bot/storage/group_commit.py)."""
        if self._pending >= self.max_pending:
            raise Overloaded("inbox full", retry_after=2)
        key = await message_key(self.keyring, msg.platform, msg.message_id)
        payload, conv = await seal_message(self.keyring, msg, key)
        now = time.time()
        # Committed (fsync'd) with every other write queued meanwhile before this returns.
        fresh = await self._writer.execute(_PUT, {"platform": msg.platform, "message_id": key, "conversation": conv,
                                                  "payload": payload, "created_at": now, "updated_at": now},
                                           refusable=True) == 1
        if fresh:
            self._pending += 1
            self._wake.set()
        return fresh

    async def _locked(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Run `fn` alone on the connection, retrying transient lock errors with backoff for
        up to db.RETRY_BUDGET_S (a burst from other connections lasts seconds)."""
        deadline = time.monotonic() + db.RETRY_BUDGET_S
        attempt = 0
        while True:
            attempt += 1
            async with self._lock:
                try:
                    return await fn(*args)
                except Exception as exc:
                    if not db.is_transient(exc) or time.monotonic() >= deadline:
                        raise
            await asyncio.sleep(db.backoff(attempt))

    async def _fetchall(self, stmt: q.Statement, params: Mapping[str, Any] | None = None) -> list[Any]:
        return await self._locked(q.fetchall, self.conn, stmt, params)

    async def _write(self, stmt: q.Statement, params: Mapping[str, Any]) -> int:
        # State changes share the intake's group commit (one transaction, one fsync per batch).
        return await self._writer.execute(stmt, params)

    async def stats(self) -> InboxStats:
        counts = {"pending": 0, "processing": 0, "done": 0, "failed": 0, "dead": 0}
        for status, n in await self._fetchall(_STATS):
            if status == "sending":
                status = "processing"
            counts[status if status in counts else "dead"] += n
        return InboxStats(**counts)

    @property
    def depth(self) -> int:
        return self._pending

    # -- other writers (intake processes, bot/server/intake.py) ------------------------------------
    def stored_elsewhere(self, fresh: int) -> None:
        """Another process committed `fresh` new rows to this inbox (its wake-up byte): count
        them and let the dispatcher look. 0: look anyway (a writer went away)."""
        self._pending += fresh
        self._wake.set()

    async def follow_other_writers(self, every_s: float = 1.0, wake: bool = True) -> None:
        """Until cancelled: re-read the depth (other processes' rows, drift of the count) and,
        with `wake`, wake the dispatcher when a row appeared that no wake-up byte announced."""
        newest: int | None = None
        while True:
            await asyncio.sleep(every_s)
            try:
                rows = await self._fetchall(_LIVE)
            except Exception as exc:  # noqa: BLE001 - retried next round
                log.error("inbox follow failed: %s", type(exc).__name__)
                continue
            count, top = rows[0][0], rows[0][1]
            self._pending = int(count)
            if wake and top is not None and top != newest:
                self._wake.set()
            newest = top

    # -- state transitions ---------------------------------------------------------------------------
    async def _transition(self, platform: str, key: str, to: str, from_: tuple[str, ...],
                          reply: bytes | None = None, idempotent: bool | None = None,
                          error: str | None = None) -> bool:
        params: dict[str, Any] = {"status": to, "updated_at": time.time(), "w_platform": platform, "w_key": key}
        if reply is not None:
            params["reply"] = reply
        if idempotent is not None:
            params["idempotent"] = int(idempotent)
        if error is not None:
            params["error"] = error
        nulled = ("payload",) if to in ("done", "dead", "unknown") else ()   # the raw text is no longer needed
        if to == "done":
            nulled += ("reply",)
        bound = tuple(k for k in params if not k.startswith("w_"))
        n = await self._write(_update("key", bound, nulled, from_), params)
        if n == 1 and to in ("done", "dead", "unknown"):
            self._pending -= 1
        return n == 1

    async def _status(self, seq: int) -> str | None:
        rows = await self._fetchall(_STATUS, {"seq": seq})
        return rows[0][0] if rows else None

    async def _set(self, seq: int, status: str, attempts: int | None = None, error: str | None = None,
                   drop_payload: bool = False, only_from: tuple[str, ...] | None = None) -> bool:
        params: dict[str, Any] = {"status": status, "updated_at": time.time(), "w_seq": seq}
        if attempts is not None:
            params["attempts"] = attempts
        if error is not None:
            params["error"] = error
        bound = tuple(k for k in params if k != "w_seq")
        stmt = _update("seq", bound, ("payload",) if drop_payload else (), only_from or ())
        return await self._write(stmt, params) == 1

    # -- workers -------------------------------------------------------------------------------------
    def start(self, handler: Handler, resend: Sender | None = None) -> None:
        """`handler(msg)` runs the pipeline and calls `send_reply`; `resend(reply)` delivers a
        stored reply again (after a restart, or after the platform provably took nothing)."""
        self._handler = handler
        self._resend = resend
        self._stopping = False
        self._dispatcher = asyncio.create_task(self._dispatch_loop())
        self._purger = asyncio.create_task(self._purge_loop())
        self._wake.set()

    async def _dispatch_loop(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                break
            try:
                convs = await self._fetchall(_CONVERSATIONS)
            except Exception as exc:  # noqa: BLE001 - keep dispatching; the rows are still on disk
                log.error("inbox dispatch failed: %s", type(exc).__name__)
                await asyncio.sleep(0.5)
                self._wake.set()
                continue
            per: dict[str, int] = {}
            for platform in self._busy.values():
                per[platform] = per.get(platform, 0) + 1
            for conv, platform in convs:
                if len(self._busy) >= self.max_active:
                    break
                if conv in self._busy or per.get(platform, 0) >= self.per_platform:
                    continue
                self._busy[conv] = platform
                per[platform] = per.get(platform, 0) + 1
                task = asyncio.create_task(self._drain(conv))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _drain(self, conv: str) -> None:
        try:
            while not self._stopping:
                rows = await self._fetchall(_NEXT, {"conv": conv})
                if not rows:
                    break
                await self._process(rows[0])
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the message stays pending and is retried
            log.error("inbox worker failed: %s", type(exc).__name__)
            await asyncio.sleep(0.5)
        finally:
            self._busy.pop(conv, None)
            self._wake.set()

    async def _process(self, row: Any) -> None:
        seq, platform, key, payload, attempts, reply_blob = row
        if not await self._set(seq, "processing", attempts=attempts + 1, only_from=("pending",)):
            return
        try:
            await self._run(seq, platform, key, payload, attempts, reply_blob)
        finally:
            self._sending_here.discard(key)

    async def _run(self, seq: int, platform: str, key: str, payload: Any, attempts: int, reply_blob: Any) -> None:
        try:
            if reply_blob is not None:
                reply = await open_reply(self.keyring, platform, key, reply_blob)
                if self._resend is None:
                    raise RuntimeError("no sender for stored replies")
                await self._send(reply, reply, self._resend)
            else:
                msg = await open_message(self.keyring, platform, key, payload)
                assert self._handler is not None
                await self._handler(msg)
        except asyncio.CancelledError:
            # Stopping: nothing sent yet → back to pending; mid-send → stays `sending`, and
            # the restart rule decides (resend only with an idempotency key).
            await asyncio.shield(self._set(seq, "pending", only_from=("processing",)))
            raise
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the worker
            await self._after_error(seq, platform, attempts + 1, exc)
            return
        # A handler that chose not to send (nothing to say) still finishes the message.
        if await self._set(seq, "done", drop_payload=True, only_from=("processing",)):
            self._pending -= 1

    async def _after_error(self, seq: int, platform: str, attempt: int, exc: Exception) -> None:
        status = await self._status(seq)
        if status in ("done", "dead", "unknown"):
            # The outcome was recorded: whatever failed afterwards (audit, metrics) must not resend.
            log.error("message %s/%s: %s after its send outcome was recorded (not retried)", platform, seq,
                      type(exc).__name__)
            return
        if status == "sending":
            # The sender raised mid-send: the reply may or may not have gone out.
            log.error("message %s/%s: %s mid-send; marked unknown", platform, seq, type(exc).__name__)
            if await self._set(seq, "unknown", error=type(exc).__name__, drop_payload=True,
                               only_from=("sending",)):
                self._pending -= 1
            return
        log.error("message %s/%s failed (attempt %d): %s", platform, seq, attempt, type(exc).__name__)
        if attempt >= self.max_attempts:
            if await self._set(seq, "failed", error=type(exc).__name__, drop_payload=True,
                               only_from=("processing",)):
                self._pending -= 1
            return
        await self._set(seq, "pending", error=type(exc).__name__, only_from=("processing",))
        await asyncio.sleep(retry_delay(attempt))

    # -- retention and dead letters ------------------------------------------------------------------
    async def purge_handled(self, now: float | None = None) -> int:
        """Delete handled rows older than the dedupe retention (dead letters stay)."""
        before = (time.time() if now is None else now) - self.dedupe_retention_s
        return await self._write(_PURGE, {"before": before})

    async def _purge_loop(self) -> None:
        every = min(600.0, self.dedupe_retention_s / 4)
        while not self._stopping:
            await asyncio.sleep(every)
            try:
                purged = await self.purge_handled()
                if purged:
                    log.info("inbox: purged %d handled rows past the dedupe retention", purged)
            except Exception as exc:  # noqa: BLE001 - retried next round
                log.error("inbox purge failed: %s", type(exc).__name__)

    async def dead_letters(self) -> list[DeadLetter]:
        rows = await self._fetchall(_DEAD_LETTERS)
        return [DeadLetter(str(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]

    async def dead_reply(self, letter_id: str) -> Reply | None:
        rows = await self._fetchall(_DEAD_REPLY, {"seq": int(letter_id)})
        if not rows or rows[0][2] is None:
            return None
        return await open_reply(self.keyring, rows[0][0], rows[0][1], rows[0][2])

    async def resolve_dead(self, letter_id: str, delivery: Mapping[str, Any]) -> str:
        """After an operator's replay: done, or still dead with the new error."""
        ok = bool(delivery.get("ok"))
        status, error = ("done", "replayed") if ok else ("dead", str(delivery.get("error") or "failed")[:200])
        stmt = _update("seq", ("status", "error", "updated_at"), ("reply",) if ok else (), DEAD)
        await self._write(stmt, {"status": status, "error": error, "updated_at": time.time(), "w_seq": int(letter_id)})
        return status

    # -- lifecycle -----------------------------------------------------------------------------------
    async def wait_idle(self, timeout: float = 30.0) -> None:
        """Until nothing is pending or in flight (tests, graceful shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._pending <= 0 and not self._busy:
                return
            await asyncio.sleep(0.02)
        raise TimeoutError("inbox did not drain")

    async def stop(self, drain_timeout: float = 10.0) -> None:
        """Graceful: take nothing new, let in-flight messages finish (up to a timeout), then stop.

        A message cut off before its send stays `pending` and runs on the next start; one cut
        off mid-send stays `sending` and the restart rule applies.
        """
        self._stopping = True
        self._wake.set()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=drain_timeout)
        for task in list(self._tasks):
            task.cancel()
        for task in (self._dispatcher, self._purger):
            if task:
                task.cancel()
        await asyncio.gather(*(t for t in (self._dispatcher, self._purger) if t), *self._tasks,
                             return_exceptions=True)

    async def close(self) -> None:
        await self.stop()
        await self._writer.close()      # what was queued is committed; its callers answered
        await self.conn.close()
