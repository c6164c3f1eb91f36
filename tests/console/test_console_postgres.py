"""Accounts, sessions, sign-in counters and hand-offs on PostgreSQL (what replicas share)."""
from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from bot.db import connect
from bot.web.console.handoffs import Address, HandoffStore
from bot.web.staff.users import StaffStore
from privacy.keys import KeyRing

in_session_loop = pytest.mark.asyncio(loop_scope="session")
CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")


@pytest.fixture
async def pg():
    base = None
    for url in CANDIDATES:
        try:
            c = await asyncpg.connect(url, timeout=5)
            await c.close()
            base = url
            break
        except Exception:  # noqa: BLE001 - try the next user
            continue
    assert base, "PostgreSQL is not reachable on 127.0.0.1:5432"
    schema = "t_handoff_" + uuid.uuid4().hex[:10]
    conn = await connect(f"{base}?schema={schema}")
    yield conn
    await conn.close()
    c = await asyncpg.connect(base)
    await c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    await c.close()


@in_session_loop
async def test_staff_and_handoffs_on_postgres(pg):
    staff = await StaffStore.open(pg)
    staff.scrypt_n = 1024
    user = await staff.add("amy", ["agent"], "a long pass phrase")
    assert await staff.authenticate("amy", "a long pass phrase") == user
    sid, _ = await staff.new_session(user)
    assert (await staff.session(sid)).user.username == "amy"
    keys = staff.keys_for("amy", "203.0.113.1")
    for _ in range(5):
        await staff.fail(keys)
    assert await staff.limited(keys)
    await staff.set_disabled("amy")
    assert await staff.session(sid) is None

    ring = await KeyRing.open(pg, {"m1": bytes(range(32))}, "m1")
    hs = await HandoffStore.open(pg, ring)
    addr = Address("telegram:1001", "telegram", "1001", "1001", "", {"chat_id": 1001}, "1001:5")
    h = await hs.create(addr, "c1", language="zh", intent="human_agent", sentiment="neutral",
                        reason="customer asked for a person", ticket_id="TK1", off_hours=False)
    await hs.add_entry(h, "customer", "你好")
    assert sum(await asyncio.gather(*(hs.take(h.id, f"a{i}") for i in range(4)))) == 1
    assert [e.text for e in await hs.entries(h)] == ["你好"]
    assert await hs.mark_notified(h.id) and not await hs.mark_notified(h.id)
    await hs.ask_rating("telegram:1001", "m1")
    await hs.ask_rating("telegram:1001", "m2")
    assert await hs.pop_rating_ask("telegram:1001") == "m2" and await hs.pop_rating_ask("telegram:1001") is None
    assert (await hs.open_for("telegram:1001")).state == "taken"
