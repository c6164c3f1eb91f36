"""The SQLite inbox's send state machine (issue #10 items 6, 7, 12), step by step, with a fake
sender that plays the platform: at most one send, outcomes recorded before anything can fail,
the restart rule for `sending`, dead letters, per-platform concurrency, dedupe retention and
hashed message ids."""
from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters import outbound
from bot.core.messages import Message, Reply
from bot.db import connect
from bot.inbox import Inbox
from privacy.keys import KeyRing


def msg(mid: str, conv: str = "c1", platform: str = "telegram") -> Message:
    return Message(platform=platform, conversation_id=conv, sender_id="u-" + conv, message_id=mid,
                   text="where is my order? 13812345678")


@pytest.fixture
async def keyring(tmp_path: Path) -> AsyncIterator[KeyRing]:
    conn = await connect(tmp_path / "keys.db")
    yield await KeyRing.open(conn, {"m1": bytes(range(32))}, "m1")
    await conn.close()


class Platform:
    """A fake platform API behind `deliver()`-style hooks: records every request that left."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.answers: list[str] = []          # "ok", "429", "500", "hang", "raise"
        self.entered = asyncio.Event()

    async def send(self, reply: Reply) -> dict[str, Any]:
        answer = self.answers.pop(0) if self.answers else "ok"
        await outbound.before_request()       # what deliver() does before each request
        self.entered.set()
        if answer == "hang":
            await asyncio.sleep(3600)
        if answer == "429":
            await outbound.not_sent()
            return {"ok": False, "error": "http_429"}
        self.sent.append(reply.in_reply_to)
        if answer == "500":
            return {"ok": False, "error": "http_500"}
        return {"ok": True}


def handler_for(inbox: Inbox, platform: Platform, after_send: Exception | None = None,
                idempotent: bool = False):
    async def handle(m: Message) -> None:
        await inbox.send_reply(m, Reply.to(m, f"answer to {m.message_id}"), platform.send, idempotent=idempotent)
        if after_send is not None:
            raise after_send                  # the audit write or metrics failing after the send
    return handle


def rows(path: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT status, error FROM inbox ORDER BY seq"))


async def test_an_error_after_the_send_never_sends_again(tmp_path: Path, keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring)
    platform = Platform()
    inbox.start(handler_for(inbox, platform, after_send=RuntimeError("audit down")), platform.send)
    await inbox.put(msg("m1"))
    await inbox.wait_idle(10)
    await asyncio.sleep(0.2)
    await inbox.close()
    assert platform.sent == ["m1"]
    assert rows(tmp_path / "a.db") == [("done", None)]


async def test_graceful_stop_mid_send_does_not_put_the_message_back(tmp_path: Path, keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring)
    platform = Platform()
    platform.answers = ["hang"]
    inbox.start(handler_for(inbox, platform), platform.send)
    await inbox.put(msg("m1"))
    await asyncio.wait_for(platform.entered.wait(), 10)
    await inbox.stop(drain_timeout=0.2)       # SIGTERM's path: cancelled mid-send
    assert rows(tmp_path / "a.db")[0][0] == "sending"
    await inbox.conn.close()
    # Restart, platform without idempotency keys: never resent, a dead letter instead.
    again = await Inbox.open(tmp_path / "a.db", keyring)
    second = Platform()
    again.start(handler_for(again, second), second.send)
    await asyncio.sleep(0.3)
    letters = await again.dead_letters()
    assert [(d.status, d.has_reply) for d in letters] == [("unknown", True)]
    reply = await again.dead_reply(letters[0].id)
    assert reply is not None and reply.text == "answer to m1"
    assert second.sent == []
    # The operator replays it once.
    assert await again.resolve_dead(letters[0].id, await second.send(reply)) == "done"
    assert await again.dead_letters() == []
    await again.close()
    assert second.sent == ["m1"]


async def test_restart_resends_the_stored_reply_only_with_an_idempotency_key(tmp_path: Path,
                                                                             keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring)
    platform = Platform()
    platform.answers = ["hang"]
    pipeline_runs: list[str] = []
    send = handler_for(inbox, platform, idempotent=True)

    async def handle(m: Message) -> None:
        pipeline_runs.append(m.message_id)
        await send(m)
    inbox.start(handle, platform.send)
    await inbox.put(msg("m1", platform="generic"))
    await asyncio.wait_for(platform.entered.wait(), 10)
    await inbox.stop(drain_timeout=0.1)
    await inbox.conn.close()
    again = await Inbox.open(tmp_path / "a.db", keyring)
    second = Platform()
    again.start(handle, second.send)
    await again.wait_idle(10)
    await again.close()
    assert second.sent == ["m1"]                  # the same stored reply, with its same key
    assert pipeline_runs == ["m1"]                # the pipeline (tools!) did not run again
    assert rows(tmp_path / "a.db") == [("done", "resent after restart")]


async def test_throttled_first_request_leaves_the_unknown_window(tmp_path: Path, keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring)
    states: list[str] = []

    async def send(reply: Reply) -> dict[str, Any]:
        await outbound.before_request()
        states.append(rows(tmp_path / "a.db")[0][0])
        await outbound.not_sent()                  # 429: the platform took nothing
        states.append(rows(tmp_path / "a.db")[0][0])
        return {"ok": False, "error": "http_429"}
    inbox.start(handler_for(inbox, Platform()), send)
    await inbox.put(msg("m1"))

    async def handle(m: Message) -> None:
        await inbox.send_reply(m, Reply.to(m, "x"), send)
    inbox._handler = handle
    await inbox.wait_idle(10)
    await inbox.close()
    assert states == ["sending", "processing"]
    assert rows(tmp_path / "a.db") == [("dead", "http_429")]     # retries exhausted: a dead letter


async def test_failed_delivery_becomes_a_dead_letter_with_its_reply(tmp_path: Path, keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring)
    platform = Platform()
    platform.answers = ["500"]
    inbox.start(handler_for(inbox, platform), platform.send)
    await inbox.put(msg("m1"))
    await inbox.wait_idle(10)
    letters = await inbox.dead_letters()
    assert [(d.status, d.error, d.has_reply) for d in letters] == [("dead", "http_500", True)]
    await inbox.close()
    assert platform.sent == ["m1"]


async def test_a_hanging_platform_does_not_stall_another(tmp_path: Path, keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring, workers=2, per_platform=2)
    slow, fast = Platform(), Platform()
    slow.answers = ["hang"] * 10

    async def handle(m: Message) -> None:
        p = slow if m.platform == "slack" else fast
        await inbox.send_reply(m, Reply.to(m, "x"), p.send)
    inbox.start(handle, fast.send)
    for i in range(6):
        await inbox.put(msg(f"s{i}", conv=f"s{i}", platform="slack"))
    for i in range(3):
        await inbox.put(msg(f"f{i}", conv=f"f{i}", platform="telegram"))
    deadline = time.monotonic() + 10
    while len(fast.sent) < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert sorted(fast.sent) == ["f0", "f1", "f2"]
    assert len([c for c, p in inbox._busy.items() if p == "slack"]) == 2     # its own cap only
    await inbox.stop(drain_timeout=0.1)
    await inbox.conn.close()


async def test_message_ids_are_hashed_and_handled_rows_purged_after_retention(tmp_path: Path,
                                                                            keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring, dedupe_retention_s=3600)
    platform = Platform()
    inbox.start(handler_for(inbox, platform), platform.send)
    chat_message_id = "777000123:42"                     # Telegram: chat id inside the message id
    assert await inbox.put(msg(chat_message_id)) is True
    await inbox.wait_idle(10)
    assert await inbox.put(msg(chat_message_id)) is False      # still deduped
    assert await inbox.purge_handled() == 0                    # not yet past the retention
    assert await inbox.purge_handled(now=time.time() + 3601) == 1
    await inbox.close()
    data = (tmp_path / "a.db").read_bytes() + (tmp_path / "a.db-wal").read_bytes() \
        if (tmp_path / "a.db-wal").exists() else (tmp_path / "a.db").read_bytes()
    assert b"777000123" not in data
    assert Inbox(None, keyring, dedupe_retention_s=10).dedupe_retention_s == 3600     # floor: 1 hour


async def test_a_maybe_delivered_timeout_is_an_unknown_dead_letter(tmp_path: Path, keyring: KeyRing) -> None:
    inbox = await Inbox.open(tmp_path / "a.db", keyring)

    async def send(reply: Reply) -> dict[str, Any]:
        await outbound.before_request()
        return {"ok": False, "error": "connection:ServerTimeoutError:maybe_delivered"}

    async def handle(m: Message) -> None:
        await inbox.send_reply(m, Reply.to(m, "x"), send)
    inbox.start(handle, send)
    await inbox.put(msg("m1"))
    await inbox.wait_idle(10)
    assert [(d.status, d.has_reply) for d in await inbox.dead_letters()] == [("unknown", True)]
    await inbox.close()
