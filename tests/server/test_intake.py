"""The in-process parts of several intake processes (bot/server/intake.py), step by step: the
setting's checks, the child's wake-up bytes, the parent finding rows another connection (an
intake child) committed, the relay naming the client, and the peer rule on the parent's side.
The real processes are in tests/test_intake_processes.py."""
from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.core.errors import ConfigError
from bot.core.messages import Message
from bot.core.settings import Settings
from bot.db import connect
from bot.inbox import Inbox
from bot.server import intake
from privacy.keys import KeyRing


def msg(mid: str, conv: str = "c1") -> Message:
    return Message(platform="generic", conversation_id=conv, sender_id="u-" + conv, message_id=mid, text="hi")


@pytest.fixture
async def keyring(tmp_path: Path) -> AsyncIterator[KeyRing]:
    conn = await connect(tmp_path / "keys.db")
    yield await KeyRing.open(conn, {"m1": bytes(range(32))}, "m1")
    await conn.close()


# -- the setting ---------------------------------------------------------------------------------

def test_one_process_by_default(make_settings: Callable[..., Settings]) -> None:
    assert intake.intake_processes(make_settings()) == 1


def test_a_count_below_one_is_a_configuration_error(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match="server.intake_processes"):
        intake.intake_processes(make_settings(SERVER_INTAKE_PROCESSES="0"))


def test_several_processes_cannot_share_port_zero(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match="server.port"):
        intake.intake_processes(make_settings(SERVER_INTAKE_PROCESSES="2", SERVER_PORT="0"))
    assert intake.intake_processes(make_settings(SERVER_INTAKE_PROCESSES="3", SERVER_PORT="18123")) == 3


def test_the_relay_socket_lives_in_an_owner_only_folder() -> None:
    path = intake.private_socket()
    try:
        folder = Path(path).parent
        assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
        assert len(path.encode()) < 108          # AF_UNIX's limit
    finally:
        intake.remove_socket_folder(path)
    assert not Path(path).parent.exists()


# -- the child's wake-up bytes ---------------------------------------------------------------------

async def test_the_child_writes_one_byte_per_new_message_coalesced(tmp_path: Path, keyring: KeyRing) -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    inbox = await intake.NotifyingInbox.open(tmp_path / "a.db", keyring, recover=False)
    inbox.notify_fd = write_end
    try:
        fresh = await asyncio.gather(*(inbox.put(msg(f"m{i}", f"c{i}")) for i in range(5)))
        assert fresh == [True] * 5
        await asyncio.sleep(0)                    # the flush runs on the next loop turn
        assert os.read(read_end, 100) == b"\x01" * 5
        assert await inbox.put(msg("m0", "c0")) is False        # a redelivery: no byte
        await asyncio.sleep(0)
        with pytest.raises(BlockingIOError):
            os.read(read_end, 100)
    finally:
        await inbox.close()
        os.close(read_end)
        os.close(write_end)


async def test_a_gone_parent_does_not_fail_the_put(tmp_path: Path, keyring: KeyRing) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)                            # nobody reads: EPIPE on write
    inbox = await intake.NotifyingInbox.open(tmp_path / "a.db", keyring, recover=False)
    inbox.notify_fd = write_end
    try:
        assert await inbox.put(msg("m1")) is True
        await asyncio.sleep(0)
        assert inbox.notify_fd == -1              # stopped writing; the row is stored all the same
        assert (await inbox.stats()).pending == 1
    finally:
        await inbox.close()
        os.close(write_end)


# -- the parent finding other processes' rows --------------------------------------------------------

async def test_rows_stored_elsewhere_are_counted_and_dispatched(tmp_path: Path, keyring: KeyRing) -> None:
    parent = await Inbox.open(tmp_path / "a.db", keyring)
    child = await Inbox.open(tmp_path / "a.db", keyring, recover=False)
    handled: list[str] = []

    async def handle(m: Message) -> None:
        handled.append(m.message_id)
    parent.start(handle)
    try:
        await asyncio.sleep(0.05)
        assert await child.put(msg("from-child"))
        parent.stored_elsewhere(1)               # the child's byte
        assert parent.depth == 1
        await parent.wait_idle()
        assert handled == ["from-child"]
        assert parent.depth == 0
    finally:
        await parent.close()
        await child.close()


async def test_the_poll_finds_a_row_whose_wake_up_was_lost(tmp_path: Path, keyring: KeyRing) -> None:
    parent = await Inbox.open(tmp_path / "a.db", keyring)
    child = await Inbox.open(tmp_path / "a.db", keyring, recover=False)
    handled: list[str] = []

    async def handle(m: Message) -> None:
        handled.append(m.message_id)
    parent.start(handle)
    follower = asyncio.create_task(parent.follow_other_writers(0.05))
    try:
        await asyncio.sleep(0.1)
        assert await child.put(msg("no-byte"))   # and no stored_elsewhere() call
        for _ in range(200):
            if handled:
                break
            await asyncio.sleep(0.05)
        assert handled == ["no-byte"]
    finally:
        follower.cancel()
        await parent.close()
        await child.close()


async def test_a_child_learns_the_depth_for_backpressure(tmp_path: Path, keyring: KeyRing) -> None:
    parent = await Inbox.open(tmp_path / "a.db", keyring, max_pending=2)
    child = await Inbox.open(tmp_path / "a.db", keyring, recover=False, max_pending=2)
    follower = asyncio.create_task(child.follow_other_writers(0.02, wake=False))
    try:
        await parent.put(msg("p1", "c1"))
        await parent.put(msg("p2", "c2"))
        for _ in range(200):
            if child.depth == 2:
                break
            await asyncio.sleep(0.02)
        assert child.depth == 2
        from bot.core.errors import Overloaded
        with pytest.raises(Overloaded):
            await child.put(msg("c3", "c3"))
    finally:
        follower.cancel()
        await parent.close()
        await child.close()


# -- the relay and the peer rule -----------------------------------------------------------------------

def _echo_app(socket_path: str) -> web.Application:
    """A stand-in parent: says who it thinks the client is, and streams a body in parts."""
    async def who(request: web.Request) -> web.Response:
        return web.json_response({"remote": request.remote, "path": request.path_qs,
                                  "body": (await request.read()).decode(), "host": request.host},
                                 headers={"Set-Cookie": "a=1"})

    async def stream(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        for part in ("data: one\n\n", "data: two\n\n"):
            await resp.write(part.encode())
        await resp.write_eof()
        return resp

    app = web.Application(middlewares=[intake.peer_from_intake])
    app[intake.INTAKE_SOCKET] = socket_path
    app.router.add_route("*", "/who", who)
    app.router.add_get("/stream", stream)
    return app


async def test_the_relay_names_the_client_and_the_parent_believes_it_only_on_its_socket(
        make_settings: Callable[..., Settings]) -> None:
    path = intake.private_socket()
    parent = web.AppRunner(_echo_app(path))
    await parent.setup()
    unix = web.UnixSite(parent, path)
    tcp = web.TCPSite(parent, "127.0.0.1", 0)
    await unix.start()
    await tcp.start()
    child = TestClient(TestServer(intake.create_intake_app(make_settings(), path)))
    await child.start_server()
    try:
        # Through the child: the parent sees the child's client (loopback), not the socket's "".
        r = await child.post("/who?x=1", data=b"hello", headers={intake.PEER_HEADER: "10.9.9.9"})
        assert r.status == 200
        got = await r.json()
        assert got["remote"] == "127.0.0.1"      # a client's own PEER_HEADER is replaced
        assert got["path"] == "/who?x=1" and got["body"] == "hello"
        assert got["host"] == f"127.0.0.1:{child.port}"   # the client's Host (Origin checks compare it)
        assert r.headers.get("Set-Cookie") == "a=1"
        r = await child.get("/stream")
        assert r.headers["Content-Type"] == "text/event-stream"
        assert await r.text() == "data: one\n\ndata: two\n\n"
        # Straight to the parent over TCP: the header is anyone's to send, so it is ignored.
        port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        import aiohttp
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/who", headers={intake.PEER_HEADER: "10.9.9.9"}) as r2:
                assert (await r2.json())["remote"] == "127.0.0.1"
    finally:
        await child.close()
        await parent.cleanup()
        intake.remove_socket_folder(path)


async def test_the_relay_answers_502_when_the_parent_is_away(make_settings: Callable[..., Settings]) -> None:
    path = intake.private_socket()
    child = TestClient(TestServer(intake.create_intake_app(make_settings(), path)))
    await child.start_server()
    try:
        r = await child.get("/")
        assert r.status == 502
        r = await child.get("/healthz")           # served by the child itself
        assert r.status == 200
    finally:
        await child.close()
        intake.remove_socket_folder(path)


# -- a child on the Redis inbox ------------------------------------------------------------------------

async def test_a_child_on_redis_stores_into_the_shared_stream_and_dedupes(
        make_settings: Callable[..., Settings]) -> None:
    import json
    import uuid

    import redis.asyncio as aioredis

    from adapters.generic import signed_headers
    url = os.environ.get("AFTERSALES_TEST_REDIS", "redis://127.0.0.1:6379/0")
    prefix = "intake14-" + uuid.uuid4().hex[:12]
    settings = make_settings(REDIS_URL=url, REDIS_PREFIX=prefix, GENERIC_SECRET="s3cret")
    path = intake.private_socket()
    child = TestClient(TestServer(intake.create_intake_app(settings, path)))
    await child.start_server()
    client = aioredis.from_url(url)
    try:
        body = json.dumps({"message_id": "r1", "user": "web:cust1", "conversation": "c1",
                           "text": "where is my order?"}).encode()
        for _ in range(2):                        # the second is a redelivery
            r = await child.post("/webhooks/generic", data=body, headers=signed_headers("s3cret", body))
            assert r.status == 200
        assert await client.xlen(f"{prefix}:inbox:stream") == 1
    finally:
        await child.close()
        intake.remove_socket_folder(path)
        keys = [k async for k in client.scan_iter(match=f"{prefix}:*", count=500)]
        if keys:
            await client.delete(*keys)
        await client.aclose()
