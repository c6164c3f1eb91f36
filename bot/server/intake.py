"""Several intake processes behind one port (`[server] intake_processes`, issue #17).

One Python process cannot acknowledge like a bare server: aiohttp's own HTTP path costs what
the bare handler pays, and the bot's verify/seal/commit comes on top. With N > 1, `serve` also
starts N-1 *intake children*: small processes (no models, no workers, started in about a
second) that bind the same host:port with SO_REUSEPORT, so the kernel spreads connections over
all of them. Each child verifies, parses, seals and commits a webhook's message to the same
durable inbox before its 200 (its own group commit on its own connection: "200 means stored
durably" holds per process; SQLite's write lock orders the processes' transactions and the
inbox's unique key dedupes across them). The parent keeps the workers, the chat page and the
console.

- Paths a child does not serve itself (anything but /webhooks/* and /healthz) are relayed to
  the parent over a private Unix socket (a 0700 folder), responses streamed back (the chat
  page's event streams too). The child names the client's address in `PEER_HEADER`; the parent
  believes it only on that socket (`peer_from_intake`), so /metrics' loopback rule and
  `trusted_proxies` see the real client, never the child.
- Writes: every process's inbox writer takes an flock() on `<db>.writer-lock` around each
  group commit (`writer_lock`): SQLite's busy wait sleeps in growing steps after the lock is
  free again; the flock hands over at once. The commits stay serialized: on SQLite, more
  processes add CPU for HTTP, never commits per second (bench/results/webhook-intake14-*).
- Wake-up: a child writes one byte per newly stored message to its stdout (a pipe the parent
  reads); the parent counts them into the inbox's depth and wakes its dispatcher. A poll of the
  inbox (`Inbox.follow_other_writers`) covers a lost byte and a child killed mid-write.
- Lifetime: the child's stdin is a pipe from the parent: its first line is the settings (JSON),
  its end (the parent exited, even by SIGKILL) makes the child drain and exit, so no orphans.
  A child that dies is started again (with backoff); SIGTERM to the parent stops the children
  first (each finishes its requests and commits what it took), then the parent's workers.

The Redis inbox needs no wake-up: its stream already crosses processes.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from bot.core.errors import ConfigError
from bot.core.messages import Message
from bot.core.settings import Settings
from bot.inbox import Inbox

log = logging.getLogger("aftersales.intake")

# The client's address, as the child saw it; believed only on the parent's private socket.
PEER_HEADER = "X-Aftersales-Intake-Peer"
INTAKE_SOCKET: web.AppKey[str] = web.AppKey("intake_socket", str)
_UPSTREAM: web.AppKey[aiohttp.ClientSession] = web.AppKey("intake_upstream", aiohttp.ClientSession)
_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                  "transfer-encoding", "upgrade", "content-length", PEER_HEADER.lower()})
# How often a process re-reads the inbox that other processes write (a lost wake-up byte, the
# depth for backpressure): the notify pipe is the fast path, this the safety net.
FOLLOW_EVERY_S = 1.0


def intake_processes(settings: Settings) -> int:
    n = settings["server"]["intake_processes"]
    if not isinstance(n, int) or n < 1:
        raise ConfigError("server.intake_processes", f"must be a whole number of at least 1; got {n!r}")
    if n > 1 and settings["server"]["port"] == 0:
        raise ConfigError("server.port", "must be a fixed port when intake_processes > 1 (the processes share it)")
    return n


def writer_lock(db_path: Any) -> str | None:
    """The file every process's inbox writer flock()s around its commits (SQLite only; see
    bot/storage/group_commit.py): SQLite's own lock hands over in sleeps, this at once."""
    from bot.core.db_url import is_postgres_url
    return None if is_postgres_url(db_path) else f"{db_path}.writer-lock"


def private_socket() -> str:
    """A path for the parent's relay socket, in a fresh owner-only folder (short: AF_UNIX paths
    are limited to 107 bytes)."""
    folder = tempfile.mkdtemp(prefix="aftersales-intake-")
    os.chmod(folder, 0o700)
    return str(Path(folder) / "parent.sock")


# -- the parent's side ---------------------------------------------------------------------------

@web.middleware
async def peer_from_intake(request: web.Request, handler: Callable[[web.Request], Any]) -> web.StreamResponse:
    """A request relayed by an intake child arrives on the private socket: its client is the
    one the child names, not the socket's (empty) peer."""
    transport = request.transport
    path = request.app.get(INTAKE_SOCKET)
    if path is not None and transport is not None and transport.get_extra_info("sockname") == path:
        request = request.clone(remote=request.headers.get(PEER_HEADER, ""))
    resp: web.StreamResponse = await handler(request)
    return resp


class Supervisor:
    """Starts the intake children, restarts one that dies, stops them all (see module docstring)."""

    def __init__(self, settings: Settings, count: int, relay_socket: str, db: str,
                 on_stored: Callable[[int], None]) -> None:
        data = json.loads(json.dumps(settings.data, default=str))
        data["data"]["db"] = db                     # exactly the parent's inbox
        data["server"]["intake_processes"] = 1
        self._line = (json.dumps({"settings": data, "relay": relay_socket}) + "\n").encode()
        self.count = count
        self.on_stored = on_stored
        self.procs: list[asyncio.subprocess.Process | None] = [None] * count
        self.restarts = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p is not None and p.returncode is None]

    async def start(self) -> None:
        for slot in range(self.count):
            self._tasks.append(asyncio.create_task(self._keep(slot)))

    async def _spawn(self, slot: int) -> asyncio.subprocess.Process:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.server.intake", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, env=dict(os.environ), cwd=os.getcwd())
        assert proc.stdin is not None
        proc.stdin.write(self._line)        # kept open: its end is the child's signal to stop
        await proc.stdin.drain()
        self.procs[slot] = proc
        log.info("intake process %d started (pid %d)", slot + 1, proc.pid,
                 extra={"fields": {"event": "intake_started", "slot": slot + 1, "pid": proc.pid}})
        return proc

    async def _keep(self, slot: int) -> None:
        delay = 0.5
        while not self._stopping:
            started = time.monotonic()
            try:
                proc = await self._spawn(slot)
            except OSError as exc:
                log.error("intake process %d could not start: %s", slot + 1, type(exc).__name__)
            else:
                await self._read_wakeups(proc)
                code = await proc.wait()
                if self._stopping:
                    return
                log.warning("intake process %d (pid %d) exited with %s; starting it again", slot + 1, proc.pid,
                            code, extra={"fields": {"event": "intake_exited", "slot": slot + 1, "code": code}})
                self.restarts += 1
                self.on_stored(0)           # whatever it stored before dying: look now
            if time.monotonic() - started > 30:
                delay = 0.5                  # it ran a while: a fresh failure, not a crash loop
            await asyncio.sleep(delay)
            delay = min(30.0, delay * 2)

    async def _read_wakeups(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while True:
            chunk = await proc.stdout.read(65536)
            if not chunk:
                return                       # the child is gone (or going)
            self.on_stored(len(chunk))

    async def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM every child (each drains: in-flight requests answered, their rows committed),
        SIGKILL one that is still there after `timeout`."""
        self._stopping = True
        for task in self._tasks:        # first: no restart can race the stop
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        live = [p for p in self.procs if p is not None and p.returncode is None]
        for proc in live:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
        for proc in live:
            try:
                await asyncio.wait_for(proc.wait(), timeout)
            except TimeoutError:
                log.error("intake process %d did not stop in %.0f s: killed", proc.pid, timeout)
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        for child in self.procs:
            if child is not None and child.stdin is not None:
                child.stdin.close()


def remove_socket_folder(path: str) -> None:
    shutil.rmtree(Path(path).parent, ignore_errors=True)


# -- the child's side ----------------------------------------------------------------------------

class NotifyingInbox(Inbox):
    """The child's inbox: after a message is newly stored, one byte to the parent (coalesced per
    event-loop turn: one write for every message committed in the same batch)."""

    notify_fd: int = -1
    _unsent = 0

    async def put(self, msg: Message) -> bool:
        fresh = await super().put(msg)
        if fresh and self.notify_fd >= 0:
            if not self._unsent:
                asyncio.get_running_loop().call_soon(self._flush_notify)
            self._unsent += 1
        return fresh

    def _flush_notify(self) -> None:
        n, self._unsent = self._unsent, 0
        try:
            os.write(self.notify_fd, b"\x01" * n)
        except BlockingIOError:
            pass                # the parent is behind: its poll of the inbox finds the rows
        except OSError:
            self.notify_fd = -1  # the parent is gone: stdin's end stops this process


async def relay(request: web.Request) -> web.StreamResponse:
    """Everything but the webhooks and /healthz goes to the parent, streamed both ways."""
    headers = CIMultiDict((k, v) for k, v in request.headers.items() if k.lower() not in _HOP)
    headers[PEER_HEADER] = request.remote or ""
    body = await request.read() if request.body_exists else None
    url = URL.build(scheme="http", host="intake-parent", path=request.rel_url.raw_path,
                    query_string=request.rel_url.raw_query_string, encoded=True)
    try:
        async with request.app[_UPSTREAM].request(request.method, url, headers=headers, data=body,
                                                  allow_redirects=False) as up:
            resp = web.StreamResponse(status=up.status, reason=up.reason)
            for k, v in up.headers.items():
                if k.lower() not in _HOP:
                    resp.headers.add(k, v)
            if up.content_length is not None and "Transfer-Encoding" not in up.headers:
                resp.content_length = up.content_length
            await resp.prepare(request)
            async for chunk in up.content.iter_any():
                await resp.write(chunk)
            await resp.write_eof()
            return resp
    except aiohttp.ClientError:
        return web.json_response({"error": "unavailable"}, status=502)


def create_intake_app(settings: Settings, relay_socket: str, notify_fd: int = -1) -> web.Application:
    """A child's app: the webhooks and /healthz here, everything else relayed to the parent."""
    import adapters
    from adapters import outbound
    from bot.server import webhook
    from bot.server.app import healthz, make_sender
    from bot.server.keys import ADAPTERS, FLOOD, HTTP, INBOX, SENDER, SETTINGS, WEBCHAT
    from bot.server.ratelimit import FloodLimiter
    from bot.server.webchat_hub import WebChat

    app = web.Application(client_max_size=settings["server"]["max_body_bytes"] + 1024,
                          handler_args={"keepalive_timeout": settings["server"]["idle_timeout_s"]})
    app[SETTINGS] = settings
    outbound.configure(settings["outbound"])
    app[ADAPTERS] = adapters.enabled_adapters(settings)
    app[WEBCHAT] = WebChat()            # never used for a webhook's notice; make_sender reads it
    app[FLOOD] = FloodLimiter(settings["server"]["per_user_per_minute"])
    app.router.add_routes(webhook.routes())
    app.router.add_get("/healthz", healthz)
    app.router.add_route("*", "/{tail:.*}", relay)

    async def lifecycle(app: web.Application) -> Any:
        from bot import db
        from privacy.keys import KeyRing
        conn = await db.connect(settings.db_path)
        keyring = await KeyRing.from_settings(settings, conn)
        inbox: Any
        follower = None
        if settings["redis"]["url"]:
            from bot.redis_inbox import RedisInbox, SharedFloodLimiter
            inbox = await RedisInbox.from_settings(settings, keyring)
            app[FLOOD] = SharedFloodLimiter(inbox.r, settings["redis"]["prefix"],
                                            settings["server"]["per_user_per_minute"])
        else:
            # recover=False: the restart rule and the purge are the parent's alone.
            inbox = await NotifyingInbox.open(settings.db_path, keyring, recover=False,
                                              max_pending=settings["server"]["inbox_max_pending"],
                                              process_lock=writer_lock(settings.db_path))
            inbox.notify_fd = notify_fd
            follower = asyncio.create_task(inbox.follow_other_writers(FOLLOW_EVERY_S, wake=False))
        app[INBOX] = inbox
        http = aiohttp.ClientSession()
        app[HTTP] = http
        app[SENDER] = make_sender(app)
        app[_UPSTREAM] = aiohttp.ClientSession(
            connector=aiohttp.UnixConnector(path=relay_socket), auto_decompress=False,
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=5), skip_auto_headers=("User-Agent",))
        log.info("intake ready", extra={"fields": {"event": "intake_ready", "pid": os.getpid()}})
        try:
            yield
        finally:
            if follower is not None:
                follower.cancel()
                await asyncio.gather(follower, return_exceptions=True)
            await inbox.close()          # what was taken is committed before the process ends
            await app[_UPSTREAM].close()
            await http.close()
            await conn.close()
    app.cleanup_ctx.append(lifecycle)
    return app


def _stop_when_parent_goes(loop: asyncio.AbstractEventLoop) -> None:
    """stdin is the parent's pipe: its end (the parent exited, however) stops this process the
    graceful way (SIGTERM: aiohttp stops accepting, finishes requests, runs the cleanup)."""
    def readable() -> None:
        try:
            data = os.read(0, 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            loop.remove_reader(0)
            os.kill(os.getpid(), signal.SIGTERM)
    loop.add_reader(0, readable)


def _event_loop(kind: str) -> asyncio.AbstractEventLoop:
    """The parent's choice ([server] event_loop; bot/cli/main.py), without importing the CLI."""
    if kind == "uvloop":
        try:
            import uvloop
        except ImportError:
            pass                          # the parent warned already
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def main() -> int:
    """`python -m bot.server.intake`: started by `serve` only (stdin: the settings line)."""
    line = sys.stdin.buffer.readline()
    if not line:
        return 0                          # the parent went before we started
    spec = json.loads(line)
    settings = Settings(spec["settings"], os.environ)
    # fd 1 carries the wake-up bytes; anything printed goes to stderr instead.
    notify_fd = os.dup(1)
    os.set_blocking(notify_fd, False)
    os.dup2(2, 1)
    from bot.core.logs import configure_logging
    configure_logging(settings["log"]["level"])
    app = create_intake_app(settings, spec["relay"], notify_fd)
    loop = _event_loop(settings["server"]["event_loop"])

    async def watch(_: web.Application) -> None:
        _stop_when_parent_goes(asyncio.get_running_loop())
    app.on_startup.append(watch)
    from bot.server.heap import settle

    async def settled(_: web.Application) -> None:
        settle()
    app.on_startup.append(settled)
    web.run_app(app, host=settings["server"]["host"], port=settings["server"]["port"], reuse_port=True,
                print=None, access_log=None, shutdown_timeout=15, loop=loop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
