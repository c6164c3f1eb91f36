"""RedisInbox on the real Redis: dedupe, per-conversation order across replicas, reclaiming a dead
replica's entries, at-most-once sends, backpressure, the shared flood limit."""
from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.core.errors import Overloaded
from bot.core.messages import Message
from bot.db import connect
from bot.inbox import message_key, seal_message
from bot.redis_inbox import GROUP, AlreadyHandled, RedisInbox, SharedFloodLimiter
from privacy.keys import KeyRing
from tests.scaleout.conftest import REDIS_URL

pytestmark = pytest.mark.scaleout


def msg(mid: str, conv: str = "c1", text: str = "我的电话 13812345678") -> Message:
    return Message(platform="generic", conversation_id=conv, sender_id="u-" + conv, message_id=mid, text=text)


@pytest.fixture
async def keyring(tmp_path: Path) -> AsyncIterator[KeyRing]:
    conn = await connect(tmp_path / "keys.db")
    yield await KeyRing.open(conn, {"m1": bytes(range(32))}, "m1")
    await conn.close()


@pytest.fixture
async def open_inbox(keyring: KeyRing, redis_prefix: str) -> AsyncIterator:
    opened: list[RedisInbox] = []

    async def make(**kw) -> RedisInbox:
        inbox = await RedisInbox.open(REDIS_URL, keyring, prefix=redis_prefix, **kw)
        opened.append(inbox)
        return inbox
    yield make
    for inbox in opened:
        await inbox.close()


async def test_put_dedupes_across_replicas_and_seals_the_text(open_inbox, redis_prefix: str) -> None:
    a, b = await open_inbox(), await open_inbox()
    assert await a.put(msg("m-1")) is True
    assert await a.put(msg("m-1")) is False
    assert await b.put(msg("m-1")) is False          # the other replica sees the same key
    assert await b.put(msg("m-2")) is True
    r = aioredis.from_url(REDIS_URL)
    try:
        assert await r.xlen(f"{redis_prefix}:inbox:stream") == 2
        ttl = await r.ttl(f"{redis_prefix}:inbox:seen:{await message_key(a.keyring, 'generic', 'm-1')}")
        assert 0 < ttl <= 7 * 86400
        dump = b"".join([str(await r.hgetall(k)).encode() async for k in r.scan_iter(f"{redis_prefix}:*:msg:*")])
        assert b"13812345678" not in dump and "电话".encode() not in dump
    finally:
        await r.aclose()
    seen: list[str] = []

    async def handler(m: Message) -> None:
        await a.mark_sending(m)
        seen.append(m.message_id)
    a.start(handler)
    await a.wait_idle(10)
    assert sorted(seen) == ["m-1", "m-2"] and a.depth == 0
    assert await a.put(msg("m-1")) is False           # handled ids stay deduped (until the TTL)


async def test_two_replicas_keep_each_conversation_in_order_and_exclusive(open_inbox) -> None:
    a, b = await open_inbox(workers=3), await open_inbox(workers=3)
    done: dict[str, list[int]] = defaultdict(list)
    inflight: dict[str, int] = defaultdict(int)
    overlaps: list[str] = []
    handled: list[str] = []

    def make_handler(inbox: RedisInbox):
        async def handler(m: Message) -> None:
            inflight[m.conversation_id] += 1
            if inflight[m.conversation_id] > 1:
                overlaps.append(m.conversation_id)
            await asyncio.sleep(random.uniform(0, 0.01))
            await inbox.mark_sending(m)
            done[m.conversation_id].append(int(m.message_id.split("-")[1]))
            handled.append(m.message_id)
            inflight[m.conversation_id] -= 1
        return handler
    a.start(make_handler(a))
    b.start(make_handler(b))
    convs, per = 6, 10
    for i in range(per):
        for c in range(convs):
            await (a if (i + c) % 2 else b).put(msg(f"c{c}-{i}", conv=f"c{c}"))
    await a.wait_idle(20)
    await b.wait_idle(20)
    assert overlaps == []
    assert {c: done[f"c{c}"] for c in range(convs)} == {c: list(range(per)) for c in range(convs)}
    assert len(handled) == len(set(handled)) == convs * per


async def test_a_dead_replicas_entries_are_reclaimed_and_sends_stay_at_most_once(open_inbox, redis_prefix: str
                                                                                   ) -> None:
    dead = await open_inbox(consumer="dead-replica", lock_ttl_ms=600)
    for i in range(6):
        await dead.put(msg(f"d-{i}", conv="c1" if i % 2 else "c2"))
    r = aioredis.from_url(REDIS_URL)
    try:
        # The dead replica had read every entry (they sit in its pending list), held c1's lock,
        # and had marked d-1's reply as being sent when it was killed.
        got = await r.xreadgroup(GROUP, "dead-replica", {f"{redis_prefix}:inbox:stream": ">"}, count=100)
        assert len(got[0][1]) == 6
        _, conv_c1 = await seal_message(dead.keyring, msg("probe", conv="c1"))
        await r.set(f"{redis_prefix}:inbox:lock:{conv_c1}", "dead-token", px=600)
        await dead.mark_sending(msg("d-1", conv="c1"))
    finally:
        await r.aclose()
    alive = await open_inbox(consumer="alive", claim_idle_ms=300, lock_ttl_ms=600)
    handled: list[str] = []

    async def handler(m: Message) -> None:
        await alive.mark_sending(m)
        handled.append(m.message_id)
    alive.start(handler)
    await alive.wait_idle(15)
    assert handled == [m for m in handled if m != "d-1"]          # never re-sent after a mid-send crash
    assert sorted(handled) == ["d-0", "d-2", "d-3", "d-4", "d-5"]
    assert [m for m in handled if m in ("d-3", "d-5")] == ["d-3", "d-5"]    # order kept within c1
    with pytest.raises(AlreadyHandled):
        await alive.mark_sending(msg("d-0", conv="c2"))          # already sent: refused


async def test_full_inbox_answers_overloaded(open_inbox) -> None:
    inbox = await open_inbox(max_pending=3)
    for i in range(3):
        await inbox.put(msg(f"o-{i}", conv=f"c{i}"))
    with pytest.raises(Overloaded):
        await inbox.put(msg("o-3"))
    other = await open_inbox(max_pending=3)             # the bound is shared, not per replica
    with pytest.raises(Overloaded):
        await other.put(msg("o-4"))


async def test_flood_limit_is_shared_by_replicas(redis_prefix: str) -> None:
    clients = [aioredis.from_url(REDIS_URL) for _ in range(2)]
    try:
        limiters = [SharedFloodLimiter(c, redis_prefix, per_minute=4) for c in clients]
        results = [await limiters[i % 2].check("telegram:1001") for i in range(5)]
        assert [ok for ok, _ in results] == [True] * 4 + [False]
        assert 1 <= results[-1][1] <= 15
        assert (await limiters[0].check("telegram:1002"))[0] is True   # per customer
    finally:
        for c in clients:
            await c.aclose()


# -- the send state machine, as bot/inbox.py (tests/test_inbox_states.py) --------------------------
from bot.core.messages import Reply  # noqa: E402
from tests.test_inbox_states import Platform, handler_for  # noqa: E402


async def test_an_error_after_the_send_never_sends_again(open_inbox) -> None:
    inbox = await open_inbox()
    platform = Platform()
    inbox.start(handler_for(inbox, platform, after_send=RuntimeError("audit down")), platform.send)
    await inbox.put(msg("m1"))
    await inbox.wait_idle(10)
    await asyncio.sleep(0.3)
    assert platform.sent == ["m1"]
    assert await inbox.dead_letters() == []


@pytest.mark.parametrize("idempotent", [False, True])
async def test_take_over_mid_send_resends_only_with_an_idempotency_key(open_inbox, idempotent: bool) -> None:
    first = await open_inbox(consumer="first", claim_idle_ms=300, lock_ttl_ms=600)
    platform = Platform()
    platform.answers = ["hang"]
    runs: list[str] = []
    send = handler_for(first, platform, idempotent=idempotent)

    async def handle(m: Message) -> None:
        runs.append(m.message_id)
        await send(m)
    first.start(handle, platform.send)
    await first.put(msg("m1"))
    await asyncio.wait_for(platform.entered.wait(), 10)
    await first.stop(drain_timeout=0.1)            # SIGTERM: cut off mid-send, entry stays pending
    second = await open_inbox(consumer="second", claim_idle_ms=300, lock_ttl_ms=600)
    other = Platform()
    second.start(handler_for(second, other), other.send)
    await second.wait_idle(15)
    assert runs == ["m1"]                          # the pipeline never ran twice
    letters = await second.dead_letters()
    if idempotent:
        assert other.sent == ["m1"] and letters == []        # same stored reply, same key
    else:
        assert other.sent == []
        assert [(d.status, d.has_reply) for d in letters] == [("unknown", True)]
        reply = await second.dead_reply(letters[0].id)
        assert isinstance(reply, Reply) and reply.text == "answer to m1"
        assert await second.resolve_dead(letters[0].id, {"ok": True}) == "done"
        assert await second.dead_letters() == []
        assert await second.put(msg("m1")) is False          # still deduped after the replay


async def test_failed_delivery_becomes_a_dead_letter(open_inbox) -> None:
    inbox = await open_inbox()
    platform = Platform()
    platform.answers = ["500"]
    inbox.start(handler_for(inbox, platform), platform.send)
    await inbox.put(msg("m1"))
    await inbox.wait_idle(10)
    letters = await inbox.dead_letters()
    assert [(d.status, d.error, d.has_reply) for d in letters] == [("dead", "http_500", True)]
    assert (await inbox.stats()).dead == 1


async def test_platform_ids_are_not_in_redis_in_clear(open_inbox, redis_prefix: str) -> None:
    inbox = await open_inbox()
    tg = Message(platform="telegram", conversation_id="777000123", sender_id="777000123",
                 message_id="777000123:42", text="hello")
    assert await inbox.put(tg) is True and await inbox.put(tg) is False
    r = aioredis.from_url(REDIS_URL)
    try:
        keys = [k async for k in r.scan_iter(f"{redis_prefix}:*")]
        dump = b"".join(keys)
        for k in keys:
            kind = await r.type(k)
            if kind == b"hash":
                dump += b"".join(b"".join(kv) for kv in (await r.hgetall(k)).items())
            elif kind == b"string":
                dump += await r.get(k) or b""
            elif kind == b"list":
                dump += b"".join(await r.lrange(k, 0, -1))
            elif kind == b"stream":
                dump += str(await r.xrange(k)).encode()
        assert b"777000123" not in dump
    finally:
        await r.aclose()
