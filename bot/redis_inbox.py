"""The durable inbox on Redis Streams, shared by several `aftersales serve` replicas.

Same interface and the same send state machine as bot/inbox.py (see its docstring: pending →
processing → sending → done | dead, failed after max_attempts, and on a restart or take-over
`sending` is resent only with an idempotency key, otherwise `unknown`, a dead letter). app.py
picks it when `[redis] url` is set. Keys, under `[redis] prefix`:

    {p}:inbox:stream         stream of {h, c, pl}; consumer group "workers", one consumer per replica
    {p}:inbox:seen:{h}       dedupe + state: pending|processing|sending|done|failed|dead|unknown (TTL)
    {p}:inbox:msg:{h}        hash: sealed payload p, sealed reply r, idempotent i, platform pl,
                             conversation c, stream id sid, attempts a, error e
    {p}:inbox:conv:{c}       list of h in arrival order: per-conversation order
    {p}:inbox:lock:{c}       the replica draining conversation c (SET NX PX, refreshed)
    {p}:inbox:dead           sorted set of dead letters (h by time); their msg hash keeps the reply
    {p}:flood:{i}            shared per-customer flood bucket (see `SharedFloodLimiter`)

h = keyed hash of (platform, message id) (bot.inbox.message_key: a Telegram message id
embeds the chat id), c = keyed hash of the conversation key, i = hash of the identity. No raw
text or platform id is in Redis: payloads and replies are sealed with the key ring exactly as
bot/inbox.py does, so all replicas must share the key ring (one PostgreSQL database, or one
SQLite file on one machine). Seen keys expire after `dedupe_ttl_s` (at least an hour).

- `put()` is one Lua script: the full check, SET NX on the seen key, the payload, the
  conversation list and XADD happen together or not at all. Redis must persist (AOF) for the
  200 to mean "stored" across a Redis restart; across replica crashes it always does.
- A stream entry only tells a replica "conversation c has work". Whoever holds c's lock drains
  c's list head first, so order holds even when two replicas got entries of one conversation;
  an entry whose conversation is locked elsewhere is left pending and retried.
- A replica that dies leaves its entries pending in the group and its locks expire; the others
  XAUTOCLAIM entries idle for `claim_idle_ms` and drain those conversations.
- Every state change is a compare-and-set script, so a replica that lost a conversation's lock
  and another that took it over can never both move one message to `sending`.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.errors import Overloaded
from bot.core.messages import Message, Reply
from bot.inbox import (
    MIN_RETENTION_S,
    AlreadyHandled,
    DeadLetter,
    InboxStats,
    Sender,
    SendStates,
    message_key,
    open_message,
    open_reply,
    retry_delay,
    seal_message,
)

log = logging.getLogger("aftersales.inbox")

SCOPE = "inbox"
GROUP = "workers"
Handler = Callable[[Message], Awaitable[None]]

_PUT = """
if redis.call('XLEN', KEYS[4]) >= tonumber(ARGV[4]) then return -1 end
if not redis.call('SET', KEYS[1], 'pending', 'NX', 'EX', ARGV[1]) then return 0 end
local sid = redis.call('XADD', KEYS[4], '*', 'h', ARGV[5], 'c', ARGV[3], 'pl', ARGV[6])
redis.call('HSET', KEYS[2], 'p', ARGV[2], 'c', ARGV[3], 'sid', sid, 'a', 0, 'pl', ARGV[6])
redis.call('RPUSH', KEYS[3], ARGV[5])
return 1
"""
_FINISH = """
if redis.call('LINDEX', KEYS[3], 0) == ARGV[1] then redis.call('LPOP', KEYS[3])
else redis.call('LREM', KEYS[3], 1, ARGV[1]) end
local sid = redis.call('HGET', KEYS[2], 'sid')
if sid then
  redis.call('XACK', KEYS[4], ARGV[3], sid)
  redis.call('XDEL', KEYS[4], sid)
end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return 1
"""
# Dead letter: off the conversation list and the stream, payload dropped, reply kept.
_DEAD = """
if redis.call('LINDEX', KEYS[3], 0) == ARGV[1] then redis.call('LPOP', KEYS[3])
else redis.call('LREM', KEYS[3], 1, ARGV[1]) end
local sid = redis.call('HGET', KEYS[2], 'sid')
if sid then
  redis.call('XACK', KEYS[4], ARGV[3], sid)
  redis.call('XDEL', KEYS[4], sid)
end
redis.call('HDEL', KEYS[2], 'p')
if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], 'e', ARGV[4]) end
redis.call('HSET', KEYS[2], 't', ARGV[5])
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[1])
redis.call('SET', KEYS[1], ARGV[2])
return 1
"""
# Compare-and-set of the state: ARGV = to, reply, idempotent, error, from...
_TRANSITION = """
local cur = redis.call('GET', KEYS[1])
local ok = false
for i = 5, #ARGV do if cur == ARGV[i] then ok = true end end
if not ok then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
if redis.call('EXISTS', KEYS[2]) == 1 then
  if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], 'r', ARGV[2]) end
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], 'i', ARGV[3]) end
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], 'e', ARGV[4]) end
end
return 1
"""
_REFRESH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# Token bucket: capacity N, refilled at N per minute (bot/server/ratelimit.py's rule, shared).
_FLOOD = """
local cap = tonumber(ARGV[1])
local rate = cap / 60000.0
local now = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1]) or cap
local last = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - last) * rate)
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 120000)
local wait = 0
if ok == 0 then wait = math.ceil((1 - tokens) / rate / 1000) end
return {ok, wait}
"""


def _s(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisInbox(SendStates):
    def __init__(self, client: Any, keyring: Any, prefix: str = "aftersales", max_pending: int = 10000,
                 workers: int = 4, max_attempts: int = 4, claim_idle_ms: int = 10000, lock_ttl_ms: int = 10000,
                 dedupe_ttl_s: int = 7 * 86400, consumer: str | None = None, retry_delay_s: float = 0.2,
                 per_platform: int = 8, max_active: int | None = None) -> None:
        self.r = client
        self.keyring = keyring
        self._sending_here = set()
        self.per_platform = max(1, per_platform)
        self.max_active = max_active or max(workers, self.per_platform) * 4
        self.prefix = prefix
        self.max_pending = max_pending
        self.workers = workers
        self.max_attempts = max_attempts
        self.claim_idle_ms = claim_idle_ms
        self.lock_ttl_ms = lock_ttl_ms
        self.dedupe_ttl_s = max(MIN_RETENTION_S, int(dedupe_ttl_s))
        self.retry_delay_s = retry_delay_s
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.stream = self._key("stream")
        self._put = client.register_script(_PUT)
        self._finish_script = client.register_script(_FINISH)
        self._transition_script = client.register_script(_TRANSITION)
        self._dead_script = client.register_script(_DEAD)
        self.dead_key = self._key("dead")
        self._refresh_script = client.register_script(_REFRESH)
        self._release_script = client.register_script(_RELEASE)
        self._handler: Handler | None = None
        self._resend: Sender | None = None
        self._dispatcher: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._busy: dict[str, str] = {}            # conversation -> platform
        self._wanted: dict[str, float] = {}        # conversation -> not before (monotonic)
        self._platform_of: dict[str, str] = {}     # conversation -> platform (from stream entries)
        self._stopping = False
        self._depth = 0

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, "inbox") + parts)

    # -- construction ----------------------------------------------------------------------
    @classmethod
    async def open(cls, url: str, keyring: Any, **kwargs: Any) -> RedisInbox:
        import redis.asyncio as aioredis

        client = aioredis.from_url(url)
        inbox = cls(client, keyring, **kwargs)
        try:
            await client.xgroup_create(inbox.stream, GROUP, id="0", mkstream=True)
        except Exception as exc:  # noqa: BLE001 - BUSYGROUP: another replica created it
            if "BUSYGROUP" not in str(exc):
                await client.aclose()
                raise
        inbox._depth = await client.xlen(inbox.stream)
        return inbox

    @classmethod
    async def from_settings(cls, settings: Any, keyring: Any) -> RedisInbox:
        """Open with the `[redis]`, `[server]` and `[outbound]` settings (tuning: claim_idle_ms,
        lock_ttl_ms, dedupe_ttl_s — never shorter than `[outbound] inbox_dedupe_retention_s`)."""
        redis_cfg = settings["redis"]
        tuning = {key: int(redis_cfg[key]) for key in ("claim_idle_ms", "lock_ttl_ms", "dedupe_ttl_s")}
        tuning["dedupe_ttl_s"] = max(tuning["dedupe_ttl_s"], int(settings["outbound"]["inbox_dedupe_retention_s"]))
        return await cls.open(redis_cfg["url"], keyring, prefix=redis_cfg["prefix"],
                              max_pending=settings["server"]["inbox_max_pending"],
                              workers=settings["server"]["workers"],
                              per_platform=int(settings["outbound"]["per_platform_concurrency"]), **tuning)

    # -- intake ------------------------------------------------------------------------------
    async def put(self, msg: Message) -> bool:
        """Store durably; False if (platform, message_id) was seen before. Raises Overloaded when full."""
        if self._depth >= self.max_pending:
            raise Overloaded("inbox full", retry_after=2)
        payload, conv = await seal_message(self.keyring, msg)
        h = await message_key(self.keyring, msg.platform, msg.message_id)
        res = await self._put(keys=[self._key("seen", h), self._key("msg", h), self._key("conv", conv), self.stream],
                              args=[self.dedupe_ttl_s, payload, conv, self.max_pending, h, msg.platform])
        if res == -1:
            raise Overloaded("inbox full", retry_after=2)
        if res == 1:
            self._depth += 1
        return res == 1

    @property
    def depth(self) -> int:
        """Messages stored and not yet handled, across all replicas (as last seen)."""
        return self._depth

    async def stats(self) -> InboxStats:
        pending = await self.r.xlen(self.stream)
        info = await self.r.xpending(self.stream, GROUP)
        inflight = int(info.get("pending", 0)) if isinstance(info, dict) else 0
        return InboxStats(pending=pending - inflight, processing=inflight, done=0, failed=0,
                          dead=await self.r.zcard(self.dead_key))

    # -- workers -----------------------------------------------------------------------------
    def start(self, handler: Handler, resend: Sender | None = None) -> None:
        self._handler = handler
        self._resend = resend
        self._stopping = False
        self._dispatcher = asyncio.create_task(self._dispatch_loop(), name="redis-inbox")

    def _want(self, conv: Any, delay: float = 0.0, platform: Any = None) -> None:
        conv = _s(conv)
        if platform is not None:
            self._platform_of[conv] = _s(platform)
        at = time.monotonic() + delay
        self._wanted[conv] = min(self._wanted.get(conv, at), at)

    async def _dispatch_loop(self) -> None:
        last_claim = 0.0
        while not self._stopping:
            try:
                resp = await self.r.xreadgroup(GROUP, self.consumer, {self.stream: ">"}, count=100, block=100)
                for _stream, entries in resp or []:
                    for _sid, fields in entries:
                        if fields and b"c" in fields:
                            self._want(fields[b"c"], platform=fields.get(b"pl"))
                now = time.monotonic()
                if now - last_claim >= max(0.2, self.claim_idle_ms / 4000):
                    last_claim = now
                    await self._reclaim()
                self._kick()
                self._depth = await self.r.xlen(self.stream)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis hiccup: keep the loop alive
                log.warning("redis inbox loop: %s", type(exc).__name__)
                await asyncio.sleep(0.5)

    async def _reclaim(self) -> None:
        """Take over entries another (dead or stuck) consumer left pending too long."""
        start = "0-0"
        for _ in range(100):
            res = await self.r.xautoclaim(self.stream, GROUP, self.consumer, min_idle_time=self.claim_idle_ms,
                                          start_id=start, count=100)
            nxt, claimed = res[0], res[1]
            for _sid, fields in claimed:
                if fields and b"c" in fields:
                    self._want(fields[b"c"], platform=fields.get(b"pl"))
            if _s(nxt) == "0-0":
                break
            start = _s(nxt)

    def _kick(self) -> None:
        now = time.monotonic()
        per: dict[str, int] = {}
        for platform in self._busy.values():
            per[platform] = per.get(platform, 0) + 1
        for conv, at in sorted(self._wanted.items(), key=lambda kv: kv[1]):
            if len(self._busy) >= self.max_active:
                break
            platform = self._platform_of.get(conv, "")
            if at > now or conv in self._busy or per.get(platform, 0) >= self.per_platform:
                continue
            del self._wanted[conv]
            self._busy[conv] = platform
            per[platform] = per.get(platform, 0) + 1
            task = asyncio.create_task(self._drain(conv))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _drain(self, conv: str) -> None:
        lock, token = self._key("lock", conv), uuid.uuid4().hex
        queue = self._key("conv", conv)
        try:
            if not await self.r.set(lock, token, nx=True, px=self.lock_ttl_ms):
                self._want(conv, self.retry_delay_s)      # another replica drains it; look again soon
                return
            keeper = asyncio.create_task(self._keep_lock(lock, token))
            try:
                while not self._stopping and not keeper.done():
                    h = await self.r.lindex(queue, 0)
                    if h is None:
                        break
                    await self._process(conv, _s(h))
            finally:
                keeper.cancel()
                await asyncio.shield(self._release_script(keys=[lock], args=[token]))
            if not self._stopping and await self.r.llen(queue):
                self._want(conv)           # arrived while we were finishing, or lock lost
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - retried by the loop / by reclaim
            log.warning("redis inbox drain: %s", type(exc).__name__)
            self._want(conv, 1.0)
        finally:
            self._busy.pop(conv, None)
            if conv not in self._wanted:
                self._platform_of.pop(conv, None)

    async def _keep_lock(self, lock: str, token: str) -> None:
        """Refresh the conversation lock; return (ending the drain) if it was lost."""
        while True:
            await asyncio.sleep(self.lock_ttl_ms / 3000)
            if not await self._refresh_script(keys=[lock], args=[token, self.lock_ttl_ms]):
                log.warning("redis inbox: conversation lock lost")
                return

    async def _finish(self, conv: str, h: str, status: str) -> None:
        await self._finish_script(keys=[self._key("seen", h), self._key("msg", h), self._key("conv", conv),
                                        self.stream], args=[h, status, GROUP])

    async def _bury(self, conv: str, h: str, status: str, error: str = "") -> None:
        """A dead letter (dead | unknown): the sealed reply stays for the operator."""
        await self._dead_script(keys=[self._key("seen", h), self._key("msg", h), self._key("conv", conv),
                                      self.stream, self.dead_key], args=[h, status, GROUP, error, time.time()])

    async def _transition(self, platform: str, key: str, to: str, from_: tuple[str, ...],
                          reply: bytes | None = None, idempotent: bool | None = None,
                          error: str | None = None) -> bool:
        args: list[Any] = [to, reply or b"", "" if idempotent is None else str(int(idempotent)), error or "",
                           *from_]
        return bool(await self._transition_script(keys=[self._key("seen", key), self._key("msg", key)], args=args))

    async def _settle(self, conv: str, h: str) -> None:
        """After the handler: move the message off the conversation list by its recorded state."""
        self._sending_here.discard(h)
        status = _s(await self.r.get(self._key("seen", h)) or b"")
        if status in ("dead", "unknown"):
            await self._bury(conv, h, status)
        elif status == "sending":         # the sender raised mid-send: the reply may be out
            await self._bury(conv, h, "unknown", "interrupted mid-send")
        elif status in ("processing", "done", "failed"):
            await self._finish(conv, h, "done" if status == "processing" else status)

    async def _process(self, conv: str, h: str) -> None:
        status = _s(await self.r.get(self._key("seen", h)) or b"")
        data = await self.r.hgetall(self._key("msg", h))
        if not data:
            await self._finish(conv, h, status or "unknown")
            return
        if status == "sending":
            # A replica died (or stopped) mid-send. Resend only where the platform dedupes on
            # our idempotency key; otherwise the operator decides (dead letter).
            if data.get(b"i") == b"1" and data.get(b"r"):
                await self._transition("", h, "processing", ("sending",), error="resent after restart")
                status = "processing"
            else:
                await self._bury(conv, h, "unknown", "interrupted mid-send")
                return
        if status in ("done", "failed", "dead", "unknown"):
            await self._settle(conv, h)          # recorded, but the replica died before tidying up
            return
        if status not in ("pending", "processing"):
            await self._finish(conv, h, "unknown")     # its seen key expired: never send blind
            return
        if status == "pending" and not await self._transition("", h, "processing", ("pending",)):
            return                                # changed under us; the next round looks again
        attempts = await self.r.hincrby(self._key("msg", h), "a", 1)
        platform = _s(data[b"pl"])
        try:
            if data.get(b"r"):
                reply = await open_reply(self.keyring, platform, h, data[b"r"])
                if self._resend is None:
                    raise RuntimeError("no sender for stored replies")
                await self._send(reply, reply, self._resend)
            else:
                msg = await open_message(self.keyring, platform, h, data[b"p"])
                assert self._handler is not None
                await self._handler(msg)
        except asyncio.CancelledError:
            # Stopping: nothing sent → back to pending (this or another replica runs it again);
            # mid-send it stays `sending` and the take-over rule above applies.
            await asyncio.shield(self._transition("", h, "pending", ("processing",)))
            raise
        except AlreadyHandled:
            return                                # another replica owns the send; it tidies up
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the worker
            now = _s(await self.r.get(self._key("seen", h)) or b"")
            if now != "processing" or data.get(b"r"):
                if now == "processing":           # a stored reply that could not be resent
                    await self._transition("", h, "pending", ("processing",))
                    await asyncio.sleep(retry_delay(attempts))
                    return
                log.error("message %s: %s with the send outcome %s (not retried)", platform,
                          type(exc).__name__, now or "gone")
                await self._settle(conv, h)
                return
            log.error("message %s failed (attempt %d): %s", platform, attempts, type(exc).__name__)
            if attempts >= self.max_attempts:
                await self._finish(conv, h, "failed")
            else:
                await self._transition("", h, "pending", ("processing",), error=type(exc).__name__)
                await asyncio.sleep(retry_delay(attempts))
            return
        await self._settle(conv, h)

    # -- dead letters ------------------------------------------------------------------------
    async def dead_letters(self) -> list[DeadLetter]:
        out = []
        for h, score in await self.r.zrange(self.dead_key, 0, -1, withscores=True):
            h = _s(h)
            d = await self.r.hgetall(self._key("msg", h))
            status = _s(await self.r.get(self._key("seen", h)) or b"dead")
            out.append(DeadLetter(h, _s(d.get(b"pl", b"?")), status, _s(d[b"e"]) if b"e" in d else None,
                                  int(d.get(b"a", 0)), float(score), float(d.get(b"t", score)), b"r" in d))
        return out

    async def dead_reply(self, letter_id: str) -> Reply | None:
        d = await self.r.hgetall(self._key("msg", letter_id))
        if not d.get(b"r") or await self.r.zscore(self.dead_key, letter_id) is None:
            return None
        return await open_reply(self.keyring, _s(d[b"pl"]), letter_id, d[b"r"])

    async def resolve_dead(self, letter_id: str, delivery: Any) -> str:
        if delivery.get("ok"):
            await self.r.zrem(self.dead_key, letter_id)
            await self.r.delete(self._key("msg", letter_id))
            await self.r.set(self._key("seen", letter_id), "done", ex=self.dedupe_ttl_s)
            return "done"
        await self.r.hset(self._key("msg", letter_id), "e", str(delivery.get("error") or "failed")[:200])
        return "dead"

    async def wait_idle(self, timeout: float = 30.0) -> None:
        """Until nothing is stored unhandled (in any replica) and nothing runs here."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._depth = await self.r.xlen(self.stream)
            if self._depth <= 0 and not self._busy:
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("inbox did not drain")

    async def stop(self, drain_timeout: float = 10.0) -> None:
        """Take nothing new; let in-flight messages finish (up to a timeout). Unfinished ones
        stay pending in the group and are reclaimed by another replica, or by this one on restart."""
        self._stopping = True
        if self._dispatcher:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, return_exceptions=True)
            self._dispatcher = None
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=drain_timeout)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        await self.stop()
        try:
            if not await self._own_pending():      # keep a consumer that still owns entries
                await self.r.xgroup_delconsumer(self.stream, GROUP, self.consumer)
        except Exception:  # noqa: BLE001 - tidy-up only
            pass
        await self.r.aclose()

    async def _own_pending(self) -> int:
        rows = await self.r.xpending_range(self.stream, GROUP, min="-", max="+", count=1, consumername=self.consumer)
        return len(rows)


class SharedFloodLimiter:
    """Per-customer flood limit shared by all replicas (same token bucket as bot/server/ratelimit.py).

    Async, unlike the in-process FloodLimiter: the webhook must `await limiter.check(identity)`.
    Identities are hashed before they become key names."""

    def __init__(self, client: Any, prefix: str, per_minute: int) -> None:
        self.r = client
        self.prefix = prefix
        self.per_minute = per_minute
        self._script = client.register_script(_FLOOD)

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    async def check(self, identity: str) -> tuple[bool, int]:
        """(allowed, retry_after_seconds) after spending one token for `identity`."""
        if not self.enabled:
            return True, 0
        key = f"{self.prefix}:flood:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"
        ok, wait = await self._script(keys=[key], args=[self.per_minute, int(time.time() * 1000)])
        return bool(ok), max(1, int(wait)) if not ok else 0
