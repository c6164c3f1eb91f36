"""The aiohttp application: webhooks, the chat page, health, and the workers behind them."""
from __future__ import annotations

import asyncio
import dataclasses
import hmac
import importlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import aiohttp
from aiohttp import web

import adapters
from adapters import outbound
from adapters.base import Adapter
from bot.core.errors import ConfigError
from bot.core.logs import log_turn
from bot.core.messages import Message, Reply
from bot.core.settings import Settings
from bot.inbox import AlreadyHandled, Inbox
from bot.pipeline.runtime import Runtime
from bot.server import intake, metrics, webchat, webhook
from bot.server.keys import (
    ADAPTERS,
    FLOOD,
    HOOKS,
    HTTP,
    INBOX,
    PIPELINE_SLOTS,
    RUNTIME,
    SENDER,
    SETTINGS,
    TRANSCRIPT,
    WEBCHAT,
    Sender,
)
from bot.server.ratelimit import FloodLimiter
from bot.server.webchat_hub import WebChat
from bot.server.worker import Worker

if TYPE_CHECKING:
    from bot.pipeline.runner import TurnResult
    from bot.redis_inbox import RedisInbox

log = logging.getLogger("aftersales.app")


class Pages(Protocol):
    """A page package mounted beside the webhooks (`[server] pages`): bot.web is the one we ship."""

    def mount(self, app: web.Application, settings: Settings) -> None: ...

    async def open(self, app: web.Application) -> Callable[[], Awaitable[None]]: ...


def page_packages(settings: Settings) -> list[Pages]:
    """The configured page packages. Named in configuration, not imported here, so the server
    never depends on the pages (they depend on it, through bot/server/keys.py)."""
    return [importlib.import_module(name) for name in settings["server"]["pages"]]


def create_app(settings: Settings, runtime: Runtime | None = None, generator: str | None = None,
               db_path: Path | None = None) -> web.Application:
    """Build the app; `runtime` may be passed in (tests share one), else it is opened on start-up."""
    # idle_timeout_s also closes connections whose request headers never finish arriving.
    # Several intake processes: requests they relay name their client (bot/server/intake.py).
    first = [intake.peer_from_intake] if intake.intake_processes(settings) > 1 else []
    app = web.Application(client_max_size=settings["server"]["max_body_bytes"] + 1024,
                          middlewares=[*first, guard_metrics],
                          handler_args={"keepalive_timeout": settings["server"]["idle_timeout_s"]})
    app[SETTINGS] = settings
    outbound.configure(settings["outbound"])        # retry defaults, before adapters build policies
    app[ADAPTERS] = adapters.enabled_adapters(settings)
    window = adapters.max_replay_window_s(app[ADAPTERS])
    if settings["redis"]["url"] and settings["redis"]["dedupe_ttl_s"] < window:
        raise ConfigError("redis.dedupe_ttl_s", f"must be at least {window:g} s, the widest webhook replay window")
    app[WEBCHAT] = WebChat()
    app.router.add_routes(webhook.routes())
    if settings["chat"]["enabled"]:
        webchat.install(app, settings, _chat_deps(app, settings))
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    metrics.install(app, inbox_depth=lambda: app[INBOX].depth if INBOX in app else 0)   # app["metrics"], /metrics
    app[FLOOD] = FloodLimiter(settings["server"]["per_user_per_minute"])
    pages = page_packages(settings)
    app.cleanup_ctx.append(_lifecycle(runtime, generator, db_path, pages))
    for package in pages:
        package.mount(app, settings)        # /audit and /console (bot/web/__init__.py)
    return app


def _chat_deps(app: web.Application, settings: Settings) -> webchat.ChatDeps:
    """What the chat page reaches of the running app (read per request: set up on start-up)."""
    async def put(msg: Message) -> Any:
        return await app[INBOX].put(msg)

    async def customers() -> list[Any]:
        return list(await app[RUNTIME].shop.customers())

    async def transcript(msg: Message) -> list[dict[str, str]]:
        # The pages package (bot/web) provides it: the bot's history and any hand-off's entries.
        provider = app.get(TRANSCRIPT)
        return await provider(msg) if provider is not None else []

    return webchat.ChatDeps(settings=settings, put=put, flood=lambda key: app[FLOOD].check(key),
                            customers=customers, transcript=transcript)


def _lifecycle(runtime: Runtime | None, generator: str | None, db_path: Path | None, pages: list[Pages]
               ) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        owned = runtime is None
        rt = runtime or await Runtime.open(settings, db_path=db_path, generator=generator)
        app[RUNTIME] = rt
        start = getattr(rt.generator, "start", None)
        if start is not None:
            # Load (and on first use convert) the model before taking traffic, not on the first message.
            await start()
        app["metrics"].instrument(rt)     # counts LLM tokens
        inbox: Inbox | RedisInbox
        if settings["redis"]["url"]:     # replicas share one inbox on Redis Streams
            from bot.redis_inbox import RedisInbox, SharedFloodLimiter
            inbox = await RedisInbox.from_settings(settings, rt.keyring)
            app[FLOOD] = SharedFloodLimiter(inbox.r, settings["redis"]["prefix"],
                                            settings["server"]["per_user_per_minute"])
        else:
            shared = intake.intake_processes(settings) > 1     # intake children write it too
            inbox = await Inbox.open(rt.db_path, rt.keyring, max_pending=settings["server"]["inbox_max_pending"],
                                     workers=settings["server"]["workers"],
                                     process_lock=intake.writer_lock(rt.db_path) if shared else None,
                                     per_platform=settings["outbound"]["per_platform_concurrency"],
                                     dedupe_retention_s=settings["outbound"]["inbox_dedupe_retention_s"])
        app[INBOX] = inbox
        relay = None
        if settings["redis"]["url"] and isinstance(inbox, RedisInbox):     # the chat page's answers may come from another replica
            from bot.server.webchat_relay import Relay
            relay = Relay(inbox.r, settings["redis"]["prefix"], rt.keyring, app[WEBCHAT])
            await relay.start()
        http = aiohttp.ClientSession()
        app[HTTP] = http
        app[SENDER] = make_sender(app)
        # The pipeline (CPU) is bounded by `workers`; sends are bounded per platform by the inbox.
        app[PIPELINE_SLOTS] = asyncio.Semaphore(settings["server"]["workers"])
        # Before the workers: every turn sees the console's hooks.
        closers = [await package.open(app) for package in pages]
        if settings["server"]["process_inbox"]:
            inbox.start(make_handler(app), app[SENDER])
        retention = asyncio.create_task(_retention_loop(rt, settings["audit"]["retention_days"]))
        children, follower = await _start_intake(app, settings, rt, inbox)
        log.info("ready: webhooks for %s", ", ".join(sorted(app[ADAPTERS].keys())) or "none (no platform secrets set)")
        try:
            yield
        finally:
            if children is not None:        # first: what they took is committed before the workers stop
                await children.stop()
                intake.remove_socket_folder(app[intake.INTAKE_SOCKET])
            if follower is not None:
                follower.cancel()
            retention.cancel()
            if relay is not None:
                await relay.close()
            await inbox.close()
            for close in reversed(closers):
                await close()
            await http.close()
            if owned:
                await rt.close()
            else:
                await rt.audit.flush()
    return ctx


async def _start_intake(app: web.Application, settings: Settings, rt: Runtime, inbox: Inbox | RedisInbox
                        ) -> tuple[intake.Supervisor | None, asyncio.Task[None] | None]:
    """`serve` with `[server] intake_processes` > 1 (it bound the relay socket): the children."""
    n = intake.intake_processes(settings)
    if n <= 1 or intake.INTAKE_SOCKET not in app:
        return None, None
    # SQLite: the children's wake-up bytes, and a poll behind them. Redis: its stream crosses
    # processes already.
    local = inbox if isinstance(inbox, Inbox) else None
    children = intake.Supervisor(settings, n - 1, app[intake.INTAKE_SOCKET], str(rt.db_path),
                                 on_stored=local.stored_elsewhere if local is not None else lambda _: None)
    await children.start()
    follower = (asyncio.create_task(local.follow_other_writers(intake.FOLLOW_EVERY_S))
                if local is not None else None)
    return children, follower


async def _retention_loop(rt: Runtime, days: int, every_s: float = 6 * 3600) -> None:
    """Purge audit records older than the retention period, at start-up and then periodically."""
    while True:
        try:
            purged = await rt.audit.purge(time.time() - days * 86400, by="retention")
            if purged:
                log.info("retention: purged %d audit records older than %d days", purged, days)
        except Exception as exc:  # noqa: BLE001 - retention must never take the server down
            log.error("retention purge failed: %s", type(exc).__name__)
        await asyncio.sleep(every_s)


def make_sender(app: web.Application) -> Sender:
    async def send(reply: Reply) -> dict[str, Any]:
        if reply.platform == webchat.PLATFORM:
            return await app[WEBCHAT].send(reply)
        adapter: Adapter | None = app[ADAPTERS].get(reply.platform)
        if adapter is None:
            return {"ok": False, "attempts": 0, "error": f"no adapter for {reply.platform}"}
        try:
            return await adapter.send(reply, app[HTTP])
        except AlreadyHandled:
            raise                   # not ours to send (another replica has it): no outcome to record
        except Exception as exc:  # noqa: BLE001 - a delivery failure is recorded, not raised
            log.error("send via %s failed: %s", reply.platform, type(exc).__name__)
            return {"ok": False, "attempts": 1, "error": type(exc).__name__}
    return send


def make_handler(app: web.Application) -> Callable[[Message], Awaitable[None]]:
    """The inbox's handler: one Worker turn (bot/server/worker.py) whose reply goes through the
    inbox's send state machine."""
    async def deliver(msg: Message, reply: Reply, result: TurnResult) -> dict[str, Any]:
        if msg.platform == webchat.PLATFORM:    # the page shows the trace beside the answer
            reply = dataclasses.replace(reply, raw={**msg.raw, "trace": result.trace.to_dict()})
        adapter = app[ADAPTERS].get(msg.platform)
        # The inbox stores the sealed reply, marks `sending` when the first request leaves and
        # records the outcome before returning (bot/inbox.py): nothing after it can resend it.
        return await app[INBOX].send_reply(msg, reply, app[SENDER],
                                           idempotent=bool(getattr(adapter, "idempotent_send", False)))

    def observe(msg: Message, result: TurnResult, delivery: dict[str, Any]) -> None:
        app["metrics"].observe_turn(msg.platform, result.trace, delivery, msg.received_at)
        log_turn(msg.platform, msg.message_id, msg.conversation_key, result.trace, bool(delivery.get("ok")))

    def draft_for(msg: Message) -> Any:
        # The chat page watches the answer being written when its request is still open.
        return app[WEBCHAT].draft_sink(msg.message_id) if msg.platform == webchat.PLATFORM else None

    async def handle(msg: Message) -> None:
        # Hooks (console_intercept/_before_send/_after_send) come from the console when mounted.
        worker = Worker(app[RUNTIME], deliver, hooks=app.get(HOOKS), slots=app[PIPELINE_SLOTS], observe=observe,
                        draft_for=draft_for)
        await worker.run(msg)
    return handle


@web.middleware
async def guard_metrics(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                        ) -> web.StreamResponse:
    """/metrics is not for the public port: loopback without proxy headers, or the metrics token."""
    if request.path == "/metrics" and not metrics_allowed(request):
        raise web.HTTPNotFound(text="not found")
    return await handler(request)


def metrics_allowed(request: web.Request) -> bool:
    settings = request.app[SETTINGS]
    if settings["server"]["metrics_public"]:
        return True
    token = settings.secret("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    proxied = any(h in request.headers for h in ("X-Forwarded-For", "X-Real-IP", "Forwarded"))
    return not proxied and request.remote in ("127.0.0.1", "::1")


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def readyz(request: web.Request) -> web.Response:
    inbox = request.app.get(INBOX)
    if inbox is None:
        return web.json_response({"ready": False}, status=503)
    full = inbox.depth >= request.app[SETTINGS]["server"]["inbox_max_pending"]
    return web.json_response({"ready": not full, "inbox_depth": inbox.depth}, status=503 if full else 200)
