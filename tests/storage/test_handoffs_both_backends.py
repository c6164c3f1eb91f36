"""Hand-offs on bot.storage, on SQLite and PostgreSQL alike: one winner per take-over, release
and close by the right agent, idle release, attachments sealed to their row."""
from __future__ import annotations

import time

from bot.db import connect
from bot.web.console.handoffs import Address, HandoffStore
from privacy.keys import KeyRing


def address(key: str) -> Address:
    return Address(conversation_key=key, platform="line", conversation_id="U-9", sender_id="U-9", identity="",
                   raw={"replyToken": "t"}, last_message_id="m1")


async def test_handoff_lifecycle_and_attachments(target: str) -> None:
    conn = await connect(target)
    ring = await KeyRing.open(conn, {"m1": bytes(range(32))}, "m1")
    hs = await HandoffStore.open(conn, ring)
    h = await hs.create(address("line:U-9"), "cust-1", language="en", intent="complaint", sentiment="negative",
                        reason="asked for a person", ticket_id=None, off_hours=True)
    assert (h.state, h.off_hours, h.ticket_status) == ("queued", True, "open")
    assert [x.id for x in await hs.queue()] == [h.id]
    assert await hs.take(h.id, "amy") and not await hs.take(h.id, "bob")
    assert not await hs.release(h.id, agent="bob")             # only the agent who has it
    assert await hs.release(h.id, agent="amy")
    assert await hs.take(h.id, "bob")
    assert await hs.release_idle(-1) == [h.id]                 # nobody touched it: back to the queue
    aid = await hs.add_attachment("line:U-9", "cust-1", "image/png", b"\x89PNG fake", h.id, None)
    assert [(a[0], a[1], a[2]) for a in await hs.attachments(h.id)] == [(aid, "image/png", 9)]
    assert await hs.attachment(h.id, aid) == ("image/png", b"\x89PNG fake")
    assert await hs.attachment(h.id, aid + 1) is None
    await hs.set_ticket_status(h.id, "solved")
    assert await hs.close(h.id, agent="amy")                   # unassigned after the idle release: any agent closes
    assert not await hs.close(h.id)                            # closed once
    got = await hs.get(h.id)
    assert got is not None and got.state == "closed" and got.ticket_status == "solved"
    assert await hs.open_for("line:U-9") is None
    assert got.created_at <= time.time()
    await conn.close()
