"""One turn, run the same way by `serve`, `chat` and `replay`: hooks → pipeline → send → audit.

What differs between them is only how a reply leaves (`deliver`): `serve` hands it to the durable
inbox, which seals it, marks it `sending` before the first request and records the outcome (the
at-most-once state machine in bot/inbox.py); `chat` prints it; `replay` writes it as JSON. The
order of the rest — a person's take-over first, the pipeline inside the worker slots, the
console's hooks around the send, the audit record after it — is defined once, here.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.messages import Message, Reply
from bot.server.keys import TurnHooks

if TYPE_CHECKING:
    import asyncio

    from bot.pipeline.runner import TurnResult
    from bot.pipeline.runtime import Runtime

log = logging.getLogger("aftersales.worker")

# How a reply leaves: the delivery record for the trace and audit, or None when it went to a
# terminal (chat, replay) and there is no platform outcome to record.
Deliver = Callable[[Message, Reply, "TurnResult"], Awaitable[dict[str, Any] | None]]


def printed(out: Callable[[Reply, TurnResult], None]) -> Deliver:
    """A `deliver` for the terminal commands: show the reply, record no platform delivery."""
    async def deliver(msg: Message, reply: Reply, result: TurnResult) -> dict[str, Any] | None:
        out(reply, result)
        return None
    return deliver


@dataclass
class Worker:
    rt: Runtime
    deliver: Deliver
    hooks: TurnHooks | None = None
    slots: asyncio.Semaphore | None = None          # bounds concurrent pipelines (CPU), not sends
    # After the audit record: metrics and the per-turn log line (serve).
    observe: Callable[[Message, TurnResult, dict[str, Any]], None] | None = None
    # Where the reply may be shown while it is written (the chat page's open request), if anywhere.
    draft_for: Callable[[Message], Any] | None = None

    async def run(self, msg: Message) -> TurnResult | None:
        """Answer one message; None when a person has the conversation (the console got it)."""
        if self.hooks is not None and await self.hooks.console_intercept(msg):
            return None
        sink = self.draft_for(msg) if self.draft_for is not None else None
        async with self.slots if self.slots is not None else contextlib.nullcontext():
            result = await (self.rt.pipeline.handle(msg, draft=sink) if sink is not None
                            else self.rt.pipeline.handle(msg))
        if self.hooks is not None:      # open a hand-off, off-hours wording
            await self.hooks.console_before_send(msg, result)
        delivery = await self.deliver(msg, Reply.to(msg, result.reply), result)
        if delivery is not None and not delivery.get("ok"):
            log.warning("delivery to %s failed: %s", msg.platform, delivery.get("error"))
        try:
            await self.rt.write_audit(msg, result, delivery)
            if self.hooks is not None:  # ask once whether it helped
                await self.hooks.console_after_send(msg, result)
            if self.observe is not None:
                self.observe(msg, result, delivery or {})
        except Exception as exc:  # noqa: BLE001 - the reply is out; never retried for this
            log.error("after-send bookkeeping failed: %s", type(exc).__name__)
        return result
