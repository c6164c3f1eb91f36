"""The conversation policy: what to do with one understood, redacted turn.

State is a plain dict persisted per conversation (so a restart mid-conversation continues
it). Irreversible actions (cancel, address change, return, exchange) always go through an
explicit confirmation step; a customer may say no, change their mind, pick another order,
or switch topic at any point. Only redacted text ever enters the state.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot import cues as C
from bot import replies as R

ORDER_INTENTS = ("order_status", "cancel_order", "change_address", "return_request",
                 "exchange_request", "invoice")
HISTORY_TURNS = 12
# Below this the classifier's guess does not override a flow in progress.
SWITCH_CONFIDENCE = 0.55


def yes_no(text: str) -> bool | None:
    """True for a clear yes, False for a clear no, None otherwise. Negation wins."""
    s = text.strip()
    if C.NO_EN.match(s) or C.NO_ZH.match(s):
        return False
    if C.YES_EN.match(s) or C.YES_ZH.match(s):
        return True
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
        lang = turn.language
        turn = _explicit(turn)
        pending = state.get("pending")
        out = self._guard(turn, state, customer, lang)
        if out is None and pending:
            out = await self._continue(turn, state, customer, pending, lang)
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
                out = await self._handoff(turn, state, customer, lang, reason="safety", text=R.safety)
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
                out = Outcome(R.who_am_i(lang), step="who_am_i", intent=turn.intent, knowledge_query=False)
            elif yes_no(turn.text) is not None and turn.intent in ("greeting", "other", "thanks_bye") \
                    and turn.confidence < 0.8 and len(turn.text) <= 12:
                out = Outcome(R.acknowledge(lang), step="acknowledge", intent=turn.intent, knowledge_query=False)
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

    def _switches_topic(self, turn: Turn, pending: Mapping[str, Any]) -> bool:
        return (turn.intent not in ("other", "greeting", "thanks_bye")
                and turn.intent != pending["action"]
                and turn.confidence >= SWITCH_CONFIDENCE)

    async def _continue(self, turn: Turn, state: dict[str, Any], customer: Any,
                        pending: dict[str, Any], lang: str) -> Outcome | None:
        action, stage = pending["action"], pending["stage"]
        answer = yes_no(turn.text)
        order_ids = list(turn.entities.get("order_ids") or [])
        if stage == "choose_order":
            picked = order_ids[0] if order_ids else self._pick_offered(turn.text, state)
            if not picked and turn.entities.get("products") and customer is not None:
                offered = [o for o in await self._orders(customer) if o["id"] in (state.get("offered") or [])]
                matching = _narrow_by_product(offered, turn.entities)
                if len(matching) == 1:
                    picked = matching[0]["id"]
            if picked:
                return await self._act(action, picked, turn, state, customer, lang, carry=pending.get("args"))
            if answer is False:
                state["pending"] = None
                return Outcome(R.aborted(lang), step="aborted", intent=action)
            if self._is_comment(turn, pending) and not turn.entities.get("products"):
                return Outcome(R.ask_order_number(lang), step="ask_order", intent=action)
            if self._switches_topic(turn, pending) or turn.intent == "thanks_bye":
                return None
            if turn.intent == action and (turn.entities.get("products") or turn.entities.get("tracking_numbers")):
                return None            # asked again with new details: start afresh
            if action == "exchange_request" and _wanted(turn.entities, turn.text, lang):
                pending.setdefault("args", {})["wanted"] = _wanted(turn.entities, turn.text, lang)
            return Outcome(R.ask_order_number(lang), step="ask_order", intent=action)
        if stage == "confirm":
            if order_ids and order_ids[0] != pending.get("order_id"):
                return await self._act(action, order_ids[0], turn, state, customer, lang)
            if order_ids and answer is None:       # the same order again: still waiting for a yes
                order = await self._order(customer, pending["order_id"])
                return Outcome(R.confirm(action, order, pending["args"], lang),
                               facts={"order": order, "pending": action}, step="confirm", intent=action)
            if answer is False and turn.intent in ORDER_INTENTS and (turn.entities.get("products") or order_ids):
                # "no wait, cancel the rice cooker one instead": drop this one, take the new request.
                state["pending"] = None
                return None
            if answer is None and C.CHANGE_MIND.search(turn.text) and not order_ids:
                answer = False
            if answer is True or (turn.intent == action and answer is None and not order_ids
                                  and _confirms_again(turn.text)):
                return await self._execute(pending, turn, state, customer, lang)
            if answer is False:
                state["pending"] = None
                return Outcome(R.aborted(lang), facts={"order_id": pending.get("order_id")},
                               step="aborted", intent=action)
            if action == "change_address" and C.ADDRESS_PH.search(turn.text):
                return await self._fill(pending, "address", C.ADDRESS_PH.findall(turn.text)[-1], customer, lang)
            if action == "exchange_request" and _wanted(turn.entities, turn.text, lang):
                wanted = _merge_wanted(pending["args"].get("wanted", ""), _wanted(turn.entities, turn.text, lang))
                return await self._fill(pending, "wanted", wanted, customer, lang)
            if any(p.search(turn.text.lower()) for p, _ in C.ORDINALS) and len(turn.text) <= 16:
                return Outcome(R.ask_yes_no(lang), step="ask_yes_no", intent=action)
            if action == "return_request" and turn.entities.get("products"):
                # "只退充电宝": narrow the return to the items named.
                order = await self._order(customer, pending["order_id"])
                skus = _skus_for(order, _products_in_focus(turn, state))
                if skus and skus != pending["args"].get("skus"):
                    pending["args"].update(skus=skus, amount=_amount(order, skus), item=_item_names(order, skus, lang))
                    return Outcome(R.confirm(action, order, pending["args"], lang),
                                   facts={"order": order, "pending": action}, step="confirm", intent=action)
            if self._is_comment(turn, pending):
                # "it doesn't fit my wrist": a reason, not a new request. Keep the flow, note why.
                pending["args"]["reason"] = turn.text[:200]
                order = await self._order(customer, pending["order_id"])
                return Outcome(R.noted(lang) + R.confirm(action, order, pending["args"], lang),
                               facts={"order": order, "pending": action}, step="confirm", intent=action)
            if any(p.search(turn.text.lower()) for p, _ in C.ORDINALS) and len(turn.text) <= 12:
                return Outcome(R.ask_yes_no(lang), step="ask_yes_no", intent=action)
            if self._switches_topic(turn, pending) or turn.intent in ("thanks_bye", "greeting") \
                    or (turn.intent == "other" and turn.confidence >= 0.8):
                return None
            return Outcome(R.ask_yes_no(lang), step="ask_yes_no", intent=action)
        if stage == "need_address":
            found = C.ADDRESS_PH.findall(turn.text)
            if found:
                return await self._fill(pending, "address", found[-1], customer, lang)
            if answer is False:
                state["pending"] = None
                return Outcome(R.aborted(lang), step="aborted", intent=action)
            if self._switches_topic(turn, pending):
                return None
            return Outcome(R.ask_address(pending["order_id"], lang), step="ask_address", intent=action)
        if stage == "need_wanted":
            wanted = _wanted(turn.entities, turn.text, lang)
            if wanted:
                return await self._fill(pending, "wanted", wanted, customer, lang)
            if answer is False:
                state["pending"] = None
                return Outcome(R.aborted(lang), step="aborted", intent=action)
            if self._switches_topic(turn, pending):
                return None
            order = await self._order(customer, pending["order_id"])
            return Outcome(R.ask_wanted(order, lang), step="ask_wanted", intent=action)
        return None

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

    def _is_comment(self, turn: Turn, pending: Mapping[str, Any]) -> bool:
        """During a confirmation: a remark about the item (its fault, why it goes back)."""
        if turn.entities.get("order_ids") or C.WANTS_PERSON.search(turn.text):
            return False
        if turn.intent in ("product_issue",) or (turn.intent == "other" and turn.confidence < 0.8):
            return True
        # "尺码不合适" while a return waits for a yes: a reason unless they ask to exchange.
        return (pending["action"] == "return_request" and turn.intent == "exchange_request"
                and not C.EXCHANGE_WORD.search(turn.text))

    async def _fill(self, pending: dict[str, Any], slot: str, value: str, customer: Any, lang: str) -> Outcome:
        """A slot of the pending action got its value (a new address, the wanted size): confirm."""
        pending["args"][slot] = value
        pending["stage"] = "confirm"
        action = pending["action"]
        order = await self._order(customer, pending["order_id"])
        return Outcome(R.confirm(action, order, pending["args"], lang),
                       facts={"order": order, "pending": action}, step="confirm", intent=action)

    def _pick_offered(self, text: str, state: Mapping[str, Any]) -> str | None:
        offered = state.get("offered") or []
        if not offered:
            return None
        low = text.lower()
        for pattern, index in C.ORDINALS:
            if pattern.search(low):
                return offered[index] if -len(offered) <= index < len(offered) else None
        return None

    # -- a new request --------------------------------------------------------------------------

    async def _fresh(self, turn: Turn, state: dict[str, Any], customer: Any,
                     snippets: list[Any], lang: str) -> Outcome:
        intent = turn.intent
        if intent in ("cancel_order", "change_address", "return_request", "exchange_request") \
                and turn.confidence < 0.35 and not any(turn.entities.get(k) for k in ("order_ids", "products")):
            intent = "other"      # too unsure to start changing someone's order: answer, don't act
        if intent in ("return_request", "exchange_request", "refund_status") and C.REQUEST_STATUS.search(turn.text):
            res = await self.tools.request_status(customer)
            requests = list(res.data.get("requests", []))
            return Outcome(R.request_list(requests, lang), facts={"requests": requests}, step="request_status",
                           intent=intent)
        if intent in ORDER_INTENTS:
            state["misses"] = 0
            return await self._order_intent(intent, turn, state, customer, lang)
        if intent == "refund_status":
            state["misses"] = 0
            order_ids = list(turn.entities.get("order_ids") or [])
            res = await self.tools.refund_status(customer, order_ids[0] if order_ids else None)
            if not res.ok:
                return Outcome(R.order_not_found(lang, order_ids[0] if order_ids else None),
                               facts={"code": res.code}, step="refund_status", intent=intent)
            refunds = list(res.data.get("refunds", []))
            products = _products_in_focus(turn, state) if turn.entities.get("products") else {"products": []}
            if products["products"] and customer is not None and refunds:
                # "the earbuds one": only the refunds of orders with that item.
                about = {o["id"] for o in _narrow_by_product(await self._orders(customer), products)}
                refunds = [r for r in refunds if r.get("order_id") in about] or refunds
            return Outcome(R.refund_list(refunds, lang), facts={"refunds": refunds},
                           step="refund_status", intent=intent)
        if intent == "human_agent":
            return await self._handoff(turn, state, customer, lang, reason="customer asked for a person")
        if intent == "greeting":
            return Outcome(R.greeting(lang, customer is not None and bool(getattr(customer, "name", None))),
                           step="greeting", intent=intent, knowledge_query=False)
        if intent == "thanks_bye":
            state["pending"] = None
            return Outcome(R.thanks_bye(lang), step="thanks_bye", intent=intent, knowledge_query=False)
        if intent == "product_issue":
            state["misses"] = 0
            best = _best_snippet(snippets, lang, prefer_tags=("troubleshooting",))
            facts: dict[str, Any] = {}
            if best is not None:
                facts["snippet"] = best.id
            return Outcome(R.product_issue(lang, best.text if best is not None else None), facts=facts,
                           step="troubleshoot", intent=intent)
        # other
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

    async def _order_intent(self, intent: str, turn: Turn, state: dict[str, Any], customer: Any,
                            lang: str) -> Outcome:
        order_ids = list(turn.entities.get("order_ids") or [])
        if order_ids:
            return await self._act(intent, order_ids[0], turn, state, customer, lang)
        tracking = list(turn.entities.get("tracking_numbers") or [])
        if customer is None:
            if re.search(r"<(PERSON|PHONE_NUMBER|EMAIL_ADDRESS|CN_RESIDENT_ID)(_\d+)?>", turn.text):
                # Someone naming a customer is not that customer: only the account that ordered sees orders.
                return Outcome(R.identity_required(lang), facts={"code": "not_found"}, step="no_customer",
                               intent=intent)
            return Outcome(R.order_not_found(lang, None), facts={"code": "not_found"},
                           step="no_customer", intent=intent)
        orders = await self._orders(customer)
        tracking = tracking + [o["tracking_no"] for o in orders
                               if o.get("tracking_no") and o["tracking_no"].lower() in turn.text.lower()]
        if tracking:
            for o in orders:
                if (o.get("tracking_no") or "").upper() in {t.upper() for t in tracking}:
                    return await self._act(intent, o["id"], turn, state, customer, lang)
        if not orders:
            return Outcome(R.order_not_found(lang, None), facts={"code": "no_orders"},
                           step="no_orders", intent=intent)
        candidates = _relevant(intent, orders, turn.text)
        products = {"products": turn.entities.get("products") or state.get("last_products") or []}
        narrowed = _narrow_by_product(candidates, products)
        if not narrowed and products["products"]:
            everywhere = _narrow_by_product(orders, products)
            if len(everywhere) == 1:       # the item they mean, even if the rules will refuse it
                return await self._act(intent, everywhere[0]["id"], turn, state, customer, lang)
        candidates = narrowed or candidates
        if intent == "exchange_request" and not narrowed and C.SIZE_TALK.search(turn.text):
            sized = [o for o in candidates if any(i.get("category") in C.SIZED for i in o.get("items", []))]
            candidates = sized or candidates
        last = state.get("last_order_id")
        if last and any(o["id"] == last for o in candidates):
            return await self._act(intent, last, turn, state, customer, lang)
        if len(candidates) == 1:
            return await self._act(intent, candidates[0]["id"], turn, state, customer, lang)
        if not candidates:
            if len(orders) == 1 or intent == "order_status":
                return await self._act(intent, orders[0]["id"], turn, state, customer, lang)
            # Nothing qualifies: say so and why, rather than offer orders that would be refused.
            return Outcome(R.nothing_to_act_on(intent, lang), facts={"orders": [_brief(o) for o in orders[:5]]},
                           step="nothing_eligible", intent=intent)
        text = ""
        shown = candidates[:5]
        state["offered"] = [o["id"] for o in shown]
        state["pending"] = {"action": intent, "stage": "choose_order", "order_id": None, "args": {}}
        return Outcome(text + R.choose_order(shown, lang, intent),
                       facts={"orders": [_brief(o) for o in shown]}, step="choose_order", intent=intent)

    async def _act(self, intent: str, order_id: str, turn: Turn, state: dict[str, Any], customer: Any,
                   lang: str, carry: Mapping[str, Any] | None = None) -> Outcome:
        """Look the order up (ownership enforced by the tools) and take the intent's next step."""
        state["pending"] = None
        res = await self.tools.get_order(customer, order_id)
        if not res.ok:
            return Outcome(R.order_not_found(lang, order_id), facts={"order_id": order_id, "code": res.code},
                           step="not_found", intent=intent)
        order = res.data
        state["last_order_id"] = order["id"]
        state["offered"] = []
        if intent == "order_status":
            missing = order["status"] == "delivered" and not_received(turn.text)
            late = order["status"] == "shipped" and _days_since(order.get("shipped_at"), self.tools.now) > 3
            return Outcome(R.order_status(order, lang, not_received=missing, late=late), facts={"order": order},
                           step="order_status", intent=intent)
        if intent == "invoice":
            title = _invoice_title(self.reveal(turn.text))
            inv = await self.tools.request_invoice(customer, order["id"], title)
            if not inv.ok:
                return Outcome(R.refusal(inv.code, inv.data, order, intent, lang),
                               facts={"order": order, "decision": {"code": inv.code, **inv.data}},
                               step="refused", intent=intent)
            return Outcome(R.invoice_done(order, inv.data, lang, with_title=bool(title)),
                           facts={"order": order, "invoice": inv.data}, step="invoice", intent=intent)
        args: dict[str, Any] = {}
        if intent == "cancel_order":
            check = await self.tools.check_cancel(customer, order["id"])
        elif intent == "change_address":
            check = await self.tools.check_address_change(customer, order["id"])
        elif intent == "return_request":
            skus = _skus_for(order, _products_in_focus(turn, state))
            check = await self.tools.check_return(customer, order["id"], skus=skus or None)
            args["skus"] = skus
            args["amount"] = _amount(order, skus)
            args["item"] = _item_names(order, skus, lang)
        else:
            skus = _skus_for(order, _products_in_focus(turn, state))
            sku = skus[0] if skus else (order["items"][0]["sku"] if order.get("items") else None)
            check = await self.tools.check_exchange(customer, order["id"], sku=sku)
            args["sku"] = sku
            args["item"] = _item_names(order, [sku] if sku else [], lang)
        if not check.ok and check.code == "non_returnable_category" and C.DEFECT.search(turn.text):
            # Excluded from returns, but it arrived damaged or misprinted: that is ours to fix.
            return await self._handoff(turn, state, customer, lang, reason="damaged or misprinted item",
                                       text=R.defect_handoff)
        if not check.ok:
            text = R.refusal(check.code, check.data, order, intent, lang)
            facts: dict[str, Any] = {"order": order, "decision": {"code": check.code, **check.data}}
            if check.code in ("already_cancelled", "already_returned"):
                # "I want my money back" for an order that is already closed: say where the money is.
                res = await self.tools.refund_status(customer, order["id"])
                refunds = list(res.data.get("refunds", [])) if res.ok else []
                if refunds:
                    text += "\n" + R.refund_list(refunds, lang)
                    facts["refunds"] = refunds
            return Outcome(text, facts=facts, step="refused", intent=intent)
        if intent == "return_request" and check.data.get("excluded"):
            # Non-returnable lines are left out of a whole-order return; say exactly what goes back.
            args["skus"] = list(check.data.get("skus") or [])
            args["amount"] = _amount(order, args["skus"])
            args["item"] = _item_names(order, args["skus"], lang)
        args["reason"] = turn.text[:200]
        pending = {"action": intent, "stage": "confirm", "order_id": order["id"], "args": args}
        if intent == "change_address":
            found = C.ADDRESS_PH.findall(turn.text)
            if found:
                args["address"] = found[-1]
            else:
                pending["stage"] = "need_address"
                state["pending"] = pending
                return Outcome(R.ask_address(order["id"], lang), facts={"order": order}, step="ask_address",
                               intent=intent)
        if intent == "exchange_request":
            wanted = _wanted(turn.entities, turn.text, lang) or (carry or {}).get("wanted", "")
            if wanted:
                args["wanted"] = wanted
            else:
                pending["stage"] = "need_wanted"
                state["pending"] = pending
                return Outcome(R.ask_wanted(order, lang), facts={"order": order}, step="ask_wanted",
                               intent=intent)
        state["pending"] = pending
        return Outcome(R.confirm(intent, order, args, lang), facts={"order": order, "pending": intent},
                       step="confirm", intent=intent)

    async def _execute(self, pending: dict[str, Any], turn: Turn, state: dict[str, Any], customer: Any,
                       lang: str) -> Outcome:
        action, order_id, args = pending["action"], pending["order_id"], pending["args"]
        state["pending"] = None
        if action == "cancel_order":
            res = await self.tools.cancel_order(customer, order_id)
        elif action == "change_address":
            res = await self.tools.change_address(customer, order_id, self.reveal(args["address"]))
        elif action == "return_request":
            res = await self.tools.create_return(customer, order_id, args.get("reason") or "return_request",
                                                 skus=args.get("skus") or None)
        else:
            res = await self.tools.create_exchange(customer, order_id, args.get("sku"), args.get("wanted", ""),
                                                   args.get("reason") or "exchange_request")
        order = await self._order(customer, order_id)
        if not res.ok:
            return Outcome(R.refusal(res.code, res.data, order, action, lang),
                           facts={"order": order, "decision": {"code": res.code, **res.data}},
                           step="refused", intent=action)
        data = dict(res.data)
        if action == "change_address":
            data["address"] = args["address"]
        return Outcome(R.done(action, order, data, lang), facts={"order": order, "result": data},
                       step="done", intent=action)

    async def _handoff(self, turn: Turn, state: dict[str, Any], customer: Any, lang: str,
                       reason: str, text: Callable[[str | None, str], str] = R.handoff) -> Outcome:
        from bot.dialogue.flows.handoff import open_ticket
        return await open_ticket(self.tools, turn, state, customer, lang, reason, text)

    def _sentiment(self, turn: Turn, state: dict[str, Any], out: Outcome, lang: str) -> None:
        """Upset customers get an apology; clearly angry or repeatedly upset ones are offered a person."""
        if turn.sentiment_label != "negative" or out.handoff:
            state["negative_streak"] = 0
            return
        streak = state["negative_streak"] = int(state.get("negative_streak") or 0) + 1
        if (turn.sentiment_score <= -0.3 or streak >= 2) and not R.starts_with_apology(out.answer):
            out.answer = R.apology(lang) + out.answer
        if (turn.sentiment_score <= -0.5 or streak >= 2) and R.offer_human(lang).strip() not in out.answer:
            out.answer += R.offer_human(lang)

    # -- small helpers --------------------------------------------------------------------------

    async def _orders(self, customer: Any) -> list[dict[str, Any]]:
        res = await self.tools.list_orders(customer, limit=20)
        return list(res.data.get("orders", [])) if res.ok else []

    async def _order(self, customer: Any, order_id: str) -> dict[str, Any]:
        res = await self.tools.get_order(customer, order_id)
        return res.data if res.ok else {"id": order_id}


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


def _products_in_focus(turn: Turn, state: Mapping[str, Any]) -> dict[str, Any]:
    """The products the customer means now: this turn's (after "only"/"只" when they name
    several), else the ones from the conversation so far."""
    products = list(turn.entities.get("products") or [])
    if len(products) > 1:
        low = turn.text.lower()
        kept = re.search(r"(keep|留着|保留|不退|不换)", low)
        if kept:   # "return the tote bag, keep the watch"
            products = [p for p in products if str(p).lower() not in low[kept.end():]] or products
        m = C.ONLY.search(turn.text) or re.search(r"(return|send back|exchange|swap|退|换)", low)
        if m and len(products) > 1:
            after = low[m.end():]
            positions = sorted((after.find(str(p).lower()), p) for p in products if str(p).lower() in after)
            products = [positions[0][1]] if positions else products
    return {"products": products or list(state.get("last_products") or [])}


def _invoice_title(text: str) -> str | None:
    """"抬头 上海云帆科技有限公司 税号 9131…" → "上海云帆科技有限公司 / 9131…" (None when absent)."""
    title, tax = C.TITLE.search(text), C.TAX_ID.search(text)
    parts = [m.group(1).strip() for m in (title, tax) if m]
    return " / ".join(parts) if parts else None


def _is_size(token: str) -> bool:
    return bool(re.fullmatch(r"(size)?\s*((XXX|XX|X|2X|3X)?[SML]|XL|XXL|XXXL|\d{2}(\.5)?)(码|号)?", token, re.I)) \
        or token.endswith(("码", "号"))


def _merge_wanted(old: str, new: str) -> str:
    """"L码" then "黑色": both. "M" then "make it L": the new size replaces the old one."""
    new_parts = new.split()
    kept = [p for p in old.split() if not (_is_size(p) and any(_is_size(n) for n in new_parts))]
    return " ".join(kept + [p for p in new_parts if p not in kept])


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


def _days_since(value: str | None, now: Any) -> float:
    if not value:
        return 0.0
    from bot.policy import parse_ts
    return (parse_ts(now) - parse_ts(value)).total_seconds() / 86400


def _confirms_again(text: str) -> bool:
    return bool(re.search(r"(confirm|please|确认|确定|帮我)", text, re.I))


def not_received(text: str) -> bool:
    return bool(C.NOT_RECEIVED.search(text))


def _relevant(intent: str, orders: list[dict[str, Any]], text: str = "") -> list[dict[str, Any]]:
    if intent == "order_status":
        active = [o for o in orders if o["status"] in ("pending", "paid", "shipped")]
        if C.NOT_SHIPPED.search(text):
            waiting = [o for o in active if o["status"] in ("pending", "paid")]
            return waiting or active
        if C.NOT_RECEIVED.search(text):
            delivered = [o for o in orders if o["status"] == "delivered"]
            return delivered[:1] or active
        shipped = [o for o in active if o["status"] == "shipped"]
        # "where is my parcel" is about what is on its way, not what is still in the warehouse.
        return shipped if shipped and C.PARCEL.search(text) else active
    if intent in ("cancel_order", "change_address"):
        return [o for o in orders if o["status"] in ("pending", "paid")]
    if intent in ("return_request", "exchange_request"):
        return [o for o in orders if o["status"] == "delivered"]
    if intent == "invoice":
        return [o for o in orders if o["status"] not in ("cancelled", "pending")]
    return orders


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s.lower())


def _matches_item(item: Mapping[str, Any], products: list[str]) -> bool:
    name = _norm(str(item.get("name", "")))
    sku = _norm(str(item.get("sku", "")))
    return any(_norm(p) and (_norm(p) in name or name in _norm(p) or _norm(p) in sku) for p in products)


def _narrow_by_product(orders: list[dict[str, Any]], entities: Mapping[str, Any]) -> list[dict[str, Any]]:
    products = [str(p) for p in entities.get("products") or []]
    if not products:
        return []
    return [o for o in orders if any(_matches_item(i, products) for i in o.get("items", []))]


def _skus_for(order: Mapping[str, Any], entities: Mapping[str, Any]) -> list[str]:
    products = [str(p) for p in entities.get("products") or []]
    if not products or len(order.get("items", [])) <= 1:
        return []
    return [i["sku"] for i in order.get("items", []) if _matches_item(i, products)]


def _amount(order: Mapping[str, Any], skus: list[str]) -> str:
    items = [i for i in order.get("items", []) if not skus or i["sku"] in skus]
    if not skus:
        return str(order.get("total", ""))
    total = sum(float(i.get("price", 0)) * int(i.get("qty", 1)) for i in items)
    return f"{total:.2f}"


def _item_names(order: Mapping[str, Any], skus: list[str], lang: str) -> str:
    if not skus:
        return R.items_text(order, lang)
    sep = "、" if lang == "zh" else ", "
    return sep.join(str(i["name"]) for i in order.get("items", []) if i["sku"] in skus)


def _sizes(entities: Mapping[str, Any], text: str) -> list[str]:
    found = [str(x) for x in entities.get("sizes") or []]
    if not found and text:
        found = [m.group(1).upper() for m in C.LETTER_SIZE.finditer(text)]
    return found


def _wanted(entities: Mapping[str, Any], text: str = "", lang: str = "en") -> str:
    """What the customer wants instead: sizes/colours they named, or a new unit of the same item."""
    parts = _sizes(entities, text) + list(entities.get("colors") or [])
    if parts:
        return " ".join(str(p) for p in parts)
    if text and C.SAME_ITEM.search(text):
        return "同款新品" if lang == "zh" else "a new unit of the same item"
    return ""


def _brief(order: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": order["id"], "status": order["status"], "placed_at": order.get("placed_at")}


def _best_snippet(snippets: list[Any], lang: str, prefer_tags: tuple[str, ...] = ()) -> Any | None:
    if not snippets:
        return None
    same = [s for s in snippets if getattr(s, "lang", lang) in (lang, "both", None)]
    pool = same or snippets
    if prefer_tags:
        tagged = [s for s in pool if set(getattr(s, "tags", []) or []) & set(prefer_tags)]
        pool = tagged or pool
    return pool[0]
