"""Where the chat page's answers go: the turn a page is waiting on, or the pages subscribed.

The web chat's "platform" is this process's open HTTP responses:
- a turn: `POST /chat/api/send` waits on its message's events — the draft while the model
  writes (`draft_sink`, bot/llm/draft.py) and then the checked reply (`send`);
- a subscription: `GET /chat/api/events` keeps one page open per conversation, and every other
  reply to that conversation (an agent's answer from the console, "a person has joined",
  "handed back to the bot", the rating question) is pushed to it.

A subscription is keyed by the conversation id *and* the identity: the conversation id is a
hash of the signed identity and the page's conversation name (bot/server/webchat.py), and a reply is
pushed only to subscribers of that same identity, so one identity never sees another's events.
A reply nobody is subscribed to is not lost: the page shows it from the conversation's
transcript when it next loads (bot/web/console/transcript.py).

Replicas: turns and subscriptions live in the process that holds the HTTP connection; an agent
reply sent by another replica reaches a page on this one only after a reload (see the report).
"""
from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from bot.core.messages import Reply

# bot.llm.draft.DraftSink, spelled out: the page's side must not import the generators.
DraftSink = Callable[[dict[str, Any]], None]

# A page that stops reading must not hold memory forever: its queue drops it when full.
QUEUE_MAX = 256
MAX_SUBSCRIBERS_PER_CONVERSATION = 4
MAX_SUBSCRIBERS = 20_000

# What an agent message is, from the console's `raw["console"]["kind"]` (bot/web/console/service.py).
_NOTICE_KINDS = {"join": "joined", "handback": "handed_back"}


@dataclasses.dataclass
class _Turn:
    future: asyncio.Future[Reply]
    events: asyncio.Queue[dict[str, Any]]
    answered: bool = False
    streaming: bool = False             # a page reads `events` (else only the future is awaited)


@dataclasses.dataclass(eq=False)
class Subscription:
    conversation_id: str
    identity: str
    events: asyncio.Queue[dict[str, Any]] = dataclasses.field(
        default_factory=lambda: asyncio.Queue(QUEUE_MAX))


class TooManySubscribers(Exception):
    """The process has as many open pages as it accepts."""


def describe(reply: Reply) -> dict[str, Any]:
    """A pushed reply as the page shows it: who wrote it and whether it is a notice."""
    console = reply.raw.get("console") if isinstance(reply.raw, Mapping) else None
    if isinstance(console, Mapping):
        kind = str(console.get("kind") or "reply")
        if kind in _NOTICE_KINDS:
            return {"type": "message", "from": "notice", "notice": _NOTICE_KINDS[kind], "text": reply.text}
        return {"type": "message", "from": "agent", "text": reply.text}
    return {"type": "message", "from": "bot", "text": reply.text}


class WebChat:
    """Delivers replies to the page request waiting on them, else to the conversation's pages."""

    def __init__(self) -> None:
        self._turns: dict[str, _Turn] = {}
        # Replicas (bot/server/webchat_relay.py): what this process cannot hand to a local turn is
        # published to the others, whose `receive` delivers it to their turns and pages.
        self.relay: Callable[[dict[str, Any]], None] | None = None
        # Insertion-ordered (a dict used as an ordered set): the oldest page comes first.
        self._subs: dict[str, dict[Subscription, None]] = {}
        self._count = 0

    # -- turns ----------------------------------------------------------------------------------
    def expect(self, message_id: str) -> asyncio.Future[Reply]:
        """The reply to `message_id`, when it comes (`events(message_id)` streams it too)."""
        return self._turn(message_id).future

    def events(self, message_id: str) -> asyncio.Queue[dict[str, Any]]:
        """Draft events, then `{"type": "reply", ...}` once the checked reply is sent."""
        turn = self._turn(message_id)
        turn.streaming = True
        return turn.events

    def _turn(self, message_id: str) -> _Turn:
        turn = self._turns.get(message_id)
        if turn is None:
            turn = _Turn(asyncio.get_running_loop().create_future(), asyncio.Queue(QUEUE_MAX))
            self._turns[message_id] = turn
        return turn

    def forget(self, message_id: str) -> None:
        self._turns.pop(message_id, None)

    def draft_sink(self, message_id: str) -> DraftSink | None:
        """Where the pipeline streams this turn's draft, or None when no page waits on it."""
        turn = self._turns.get(message_id)
        if turn is None and self.relay is not None:
            relay = self.relay          # the page may be waiting on another replica

            def remote(event: dict[str, Any]) -> None:
                relay({"kind": "draft", "message_id": message_id, "event": event})
            return remote
        return self._local_sink(message_id)

    # -- subscriptions --------------------------------------------------------------------------
    def subscribe(self, conversation_id: str, identity: str) -> Subscription:
        """A new page on this conversation. Past the per-conversation bound the oldest page's
        stream ends: a reloaded page's old connection is only noticed at its next ping, and
        must not lock the reloaded page out."""
        subs = self._subs.setdefault(conversation_id, {})
        if len(subs) >= MAX_SUBSCRIBERS_PER_CONVERSATION:
            oldest = next(iter(subs))
            _force(oldest.events, {"type": "bye"})
            self.unsubscribe(oldest)
            subs = self._subs.setdefault(conversation_id, {})
        if self._count >= MAX_SUBSCRIBERS:
            if not subs:
                self._subs.pop(conversation_id, None)
            raise TooManySubscribers(conversation_id)
        sub = Subscription(conversation_id, identity)
        subs[sub] = None
        self._count += 1
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.conversation_id)
        if subs is not None and sub in subs:
            del subs[sub]
            self._count -= 1
            if not subs:
                self._subs.pop(sub.conversation_id, None)

    def close(self) -> None:
        """Shutting down: every open stream ends (its page reconnects to another replica)."""
        for turn in self._turns.values():
            _force(turn.events, {"type": "bye"})
        for subs in self._subs.values():
            for sub in subs:
                _force(sub.events, {"type": "bye"})

    def subscribers(self, conversation_id: str) -> int:
        return len(self._subs.get(conversation_id, ()))

    # -- the platform's send ----------------------------------------------------------------------
    async def send(self, reply: Reply) -> dict[str, Any]:
        out = self._deliver(reply)
        if out.pop("turn", False) or self.relay is None:
            return out
        self.relay({"kind": "reply", "reply": _reply_dict(reply)})
        # Handed to the other replicas too: a page there gets it; else its transcript has it.
        return {"ok": True, "attempts": 1, "pages": out.get("pages", 0), "relayed": True}

    def receive(self, item: dict[str, Any]) -> None:
        """Another replica's draft or reply: delivered here if a turn or page of it is here."""
        if item.get("kind") == "draft":
            sink = self._local_sink(str(item.get("message_id")))
            if sink is not None and isinstance(item.get("event"), dict):
                sink(item["event"])
        elif item.get("kind") == "reply" and isinstance(item.get("reply"), dict):
            self._deliver(Reply(**item["reply"]))

    def _local_sink(self, message_id: str) -> DraftSink | None:
        turn = self._turns.get(message_id)
        if turn is None or not turn.streaming:
            return None

        def sink(event: dict[str, Any]) -> None:
            if not turn.answered and not turn.events.full():
                turn.events.put_nowait(event)
        return sink

    def _deliver(self, reply: Reply) -> dict[str, Any]:
        turn = self._turns.get(reply.in_reply_to)
        from_console = isinstance(reply.raw, Mapping) and "console" in reply.raw
        # A person's message is never "the answer" to a turn still running: it is pushed.
        if turn is not None and not from_console and not turn.answered and not turn.future.done():
            turn.answered = True
            turn.future.set_result(reply)
            event: dict[str, Any] = {"type": "reply", "text": reply.text}
            trace = reply.raw.get("trace") if isinstance(reply.raw, Mapping) else None
            if isinstance(trace, dict):
                event["trace"] = trace
            _force(turn.events, event)      # gets through even if draft events filled the queue
            return {"ok": True, "attempts": 1, "turn": True}
        # Not an answer someone is waiting on: the conversation's open pages get it.
        identity = reply.identity or f"{reply.platform}:{reply.sender_id}"
        pushed = 0
        event = describe(reply)
        for sub in list(self._subs.get(reply.conversation_id, ())):
            if sub.identity != identity:
                continue                    # belt and braces: the id already names the identity
            if sub.events.full():
                # A page that stopped reading: drop its backlog and have it reload the transcript.
                while not sub.events.empty():
                    sub.events.get_nowait()
                sub.events.put_nowait({"type": "reload"})
                continue
            sub.events.put_nowait(event)
            pushed += 1
        if pushed:
            return {"ok": True, "attempts": 1, "pages": pushed}
        # Honest for the audit and the console: not delivered now; the transcript shows it later.
        return {"ok": False, "attempts": 1, "error": "chat page not open; shown when the customer opens it again"}


def _force(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    """Put `event` even into a full queue (the oldest event makes room)."""
    while queue.full():
        queue.get_nowait()
    queue.put_nowait(event)


def _reply_dict(reply: Reply) -> dict[str, Any]:
    return {"platform": reply.platform, "conversation_id": reply.conversation_id, "sender_id": reply.sender_id,
            "in_reply_to": reply.in_reply_to, "text": reply.text, "raw": dict(reply.raw), "identity": reply.identity}
