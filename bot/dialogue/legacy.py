"""What is left of the first policy: the turns that are not a flow, and the rules for when.

Guards (injection, other people's data, strangers naming a customer); when chit-chat applies
(greeting, thanks, "are you a bot", a bare yes/no: the replies are flows/chitchat.py); knowledge
and policy answers; the follow-ups after a refusal; the safety and faulty-excluded-item
hand-offs (tickets via flows/handoff.py); the sentiment rule. Every action on an order (cancel,
address, return, exchange, invoice, refund status) is a typed flow in bot/dialogue/flows/. Also
home of the shared `Turn` and `Outcome` types. Only redacted text ever enters the state.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.lang import cues as C
from bot.lang import replies as R

ORDER_INTENTS = ("order_status", "cancel_order", "change_address", "return_request",
                 "exchange_request", "invoice")
HISTORY_TURNS = 12


def yes_no(text: str) -> bool | None:
    """True for a clear yes, False for a clear no, None otherwise. Negation wins."""
    s = text.strip()
    if C.NO_EN.match(s) or C.NO_ZH.match(s) or C.NO_EMOJI.match(s):
        return False
    if C.YES_EN.match(s) or C.YES_ZH.match(s) or C.YES_EMOJI.match(s):
        # "ok wait" / "好 等等先": the yes is taken back (#13, yes14)
        return None if C.YES_TAKEN_BACK.search(s) else True
    thanks = C.THANKS_FIRST.match(s)
    if thanks and s[thanks.end():].strip():
        # "唔该晒 就咁做" / "thanks, go ahead": the yes after the thanks
        return yes_no(s[thanks.end():])
    # "算啦唔退喇", "我留返自己用", "撤回申請", "nah I'll keep it": the return / exchange given up,
    # said to its confirm or offer, is its no (keep14b) — never a repeat of the question.
    from bot.dialogue import withdraw
    if withdraw.declines(s):
        return False
    return None


@dataclass
class Turn:
    """What the dialogue needs to know about one turn."""

    text: str                      # redacted
    language: str
    intent: str
    confidence: float
    entities: Mapping[str, Any]
    sentiment_label: str
    sentiment_score: float
    identity: str
    conversation: str


@dataclass
class Outcome:
    answer: str
    facts: dict[str, Any] = field(default_factory=dict)
    handoff: bool = False
    step: str = ""
    intent: str = ""               # the intent actually acted on (a yes/no follows the flow's)
    knowledge_query: bool = True   # False: the answer needs no knowledge snippets (greetings, thanks)


def new_state() -> dict[str, Any]:
    return {"pending": None, "last_order_id": None, "offered": [], "history": [], "lang": None,
            "misses": 0, "negative_streak": 0}


class Dialogue:
    """Decides the next step; calls the shop tools; returns the template answer and facts."""

    def __init__(self, tools: Any, reveal: Callable[[str], str] | None = None) -> None:
        self.tools = tools
        # Placeholders back to the customer's own values, for the one tool argument that needs
        # the real thing (a new delivery address); traces still record only the placeholder.
        self.reveal = reveal or (lambda text: text)

    async def step(self, turn: Turn, state: dict[str, Any], customer: Any | None,
                   snippets: list[Any]) -> Outcome:
        from bot.dialogue.flows import chitchat  # imports this module's Outcome
        lang = turn.language
        turn = _explicit(turn)
        # Waiting actions (cancel, address, returns, exchanges) live in the v2 flows now; a pending
        # action persisted by an older version is dropped rather than half-continued.
        state["pending"] = None
        out = self._guard(turn, state, customer, lang)
        if out is None:
            state["pending"] = None
            turn = _follow_up(turn, state)
            if state.get("last_intent") == "product_issue" and C.TRIED.search(turn.text) \
                    and turn.intent in ("product_issue", "other", "exchange_request", "return_request") \
                    and turn.confidence < 0.6:
                out = Outcome(R.offer_remedies(lang), step="offer_remedies", intent="product_issue",
                              knowledge_query=False)
            elif C.SAFETY.search(turn.text) and turn.intent in ("product_issue", "other", "return_request",
                                                              "exchange_request", "human_agent"):
                kind = state.get("item_electric", True)
                out = await self._handoff(turn, state, customer, lang, reason="safety",
                                          text=lambda tid, lg: R.safety(tid, lg, kind, turn.text))
            elif state.get("last_refusal") and turn.intent in ("other", "product_issue", "thanks_bye") \
                    and not C.THANKS_ONLY.search(turn.text) and (turn.sentiment_label == "negative"
                                                                 or turn.confidence < 0.8
                                                                 or C.PUSHBACK.search(turn.text)):
                out = Outcome(R.after_refusal(lang), step="after_refusal", intent=turn.intent,
                              knowledge_query=False)
            elif state.get("last_refusal") == "non_returnable_category" and C.DEFECT.search(turn.text):
                # "it's your misprint": an excluded item that arrived faulty is a person's call.
                out = await self._handoff(turn, state, customer, lang, reason="faulty non-returnable item")
            elif C.BOT_QUESTION.search(turn.text) and not C.WANTS_PERSON.search(turn.text) \
                    and turn.intent in ("human_agent", "other", "greeting"):
                out = chitchat.reply("who_am_i", lang, turn.intent)
            elif yes_no(turn.text) is not None and turn.intent in ("greeting", "other", "thanks_bye") \
                    and turn.confidence < 0.8 and len(turn.text) <= 12:
                out = chitchat.reply("acknowledge", lang, turn.intent)
            elif _is_info_question(turn, state) and _best_snippet(snippets, lang) is not None \
                    and getattr(_best_snippet(snippets, lang), "score", 0) >= 3.0:
                best = _best_snippet(snippets, lang)
                out = Outcome(R.info_answer(lang, best.text, turn.intent), facts={"snippet": best.id},
                              step="policy_answer", intent=turn.intent)
            else:
                out = await self._fresh(turn, state, customer, snippets, lang)
        if turn.entities.get("products"):
            state["last_products"] = list(turn.entities["products"])
        if out.intent:
            state["last_intent"] = out.intent
        if out.step == "refused":
            state["last_refusal"], state["refusal_turns"] = (out.facts.get("decision") or {}).get("code"), 2
        elif state.get("last_refusal"):
            state["refusal_turns"] = int(state.get("refusal_turns") or 0) - 1
            if state["refusal_turns"] <= 0 or out.step in ("confirm", "done", "handoff", "after_refusal"):
                state["last_refusal"] = None
        self._sentiment(turn, state, out, lang)
        return out

    # -- a flow in progress -------------------------------------------------------------------

    def _guard(self, turn: Turn, state: dict[str, Any], customer: Any, lang: str) -> Outcome | None:
        """Answers that come before any flow: injection attempts, requests for other people's
        data, and strangers introducing themselves as a customer. A pending action is dropped."""
        out = None
        if C.INJECTION.search(turn.text):
            out = Outcome(R.fallback(lang), step="refused_injection", intent="other", knowledge_query=False)
        elif C.OTHERS_DATA.search(turn.text):
            out = Outcome(R.others_data(lang), step="refused_privacy", intent="other", knowledge_query=False)
        elif customer is None and turn.intent in ("other", "greeting") \
                and re.search(r"<(PERSON|PHONE_NUMBER|EMAIL_ADDRESS|CN_RESIDENT_ID)(_\d+)?>", turn.text):
            out = Outcome(R.identity_required(lang), step="no_customer", intent=turn.intent, knowledge_query=False)
        if out is not None:
            state["pending"] = None
        return out

    # -- a new request --------------------------------------------------------------------------

    async def _fresh(self, turn: Turn, state: dict[str, Any], customer: Any,
                     snippets: list[Any], lang: str) -> Outcome:
        from bot.dialogue.flows import chitchat
        intent = turn.intent
        if intent in ("cancel_order", "change_address", "return_request", "exchange_request") \
                and turn.confidence < 0.35 and not any(turn.entities.get(k) for k in ("order_ids", "products")):
            intent = "other"      # too unsure to start changing someone's order: answer, don't act
        if intent in ("return_request", "exchange_request", "refund_status") and C.REQUEST_STATUS.search(turn.text):
            res = await self.tools.request_status(customer)
            requests = list(res.data.get("requests", []))
            return Outcome(R.request_list(requests, lang), facts={"requests": requests}, step="request_status",
                           intent=intent)
        if intent in ORDER_INTENTS + ("refund_status",):
            # The v2 flows act on orders; a turn handed here was not read as a request to act
            # (an info question, too unsure): it is answered from the knowledge base below.
            intent = "other"
        if intent == "human_agent":
            return await self._handoff(turn, state, customer, lang, reason="customer asked for a person")
        if intent == "greeting":
            return chitchat.reply("greeting", lang, intent, customer)
        if intent == "thanks_bye":
            state["pending"] = None
            return chitchat.reply("thanks_bye", lang, intent)
        if intent == "product_issue":
            state["misses"] = 0
            best = _best_snippet(snippets, lang, prefer_tags=("troubleshooting",))
            if best is not None and (C.TRIED.search(turn.text) or not _symptom_fits(best, turn.text)):
                best = None    # tried already, or a guide for another symptom: never pasted (#13)
            facts: dict[str, Any] = {}
            if best is not None:
                facts["snippet"] = best.id
            return Outcome(R.product_issue(lang, best.text if best is not None else None), facts=facts,
                           step="troubleshoot", intent=intent)
        # other
        if C.CANCEL_FLOW.search(turn.text):
            # "forget it" / "算了" with nothing waiting: an acknowledgement, not the menu.
            state["misses"] = 0
            return chitchat.reply("acknowledge", lang, intent)
        best = _best_snippet(snippets, lang)
        # A direct question earns a lower bar than a remark: its words are the snippet's topic.
        floor = 3.0 if (C.QUESTION.search(turn.text) or re.search(r"[?？吗呢]", turn.text)) else 4.0
        if best is not None and getattr(best, "score", 0) >= floor:
            state["misses"] = 0
            return Outcome(R.knowledge_answer(lang, best.text), facts={"snippet": best.id},
                           step="knowledge", intent=intent)
        state["misses"] = int(state.get("misses") or 0) + 1
        text = R.fallback(lang)
        if state["misses"] >= 2:
            text += R.offer_human(lang)
        return Outcome(text, step="fallback", intent=intent)

    async def _handoff(self, turn: Turn, state: dict[str, Any], customer: Any, lang: str,
                       reason: str, text: Callable[[str | None, str], str] = R.handoff) -> Outcome:
        from bot.dialogue.flows.handoff import open_ticket
        return await open_ticket(self.tools, turn, state, customer, lang, reason, text)

    def _sentiment(self, turn: Turn, state: dict[str, Any], out: Outcome, lang: str) -> None:
        """Upset customers get an apology; clearly angry or repeatedly upset ones are offered a person."""
        if turn.sentiment_label != "negative" or out.handoff or _polite_yes(turn.text):
            state["negative_streak"] = 0
            return
        streak = state["negative_streak"] = int(state.get("negative_streak") or 0) + 1
        if (turn.sentiment_score <= -0.3 or streak >= 2) and not R.starts_with_apology(out.answer):
            out.answer = R.apology(lang) + out.answer
        if (turn.sentiment_score <= -0.5 or streak >= 2) and R.offer_human(lang).strip() not in out.answer:
            out.answer += R.offer_human(lang)

    # -- small helpers --------------------------------------------------------------------------

def _polite_yes(text: str) -> bool:
    """A short yes ("好的 麻烦你了", "ok thanks, go ahead"): "麻烦" / "trouble" there is politeness,
    never upset, so no apology is put in front of the answer (#13)."""
    return len(text.strip()) <= 20 and yes_no(text) is True


def _is_info_question(turn: Turn, state: Mapping[str, Any] | None = None) -> bool:
    """A question about how things work (a policy, a time frame), not a request to act now."""
    if turn.entities.get("order_ids") or turn.entities.get("tracking_numbers"):
        return False
    if turn.intent not in ("return_request", "exchange_request", "refund_status", "cancel_order",
                           "change_address", "invoice", "other", "order_status"):
        return False
    if state and (state.get("last_order_id") or state.get("last_products")) and C.CAN_I.search(turn.text):
        return False          # "can I exchange it for a 43 then?" right after talking about the order
    return bool(C.QUESTION.search(turn.text)) and not C.ACTION.search(turn.text) \
        and not C.POSSESSIVE.search(turn.text) and not turn.entities.get("products") \
        and not C.SPECIFIC_ORDER.search(turn.text)


_SHORT_FOLLOW = 12


def _follow_up(turn: Turn, state: Mapping[str, Any]) -> Turn:
    """"耳机那个" / "the kettle" right after a refund or order answer continues that topic;
    a company title right after an invoice answer belongs to that invoice."""
    last = state.get("last_intent")
    if last == "invoice" and C.TITLE_CUE.search(turn.text) and turn.intent != "invoice":
        return dataclasses.replace(turn, intent="invoice", confidence=max(turn.confidence, 0.6))
    if last not in ORDER_INTENTS + ("refund_status",) or not turn.entities.get("products"):
        return turn
    words = turn.text.split()
    short = len(turn.text) <= _SHORT_FOLLOW if re.search(r"[\u4e00-\u9fff]", turn.text) else len(words) <= 3
    if not short or turn.intent in ORDER_INTENTS + ("refund_status", "human_agent"):
        return turn
    return dataclasses.replace(turn, intent=last, confidence=max(turn.confidence, 0.6))






def _explicit(turn: Turn) -> Turn:
    """Unmistakable requests win over a softer guess: "手表过敏，想退" is a return, not a fault
    report; "电饭煲到哪了" asks where the parcel is; "open a ticket" asks for a person."""
    if C.TICKET.search(turn.text) and turn.intent != "human_agent":
        return dataclasses.replace(turn, intent="human_agent", confidence=max(turn.confidence, 0.9))
    if C.EXPLICIT_RETURN.search(turn.text) and turn.intent in ("product_issue", "other", "order_status",
                                                               "exchange_request", "refund_status",
                                                               "return_request"):
        return dataclasses.replace(turn, intent="return_request", confidence=max(turn.confidence, 0.9))
    if C.EXPLICIT_WHERE.search(turn.text) and turn.intent in ("product_issue", "other"):
        return dataclasses.replace(turn, intent="order_status", confidence=max(turn.confidence, 0.9))
    return turn















def _best_snippet(snippets: list[Any], lang: str, prefer_tags: tuple[str, ...] = ()) -> Any | None:
    if not snippets:
        return None
    same = [s for s in snippets if getattr(s, "lang", lang) in (lang, "both", None)]
    pool = same or snippets
    if prefer_tags:
        tagged = [s for s in pool if set(getattr(s, "tags", []) or []) & set(prefer_tags)]
        pool = tagged or pool
    return pool[0]


def _symptom_fits(snippet: Any, said: str) -> bool:
    """A guide about the symptom the customer named (a pairing guide is no answer to "won't turn on")."""
    from bot.dialogue import symptoms
    return symptoms.guide_fits(f"{getattr(snippet, 'title', '')} {getattr(snippet, 'text', '')}", said)
