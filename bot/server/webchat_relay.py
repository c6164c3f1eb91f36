"""The chat page across replicas: hub events carried over Redis pub/sub (with `[redis] url` set).

A page's open request or subscription lives on the replica that holds its HTTP connection, but
the worker that answers its message (Redis Streams inbox) or the console that sends an agent's
reply may run on another. Each replica publishes what its hub could not hand to a local turn
(replies, drafts of turns it does not hold) and delivers what the others publish to its own turns
and subscriptions (bot/server/webchat_hub.py `receive`).

Privacy: every message is sealed (AES-GCM, bot's key ring, scope `webchat-relay`) before it
reaches Redis, so Redis never holds a customer's text or identity in clear. Pub/sub is
fire-and-forget: a page not connected anywhere sees the message from its transcript on reload.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
from typing import Any

from bot.server.webchat_hub import WebChat

log = logging.getLogger("aftersales.webchat")

SCOPE = "webchat-relay"
_AAD = b"aftersales/webchat-relay/v1"
_QUEUE_MAX = 10_000


class Relay:
    def __init__(self, redis: Any, prefix: str, keyring: Any, hub: WebChat) -> None:
        self.r = redis
        self.channel = f"{prefix}:webchat:relay"
        self.keyring = keyring
        self.hub = hub
        self.origin = secrets.token_hex(8)          # this replica: its own messages come back too
        # One sender keeps the order of a draft's pieces (a pool could reorder publishes).
        self._out: asyncio.Queue[dict[str, Any]] = asyncio.Queue(_QUEUE_MAX)
        self._tasks: list[asyncio.Task[None]] = []
        self._pubsub: Any = None

    async def start(self) -> None:
        self._pubsub = self.r.pubsub()
        await self._pubsub.subscribe(self.channel)
        self._tasks = [asyncio.create_task(self._send_loop()), asyncio.create_task(self._listen())]
        self.hub.relay = self.publish

    def publish(self, item: dict[str, Any]) -> None:
        """Queue `item` for the other replicas (never blocks the turn; dropped when far behind)."""
        if self._out.full():
            log.warning("webchat relay queue full; a message waits for the page's reload")
            return
        self._out.put_nowait(item)

    async def _send_loop(self) -> None:
        while True:
            item = await self._out.get()
            try:
                plain = json.dumps({"origin": self.origin, **item}, ensure_ascii=False).encode()
                blob = await self.keyring.seal(SCOPE, plain, _AAD)
                await self.r.publish(self.channel, base64.b64encode(blob))
            except Exception as exc:  # noqa: BLE001 - one lost push must not stop the relay
                log.error("webchat relay publish failed: %s", type(exc).__name__)

    async def _listen(self) -> None:
        while True:
            try:
                msg = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=5.0)
                if msg is None:
                    continue
                data = json.loads(await self.keyring.open_blob(SCOPE, base64.b64decode(msg["data"]), _AAD))
                if data.get("origin") != self.origin:
                    self.hub.receive(data)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a forged or broken message is dropped
                log.error("webchat relay message dropped: %s", type(exc).__name__)
                await asyncio.sleep(0.1)

    async def close(self) -> None:
        self.hub.relay = None
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pubsub is not None:
            await self._pubsub.aclose()
