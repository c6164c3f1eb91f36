"""One turn through the stages of DESIGN.md, each adding to the trace.

    redact -> understand -> retrieve -> dialogue/tools -> generate -> restore -> persist -> audit

The raw text exists only in `handle()`'s first stage; everything after it receives the
redacted text, and only the outgoing reply to this same customer gets their own values
back (the restore stage).
"""
from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.core.messages import IDENTITY_DEMO, IDENTITY_SOURCE, IDENTITY_TOKEN, Message
from bot.core.trace import Trace
from bot.dialogue import HISTORY_TURNS, Engine, Turn, new_state, yes_no
from bot.dialogue.facts import Facts
from bot.knowledge import fill_policies
from bot.lang import replies as R
from bot.llm import GenerationRequest
from bot.llm.draft import DraftSink, DraftStream
from bot.llm.understand import turn_report
from bot.nlu.dataset import INTENTS as _INTENTS
from bot.pipeline.catalogue_words import CatalogueWords
from bot.pipeline.turn_script import TurnScript
from bot.pipeline.turn_shop import TurnShop
from bot.shop.order_ids import resolve_mentions
from bot.shop.tools import ShopTools
from privacy.pseudonyms import Pseudonymizer

_PLACEHOLDER = re.compile(r"<[A-Z_]+(?:_\d+)?>")


@dataclass
class TurnResult:
    reply: str                # what the customer receives (their own values restored)
    reply_redacted: str       # what logs, traces and the audit log may hold
    trace: Trace
    redacted_text: str
    customer_id: str | None


def identity_scope(identity: str) -> str:
    """A stable, non-reversible key scope for someone the shop does not know."""
    return "anon-" + hashlib.sha256(identity.encode()).hexdigest()[:16]


def vouched(msg: Message) -> bool:
    """Platforms vouch for their senders; on the chat page only a shop token or demo mode does."""
    if msg.platform != "webchat":
        return True
    return msg.raw.get(IDENTITY_SOURCE) in (IDENTITY_TOKEN, IDENTITY_DEMO)


async def speaker(rt: Any, msg: Message, shop: Any = None) -> tuple[Any | None, str]:
    """The customer a message speaks for and the key scope of their data (state, vault).

    A chat-page identity the shop did not vouch for (an anonymous visitor) never maps to a
    customer, whatever identities the store lists. `shop`: the turn's view of rt.shop."""
    shop = shop if shop is not None else rt.shop
    customer = await shop.customer_for_identity(msg.user) if vouched(msg) else None
    return customer, (customer.id if customer else identity_scope(msg.user))


class Pipeline:
    def __init__(self, rt: Any, clock: Callable[[], datetime] | None = None) -> None:
        self.rt = rt
        self.clock = clock or (lambda: datetime.now(UTC))

    async def handle(self, msg: Message, draft: DraftSink | None = None) -> TurnResult:
        """One turn. `draft` (the web chat) receives the answer as the model writes it, already
        masked and restored for this customer (bot/llm/draft.py); the result is still the
        checked answer, and a draft the check did not keep is retracted before it returns."""
        rt = self.rt
        trace = Trace()
        started = time.perf_counter()
        conv = msg.conversation_key
        now = self.clock()
        # The shop as this turn sees it: each read asked once per turn, forgotten after a write.
        shop = TurnShop(rt.shop)

        with trace.timed("state"):
            customer, scope = await speaker(rt, msg, shop)
            # the speaker's own state, sealed under their key (per speaker in group chats)
            state = await rt.store.load_state(conv, scope) or new_state()

        # -- redact: the only stage that sees the raw text ------------------------------------
        with trace.timed("redact"):
            mapping = await rt.vault.load(conv, scope)
            findings = await asyncio.to_thread(rt.redactor.analyze, msg.text)
            # a colour or model name of the shop's own catalogue is business data, not a person
            shop_words = await CatalogueWords.of(rt.shop)
            findings = shop_words.keep_business(msg.text, findings)
            pseudo = Pseudonymizer(mapping)
            redacted, redactions = pseudo.apply(msg.text, findings)
        trace.redactions = [{"type": r["type"], "placeholder": r["placeholder"]} for r in redactions]
        # Everything that understands reads the simplified form (every cue is written in it); the
        # customer's own script comes back in the reply and in what is written to the shop.
        script = TurnScript.of(redacted, state, pseudo.restore, shop_words.script)
        working = script.working

        # -- understand ---------------------------------------------------------------------------
        with trace.timed("understand"):
            u = await asyncio.to_thread(rt.nlu.understand, working)
        lang = u.language
        if state.get("lang") and (_is_short(working, u.entities) or yes_no(working) is not None):
            lang = state["lang"]      # "ok" / "好" keep the conversation's language
        state["lang"] = lang
        trace.language = lang
        trace.intent = {"name": u.intent.name, "confidence": round(float(u.intent.confidence), 4)}
        trace.sentiment = {"label": u.sentiment.label, "score": round(float(u.sentiment.score), 4)}
        trace.entities = u.entities.to_dict()
        if customer is not None:
            # Order ids as this customer writes them, in their shop's shape: matched against the
            # ids the shop knows for them ("#W2378156", "w2378156", "SO 2026 1120 0931").
            own = await shop.orders_of(customer)
            known = [o.id for o in own]
            # ... or by a part of one ("00459"), or by its tracking number
            tracking = {str(o.tracking_no): o.id for o in own if getattr(o, "tracking_no", None)}
            trace.entities["order_ids"] = resolve_mentions(working, trace.entities.get("order_ids") or [], known,
                                                           tracking)

        # -- retrieve -----------------------------------------------------------------------------
        with trace.timed("retrieve"):
            # The product in question steers the guides: "it won't turn on" after talk of the watch.
            products = list(u.entities.products) or (list(state.get("last_products") or [])
                                                     if u.intent.name == "product_issue" else [])
            query = " ".join([working] + products * 2)
            snippets = rt.knowledge.search(query, lang=lang, k=rt.settings["knowledge"]["top_k"],
                                           intent=u.intent.name) if rt.knowledge else []

        # -- dialogue and tools -------------------------------------------------------------------
        prior = dict(state.get("pending") or {})
        prior_flow = ((state.get("v2") or {}).get("frame") or {}).get("flow")
        with trace.timed("dialogue"):
            tools = ShopTools(shop, await shop.policies(), now, trace)
            tools.own_text = script.own       # free text written to the shop: in the customer's script
            snippets = fill_policies(snippets, tools.policies)   # the shop's own windows in the texts
            turn = Turn(text=working, language=lang, intent=u.intent.name,
                        confidence=float(u.intent.confidence), entities=trace.entities,
                        sentiment_label=u.sentiment.label, sentiment_score=float(u.sentiment.score),
                        identity=msg.user, conversation=conv)
            engine = Engine(tools, reveal=pseudo.restore, conceal=pseudo.placeholder_for, nlu=rt.nlu, knowledge=rt.knowledge,
                            # the running shop's (its folder's facts, its fixture's on top), not the demo's
                            facts=Facts.for_settings(rt.settings).layered(await rt.store.shop_facts()),
                            second=getattr(rt, "command_source", None))
            with turn_report() as llm_report:
                outcome = await engine.step(turn, state, customer, snippets)
        if engine.understood is not None:
            trace.commands = [c.to_dict() for c in engine.understood.commands]
            trace.dialogue["understood"] = {"source": engine.understood.source,
                                            "confidence": engine.understood.confidence,
                                            "reasons": list(engine.understood.reasons)}
        trace.flow = dict(engine.flow)
        if llm_report:
            # The LLM was asked to understand this turn: what it saw, and why it was overruled.
            trace.dialogue["llm"] = dict(llm_report)
        trace.handoff = outcome.handoff
        trace.dialogue.update({"step": outcome.step, "acted_on": outcome.intent,
                               "pending": (state.get("pending") or {}).get("stage")})
        continued = (prior and outcome.intent == prior.get("action")) or (
            prior_flow and engine.flow.get("name") in (prior_flow, None) and outcome.intent in _INTENTS
            and any(c["name"] in ("confirm", "deny", "set_slot") for c in trace.commands)
            and not any(c["name"] == "start_flow" for c in trace.commands))
        if continued and outcome.intent != u.intent.name and outcome.intent in _INTENTS:
            # "yes" / "the second one" / a new address continue the flow: that flow's intent is
            # what drove the answer. The classifier's own guess stays in the trace.
            trace.dialogue["classifier"] = trace.intent
            trace.intent = {"name": outcome.intent, "confidence": 1.0}
        given = snippets if outcome.knowledge_query else []
        trace.knowledge = [{"id": s.id, "title": s.title, "score": round(float(s.score), 4)} for s in given]

        # -- generate -----------------------------------------------------------------------------
        with trace.timed("generate"):
            req = GenerationRequest(
                language=lang, intent=outcome.intent or u.intent.name, user_text=working,
                history=[(r, t) for r, t in state.get("history", [])][-6:],
                facts=outcome.facts, snippets=list(given), template_answer=outcome.answer,
                placeholders=sorted(set(pseudo.mapping) | {R.CUSTOMER_NAME}),
            )
            name = display_name(getattr(customer, "name", None))
            stream = None
            if draft is not None:
                # The draft is restored with this conversation's own mapping, like the reply below.
                stream = DraftStream(req, lambda t: pseudo.restore(script.reply(t, lang, shop_words.originals)).replace(R.CUSTOMER_NAME, name),
                                     draft)
                req.on_text = stream.feed
            gen = await rt.generator.generate(req)
            if stream is not None:
                if gen.fallback is not None or not gen.grounded:
                    stream.retract(gen.fallback)        # the page must not keep an unchecked draft
                else:
                    stream.finish()
        trace.generator = gen.generator
        trace.grounded = bool(gen.grounded)
        trace.prompt = gen.prompt or (llm_report.get("prompt") if llm_report else None)
        trace.fallback_reason = getattr(gen, "fallback_reason", None)
        working_reply = gen.text
        # in the customer's script BEFORE their own values come back (those stay as they wrote them)
        reply_redacted = script.reply(working_reply, lang, shop_words.originals)

        # -- restore the customer's own values, for them alone -------------------------------------
        with trace.timed("restore"):
            reply = pseudo.restore(reply_redacted)
            reply = reply.replace(R.CUSTOMER_NAME, name)

        # -- persist ------------------------------------------------------------------------------
        with trace.timed("persist"):
            history = list(state.get("history", []))
            history += [["user", working], ["assistant", working_reply]]   # the dialogue's working form
            state["history"] = history[-2 * HISTORY_TURNS:]
            await rt.store.save_state(conv, state, scope)
            if pseudo.mapping != mapping:
                await rt.vault.save(conv, scope, pseudo.mapping)
        trace.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 3)
        return TurnResult(reply, reply_redacted, trace, redacted, customer.id if customer else None)


def display_name(name: str | None) -> str:
    """How the reply addresses the customer: first name for Latin names, full name for Chinese."""
    if not name or name == "[erased]":
        return ""
    return name.split()[0] if re.search(r"[A-Za-z]", name) else name


def _is_short(text: str, entities: Any = None) -> bool:
    """Too little language to tell which one it is: "ok", "好", a bare order number."""
    stripped = _PLACEHOLDER.sub("", text)
    for value in (getattr(entities, "order_ids", None) or []) + (getattr(entities, "tracking_numbers", None) or []):
        stripped = re.sub(re.escape(value), "", stripped, flags=re.I)
    stripped = re.sub(r"[\s\d\W_]+", "", stripped)
    return len(stripped) <= 3
