"""The hand-off service: what the worker hook and the console pages call.

Worker side (bot/server/app.py `make_handler` calls these three, by name):
- `console_intercept(msg)` before the pipeline: a conversation an agent has taken over goes to
  the console, not the bot; an answer to a pending "was this helpful?" is recorded.
- `console_before_send(msg, result)` after the pipeline: a new hand-off is opened (queue,
  notice to staff) and, when nobody is on duty, the reply says when a person will answer.
- `console_after_send(msg, result)` after the reply went out: a resolved conversation is asked
  once whether it helped.

Console side: take over, reply, note, ticket status, hand back, reveal — each agent message goes
out through the customer's own platform and is audited with the agent's account.
"""
from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.core.messages import Message, Reply
from bot.pipeline.runner import TurnResult, identity_scope, speaker
from bot.web.console import wording as W
from bot.web.console.handoffs import Address, Handoff, HandoffStore
from bot.web.console.hours import DutyHours
from bot.web.console.media import Fetched, MediaHosts, MediaRefused, fetch
from bot.web.console.notify import Notifier
from privacy.audit import AuditEntry
from privacy.pseudonyms import Pseudonymizer

log = logging.getLogger("aftersales.console")

# Platforms whose adapter draws `raw["buttons"]` as tappable answers; elsewhere a text question.
BUTTON_PLATFORMS = frozenset({"telegram", "line", "slack", "feishu"})
WEBCHAT = "webchat"          # bot/server/webchat.py PLATFORM: answers a request, later messages are pushed
# Dialogue steps that mean "the bot finished what the customer came for"...
RESOLVED_STEPS = frozenset({"done"})
# ... by changing something for them: only then is "did this help?" worth a message of its
# own. A status or information answer is not asked about (it would double every reply).
RESOLVING_ACTIONS = frozenset({"cancel_order", "change_address", "change_default_address", "change_items",
                               "change_payment", "create_exchange", "create_return", "request_invoice"})


# The dialogue's hand-off reasons are fixed English phrases; anything else is not shown.
_REASON_PHRASE = re.compile(r"[a-z][a-z \-]{2,60}")


class ConsoleError(Exception):
    """A refused console action (someone else has it, not taken over, ...)."""


# Photos kept from one message at most (a platform album can hold more; the rest is not fetched).
MAX_PER_MESSAGE = 10


@dataclass
class ConsoleService:
    handoffs: HandoffStore
    get_runtime: Callable[[], Any]
    send: Callable[[Reply], Awaitable[dict[str, Any]]]
    hours: DutyHours
    notifier: Notifier
    http: Any = None
    idle_return_s: float = 900.0
    adapters: Callable[[], dict[str, Any]] = field(default=dict)
    media_hosts: MediaHosts = field(default_factory=MediaHosts)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    # -- worker hooks ---------------------------------------------------------------------
    async def console_intercept(self, msg: Message) -> bool:
        """True when the message was handled here and the bot must not answer it."""
        media = msg.raw.get("media")
        if isinstance(media, dict):
            kept = await self._keep_media(msg, media)
            # A file that could not be kept must not swallow the words sent with it: they go on
            # to whoever has the conversation (a person, or the bot below).
            if kept or not msg.text.strip():
                return True
        asked = await self.handoffs.pop_rating_ask(msg.conversation_key)
        if asked is not None:
            helpful = W.parse_rating(msg.text)
            if helpful is not None:
                rt = self.get_runtime()
                await rt.audit.record_rating(msg.conversation_key, asked, helpful)
                _, scope = await speaker(rt, msg)
                state = await rt.store.load_state(msg.conversation_key, scope) or {}
                await self.send(Reply.to(msg, W.rating_thanks(helpful, _lang_of(state, state.get("lang")))))
                return True
        h = await self.handoffs.open_for(msg.conversation_key)
        if h is None or h.state != "taken":
            return False
        redacted = await self._redact(msg.conversation_key, h.scope, msg.text)
        await self.handoffs.add_entry(h, "customer", redacted, ts=msg.received_at)
        await self.handoffs.update_address(h, _address(msg))
        rt = self.get_runtime()
        await rt.audit.append(AuditEntry(
            platform=msg.platform, conversation_key=msg.conversation_key, message_id=msg.message_id,
            inbound=redacted, reply="", trace={"handoff": True, "generator": "console", "language": h.language,
                                               "routed_to": "console", "agent": h.agent},
            **_who(h.scope)))
        if msg.platform == WEBCHAT:
            # The page's request waits for an answer to this message: say where it went (the
            # agent's own reply reaches the page later, on its subscription: bot/server/webchat_hub.py).
            lang = await self._lang(msg.conversation_key, h.scope, h.language)
            await self.send(Reply.to(msg, W.forwarded(h.agent or "", lang)))
        return True

    async def console_before_send(self, msg: Message, result: TurnResult) -> None:
        h = await self.handoffs.open_for(msg.conversation_key)
        trace = result.trace
        if h is None and trace.handoff:
            h = await self._open_handoff(msg, result)
            if not self.hours.on_duty(self.clock()):
                when = self.hours.next_opening(self.clock())
                lang = await self._lang(msg.conversation_key, h.scope, trace.language, result.reply)
                extra = W.off_hours(when, h.ticket_id, lang)
                result.reply = f"{result.reply}\n\n{extra}"
                result.reply_redacted = f"{result.reply_redacted}\n\n{extra}"
            self._spawn(self._notify(h))
        elif h is not None:      # queued, the bot still answering: the agent will see it all
            await self.handoffs.add_entry(h, "customer", result.redacted_text, ts=msg.received_at)
            await self.handoffs.add_entry(h, "bot", result.reply_redacted)
            await self.handoffs.update_address(h, _address(msg))
        if msg.platform == WEBCHAT and self._resolved(result):
            # The chat page shows one answer per message: the question rides along with it.
            scope = result.customer_id or identity_scope(msg.user)
            question = W.rating_question(await self._lang(msg.conversation_key, scope, trace.language, result.reply),
                                         False)
            result.reply = f"{result.reply}\n\n{question}"
            result.reply_redacted = f"{result.reply_redacted}\n\n{question}"
            await self.handoffs.ask_rating(msg.conversation_key, msg.message_id)

    async def console_after_send(self, msg: Message, result: TurnResult) -> None:
        if msg.platform != WEBCHAT and self._resolved(result):
            scope = result.customer_id or identity_scope(msg.user)
            lang = await self._lang(msg.conversation_key, scope, result.trace.language, result.reply)
            await self._ask_rating(_address(msg), msg.message_id, lang)

    @staticmethod
    def _resolved(result: TurnResult) -> bool:
        acted = any(a.get("ok") and a.get("name") in RESOLVING_ACTIONS for a in result.trace.actions or [])
        return acted and (result.trace.dialogue or {}).get("step") in RESOLVED_STEPS and not result.trace.handoff

    # -- console actions ------------------------------------------------------------------
    async def take_over(self, handoff_id: int, agent: str) -> Handoff:
        if not await self.handoffs.take(handoff_id, agent):
            h = await self.handoffs.get(handoff_id)
            raise ConsoleError(f"already taken by {h.agent}" if h and h.agent else "not in the queue")
        h = await self._get(handoff_id)
        await self.handoffs.add_entry(h, "system", f"{agent} took over", agent=agent)
        addr = await self.handoffs.address(h.id)
        lang = await self._lang(addr.conversation_key, h.scope, h.language)
        await self._agent_send(h, agent, W.taken_over(agent, lang), kind="join")
        return h

    async def reply(self, handoff_id: int, agent: str, text: str) -> dict[str, Any]:
        h = await self._mine(handoff_id, agent)
        delivery: dict[str, Any] = await self._agent_send(h, agent, text, kind="reply")
        return delivery

    async def note(self, handoff_id: int, agent: str, text: str) -> None:
        h = await self._get(handoff_id)
        addr = await self.handoffs.address(h.id)
        await self.handoffs.add_entry(h, "note", await self._redact(addr.conversation_key, h.scope, text), agent=agent)

    async def set_status(self, handoff_id: int, agent: str, status: str) -> None:
        h = await self._get(handoff_id)
        await self.handoffs.set_ticket_status(h.id, status)
        await self.handoffs.add_entry(h, "system", f"{agent} set the ticket to {status}", agent=agent)

    async def hand_back(self, handoff_id: int, agent: str) -> None:
        h = await self._get(handoff_id)
        if h.state == "taken" and h.agent != agent:
            raise ConsoleError(f"{h.agent} has this conversation")
        if not await self.handoffs.close(h.id):
            raise ConsoleError("not open")
        await self.handoffs.add_entry(h, "system", f"{agent} handed back to the bot", agent=agent)
        rt = self.get_runtime()
        addr = await self.handoffs.address(h.id)
        state = await rt.store.load_state(addr.conversation_key, h.scope)
        lang = _lang_of(state or {}, h.language)
        message_id = await self._agent_send(h, agent, W.handed_back(lang), kind="handback", return_id=True)
        # The state the bot reads: this ticket is dealt with, a new hand-off may be asked for.
        if state is not None and state.get("ticket"):
            state.pop("ticket", None)
            await rt.store.save_state(addr.conversation_key, state, h.scope)
        await self._ask_rating(addr, str(message_id), lang)

    async def reveal(self, handoff_id: int, reviewer: str, reason: str) -> dict[str, str]:
        """The customer's own values behind this conversation's placeholders; audited."""
        h = await self._get(handoff_id)
        addr = await self.handoffs.address(h.id)
        rt = self.get_runtime()
        mapping = await rt.vault.load(addr.conversation_key, h.scope)
        text = " ".join(e.text for e in await self.handoffs.entries(h))
        shown = {p: v for p, v in mapping.items() if p in text}
        await rt.audit.append(AuditEntry(platform="audit", conversation_key="", message_id="", inbound="", reply="",
                                         trace={}, kind="reveal",
                                         details={"handoff": h.id, "reviewer": f"{reviewer}; reason: {reason}",
                                                  "placeholders": sorted(shown), "where": "console"}))
        return shown

    async def release_idle(self) -> list[int]:
        return await self.handoffs.release_idle(self.idle_return_s)

    async def idle_loop(self, every_s: float = 30.0) -> None:
        while True:
            try:
                released = await self.release_idle()
                if released:
                    log.info("returned %d idle taken-over conversation(s) to the queue", len(released))
            except Exception as exc:  # noqa: BLE001 - keep the loop alive
                log.error("idle release failed: %s", type(exc).__name__)
            await asyncio.sleep(every_s)

    # -- internals ------------------------------------------------------------------------
    async def _lang(self, conversation_key: str, scope: str, lang: str | None, reply: str = "") -> str | None:
        """`lang` tagged with the customer's Chinese script (wording.scripted): every text of this
        module reaches a traditional writer in traditional, like the bot's own replies."""
        if not (lang or "").startswith("zh"):
            return lang
        state = await self.get_runtime().store.load_state(conversation_key, scope) or {}
        return _lang_of(state, lang, reply)

    async def _get(self, handoff_id: int) -> Handoff:
        h = await self.handoffs.get(handoff_id)
        if h is None:
            raise ConsoleError("no such hand-off")
        return h

    async def _mine(self, handoff_id: int, agent: str) -> Handoff:
        h = await self._get(handoff_id)
        if h.state != "taken" or h.agent != agent:
            raise ConsoleError("take the conversation over first" if h.state != "taken"
                               else f"{h.agent} has this conversation")
        return h

    async def _open_handoff(self, msg: Message, result: TurnResult) -> Handoff:
        trace = result.trace
        reason, ticket = None, None
        for a in trace.actions or []:
            if a.get("name") == "create_ticket":
                reason = (a.get("args") or {}).get("reason")
                ticket = (a.get("result") or {}).get("ticket_id")
        rt = self.get_runtime()
        _, scope = await speaker(rt, msg)
        state = await rt.store.load_state(msg.conversation_key, scope) or {}
        ticket = ticket or state.get("ticket")
        if ticket and (reason is None or reason == "[text]"):
            # The trace keeps reason codes only; the ticket has the dialogue's own phrase
            # ("customer asked for a person"), shown to staff if it is one of those phrases.
            row = await rt.store.get_ticket(ticket)
            if row is not None and row.reason and _REASON_PHRASE.fullmatch(row.reason):
                reason = row.reason
        if reason == "[text]":
            reason = None
        scope = result.customer_id or identity_scope(msg.user)
        intent = ((trace.dialogue or {}).get("classifier") or trace.intent or {}).get("name")
        h = await self.handoffs.create(
            _address(msg), scope, language=trace.language, intent=intent,
            sentiment=(trace.sentiment or {}).get("label"), reason=reason or "hand-off", ticket_id=ticket,
            off_hours=not self.hours.on_duty(self.clock()))
        # The conversation so far (redacted, as the bot's state holds it), for the agent to read.
        history = list(state.get("history") or [])
        if not history or history[-2:] != [["user", result.redacted_text], ["assistant", result.reply_redacted]]:
            history += [["user", result.redacted_text], ["assistant", result.reply_redacted]]
        for role, text in history:
            await self.handoffs.add_entry(h, "customer" if role == "user" else "bot", text)
        return h

    async def _notify(self, h: Handoff) -> None:
        if not self.notifier.enabled or self.http is None:
            return
        if await self.handoffs.mark_notified(h.id):
            await self.notifier.notify(h, self.http)

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _redact(self, conversation_key: str, scope: str, text: str) -> str:
        rt = self.get_runtime()
        mapping = await rt.vault.load(conversation_key, scope)
        findings = await asyncio.to_thread(rt.redactor.analyze, text)
        pseudo = Pseudonymizer(mapping)
        redacted, _ = pseudo.apply(text, findings)
        if pseudo.mapping != mapping:
            await rt.vault.save(conversation_key, scope, pseudo.mapping)
        return redacted

    async def _agent_send(self, h: Handoff, agent: str, text: str, *, kind: str,
                          return_id: bool = False) -> Any:
        addr = await self.handoffs.address(h.id)
        redacted = await self._redact(addr.conversation_key, h.scope, text)
        # `console` tells the chat page an agent wrote this, or that it is a join / hand-back notice.
        reply = Reply(addr.platform, addr.conversation_id, addr.sender_id, addr.last_message_id, text,
                      {**addr.raw, "console": {"kind": kind}}, addr.identity)
        started = time.time()
        delivery = await self.send(reply)
        message_id = f"agent:{h.id}:{secrets.token_hex(6)}"
        if kind != "handback":
            await self.handoffs.add_entry(h, "agent", redacted, agent=agent)
        await self.handoffs.touch(h.id)
        rt = self.get_runtime()
        await rt.audit.append(AuditEntry(
            platform=addr.platform, conversation_key=addr.conversation_key, message_id=message_id,
            inbound="", reply=redacted,
            trace={"generator": f"agent:{agent}", "agent": agent, "agent_action": kind, "handoff": True,
                   "language": h.language, "delivery": delivery,
                   "timings_ms": {"total": round((time.time() - started) * 1000, 3)}},
            **_who(h.scope)))
        if not delivery.get("ok"):
            log.warning("agent message to %s failed: %s", addr.platform, delivery.get("error"))
        return message_id if return_id else delivery

    async def _keep_media(self, msg: Message, media: dict[str, Any]) -> bool:
        """A photo or file: fetched, checked, sealed under the customer's key, attached to the
        open hand-off (or kept with the conversation for the next one); the customer is told.
        False when it was refused (nothing stored)."""
        rt = self.get_runtime()
        conv = msg.conversation_key
        _, scope = await speaker(rt, msg)
        state = await rt.store.load_state(conv, scope) or {}
        # A photo as the very first message: the words sent with it are all there is to go by.
        lang = _lang_of(state, state.get("lang") or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in msg.text) else None),
                        msg.text)
        h = await self.handoffs.open_for(conv)
        # Several photos in one message (a Messenger album, a post): each checked on its own.
        items = [media, *[m for m in msg.raw.get("media_more") or [] if isinstance(m, dict)]][:MAX_PER_MESSAGE]
        got: list[Fetched] = []
        refused: list[str] = []
        for item in items:
            try:
                got.append(await fetch(msg.platform, self.adapters().get(msg.platform), item, self.http,
                                       self.media_hosts))
            except MediaRefused as exc:
                refused.append(exc.code)
        if not got:
            await self.send(Reply.to(msg, W.media_refused(refused[0], lang)))
            if h is not None:                        # the agent sees that something was sent, and why not kept
                await self.handoffs.add_entry(h, "customer", f"[{media.get('kind')}: not kept, {refused[0]}]",
                                              ts=msg.received_at)
            await rt.audit.append(AuditEntry(platform=msg.platform, conversation_key=conv, message_id=msg.message_id,
                                             inbound=f"[{media.get('kind')}]", reply="",
                                             trace={"attachment": {"ok": False, "code": refused[0]},
                                                    "handoff": h is not None}, **_who(scope)))
            return False
        ticket = (h.ticket_id if h else None) or state.get("ticket")
        aids = [await self.handoffs.add_attachment(conv, scope, f.mime, f.data, h.id if h else None, ticket)
                for f in got]
        note = " ".join(f"[{media.get('kind')} #{aid}: {f.mime}, {len(f.data)} bytes]" for aid, f in zip(aids, got))
        if msg.text:
            note += " " + await self._redact(conv, scope, msg.text)
        if h is not None:
            await self.handoffs.add_entry(h, "customer", note, ts=msg.received_at)
            await self.handoffs.update_address(h, _address(msg))
        if h is None or h.state != "taken":         # a person who has the chat answers it themselves
            await self.send(Reply.to(msg, W.media_received(ticket, lang)))
            if refused:                               # ... and the customer learns which one is missing
                await self.send(Reply.to(msg, W.media_refused(refused[0], lang)))
        await rt.audit.append(AuditEntry(platform=msg.platform, conversation_key=conv, message_id=msg.message_id,
                                         inbound=note, reply="",
                                         trace={"attachment": {"ok": True, "id": aids[0], "mime": got[0].mime,
                                                               "bytes": len(got[0].data), "ticket": ticket,
                                                               "more": aids[1:], "refused": refused},
                                                "handoff": h is not None}, **_who(scope)))
        return True

    async def _ask_rating(self, addr: Address, message_id: str, lang: str | None) -> None:
        buttons = addr.platform in BUTTON_PLATFORMS
        raw = dict(addr.raw)
        if buttons:
            raw["buttons"] = W.rating_buttons(lang)
        await self.send(Reply(addr.platform, addr.conversation_id, addr.sender_id, addr.last_message_id,
                              W.rating_question(lang, buttons), raw, addr.identity))
        await self.handoffs.ask_rating(addr.conversation_key, message_id)


def _lang_of(state: dict[str, Any], lang: str | None, seen: str = "") -> str | None:
    """`lang` in the script the conversation remembers, else the one of `seen` (the reply just
    made, or the customer's message) — a first message may carry no evidence of its own."""
    from bot.lang.script import script_of
    return W.scripted(lang, state.get("script") or script_of(seen or ""), state.get("zh_variant"))


def _address(msg: Message) -> Address:
    # The routing only: a photo's reference (a CDN link, a download code) has no place in it.
    raw = {k: v for k, v in msg.raw.items() if k not in ("media", "media_more")}
    return Address(msg.conversation_key, msg.platform, msg.conversation_id, msg.sender_id, msg.identity,
                   raw, msg.message_id)


def _who(scope: str) -> dict[str, Any]:
    """Audit record ownership: the customer, or the stranger's own erasable scope."""
    if scope.startswith("anon-"):
        return {"customer_id": None, "scope": scope}
    return {"customer_id": scope}
