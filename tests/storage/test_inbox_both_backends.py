"""The durable inbox on bot.storage (SQLAlchemy Core), on SQLite and PostgreSQL alike: intake
dedupe, a message's run to done, the restart rule, dead letters, retention, and the upgrade of a
database made by the old SQL scripts."""
from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot import db
from bot.core.messages import Message, Reply
from bot.db import connect
from bot.inbox import Inbox
from bot.storage import query as q
from bot.storage.schema import inbox as T
from bot.storage.schema import schema_version
from privacy.keys import KeyRing
from tests.storage.legacy import make_old

ROWS = q.Statement(select(T.c.status, T.c.error, T.c.payload.is_(None), T.c.reply.is_(None)).order_by(T.c.seq))
VERSION = q.Statement(select(schema_version.c.version).where(schema_version.c.component == "inbox"))


def msg(mid: str, conv: str = "c1") -> Message:
    return Message(platform="telegram", conversation_id=conv, sender_id="u-" + conv, message_id=mid,
                   text="我的订单到哪了? 13812345678")


@pytest.fixture
async def keyring(tmp_path: Path) -> AsyncIterator[KeyRing]:
    conn = await connect(tmp_path / "keys.db")
    yield await KeyRing.open(conn, {"m1": bytes(range(32))}, "m1")
    await conn.close()


async def rows(inbox: Inbox) -> list[tuple[Any, ...]]:
    return [tuple(bool(v) if i >= 2 else v for i, v in enumerate(r)) for r in await q.fetchall(inbox.conn, ROWS)]


def answering(outcome: Mapping[str, Any]) -> Any:
    async def send(reply: Reply) -> Mapping[str, Any]:
        return outcome
    return send


async def test_intake_dedupes_and_a_message_runs_to_done(target: str, keyring: KeyRing) -> None:
    inbox = await Inbox.open(target, keyring)
    assert await inbox.put(msg("m1")) is True
    assert await inbox.put(msg("m1")) is False                 # same platform id: deduped
    assert await inbox.put(msg("m2", conv="c2")) is True
    assert inbox.depth == 2
    send = answering({"ok": True})

    async def handle(m: Message) -> None:
        await inbox.send_reply(m, Reply.to(m, "好的 / on its way"), send)
    inbox.start(handle, send)
    await inbox.wait_idle(10)
    assert (await inbox.stats()).done == 2
    # done: the sealed text and the sealed reply are both gone
    assert await rows(inbox) == [("done", None, True, True), ("done", None, True, True)]
    assert [tuple(r) for r in await q.fetchall(inbox.conn, VERSION)] == [(2,)]
    await inbox.close()


async def test_restart_rule_and_dead_letters(target: str, keyring: KeyRing) -> None:
    inbox = await Inbox.open(target, keyring)
    for mid in ("a", "b", "c"):
        await inbox.put(msg(mid, conv=mid))
    # Play a crash: one row mid-pipeline, one mid-send with an idempotency key, one without.
    reply = b"sealed"
    for seq, status, idem in ((1, "processing", 0), (2, "sending", 1), (3, "sending", 0)):
        stmt = q.Statement(update(T).where(T.c.seq == seq).values(status=status, idempotent=idem, reply=reply))
        async with db.transaction(inbox.conn):
            await q.execute(inbox.conn, stmt)
    await inbox.conn.close()
    again = await Inbox.open(target, keyring)
    assert [r[:2] for r in await rows(again)] == [("pending", None), ("pending", "resent after restart"),
                                                  ("unknown", "interrupted mid-send")]
    letters = await again.dead_letters()
    assert [(d.id, d.status, d.has_reply) for d in letters] == [("3", "unknown", True)]
    assert again.depth == 2
    await again.conn.close()


async def test_failed_delivery_is_a_dead_letter_until_replayed(target: str, keyring: KeyRing) -> None:
    inbox = await Inbox.open(target, keyring)
    failing = answering({"ok": False, "error": "http_403"})

    async def handle(m: Message) -> None:
        await inbox.send_reply(m, Reply.to(m, "退货已登记 return registered"), failing)
    inbox.start(handle, failing)
    await inbox.put(msg("m1"))
    await inbox.wait_idle(10)
    [letter] = await inbox.dead_letters()
    assert (letter.status, letter.error, letter.has_reply) == ("dead", "http_403", True)
    stored = await inbox.dead_reply(letter.id)
    assert stored is not None and stored.text == "退货已登记 return registered"
    assert await inbox.resolve_dead(letter.id, {"ok": True}) == "done"
    assert await inbox.dead_letters() == []
    assert (await rows(inbox))[0][:2] == ("done", "replayed")
    # handled rows stay for dedupe until the retention has passed, then go
    assert await inbox.purge_handled() == 0
    assert await inbox.purge_handled(now=time.time() + inbox.dedupe_retention_s + 1) == 1
    await inbox.close()


OLD_V1 = """
CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL, message_id TEXT NOT NULL,
    conversation TEXT NOT NULL, payload BLOB, status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL,
    UNIQUE (platform, message_id)
);
CREATE INDEX inbox_pending ON inbox (status, seq);
CREATE INDEX inbox_conversation ON inbox (conversation, status, seq);
"""


async def test_a_database_from_the_old_v1_script_is_upgraded_in_place(target: str, keyring: KeyRing) -> None:
    conn = await connect(target)
    await make_old(conn, "inbox", OLD_V1)                  # what a deployment of the old code made
    async with db.transaction(conn):
        await conn.execute("INSERT INTO inbox(platform, message_id, conversation, payload, status, created_at, "
                           "updated_at) VALUES ('telegram', 'k1:old', 'c', NULL, 'dead', 1.5, 1.5)")
    await conn.close()
    inbox = await Inbox.open(target, keyring)
    assert [tuple(r) for r in await q.fetchall(inbox.conn, VERSION)] == [(2,)]
    [letter] = await inbox.dead_letters()                      # reads the added `reply` column
    assert (letter.status, letter.created_at, letter.has_reply) == ("dead", 1.5, False)
    await inbox.close()
