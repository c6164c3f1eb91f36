"""Dialogue v2 engine: commands in, one flow step out.

    engine = Engine(tools, reveal=..., nlu=..., knowledge=..., second=None)
    outcome = await engine.step(turn, state, customer, snippets)
    engine.understood, engine.flow      # for the trace (`commands`, `flow`)

Per turn: load the typed state, build the UnderstandingContext (the customer's orders, the
catalogue), ask the classic source for commands (and the optional second source when the
classic one is unsure), then apply named rules in order, first match wins:

  guard            injection / other people's data / strangers naming a customer (refuse)
  handoff          a person asked for
  cancel_flow      "never mind" while a flow waits
  continue         confirm / deny / slots for the flow in progress
  start            start_flow of a v2 flow (a flow in progress is paused, resumed later)
  legacy           what is not a flow: chit-chat (greeting, thanks, "are you a bot"),
                   knowledge answers, follow-ups after a refusal, sentiment
  clarify          unsure: a short question with the likely options; twice → offer a person
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from bot.dialogue import after_status as AS
from bot.dialogue import (
    case_followup,
    closing,
    joint,
    keep_only,
    other_order,
    photo_question,
    pick_and_go,
    record_status,
    restated_yes,
    slot_question,
    snippet_focus,
    stranger,
    withdraw,
    yes_and_question,
)
from bot.dialogue import context as CX
from bot.dialogue import shop_questions as SQ
from bot.dialogue import texts as T
from bot.dialogue.classic import ClassicSource
from bot.dialogue.commands import CommandSource, UnderstandingContext, Understood
from bot.dialogue.facts import Facts
from bot.dialogue.flows import (
    address,
    base,
    cancel,
    changes,
    chitchat,
    delivery,
    exchange,
    handoff,
    invoice,
    payment,
    policy_info,
    product_info,
    refunds,
    returns,
    status,
    tickets,
    troubleshoot,
    warranty,
)
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import HISTORY_TURNS, Dialogue, Outcome, Turn
from bot.dialogue.state import DialogueState, Frame
from bot.lang import replies as R
from bot.lang.display_names import localise_lines
from bot.shop import order_ids

log = logging.getLogger(__name__)

Runner = Callable[[FlowContext, Any], Awaitable[Outcome]]
FLOWS: dict[str, Runner] = {
    "return_request": returns.run,
    "exchange_request": exchange.run,
    "delivery_issue": delivery.run,
    "payment_issue": payment.run,
    "warranty": warranty.run,
    "product_info": product_info.run,
    "modify_order": changes.modify_order,
    "change_payment": changes.change_payment,
    "default_address": changes.default_address,
    "order_status": status.run,
    "troubleshooting": troubleshoot.run,
    "cancel_order": cancel.run,
    "change_address": address.run,
    "refund_status": refunds.run,
    "invoice": invoice.run,
    "policy_info": policy_info.run,
}
# Flows that only look something up (nothing waits to be changed): not offered back when paused.
LOOKUPS = ("troubleshooting", "product_info", "order_status", "refund_status")
# The second source is asked only below this classic confidence.
SECOND_SOURCE_BELOW = 0.5
SECOND_SOURCE_TIMEOUT_S = 3.0
# Requests that act on an order: a shop question asked with one is answered next to it.
ACTIONS = frozenset({"modify_order", "cancel_order", "change_address", "change_payment", "return_request",
                     "exchange_request", "default_address"})
# Shop questions whose answer opens no flow (a window question starts policy_info, a refund one may list refunds).
SHOP_ANSWERS = frozenset({"delivery_time", "customs", "carriers", "refusal"})
# Turns in a row not understood before a person is offered.
MISSES_BEFORE_PERSON = 2


class Engine:
    def __init__(self, tools: Any, reveal: Callable[[str], str] | None = None, nlu: Any | None = None,
                 knowledge: Any | None = None, facts: Facts | None = None,
                 second: CommandSource | None = None, now: datetime | None = None,
                 conceal: Callable[[str, str], str] | None = None) -> None:
        self.tools = tools
        self.reveal = reveal or (lambda s: s)
        self.conceal = conceal
        self.nlu = nlu
        self.knowledge = knowledge
        self.facts = facts or Facts.load()
        self.classic = ClassicSource(nlu)
        self.second = second
        self.now = now or getattr(tools, "now", None)
        self.legacy = Dialogue(tools, reveal=self.reveal)
        self.understood: Understood | None = None
        self.flow: dict[str, Any] = {"name": None, "step": None}
        self._ran: str | None = None

    # ------------------------------------------------------------------------------------------
    async def step(self, turn: Turn, state: dict[str, Any], customer: Any | None, snippets: list[Any]) -> Outcome:
        st = DialogueState.load(state)
        st.turns += 1
        lang = turn.language
        guard = self.legacy._guard(turn, state, customer, lang)
        # Refused before anything is looked up: nothing of the shop is read for a probe.
        orders = await self._orders(customer) if guard is None else []
        catalogue = await self._catalogue() if guard is None else {}
        localise_lines(orders, catalogue)   # order lines named in the customer's language too
        flow, step = (st.frame.flow, st.frame.step) if st.frame else _legacy_pending(state)
        ctx = UnderstandingContext(
            text=turn.text, language=lang,
            history=tuple((str(r), str(t)) for r, t in (state.get("history") or [])[-2 * HISTORY_TURNS:]),
            flow=flow, step=step, slots=dict(st.frame.slots) if st.frame else {},
            orders=tuple(_brief(o) for o in orders), catalogue=tuple(catalogue.values()),
            last_flow=st.last_flow, last_order_id=st.last_order_id, last_skus=tuple(st.last_skus),
            last_product_id=st.opened.get("product"), last_address=_address_of(st),
            recent_orders=tuple(st.recent_orders))
        understood = self.classic.from_nlu(ctx, turn.intent, turn.confidence, turn.entities, catalogue,
                                           runner_up=self._runner_up(turn.text, turn.intent))
        understood = await self._maybe_second(ctx, understood)
        answered: Outcome | None = None
        if guard is None and (st.frame is None or st.frame.step == "done") and not state.get("pending"):
            # A change asked right after a status answer is about that order (after_status).
            understood, answered = _after_status(turn, st, orders, catalogue, understood)
        snippets = relevant_snippets(snippets, turn.text, orders, catalogue)
        # Only the part of a page for this question and this customer's countries (#13).
        snippets = snippet_focus.focus_snippets(snippets, turn.text, orders)
        self.understood = understood
        _remember_items(st, understood, {str(o['id']) for o in orders})
        _name_products(turn, understood, orders)
        # An offer the last reply closed on ("shall I pass it on?"): only the very next message answers it.
        self._offered = state.pop("offer_next", None)
        if guard is not None:
            st.finish()
            out = guard
        elif answered is not None:
            st.finish()
            # (an answer about what the order's status allows: a next "then add one more X" is
            # still read against that order)
            self._ran = "order_status"
            out = answered
        else:
            out = await self._decide(turn, state, st, customer, snippets, orders, catalogue, understood)
        if isinstance(out.facts, dict) and isinstance(out.facts.get("offer_next"), dict) \
                and (st.frame is None or st.frame.step == "done"):
            state["offer_next"] = out.facts["offer_next"]
        if guard is None and out.step in ("no_orders", "no_customer") and not orders:
            # A stranger's question that needs no order ("你们发货到中国吗"): the shop's page.
            found = self.knowledge.search(turn.text, lang=lang, k=3) if self.knowledge is not None else []
            found = snippet_focus.focus_snippets(found, turn.text, orders)
            page = SQ.for_stranger(turn.text, lang, orders, [*found, *snippets])
            if page:
                st.finish()
                out = Outcome(page, step="knowledge", intent="other")
        # (a message the classifier itself reads as a clear request may get the same answer again)
        if guard is None and (st.frame is None or st.frame.step == "done") \
                and (turn.intent == "other" or turn.confidence < 0.8) \
                and CX.repeats_answer(out.answer, state.get("history") or [], turn.text):
            out = self._instead_of_repeat(ctx, st, orders, catalogue, lang)
        if self._ran and out.step == "refused":
            # The legacy follow-up rules ("can't you make an exception?") read this.
            state["last_refusal"], state["refusal_turns"] = (out.facts.get("decision") or {}).get("code"), 2
        elif self._ran and state.get("last_refusal"):
            # A flow answered another request since: the refusal is no longer what a grumble is about.
            state["last_refusal"] = None
        if out.step == "already_open" and any(r.startswith("follow-up: a detail") for r in understood.reasons):
            out.answer = CX.noted(lang) + out.answer      # a detail for the case just opened, not a new case
        self.legacy._sentiment(turn, state, out, lang)
        if out.intent:
            state["last_intent"] = out.intent
        st.last_address = _address_of(st)
        known = [str(o["id"]) for o in orders]
        st.recent_orders = other_order.remember(st.recent_orders, order_ids.find_known(turn.text, known),
                                                st.last_order_id if st.last_order_id in known else None)
        if st.frame is not None:
            self.flow = st.flow_trace()
        else:
            self.flow = {"name": self._ran or _flow_of(out), "step": out.step}
            if self.flow["name"]:
                st.last_flow = self.flow["name"]
        st.save(state)
        return out

    def _instead_of_repeat(self, ctx: UnderstandingContext, st: DialogueState, orders: list[dict[str, Any]],
                           catalogue: Mapping[str, Mapping[str, Any]], lang: str) -> Outcome:
        """A new question that would get the previous answer again was not understood: ask about
        the order just answered (what its status allows) and offer a person, never the same text."""
        st.misses += 1
        product = catalogue.get(str(ctx.last_product_id)) if ctx.last_product_id else None
        if ctx.last_flow == "product_info" and product:
            self._ran = None
            return Outcome(CX.which_version(product, lang, True), step="clarify", intent="product_info",
                           knowledge_query=False)
        about = st.last_order_id if any(str(o["id"]) == str(st.last_order_id) for o in orders) else None
        options = CX.about_options(ctx, about) if about else ([st.last_flow] if st.last_flow else [])
        self._ran = None
        return Outcome(CX.clarify(options, lang, True, orders, {"order_id": about} if about else {}, ctx.text),
                       step="clarify", intent="other", knowledge_query=False)

    async def _decide(self, turn: Turn, state: dict[str, Any], st: DialogueState, customer: Any,
                      snippets: list[Any], orders: list[dict[str, Any]], catalogue: dict[str, dict[str, Any]],
                      u: Understood) -> Outcome:
        lang = turn.language
        fc = FlowContext(tools=self.tools, customer=customer, turn=turn, lang=lang, orders=orders, state=st,
                         understood=u, facts=self.facts, now=self.now, snippets=snippets, catalogue=catalogue,
                         reveal=self.reveal, conceal=self.conceal,
                         history=[(str(r), str(t)) for r, t in state.get("history") or []],
                         knowledge=self.knowledge,
                         handoff=lambda reason, text=R.safety: handoff.open_ticket(self.tools, turn, state, customer,
                                                                                   lang, reason, text))
        names = u.names()
        started = [f for f in u.flows()]
        frame = st.frame
        # "never mind, I'll keep it" / "退货取消吧" with a return of theirs open: that record named
        # back with how it is withdrawn, never a new return or an order cancel (withdraw, #13).
        if (frame is None or frame.step == "done") and not state.get("pending"):
            offered = getattr(self, "_offered", None)
            plain = _yes_no_plain(turn.text) if offered and offered.get("withdraw") else None
            if offered and plain is not None:
                # its yes / no before any flow reads "不用了" against the order in focus
                st.misses = 0
                return await self._take_offer(fc, turn, state, customer, offered, plain)
            withdrawn = await withdraw.answer(fc, offered)
            if withdrawn is not None:
                st.finish()
                st.misses = 0
                self._ran = "refund_status"
                return withdrawn
        # "who pays the import tax?", "how long does delivery take?": the shop's answer, with or
        # without an order, before any flow reads the message as a request about one (shop_questions).
        if (frame is None or frame.step in ("done",)) and not state.get("pending") and "handoff" not in names \
                and not any(r.startswith(AS.REASON) for r in u.reasons) \
                and not (len(started) > 1 and started[0] in ACTIONS):    # (its question is answered with it)
            focused = await _after_focus(fc, st, u)
            if focused is not None:
                st.misses = 0
                self._ran = st.last_flow
                return focused
            # "how is my exchange going?", a return parcel's tracking number: the record on file
            # answers (record_status), never a how-to text, an order look-up or a new case.
            nxt = case_followup.answer(fc)
            if nxt is not None:
                # "ok, how long will that take?" right after a billing case: that case's next step
                st.finish()
                st.misses = 0
                self._ran = "payment_issue"
                return nxt
            recorded = await record_status.answer(fc) or photo_question.answer(fc)
            if recorded is not None:
                st.finish()
                st.misses = 0
                self._ran = "ticket_follow_up" if recorded.step in ("already_open", "choose_ticket", "case_question") \
                    else "refund_status"
                return recorded
            kind = SQ.asked(turn.text, orders, st.last_flow)
            answered = await SQ.answer(fc, kind) if kind else None
            if answered is not None:
                if not (kind == "window" and answered.step == "confirm"):
                    st.finish()          # (a window answer offering to start a return stays open for the yes)
                st.misses = 0
                # a "how long?" about the order just answered stays that order's status answer
                self._ran = "order_status" if kind == "delivery_time" and st.last_flow == "order_status" \
                    else "policy_info" if kind == "window" else "shop_question"
                return answered
        # "where do I send the photos?" while a flow asks for something: answered, the flow kept
        if frame is not None and frame.step not in ("done", "confirm") and photo_question.asks(turn.text):
            told = photo_question.answer(fc)
            if told is not None:
                st.misses = 0
                return told
        # handoff
        if "handoff" in names:
            st.finish()
            from bot.lang import cues as C
            if C.SAFETY.search(turn.text):
                if tickets.REPORTED_BEFORE.search(turn.text) or record_status.asked(turn.text) == "case":
                    # A hazard already reported and not answered: that open case is chased, with
                    # the safety advice again — never a second ticket for the same report.
                    referred = await tickets.refer(fc, None, asked=True)
                    if referred is not None:
                        self._ran = "ticket_follow_up"
                        referred.answer = T.t(lang, "Please keep it switched off and don't use it meanwhile. ",
                                              "在此期间请先停止使用、不要通电。") + referred.answer
                        return referred
                from bot.dialogue.product_kind import named_kind
                kind = named_kind(turn.text, fc.slots_given().get("items") or [], orders, catalogue)
                return await handoff.open_ticket(self.tools, turn, state, customer, lang, "safety",
                                                 lambda tid, lg: R.safety(tid, lg, kind, turn.text))
            if C.BOT_QUESTION.search(turn.text) and not C.WANTS_PERSON.search(turn.text):
                return chitchat.reply("who_am_i", lang, "human_agent")
            self._ran = "handoff"
            from bot.dialogue import keep_item
            asked = u.first("handoff")
            if asked is not None and asked.args.get("reason") == keep_item.NOTE:
                # the customer's own wish goes onto the case and is said back (never a return)
                if fc.slots_given().get("order_id"):
                    st.last_order_id = str(fc.slots_given()["order_id"])
                    st.save(state)
                return await handoff.open_ticket(
                    self.tools, turn, state, customer, lang, keep_item.NOTE,
                    lambda tid, lg: self._handoff_text(tid, lg) + keep_item.said_back(lg))
            return await handoff.open_ticket(self.tools, turn, state, customer, lang,
                                             "customer asked for a person", self._handoff_text)
        # "forget the jacket change, just the address": that change kept, the other one dropped
        if frame is not None and frame.flow in FLOWS and frame.step == "confirm":
            kept = keep_only.split(turn.text, frame, st.paused)
            if kept is not None:
                st.misses = 0
                keep, st.paused = kept
                if keep is frame:
                    from bot.dialogue.flows import side_question
                    return base.out(T.t(lang, "OK, only that one.", "好的，只办这一项。")
                                    + side_question.reask(frame, lang), frame, "confirm")
                st.frame = keep
                fc.understood = Understood((), u.confidence, u.source, (*u.reasons, "one change kept, the other dropped"))
                self.understood = fc.understood
                if keep.step == "confirm":
                    from bot.dialogue.flows import side_question
                    return base.out(T.t(lang, "OK, I've dropped the other change.", "好的，另一项不改了。")
                                    + side_question.reask(keep, lang), keep, "confirm")
                import dataclasses
                fc.turn = dataclasses.replace(turn, text=str(keep.slots.pop("_text", "") or turn.text))
                return await self._run(fc, keep)
        # "好的" / "ok thanks" / "右拉链那个，确认" to "X is sold out. In stock: (one version). Which one?":
        # that version is taken and written in this turn (pick_and_go.single_offer), never a goodbye
        # (a pick the understanding read goes on through the continue rule, with its own values)
        if frame is not None and frame.flow in FLOWS and frame.step in _ASKING and "deny" not in names \
                and not any(r.startswith("a pick among") for r in u.reasons):
            taken = await self._single_offer_taken(fc, frame, orders, catalogue)
            if taken is not None:
                return taken
        # "thanks, bye" / "好的谢谢 再见" / "算了 不用了" while a request waits: nothing is done, the
        # request is dropped (the next message cannot carry it out), and the customer is told so
        if frame is not None and frame.flow in FLOWS and frame.step != "done" and closing.closes(turn.text) \
                and not any(n in names for n in ("start_flow", "handoff")) \
                and not (_asks_for_yes(frame) and closing.yes_with_thanks(turn.text)):
            # (a set_slot here is only context carried over: closes() admits no word that names anything)
            from bot.dialogue.flows import side_question
            if frame.step == "confirm" and closing.only_thanks(turn.text):
                return base.out(T.t(lang, "Nothing has been changed yet.", "目前还没有做任何修改。")
                                + side_question.reask(frame, lang), frame, "confirm")
            what = _proposal_text(frame, lang) or side_question._request_text(frame, lang) \
                if frame.step == "confirm" else ""
            st.finish()
            st.paused = []
            state["pending"] = None
            st.misses = 0
            return base.out(closing.closed_reply(what, lang), None, "aborted")
        # cancel_flow
        if "cancel_flow" in names and frame is not None:
            st.finish()
            return base.out(R.aborted(lang), None, "aborted")
        # a yes / no to the offer the last reply closed on (a return, an exchange, a colleague)
        offered = getattr(self, "_offered", None)
        if offered and (frame is None or frame.step == "done"):
            answer = _answer_to_offer(turn.text, u, offered)
            if answer is not None:
                st.misses = 0
                return await self._take_offer(fc, turn, state, customer, offered, answer)
        # "never mind" / "forget it" / "keep the original" to a question or an offer of the flow in
        # progress (which line? which version? return the rest?): nothing is done, nothing asked again
        if frame is not None and frame.flow in FLOWS and frame.step in _ASKING and "deny" in names \
                and not any(n in names for n in ("set_slot", "correct_slot", "start_flow")):
            st.finish()
            return base.out(R.aborted(lang), None, "aborted")
        # "算了 never mind" / "不用了" with nothing waiting (after a refusal or an answer): an
        # acknowledgement — never a new request guessed from the words (records14)
        if (frame is None or frame.step == "done") and not state.get("pending") and not st.paused \
                and closing.never_mind(turn.text) and "handoff" not in names:
            st.finish()
            st.misses = 0
            return chitchat.reply("acknowledge", lang, "other")
        # "ok go ahead" right after a change waiting for its yes was offered back: that yes is for it
        if _closing_after_offer(st, turn.text, u):
            # "thanks, that's all" to a change offered back: it is dropped, nothing is written.
            st.paused = st.paused[1:]
            st.misses = 0
            return chitchat.reply("thanks_bye", lang, "thanks_bye")
        back = _offered_back(st, turn.text, u)
        if back is not None:
            st.misses = 0
            state["pending"] = None
            st.paused = [f for f in st.paused if f is not back]
            st.frame = back
            yes = _yes_no_plain(turn.text) or restated_yes.restates(turn.text, back, u)
            from bot.dialogue.commands import Command
            if back.step != "confirm":
                # "shall we go back to …?" — yes: its own question again; no: dropped, nothing done.
                back.slots.pop("_offered_back", None)
                if not yes:
                    st.finish()
                    return base.out(R.aborted(lang), None, "aborted")
                back.asked = 0
                fc.understood = Understood((), 0.95, u.source, (*u.reasons, "yes to the request offered back"))
                self.understood = fc.understood
                return await self._then(fc, await self._run(fc, back), [])
            fc.understood = Understood((Command("confirm" if yes else "deny"),), 0.95, u.source,
                                       (*u.reasons, "answers the change offered back"))
            self.understood = fc.understood
            out = await self._run(fc, back)
            return await self._then(fc, out, [])
        # "yes cancel X" / "好的，取消X" / "X" (the very order) at a confirmation: the yes to it, not the
        # same request started over with the same confirmation (restated_yes)
        if frame is not None and frame.flow in FLOWS and restated_yes.restates(turn.text, frame, u):
            return await self._confirm_pending(fc, frame, "a yes repeating the pending change")
        # "please do. also can I get an invoice?": the pending change is made, then the new request
        also = restated_yes.yes_with_new_request(turn.text, frame, u, FLOWS)
        if frame is not None and frame.flow in FLOWS and also is not None:
            queued = [Frame(str(c.args["flow"]), slots={"_text": str(c.args.get("text") or turn.text)})
                      for c in u.commands if c.name == "start_flow" and c.args.get("flow") in FLOWS
                      and c.args.get("flow") != frame.flow]
            return await self._confirm_pending(fc, frame, "a yes with a new request", queued)
        # "ok and when will the rest ship?": the yes makes the change, then the question is answered
        asks = restated_yes.yes_and_asks(turn.text, frame, u)
        if frame is not None and frame.flow in FLOWS and asks is not None:
            st.misses = 0
            return await self._yes_then_answer(fc, frame, asks)
        # a question while a change waits for its yes: answered, the change kept, the yes asked again
        side = u.first("knowledge_answer")
        if frame is not None and frame.step == "confirm" and side is not None and side.args.get("at_confirm"):
            st.misses = 0
            if frame.flow in FLOWS and yes_and_question.yes_first(turn.text, names):
                return await self._yes_then_answer(fc, frame, str(side.args.get("topic")))
            return await self._side_answer(fc, turn, state, customer, snippets, frame, str(side.args.get("topic")))
        # a rule question while the flow still asks for a line / a size / an order: answered, and
        # the same question asked again in one reply (the flow stays where it was)
        if frame is not None and frame.flow in FLOWS and frame.step in slot_question.SLOT_STEPS \
                and not any(n in names for n in ("confirm", "correct_slot", "handoff")) \
                and not _names_shop_data(turn.text, orders, catalogue):
            asked = slot_question.which(turn.text, orders, st.last_flow, frame.slots.get("order_id"))
            if asked is not None:
                st.misses = 0
                return await self._answer_then_reask(fc, turn, state, customer, snippets, frame, asked)
        # continue the flow in progress
        if frame is not None and frame.flow in FLOWS and frame.step not in ("done",) \
                and (not started or started[0] == frame.flow) \
                and any(n in names for n in ("confirm", "deny", "set_slot", "correct_slot")):
            state["pending"] = None
            st.misses = 0
            asked_pick = frame.step in _ASKING
            out = await self._run(fc, frame)
            if asked_pick and out.step == "confirm" and st.frame is frame \
                    and pick_and_go.says_yes(turn.text, _values_named(frame, orders, catalogue)) \
                    and any(r.startswith("a pick among") for r in u.reasons):
                # "那就玫瑰金国标的吧，确认": the pick among the versions offered and its yes in one message.
                # (the yes is read as a bare yes: the pick's own values are already the proposal)
                import dataclasses
                fc.turn = dataclasses.replace(turn, text=T.t(lang, "yes", "确认"))
                return await self._confirm_pending(fc, frame, "a pick with its go-ahead")
            return await self._then(fc, out, [])
        # "I already reported this": the open case it points at, never a duplicate or a status answer
        if frame is None or frame.step in ("done",):          # never in the middle of another request
            referred = await tickets.refer(fc, started[0] if started else None) \
                or await tickets.again(fc, started[0] if started else None, state)
            if referred is not None:
                st.finish()
                self._ran = "ticket_follow_up"
                return referred
        # start a v2 flow (and queue the other requests of the same message)
        if started and started[0] in FLOWS:
            state["pending"] = None
            st.misses = 0
            if "deny" in names and frame is not None:
                st.finish()          # "no, don't cancel — change it instead": the old request is dropped, not paused
            old = frame
            # "remove the raincoat. also how long does delivery take": the shop's own answer to the
            # question part (shop_questions), next to the change proposed — never a lookup queued
            # behind the yes, never the question swallowing the change.
            asked = await self._shop_answers(fc, u, started[0]) if old is None or old.step == "done" else []
            if asked:
                u = Understood(tuple(c for c in u.commands if c not in [a for a, _ in asked]), u.confidence,
                               u.source, (*u.reasons, "a question of how the shop works answered too"))
                fc.understood = u
            frame = st.start(started[0])
            _carry_lines(st, old, frame, fc.slots_given())
            queued = [Frame(str(c.args["flow"]), slots={"_text": str(c.args.get("text") or "")})
                      for c in [c for c in u.commands if c.name == "start_flow"][1:] if c.args.get("flow") in FLOWS]
            if queued and frame.slots.get("items") is None:
                # Items named in a later request belong to that request, not this one.
                first = turn.text
                for q in queued:
                    first = first.replace(q.slots["_text"], " ")
                fc.understood = _scoped(u, first, orders, fc.catalogue,
                                        later=" ".join(str(q.slots["_text"]) for q in queued))
                if st.last_order_id and _later_order(str(st.last_order_id), first,
                                                     " ".join(str(q.slots["_text"]) for q in queued),
                                                     orders, fc.catalogue):
                    # The order "last talked about" is the one this message's later request names
                    # ("… also where is my tent?"): never the first request's order by default.
                    st.last_order_id = None
            out = await self._run(fc, frame)
            out = _join_waiting(st, old, frame, out, lang)
            out = await self._then(fc, out, queued)
            if asked:
                told = "\n\n".join(a.answer for _, a in asked)
                out = Outcome(told + "\n\n" + out.answer, facts={**{k: v for _, a in asked for k, v in a.facts.items() if k != "offer_next"},
                                                                 **out.facts},
                              handoff=out.handoff, step=out.step, intent=out.intent, knowledge_query=out.knowledge_query)
            return out
        # a legacy flow waits for its answer, or a legacy flow is asked for
        if state.get("pending") or (started and started[0] not in FLOWS) or "chitchat" in names \
                or "knowledge_answer" in names:
            if frame is not None and frame.step in ("confirm",) and "knowledge_answer" in names:
                # A side question while a v2 flow waits for its yes: answer, then ask again.
                out = await self.legacy.step(turn, state, customer, snippets)
                from bot.dialogue.flows import side_question
                out.answer = out.answer.rstrip() + side_question.reask(frame, lang)
                return out
            if started:
                st.finish()
            st.misses = 0
            return await self.legacy.step(turn, state, customer, snippets)
        # a question about the flow in progress that gave nothing usable
        if frame is not None and frame.flow in FLOWS and frame.step not in ("done",):
            frame.asked += 1
            if frame.asked <= 1:
                return await self._run(fc, frame)
        # a company title right after an invoice answer belongs to that invoice
        if _invoice_title_follow_up(turn, state, st):
            st.misses = 0
            frame = st.start("invoice", order_id=st.last_order_id)
            return await self._run(fc, frame)
        # "yes" to the colleague the refusal just offered (an open request to be updated): hand off
        if CX.accepts_offered_person(turn.text, state.get("last_refusal")):
            st.misses = 0
            self._ran = "handoff"
            return await handoff.open_ticket(self.tools, turn, state, customer, lang,
                                             f"customer accepted a person after {state.get('last_refusal')}")
        # the legacy policy's own follow-up rules (after a refusal, invoice titles, "are you a bot",
        # safety words, a yes/no on its own) come before a clarification
        if _legacy_rule_applies(turn, state):
            from bot.dialogue.product_kind import named_kind
            # Its safety rule says "unplug it" only for an item of an electrical kind (per the catalogue).
            state["item_electric"] = named_kind(turn.text, fc.slots_given().get("items") or [], orders, catalogue)
            try:
                return await self.legacy.step(turn, state, customer, snippets)
            finally:
                state.pop("item_electric", None)
        # clarify
        clarify = u.first("clarify")
        options = list((clarify.args if clarify else {}).get("options") or []) \
            or CX.after_rule_options(st.last_flow, state.get("last_intent"), turn.text)
        if not options and snippets and getattr(snippets[0], "score", 0) >= 4.0:
            return await self.legacy.step(turn, state, customer, snippets)
        st.misses += 1
        about = (clarify.args if clarify else {}).get("about")
        given = {**fc.slots_given(), "order_id": about} if about and not fc.slots_given().get("order_id") \
            else fc.slots_given()
        return Outcome(CX.clarify(options, lang, st.misses >= MISSES_BEFORE_PERSON, orders, given, turn.text),
                       step="clarify", intent=turn.intent, knowledge_query=False)

    async def _then(self, fc: FlowContext, out: Outcome, queued: list[Frame]) -> Outcome:
        """After a flow step: run the next request of the same message now if the first is over,
        or keep it for when the first finishes; a topic paused earlier is offered back."""
        st = fc.state
        if st.frame is not None:                      # the first still waits (a yes, a choice)
            # Other changes of the same message are proposed now too, for one yes (joint.py).
            out, queued = await joint.propose_together(self._run, self._scope, fc, out, queued, st.frame)
            st.paused = (queued + st.paused)[:3]
            return out
        # A look-up left half-asked (which order? what fault?) is not offered back once the customer
        # has moved on: they ask again if they still want it; an unfinished change is offered back.
        pending = queued + [f for f in st.paused if f.flow not in LOOKUPS]
        st.paused = []
        while pending:
            frame = pending.pop(0)
            both = await joint.answer_joint(self._run, fc, frame)
            if both is not None:
                # The yes (or no) just given was to this change too: proposed with the first.
                if both.answer:
                    out = Outcome(out.answer + "\n\n" + both.answer, facts={**out.facts, **both.facts},
                                  handoff=out.handoff or both.handoff, step=both.step, intent=out.intent,
                                  knowledge_query=out.knowledge_query)
                st.frame = None
                continue
            if frame.step not in ("start",):
                # An interrupted flow: offer it back rather than resume it unasked.
                st.paused = [frame] + pending
                out.answer += _offer_back(st, frame, fc.lang)
                return out
            st.frame = frame
            piece = str(frame.slots.pop("_text", "") or "")
            if piece:
                import dataclasses
                fc.turn = dataclasses.replace(fc.turn, text=piece)
            fc.understood = _scoped(fc.understood, piece, fc.orders, fc.catalogue, keep=False)
            nxt = await self._run(fc, frame)
            out = Outcome(out.answer + "\n\n" + nxt.answer, facts={**out.facts, **nxt.facts},
                          handoff=out.handoff or nxt.handoff, step=nxt.step, intent=nxt.intent,
                          knowledge_query=out.knowledge_query)
            if st.frame is not None:
                st.paused = pending[:3]
                return out
        return out

    async def _shop_answers(self, fc: FlowContext, u: Understood, first: str) -> list[tuple[Any, Outcome]]:
        """The queued requests of a message that are questions of how the shop works (delivery days,
        customs, carriers, refusing a parcel), each with the shop's answer — when the message's first
        request is an action on an order. Only answers that open no flow of their own."""
        import dataclasses
        if first not in ACTIONS:
            return []
        found: list[tuple[Any, Outcome]] = []
        for c in [c for c in u.commands if c.name == "start_flow"][1:]:
            piece = str(c.args.get("text") or "")
            kind = SQ.asked(piece, fc.orders, fc.state.last_flow) if piece else None
            if kind not in SHOP_ANSWERS:
                continue
            told = await SQ.answer(dataclasses.replace(fc, turn=dataclasses.replace(fc.turn, text=piece)), str(kind))
            if told is not None and told.answer:
                found.append((c, told))
        return found

    async def _single_offer_taken(self, fc: FlowContext, frame: Frame, orders: list[dict[str, Any]],
                                  catalogue: Mapping[str, Any]) -> Outcome | None:
        """A clear yes to a question that offered one in-stock version: that version proposed and
        confirmed in one turn (None: several or none offered, no clear yes, or another value named)."""
        import dataclasses

        from bot.dialogue.commands import Command
        if not pick_and_go.single_offer(frame.slots):
            return None
        text = fc.turn.text
        product = _offer_product(frame, orders, catalogue)
        said = [(d, v) for d, v, _ in _option_mentions(product, text)] if product else []
        offer = pick_and_go.single_offer_yes(frame.slots, text, said, _values_named(frame, orders, catalogue))
        if not offer:
            return None
        u = fc.understood
        # Read as the bare yes the flow already takes the one offered version on (take_offered_option,
        # the sold-out question's own candidate), whatever else the words were.
        fc.turn = dataclasses.replace(fc.turn, text=T.t(fc.lang, "yes", "确认"))
        fc.understood = Understood((Command("confirm"),), 0.95, u.source,
                                   (*u.reasons, "a yes to the only version offered"))
        self.understood = fc.understood
        fc.state.misses = 0
        same = _same_price(frame, orders, catalogue, offer)
        out = await self._run(fc, frame)
        if out.step != "confirm" or fc.state.frame is not frame or not same:
            # (another price: the confirmation says the difference, which the offer did not)
            return await self._then(fc, out, [])
        return await self._confirm_pending(fc, frame, "a yes to the one version offered")

    async def _confirm_pending(self, fc: FlowContext, frame: Frame, why: str,
                               queued: list[Frame] | None = None) -> Outcome:
        """The customer's yes to the pending confirmation: the flow's confirm step, exactly once."""
        from bot.dialogue.commands import Command
        u = fc.understood
        fc.state.misses = 0
        fc.state.frame = frame
        fc.understood = Understood((Command("confirm"),), 0.95, u.source, (*u.reasons, why))
        self.understood = fc.understood
        out = await self._run(fc, frame)
        if queued:
            fc.understood = u            # the new request is read from its own words
        return await self._then(fc, out, list(queued or []))

    async def _yes_then_answer(self, fc: FlowContext, frame: Frame, topic: str) -> Outcome:
        """"yes - and when do I get the money?": the pending change is made on the yes, then the
        question is answered from the shop's data (read before the frame finishes)."""
        from bot.dialogue.commands import Command
        from bot.dialogue.flows import side_question
        extra = await side_question.answer(fc, frame, topic)
        u = fc.understood
        fc.understood = Understood((Command("confirm"),), 0.95, u.source, (*u.reasons, "a yes with a question"))
        self.understood = fc.understood
        out = await self._run(fc, frame)
        out = await self._then(fc, out, [])
        if extra and out.step == "done":
            out.answer = out.answer.rstrip() + " " + extra.strip()
        return out

    async def _side_answer(self, fc: FlowContext, turn: Turn, state: dict[str, Any], customer: Any,
                           snippets: list[Any], frame: Frame, topic: str) -> Outcome:
        """The answer to a side question at a confirmation (from the shop's data, else the help
        centre), then the confirmation in one short line; the pending frame stays current."""
        from bot.dialogue.flows import side_question
        text = await side_question.answer(fc, frame, topic)
        out = Outcome(text, step="confirm", intent=turn.intent, knowledge_query=False) if text else None
        if out is None:
            pending = state.get("pending")
            out = await self.legacy.step(turn, state, customer, snippets)
            state["pending"] = pending
            if R.fallback(fc.lang) in out.answer or out.step == "clarify":
                out.answer = side_question.unknown(fc, frame)
        fc.state.frame = frame
        out.answer = out.answer.rstrip() + side_question.reask(frame, fc.lang)
        out.step = "confirm"
        return out

    async def _answer_then_reask(self, fc: FlowContext, turn: Turn, state: dict[str, Any], customer: Any,
                                 snippets: list[Any], frame: Frame, asked: slot_question.Asked) -> Outcome:
        """The rule question answered (the shop's answer, else the help centre, else said plainly
        that the shop's information has no answer), then the flow's own question again."""
        import dataclasses

        from bot.dialogue.flows import side_question
        st = fc.state
        saved, paused, pending = st.frame, list(st.paused), state.get("pending")
        text = ""
        if asked.source == "shop":
            got = await SQ.answer(fc, asked.kind)
            text = got.answer if got is not None else ""
        else:
            text = await side_question.answer(fc, frame, asked.kind)
            if not text:
                got = await self.legacy.step(turn, state, customer, snippets)
                if R.fallback(fc.lang) not in got.answer and got.step != "clarify":
                    text = got.answer
        st.frame, st.paused = saved, paused          # an answer read aside never moves the flow
        state["pending"] = pending
        if not text:
            text = side_question.unknown(fc, frame) if frame.slots.get("chosen") else slot_question.unknown(fc.lang)
        # The flow's question again, as if nothing usable was said (the question's words are not a slot).
        fc.turn = dataclasses.replace(turn, text="")
        # A question is not an unanswered ask: a flow that takes "asked twice" as "the whole order"
        # must not count this turn (its counter is put back after the question is asked again).
        asked_before, frame.asked = frame.asked, 0
        u = fc.understood
        fc.understood = Understood((), u.confidence, u.source, (*u.reasons, f"a {asked.kind} question before the "
                                                                           f"{frame.flow} step {frame.step}"))
        self.understood = fc.understood
        again = await self._run(fc, frame)
        frame.asked = asked_before
        fc.turn = turn
        return Outcome(text.rstrip() + "\n\n" + again.answer, facts=again.facts, handoff=again.handoff,
                       step=again.step, intent=again.intent, knowledge_query=False)

    def _scope(self, fc: FlowContext, piece: str) -> None:
        """This turn's understanding with the items of one request's words; the message's other
        slots (the order id, the address) stay: changes proposed together are about one order."""
        fc.understood = _scoped(fc.understood, piece, fc.orders, fc.catalogue)

    async def _take_offer(self, fc: FlowContext, turn: Turn, state: dict[str, Any], customer: Any,
                          offered: Mapping[str, Any], yes: bool) -> Outcome:
        """The customer answered the offer the last reply made: a yes starts exactly what was
        offered (its own confirmation still comes before any write), a no drops it."""
        st, lang = fc.state, fc.lang
        flow = str(offered.get("flow") or "")
        if not yes:
            st.finish()
            return base.out(R.aborted(lang), None, "aborted")
        if flow == "withdraw":
            # the return / exchange taken back through the shop; "… and exchange it instead": the
            # exchange of the same lines proposed next, on the same yes (withdraw, #13)
            self._ran = "refund_status"
            done, then = await withdraw.confirm(fc, offered)
            if then is None:
                st.finish()
                return done
            frame = st.start("exchange_request", **then)
            nxt = await self._run(fc, frame)
            nxt = await self._then(fc, nxt, [])
            return Outcome(done.answer + "\n\n" + nxt.answer, facts={**done.facts, **nxt.facts}, handoff=nxt.handoff,
                           step=nxt.step, intent=nxt.intent, knowledge_query=False)
        if flow == "handoff":
            self._ran = "handoff"
            return await handoff.open_ticket(self.tools, turn, state, customer, lang,
                                             str(offered.get("reason") or "customer accepted the offer of a person"),
                                             self._handoff_text)
        if flow not in FLOWS:
            return base.out(R.aborted(lang), None, "aborted")
        slots = {k: v for k, v in offered.items() if k not in ("flow", "reason")}
        frame = st.start(flow, **slots)
        out = await self._run(fc, frame)
        return await self._then(fc, out, [])

    async def _run(self, fc: FlowContext, frame: Any) -> Outcome:
        self._ran = frame.flow
        fc.handed_to = None
        try:
            out = await FLOWS[frame.flow](fc, frame)
            # A flow that handed the turn to another one (a fault read as a parcel case) names it.
            self._ran = fc.handed_to or frame.flow
            if stranger.lost(fc.customer, fc.orders, frame.flow, out.step):
                out = without_orders(fc, out)
            return out
        finally:
            if fc.state.frame is frame and frame.step in ("done", "refused", "aborted", "policy_answer",
                                                          "refused_privacy"):
                fc.state.finish()

    # ------------------------------------------------------------------------------------------
    def _handoff_text(self, ticket_id: str | None, lang: str) -> str:
        # Service hours and reply time are the shop's facts, not the demo shop's.
        return R.handoff(ticket_id, lang, hours=self.facts.text("service.hours", lang),
                         within_hours=self.facts.get("service.reply_within_hours"))

    async def _orders(self, customer: Any) -> list[dict[str, Any]]:
        if customer is None:
            return []
        res = await self.tools.list_orders(customer, limit=20)
        return list(res.data.get("orders", [])) if res.ok else []

    async def _catalogue(self) -> dict[str, dict[str, Any]]:
        """The shop's products by id (public form); empty for a shop without a catalogue."""
        shop = getattr(self.tools, "shop", None)
        fn = getattr(shop, "products", None) or getattr(self.tools, "products", None)
        if fn is None:
            return {}
        try:
            res = await fn()
        except Exception:          # noqa: BLE001 - a catalogue outage must not stop the turn
            log.warning("catalogue unavailable")
            return {}
        items = res.data.get("products", []) if hasattr(res, "data") else res
        return {str(p["id"] if isinstance(p, Mapping) else p.id): (dict(p) if isinstance(p, Mapping)
                                                                  else p.public_dict()) for p in items or []}

    def _runner_up(self, text: str, intent: str) -> tuple[str, float] | None:
        clf = getattr(self.nlu, "classifier", None)
        if clf is None:
            return None
        probs = clf.probabilities([text])[0]
        ranked = sorted(zip(clf.classes, probs), key=lambda p: -p[1])
        second = next(((str(n), float(p)) for n, p in ranked if n != intent), None)
        return second

    async def _maybe_second(self, ctx: UnderstandingContext, classic: Understood) -> Understood:
        if self.second is None or classic.confidence >= SECOND_SOURCE_BELOW:
            return classic
        try:
            other = await asyncio.wait_for(self.second.understand(ctx), SECOND_SOURCE_TIMEOUT_S)
        except Exception:          # noqa: BLE001 - the classic reading stands when the other fails
            log.warning("second command source failed; classic reading kept")
            return classic
        return other if other.commands and other.confidence > classic.confidence else classic


def _later_order(oid: str, text: str, later: str, orders: list[dict[str, Any]],
                 catalogue: Mapping[str, Any]) -> bool:
    """Whether order `oid` is named (by id or by an item) only in the `later` requests of the
    message, not in `text`, the first request's part."""
    from bot.dialogue import matching as M
    from bot.shop import order_ids
    known = [str(o.get("id")) for o in orders]

    def names(part: str) -> bool:
        return oid in order_ids.find_known(part, known) or any(
            r.order_id == oid for r in M.match_items(part, orders, dict(catalogue)) if not r.excluded)
    return bool(later) and names(later) and not names(text)


def _scoped(u: Understood, text: str, orders: list[dict[str, Any]], catalogue: Mapping[str, Any],
            keep: bool = True, later: str = "") -> Understood:
    """`u` with its item slots read from `text` only (one request of several in a message). An
    order known only from a `later` request's words ("invoice to Acme GmbH …, also where is my
    tent?": the tent's order) is that request's, not this one's."""
    from bot.dialogue import matching as M
    from bot.dialogue.commands import set_slot
    refs = M.match_items(text, orders, dict(catalogue)) if text else []
    cmds = [c for c in u.commands if keep and c.name not in ("set_slot", "correct_slot")]
    others = {k: v for c in u.commands if c.name == "set_slot" for k, v in c.args.items() if k != "items"} if keep else {}
    oid = str(others.get("order_id") or "")
    if oid and later and _later_order(oid, text, later, orders, catalogue):
        others.pop("order_id")
    slots = dict(others)
    if refs:
        slots["items"] = [{"order_id": r.order_id, "sku": r.sku, "excluded": r.excluded, "score": r.score,
                           "start": r.start} for r in refs]
    if slots:
        cmds.append(set_slot(**slots))
    return Understood(tuple(cmds), u.confidence, u.source, u.reasons)


def _join_waiting(st: DialogueState, old: Frame | None, new: Frame, out: Outcome, lang: str) -> Outcome:
    """"pay by bank transfer instead" → (proposed) → "and ship it to …": a second change of the
    same order asked while the first waits for its yes is proposed with it, and the one yes makes
    both (joint.py); neither is silently left behind."""
    if old is None or old is new or st.frame is not new or new.step != "confirm" or old not in st.paused \
            or old.step != "confirm" or old.flow not in joint.JOINT_FLOWS or new.flow not in joint.JOINT_FLOWS:
        return out
    if str(old.slots.get("order_id") or "") != str(new.slots.get("order_id") or "") and old.flow != "default_address" \
            and new.flow != "default_address":
        return out
    waiting = _proposal_text(old, lang)
    if not waiting:
        return out
    old.slots[joint.JOINT] = new.slots[joint.JOINT] = True
    out.answer += T.t(lang, f"\n\nStill waiting for your yes as well: {waiting}.", f"\n\n另有一项也在等您确认：{waiting}。") \
        + T.t(lang, '\nReply "yes" to make both changes, or tell me which one you want.',
              "\n回复“确认”两项都办理，或告诉我只办哪一项。")
    return out


def _offer_back(st: DialogueState, frame: Frame, lang: str) -> str:
    """A paused flow offered back after another answer; a change that was waiting for its yes is
    restated, so the customer's next "yes" is an answer to that very change."""
    frame.slots["_offered_back"] = st.turns          # the next plain yes / no answers this offer
    if frame.step != "confirm":
        return T.resume(frame.flow, lang)
    from bot.dialogue.flows import side_question
    return side_question.reask(frame, lang)


# A change of an order line: asking for it again ("好 那换成这个", "ok swap it") after an offer of
# that change is the yes to it, when the message names no order or line of its own.
_LINE_CHANGES = frozenset({"exchange_request", "modify_order"})


def _answer_to_offer(text: str, u: Understood, offered: Mapping[str, Any] | None = None) -> bool | None:
    """A bare yes or no (nothing else asked or named) to the offer the last reply closed on."""
    if len(text.strip()) > 30:
        return None
    flows = set(u.flows())
    if flows and offered is not None and str(offered.get("flow")) in _LINE_CHANGES and flows <= _LINE_CHANGES:
        given = {k for c in u.commands if c.name == "set_slot" for k, v in c.args.items() if v}
        if not given & {"order_id", "items"}:
            return _yes_no_plain(text) is not False
    if flows:
        return None          # a new request of its own, not an answer to the offer
    return _yes_no_plain(text)


def _yes_no_plain(text: str) -> bool | None:
    """A yes or a no that asks nothing back (None otherwise)."""
    from bot.dialogue.classic import asks_back
    from bot.dialogue.legacy import yes_no
    answer = yes_no(text)
    if answer is True and asks_back(text):
        return None
    return answer


_CLOSING = re.compile(r"^\W*(?:ok(?:ay)?\W*)?(?:no\W*)?(?:thanks|thank you|thx|cheers|that'?s all|that is all|nothing else|"
                      r"谢谢|多谢|不用了|没有了|没事了|没别的了)", re.I)


def _names_shop_data(text: str, orders: list[dict[str, Any]], catalogue: Mapping[str, Any]) -> bool:
    """The message names an order or a line of the customer's (a slot for the flow, not a rule question)."""
    from bot.dialogue import matching as M
    from bot.shop import order_ids
    if order_ids.find_known(text, [str(o["id"]) for o in orders]):
        return True
    return any(not r.excluded for r in M.match_items(text, orders, catalogue))


def _closing_after_offer(st: DialogueState, text: str, u: Understood) -> bool:
    """A thanks / "that's all" right after a waiting change was offered back."""
    if st.frame is not None or not st.paused or u.flows():
        return False
    frame = st.paused[0]
    return frame.step == "confirm" and frame.slots.get("_offered_back") == st.turns - 1 \
        and bool(_CLOSING.search(text)) and _yes_no_plain(text) is None     # a plain no: the no rule


def _offered_back(st: DialogueState, text: str, u: Understood) -> Frame | None:
    """The paused change restated at the end of the previous answer, when this message is a plain
    yes or no to it (nothing else asked, no new request)."""
    if st.frame is not None or not st.paused or "handoff" in u.names():
        return None
    frame = st.paused[0]
    if frame.slots.get("_offered_back") != st.turns - 1:
        return None
    if restated_yes.restates(text, frame, u):
        # "ok yes cancel it" to "Shall I go ahead with: cancel order X?": that very change, even
        # though another order was talked about in between
        return frame
    if u.flows():
        return None
    return frame if _yes_no_plain(text) is not None else None


def _proposal_text(frame: Frame, lang: str) -> str:
    """A change waiting for its yes, in a few words ("" when it cannot be said)."""
    s = frame.slots
    if frame.flow == "modify_order" and s.get("what_en"):
        return str(T.t(lang, str(s["what_en"]), str(s.get("what_zh") or s["what_en"])))
    if frame.flow == "change_payment" and s.get("pm_type"):
        kind = T.payment_type(str(s["pm_type"]), lang)
        return str(T.t(lang, f"pay order {s.get('order_id')} with {kind}", f"订单 {s.get('order_id')} 改用{kind}支付"))
    if frame.flow == "change_address" and s.get("address"):
        return str(T.t(lang, f"deliver order {s.get('order_id')} to {s['address']}",
                       f"订单 {s.get('order_id')} 改寄到 {s['address']}"))
    if frame.flow == "default_address" and s.get("address"):
        return str(T.t(lang, f"default address {s['address']}", f"默认地址改为 {s['address']}"))
    return ""


# Steps where a flow asks a question or makes an offer (not a yes/no to a proposal).
_ASKING = ("choose_items", "ask_change", "ask_wanted")


def _asks_for_yes(frame: Frame) -> bool:
    """Does the flow's last question wait for a yes or a pick: a confirmation, or a question offering
    lines or versions ("… can still be returned — shall I start a return for it?", "In stock: … Which
    one?")? There "ok thanks" / "好的谢谢" / "就这样吧" agrees (#13), it is no goodbye: one thing offered
    is taken, several are asked about again."""
    return frame.step == "confirm" or (frame.step in _ASKING and bool(
        frame.slots.get("offered") or frame.slots.get("offered_options") or frame.slots.get("sold_out")))


def _offer_product(frame: Frame, orders: list[dict[str, Any]], catalogue: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The product whose versions the flow's last question offered: the sold-out line's (kept with
    the question), else the proposal's first line's in the catalogue."""
    sold = frame.slots.get("sold_out")
    if isinstance(sold, Mapping) and isinstance(sold.get("product"), Mapping) and sold["product"].get("options"):
        return sold["product"]
    from types import SimpleNamespace

    from bot.dialogue.rejected_options import proposal_lines
    for line in proposal_lines(SimpleNamespace(slots=frame.slots, orders=orders)):
        product = catalogue.get(str(line.get("product_id"))) if catalogue else None
        if isinstance(product, Mapping):
            return product
    return None


def _same_price(frame: Frame, orders: list[dict[str, Any]], catalogue: Mapping[str, Any],
                offer: Mapping[str, str]) -> bool:
    """Does the offered version cost what the line's own version costs (an unknown price: no)?"""
    from types import SimpleNamespace

    from bot.dialogue.rejected_options import proposal_lines
    sold = frame.slots.get("sold_out")
    sku = str(sold.get("sku") or "") if isinstance(sold, Mapping) else ""
    lines = [ln for ln in proposal_lines(SimpleNamespace(slots=frame.slots, orders=orders))
             if not sku or str(ln.get("sku")) == sku]
    for line in lines[:1]:
        product = catalogue.get(str(line.get("product_id"))) if catalogue else None
        variants = list(product.get("variants") or []) if isinstance(product, Mapping) else []
        own = next((v for v in variants if str(v.get("sku")) == str(line.get("sku"))), None)
        new = next((v for v in variants if {str(k): str(x) for k, x in (v.get("options") or {}).items()} == dict(offer)),
                   None)
        if own is not None and new is not None and own.get("price") is not None:
            return float(own.get("price") or 0) == float(new.get("price") or 0)
    return False


def _option_mentions(product: Mapping[str, Any], text: str) -> list[tuple[str, str, int]]:
    from bot.dialogue.classic import _mentions
    return _mentions(product, text)


def _values_named(frame: Frame, orders: list[dict[str, Any]], catalogue: Mapping[str, Any]) -> Callable[[str], bool]:
    """Does a clause name an option value of the offered product ("right zip": its "right" is no yes)?"""
    product = _offer_product(frame, orders, catalogue)
    return (lambda clause: bool(_option_mentions(product, clause))) if product else (lambda _: False)


# Flows about some lines of one order: switching between them keeps the lines and their counts.
ITEM_FLOWS = ("return_request", "exchange_request", "modify_order")


def _carry_lines(st: DialogueState, old: Frame | None, new: Frame, given: Mapping[str, Any]) -> None:
    """"actually, can I exchange it instead" while one of two units waits to be returned: the new
    request is about the same lines and the same number of units; the old one is dropped, not
    offered back."""
    if old is None or old is new or old.flow == new.flow or old.flow not in ITEM_FLOWS \
            or new.flow not in ITEM_FLOWS or given.get("items") or old.step in ("done", "start"):
        return
    oid = old.slots.get("order_id")
    if given.get("order_id") and str(given["order_id"]) != str(oid):
        return
    chosen = [c for c in old.slots.get("chosen") or [] if c.get("sku")]
    if chosen and oid:
        new.slots["items"] = [{"order_id": oid, "sku": c["sku"], "excluded": False, "qty": int(c.get("qty") or 1)}
                              for c in chosen]
    elif old.slots.get("items"):
        new.slots["items"] = [dict(i) for i in old.slots["items"]]
    else:
        return
    for key in ("order_id", "qty"):
        if old.slots.get(key) is not None and key not in given:
            new.slots[key] = old.slots[key]
    st.paused = [f for f in st.paused if f is not old]


def _address_of(st: DialogueState) -> str | None:
    """The address placeholder last given in this conversation ("make that my default too")."""
    for f in [st.frame, *st.paused]:
        if f is not None and f.slots.get("address"):
            return str(f.slots["address"])
    return st.last_address


def _invoice_title_follow_up(turn: Turn, state: Mapping[str, Any], st: DialogueState) -> bool:
    from bot.dialogue.flows.invoice import company_name
    from bot.lang import cues as C
    # A title cue, or a name shaped like a company ("sorry, it should be Brandt Cycles Ltd").
    return bool(st.last_order_id and (state.get("last_intent") == "invoice" or st.last_flow == "invoice")
                and (C.TITLE_CUE.search(turn.text) or company_name(turn.text)))


def _legacy_rule_applies(turn: Turn, state: Mapping[str, Any]) -> bool:
    from bot.dialogue.legacy import yes_no
    from bot.lang import cues as C
    text = turn.text
    return bool(state.get("last_refusal") or C.BOT_QUESTION.search(text) or C.SAFETY.search(text)
                or C.TICKET.search(text) or yes_no(text) is not None
                or (state.get("last_intent") == "product_issue" and C.TRIED.search(text)))


_LEGACY_STEP = {"confirm": "confirm", "choose_order": "choose_order", "need_address": "ask_address",
                "need_wanted": "ask_wanted"}


def _legacy_pending(state: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The legacy policy's waiting action as (flow, step), so yes/no read as confirm/deny."""
    pending = state.get("pending") or {}
    if not pending:
        return None, None
    return str(pending.get("action")), _LEGACY_STEP.get(str(pending.get("stage")), str(pending.get("stage")))


# Tags that say what a help-centre page is about in general; any other tag names a product kind.
_TOPIC_TAGS = frozenset({"shipping", "returns", "return_request", "refund", "refund_status", "invoice", "warranty",
                         "product_issue", "troubleshooting", "care", "cleaning", "repair", "how-to", "policy",
                         "payment", "privacy", "data", "contact", "order_status", "exchange", "exchanges",
                         "exchange_request", "fees", "tracking", "delivery", "size", "sizing", "battery",
                         "charging", "sync", "app", "cooking", "error code", "damaged", "wrong item", "condition",
                         "non-returnable", "partial", "warehouse", "lost", "missing", "dispatch", "region",
                         "carrier", "courier", "free shipping", "reissue", "deadline", "fapiao", "vat",
                         "e-invoice", "email", "personal information", "cancel_order", "change_address",
                         "human_agent", "hours", "service"})


def relevant_snippets(snippets: list[Any], text: str, orders: list[dict[str, Any]],
                      catalogue: Mapping[str, Any] | None = None) -> list[Any]:
    """No snippet beats a wrong snippet: a page about one kind of product (its `products:`
    header, else tags like "down jacket", "kettle") is kept only when the message or the items
    named are about that kind, and the shop sells that kind (bot/dialogue/relevance.py)."""
    from bot.dialogue import matching as M
    from bot.dialogue import relevance
    named = " ".join(str(i.get("name") or "") for o in orders for i in o.get("items") or []
                     if M.match_items(text, [{"id": o["id"], "items": [i]}]))
    keep = []
    for s in snippets:
        kinds = relevance.kinds(s)
        if not kinds:
            keep.append(s)
            continue
        if (relevance.mentioned(kinds, text) or relevance.mentioned(kinds, named)) \
                and relevance.sold_here(kinds, catalogue):
            keep.append(s)
    return keep


def _name_products(turn: Turn, u: Understood, orders: list[dict[str, Any]]) -> None:
    """The items named (and not excluded) as `entities.products`, in the shop's own names: what
    the legacy policy narrows orders by, and what the trace shows."""
    names: list[str] = []
    lines = {(str(o["id"]), str(i.get("sku"))): str(i.get("name") or "") for o in orders for i in o.get("items") or []}
    for c in u.commands:
        if c.name in ("set_slot", "correct_slot"):
            for i in c.args.get("items") or []:
                name = lines.get((str(i["order_id"]), str(i["sku"])))
                if name and not i.get("excluded") and name not in names:
                    names.append(name)
    if isinstance(turn.entities, dict):
        turn.entities["products"] = names


def _remember_items(st: DialogueState, u: Understood, known: set[str] | None = None) -> None:
    """Items named now become what "it" means next turn; an order id written is the order in
    focus (a vague "only that one" next resolves inside it, #13)."""
    for c in u.commands:
        if c.name in ("set_slot", "correct_slot") and isinstance(c.args.get("order_id"), str) \
                and not c.args.get("items") and c.args["order_id"] in (known or set()):
            st.last_order_id = c.args["order_id"]
        if c.name in ("set_slot", "correct_slot") and c.args.get("items"):
            kept = [i for i in c.args["items"] if not i.get("excluded")] or list(c.args["items"])
            orders = {i["order_id"] for i in kept}
            if len(orders) == 1:
                st.last_order_id = next(iter(orders))
                st.last_skus = [i["sku"] for i in kept]


def _after_status(turn: Turn, st: DialogueState, orders: list[dict[str, Any]],
                  catalogue: Mapping[str, Mapping[str, Any]], u: Understood) -> tuple[Understood, Outcome | None]:
    """The payment change or the item added that the message asks of the order the last status
    answer was about: that order's flow (with its id), or the answer when no flow can take it."""
    from bot.dialogue.commands import set_slot, start_flow
    fu = AS.read(turn.text, st.last_flow, st.last_order_id, orders, catalogue)
    if fu is None:
        return u, None
    if fu.kind == "new_item" and fu.product_id is None and u.flows() \
            and u.flows()[0] not in ("modify_order", "order_status", "product_info", "troubleshooting"):
        return u, None                   # an unknown thing "added" to another request: that request's
    why = (*u.reasons, f"{AS.REASON}: {fu.why}")
    order = next(o for o in orders if str(o["id"]) == fu.order_id)
    if fu.kind == "payment":
        return Understood((start_flow("change_payment"), set_slot(order_id=fu.order_id)), 0.9, u.source, why), None
    if fu.kind == "more_units" and AS.changeable(order):
        item = {"order_id": fu.order_id, "sku": fu.sku, "excluded": False}
        return Understood((start_flow("modify_order"), set_slot(order_id=fu.order_id, items=[item])), 0.9,
                          u.source, why), None
    st.last_order_id = fu.order_id
    if fu.kind == "more_units":
        line = next(i for i in order.get("items") or [] if str(i.get("sku")) == fu.sku)
        text = AS.more_units_closed(order, line, turn.language)
    else:
        text = AS.new_item_answer(order, catalogue.get(str(fu.product_id)), turn.language)
    facts = {"order": _brief(order), "item": fu.sku or fu.product_id, "changeable": AS.changeable(order)}
    return Understood(u.commands, u.confidence, u.source, why), Outcome(text, facts=facts, step="done",
                                                                      intent="modify_order")


def _brief(order: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": order["id"], "status": order.get("status"), "placed_at": order.get("placed_at"),
            "items": [{"sku": i.get("sku"), "name": i.get("name"), "options": i.get("options") or {},
                       "qty": i.get("qty"), "product_id": i.get("product_id")} for i in order.get("items") or []]}


def _as(turn: Turn, intent: str, confidence: float) -> Turn:
    import dataclasses
    return dataclasses.replace(turn, intent=intent, confidence=confidence)


_STEP_FLOW = {"order_status": "order_status", "refund_status": "refund_status", "invoice": "invoice",
              "handoff": "handoff", "troubleshoot": "troubleshooting"}


def _flow_of(out: Outcome) -> str | None:
    if out.step in _STEP_FLOW:
        return _STEP_FLOW[out.step]
    intent = out.intent
    if intent == "human_agent":
        return "handoff"
    if intent == "product_issue":
        return "troubleshooting"
    return intent if intent in ("order_status", "cancel_order", "change_address", "exchange_request",
                                "refund_status", "invoice", "return_request") else None


# Someone else's order asked about by a person with no orders of their own ("I'm her friend").
_FOR_SOMEONE = re.compile(r"\b(?:for|on behalf of) (?:my|a) (?:friend|wife|husband|mum|mom|dad|mother|father|partner|"
                          r"sister|brother|son|daughter|colleague|boss)\b|\b(?:i'?m|i am) (?:his|her|their) (?:friend|"
                          r"wife|husband|partner|sister|brother|mum|mom|son|daughter|colleague)\b|"
                          r"\b(?:she|he|they|my (?:friend|wife|husband|partner))\s+(?:ordered|bought|placed|paid)\b|"
                          r"(?:我是|我是她|我是他)(?:的)?(?:朋友|老婆|老公|家人|同事|妈妈|爸爸)|(?:替|帮|给)(?:我)?(?:朋友|老婆|老公|家人|同事|"
                          r"妈妈|爸爸|她|他)(?:问|查)|(?:她|他|朋友|老婆|老公)(?:下|买|订)(?:的单|了)", re.I)


def without_orders(fc: FlowContext, out: Outcome) -> Outcome:
    """A flow found no orders on this account at all. A question about a product or a policy needs
    no order: the shop's own answer (a relevant knowledge page). An order of someone else's: the
    privacy rule, once, with what can be answered — never "no orders" again and again."""
    lang = fc.lang
    if _FOR_SOMEONE.search(fc.turn.text) or CX.others_order(fc.turn.text):
        fc.state.finish()
        return Outcome(R.t(lang, "I can only look up orders of the account you're writing from, so I can't check an "
                                 "order placed by someone else — they can message us from their own account, or send "
                                 "the order number from there. Questions about our products, delivery or returns I'm "
                                 "happy to answer here.",
                           "出于隐私保护，我只能查询您当前账户下的订单，无法查看别人下的订单——请对方用自己的账户联系我们，"
                           "或从自己的账户发来订单号。关于商品、配送或退换货规则的问题，我可以直接在这里为您解答。"),
                       step="refused_privacy", intent="other", knowledge_query=False)
    if stranger.asks_refund(fc.turn.text):
        # "refund it to my card": refused with the reason (the buyer's account, the original method).
        fc.state.finish()
        return Outcome(stranger.refund_reply(fc.turn.text, lang), step="refused_privacy", intent=out.intent,
                       knowledge_query=False)
    if stranger.claims_ownership(fc.turn.text):
        # "it's mine, my phone is …", "knowing the number proves it": why that cannot verify here.
        fc.state.finish()
        return Outcome(stranger.claim_reply(lang), step="refused_privacy", intent=out.intent, knowledge_query=False)
    # An order number typed is answered first; a charge only when no shop page answers the question
    # ("what is an authorisation hold?" is the page's, "I was charged twice" is verified).
    verify = stranger.reply(fc.turn.text, lang) if stranger.typed_order_id(fc.turn.text) else None
    page_first = next((s for s in fc.snippets if getattr(s, "score", 0) >= 3.0
                       and getattr(s, "lang", lang) in (lang, None)
                       and re.search(r"charge|扣款|预授权", str(getattr(s, "text", "")), re.I)), None) is not None \
        and _ASKS.search(fc.turn.text)
    if verify is None and not page_first:
        verify = stranger.reply(fc.turn.text, lang)
    if verify is not None:
        # An order number typed or a charge reported: how to get it checked, nothing disclosed.
        fc.state.finish()
        return Outcome(verify, step="refused_privacy", intent=out.intent, knowledge_query=False)
    best = next((s for s in fc.snippets if getattr(s, "score", 0) >= 3.0
                 and getattr(s, "lang", lang) in (lang, None)), None)
    if best is not None and _ASKS.search(fc.turn.text):
        fc.state.finish()
        return Outcome(R.info_answer(lang, best.text, fc.turn.intent), facts={"snippet": best.id},
                       step="policy_answer", intent=out.intent)
    fc.state.finish()              # no orders at all: nothing to come back to later
    return out


# A question rather than a request to act on an order.
_ASKS = re.compile(r"[?？]|吗|呢|多久|多少|怎么|如何|是否|能不能|可不可以|什么|哪|\b(?:how|what|when|where|which|why|"
                   r"do you|does|can i|can you|could|is it|are there|is there)\b", re.I)


async def _after_focus(fc: FlowContext, st: DialogueState, u: Understood) -> Outcome | None:
    """"how long?", "那运费呢", "那我怎么寄回去" right after a return, exchange or cancellation was
    made: read against that record (its refund timeline, its postage rule, its how-to page), never
    the delivery days of other orders or the capability menu (None: not such a question, or the
    record was not made, or the shop's data cannot say)."""
    from bot.dialogue import focus_questions as FQ
    flow, oid = st.last_flow, st.last_order_id
    if flow not in FQ.FOCUS_FLOWS or not oid or not FQ.elliptical(fc.turn.text) or FQ.kind(fc.turn.text) is None:
        return None
    named = fc.slots_given().get("order_id")
    if named and str(named) != str(oid):
        return None                      # another order named: its own question
    items = [i for i in fc.slots_given().get("items") or [] if isinstance(i, dict) and not i.get("excluded")]
    if any(str(i.get("sku")) not in st.last_skus or str(i.get("order_id") or oid) != str(oid) for i in items):
        return None                      # another line named ("and the bottle, how long?"): its own question
    order = fc.order(oid)
    if order is None:
        return None
    made = (flow == "return_request" and f"return:{order['id']}" in st.opened) \
        or (flow == "cancel_order" and order.get("status") == "cancelled") \
        or (flow == "exchange_request" and order.get("status") in ("delivered", "exchanged"))
    if not made:
        return None
    text = await FQ.answer_after(fc, flow, str(order["id"]), list(st.last_skus))
    if not text:
        return None
    return Outcome(text, step="done", intent=flow, knowledge_query=False)
