"""The durable inbox: a webhook's 200 means the message is on disk, sealed.

- `put()` dedupes on (platform, message_id) and commits before the webhook answers.
- Workers take messages in order within a conversation and in parallel across them.
- A reply is sent at most once: the row moves to `sending` (committed) before the platform
  is called, so a crash mid-send is never followed by a second reply; a crash before that
  point leaves the row `pending` or `processing`, and it is processed again on restart.
- Payloads hold raw customer text, so they are encrypted under the key ring's `inbox` scope
  and deleted (only the ids kept, for dedupe) once handled.

Concurrency: every statement on the inbox connection runs under one lock, so a read never
holds a stale snapshot open while a write on the same connection needs the write lock
(SQLite answers that with an immediate "database is locked", which no busy timeout cures).
Concurrent `put()`s share one transaction and one fsync (group commit).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import db
from bot.errors import Overloaded
from bot.messages import Message

log = logging.getLogger("aftersales.inbox")

SCOPE = "inbox"
MIGRATIONS = [
    """
    CREATE TABLE inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        message_id TEXT NOT NULL,
        conversation TEXT NOT NULL,          -- keyed hash: chat ids can be phone numbers
        payload BLOB,                        -- sealed Message JSON; NULL once handled
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        UNIQUE (platform, message_id)
    );
    CREATE INDEX inbox_pending ON inbox (status, seq);
    CREATE INDEX inbox_conversation ON inbox (conversation, status, seq);
    """,
]

Handler = Callable[[Message], Awaitable[None]]
_RETRIES = 8


async def seal_message(keyring: Any, msg: Message) -> tuple[bytes, str]:
    """The sealed payload of a message and a keyed hash of its conversation (chat ids can be
    phone numbers, so neither is stored in clear). Shared by the SQLite and Redis inboxes."""
    payload = await keyring.seal(SCOPE, json.dumps(msg.to_dict(), ensure_ascii=False).encode(),
                                 aad=f"{msg.platform}:{msg.message_id}".encode())
    secret = await keyring.system_secret("inbox-conversation")
    conv = hashlib.blake2b(msg.conversation_key.encode(), key=secret[:64], digest_size=16).hexdigest()
    return payload, conv


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


@dataclass
class InboxStats:
    pending: int
    processing: int
    done: int
    failed: int


class Inbox:
    def __init__(self, conn: Any, keyring: Any, max_pending: int = 10000, workers: int = 4,
                 max_attempts: int = 3) -> None:
        self.conn = conn
        self.keyring = keyring
        self.max_pending = max_pending
        self.workers = workers
        self.max_attempts = max_attempts
        self._wake = asyncio.Event()
        self._busy: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._dispatcher: asyncio.Task[None] | None = None
        self._handler: Handler | None = None
        self._pending = 0
        self._lock = asyncio.Lock()
        self._queue: list[tuple[tuple[Any, ...], asyncio.Future[bool]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()

    @classmethod
    async def open(cls, path: Path | str, keyring: Any, **kwargs: Any) -> Inbox:
        conn = await db.connect(path)
        if not str(path).startswith("postgres"):
            # The 200 promises the message survives; fsync each (group) commit.
            await conn.execute("PRAGMA synchronous=FULL")
        await db.migrate(conn, "inbox", MIGRATIONS)
        inbox = cls(conn, keyring, **kwargs)
        # A crash mid-pipeline: process again. A crash mid-send: never send twice.
        await conn.execute("UPDATE inbox SET status='pending' WHERE status='processing'")
        await conn.execute("UPDATE inbox SET status='unknown', payload=NULL WHERE status='sending'")
        await conn.commit()
        async with conn.execute("SELECT COUNT(*) FROM inbox WHERE status='pending'") as cur:
            inbox._pending = (await cur.fetchone())[0]
        return inbox

    async def put(self, msg: Message) -> bool:
        """Store durably; False if (platform, message_id) was seen before. Raises Overloaded when full."""
        if self._pending >= self.max_pending:
            raise Overloaded("inbox full", retry_after=2)
        payload, conv = await seal_message(self.keyring, msg)
        now = time.time()
        fut: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append(((msg.platform, msg.message_id, conv, payload, now, now), fut))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_puts())
        fresh = await fut
        if fresh:
            self._pending += 1
            self._idle.clear()
            self._wake.set()
        return fresh

    async def _flush_puts(self) -> None:
        """Write every queued message in one transaction; resolve each put() with fresh/duplicate."""
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                results = await self._locked(self._insert_batch, [row for row, _ in batch])
            except Exception as exc:  # noqa: BLE001 - the webhook turns this into a 5xx, nothing is lost
                for _, fut in batch:
                    if not fut.done():
                        fut.set_exception(exc)
                continue
            for (_, fut), fresh in zip(batch, results):
                if not fut.done():
                    fut.set_result(fresh)

    async def _insert_batch(self, rows: list[tuple[Any, ...]]) -> list[bool]:
        results = []
        try:
            for row in rows:
                cur = await self.conn.execute(
                    "INSERT OR IGNORE INTO inbox(platform, message_id, conversation, payload, created_at, "
                    "updated_at) VALUES (?,?,?,?,?,?)", row)
                results.append(cur.rowcount == 1)
            await self.conn.commit()
        except BaseException:
            await self.conn.rollback()
            raise
        return results

    async def _locked(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Run `fn` alone on the connection, retrying transient lock errors with backoff."""
        for attempt in range(_RETRIES):
            async with self._lock:
                try:
                    return await fn(*args)
                except sqlite3.OperationalError as exc:
                    if not _transient(exc) or attempt == _RETRIES - 1:
                        raise
            await asyncio.sleep(0.01 * 2 ** attempt)
        raise AssertionError("unreachable")

    async def _fetchall(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        async def run() -> list[Any]:
            async with self.conn.execute(sql, args) as cur:
                return list(await cur.fetchall())
        return await self._locked(run)

    async def _write(self, sql: str, args: Any = ()) -> None:
        async def run() -> None:
            try:
                await self.conn.execute(sql, args)
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise
        await self._locked(run)

    async def stats(self) -> InboxStats:
        counts = {"pending": 0, "processing": 0, "done": 0, "failed": 0}
        for status, n in await self._fetchall("SELECT status, COUNT(*) FROM inbox GROUP BY status"):
            counts[status if status in counts else "failed"] += n
        return InboxStats(**counts)

    @property
    def depth(self) -> int:
        return self._pending

    # -- workers ---------------------------------------------------------------------------------

    def start(self, handler: Handler) -> None:
        self._handler = handler
        self._stopping = False
        self._dispatcher = asyncio.create_task(self._dispatch_loop())
        self._wake.set()

    async def _dispatch_loop(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                break
            try:
                convs = [r[0] for r in await self._fetchall(
                    "SELECT conversation FROM inbox WHERE status='pending' GROUP BY conversation "
                    "ORDER BY MIN(seq) LIMIT 1000")]
            except Exception as exc:  # noqa: BLE001 - keep dispatching; the rows are still on disk
                log.error("inbox dispatch failed: %s", type(exc).__name__)
                await asyncio.sleep(0.5)
                self._wake.set()
                continue
            for conv in convs:
                if len(self._busy) >= self.workers:
                    break
                if conv in self._busy:
                    continue
                self._busy.add(conv)
                task = asyncio.create_task(self._drain(conv))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if not convs and not self._busy:
                self._idle.set()

    async def _drain(self, conv: str) -> None:
        try:
            while not self._stopping:
                rows = await self._fetchall(
                    "SELECT seq, platform, message_id, payload, attempts FROM inbox "
                    "WHERE conversation=? AND status='pending' ORDER BY seq LIMIT 1", (conv,))
                if not rows:
                    break
                await self._process(rows[0])
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the message stays pending and is retried
            log.error("inbox worker failed: %s", type(exc).__name__)
            await asyncio.sleep(0.5)
        finally:
            self._busy.discard(conv)
            self._wake.set()

    async def _process(self, row: Any) -> None:
        seq, platform, message_id, payload, attempts = row
        await self._set(seq, "processing", attempts=attempts + 1)
        try:
            raw = await self.keyring.open(SCOPE, payload, aad=f"{platform}:{message_id}".encode())
            msg = Message.from_dict(json.loads(raw))
            assert self._handler is not None
            await self._handler(msg)
        except asyncio.CancelledError:
            await self._set(seq, "pending")
            raise
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the worker
            log.error("message %s/%s failed (attempt %d): %s", platform, seq, attempts + 1,
                      type(exc).__name__)
            status = "failed" if attempts + 1 >= self.max_attempts else "pending"
            await self._set(seq, status, error=type(exc).__name__, drop_payload=status == "failed")
            if status == "failed":
                self._pending -= 1
            else:
                await asyncio.sleep(0.2 * (attempts + 1))
            return
        # The handler marks 'sending' itself (mark_sending) before calling the platform.
        await self._set(seq, "done", drop_payload=True)
        self._pending -= 1

    async def mark_sending(self, msg: Message) -> None:
        """Record that the reply is about to be sent: after a crash it is never sent again."""
        await self._write("UPDATE inbox SET status='sending', updated_at=? WHERE platform=? AND message_id=?",
                          (time.time(), msg.platform, msg.message_id))

    async def _set(self, seq: int, status: str, attempts: int | None = None, error: str | None = None,
                   drop_payload: bool = False) -> None:
        sets = ["status=?", "updated_at=?"]
        args: list[Any] = [status, time.time()]
        if attempts is not None:
            sets.append("attempts=?")
            args.append(attempts)
        if error is not None:
            sets.append("error=?")
            args.append(error)
        if drop_payload:
            sets.append("payload=NULL")
        args.append(seq)
        await self._write(f"UPDATE inbox SET {', '.join(sets)} WHERE seq=?", args)

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

        A message cut off here stays `pending`/`processing` on disk and runs on the next start.
        """
        self._stopping = True
        self._wake.set()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=drain_timeout)
        for task in list(self._tasks):
            task.cancel()
        if self._dispatcher:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, *self._tasks, return_exceptions=True)

    async def close(self) -> None:
        await self.stop()
        await self.conn.close()
