"""The classic command source: today's classifier and extractors turned into commands.

Fast and embedded (no model call beyond the intent classifier the pipeline already ran). Each
command carries the reason it was chosen, for the trace. The rules are named and tried in
order; the thresholds are named constants.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import (
    action_switch,
    address_fix,
    both_answer,
    focus,
    invoice_company,
    joint_address,
    negation,
    paid_with,
    status_question,
    tied_lines,
    two_actions,
    vague_part,
)
from bot.dialogue import context as CX
from bot.dialogue import matching as M
from bot.dialogue.commands import Command, UnderstandingContext, Understood, set_slot, start_flow
from bot.dialogue.legacy import yes_no
from bot.dialogue.timing import MONEY_LATE as _MONEY_LATE
from bot.dialogue.vague_part import unnamed_part
from bot.lang import cues as C
from bot.shop import order_ids

# Below this the classifier's guess alone does not start a flow that changes an order.
ACT_CONFIDENCE = 0.35
# Below this (and with nothing concrete named) the turn is a clarification, not a guess.
CLARIFY_CONFIDENCE = 0.45
# Two intents closer than this are both offered when clarifying.
CLOSE_MARGIN = 0.2
# Below this a new intent does not interrupt a request waiting for its confirmation.
SWITCH_CONFIDENCE = 0.55
# Below this a product_issue guess with no item or fault named is a clarification.
TROUBLE_CONFIDENCE = 0.6
# Flows whose answer a short follow-up ("what now?", "can you check") refers back to.
TICKET_FLOWS = ("delivery_issue", "payment_issue", "warranty")
# Flows a follow-on naming another item ("and the shoes?") repeats for that item.
REPEATABLE = ("order_status", "warranty", "product_info", "refund_status")
# Flows whose general questions ("how do returns work?") are answered from the help centre.
INFO_FLOWS = ("return_request", "exchange_request", "refund_status", "cancel_order", "change_address", "invoice",
              "order_status", "warranty", "modify_order", "change_payment")
# Steps at which a yes/no answers the flow's question.
WAITING = ("confirm", "choose_order", "choose_items", "ask_payment", "ask_address", "ask_wanted", "ask_change")

_CHITCHAT = {"greeting": "greeting", "thanks_bye": "thanks"}
# The words a thanks, a goodbye or a greeting is said with (general words of each language).
_CHITCHAT_WORDS = re.compile(r"thank|thx|\bty\b|cheers|bye|see (?:you|ya)|\bhello\b|\bhi\b|\bhey\b|good (?:morning|"
                             r"afternoon|evening|day)|that'?s all|谢|感谢|再见|拜拜|88|你好|您好|在吗|哈喽|嗨|早上好|晚上好|"
                             r"没事了|没有了|不用了|就这样", re.I)
_INTENT_FLOW = {
    "order_status": "order_status", "cancel_order": "cancel_order", "change_address": "change_address",
    "return_request": "return_request", "exchange_request": "exchange_request",
    "refund_status": "refund_status", "invoice": "invoice", "human_agent": "handoff",
    "modify_order": "modify_order", "delivery_issue": "delivery_issue", "payment_issue": "payment_issue",
    "product_info": "product_info", "product_issue": "troubleshooting",
}


_ACTION_FLOWS = ("exchange_request", "return_request", "cancel_order", "refund_status", "troubleshooting")


_INVOICE_WORD = re.compile(r"invoice|receipt|\bvat\b|发票|收据|开票", re.I)



def _redirect_asked(text: str) -> bool:
    """The customer asks for a parcel to be redirected (the cue of the after-dispatch answer)."""
    from bot.dialogue import address_after_ship
    return bool(address_after_ship.REDIRECT.search(text))

def flow_for(intent: str, text: str, orders: Sequence[Mapping[str, Any]],
             refs: Sequence[M.ItemRef] | None = None, keep_other_ok: bool = True) -> tuple[str | None, str]:
    """The flow an intent asks for, refined by cues; and why. An action the message rules out
    ("not a replacement", "先别取消") is never the flow: cues read the message without it, and
    the action it does ask for ("a refund") wins over the one refused."""
    from bot.dialogue import keep_other, refund_method
    if keep_other_ok and intent not in ("cancel_order", "modify_order", "change_address", "invoice", "human_agent",
                                        "exchange_request") \
            and keep_other.returns_named(text, refs if refs is not None else M.match_items(text, orders), orders):
        # "the gloves are fine, only the helmet back": the named line's return, the kept one untouched
        return "return_request", "asks to send the named line back, keeps the other"
    if refund_method.asks_other_method(text) and intent not in ("cancel_order", "human_agent") \
            and not C.EXPLICIT_RETURN.search(text) and not C.REFUND_ELSEWHERE.search(text):
        # (the phrasings REFUND_ELSEWHERE knows keep their payment-flow answer, see _flow_for)
        # "can the refund go to my Visa instead?": money already owed, not paying an order another way.
        return "refund_status", "a refund to another payment method asked about"
    if intent == "payment_issue" and not _MONEY_TALK.search(text) and not C.CHARGED.search(text):
        # The classifier's payment guess with no word about money at all ("the trimmer died after
        # two weeks. replacement or repair?"): a billing case would be opened for nothing. An item
        # named is a fault report.
        if refs and any(not r.excluded for r in refs):
            return "troubleshooting", "an item named and no word about money (payment guess set aside)"
        intent = "other"
    asked, ruled = negation.polarity(text)
    if not ruled:
        return _flow_for(intent, text, orders, refs)
    if "return_request" in ruled:
        ruled = [*ruled, "refund_status"]          # "no refund needed": nor its status
    flow, why = _flow_for(intent, negation.masked(text), orders, refs)
    # The model's guess alone ("intent …") or an action flow gives way to the action the
    # message asks for in so many words next to the one it refuses.
    if asked and flow not in asked and (flow in ruled or flow in _ACTION_FLOWS or flow is None
                                        or why == f"intent {intent}"):
        return asked[0], f"asks for {asked[0]}, rules out {', '.join(ruled)}"
    if flow in ruled:
        return None, f"{flow} ruled out"
    return flow, why


def _flow_for(intent: str, text: str, orders: Sequence[Mapping[str, Any]],
              refs: Sequence[M.ItemRef] | None = None) -> tuple[str | None, str]:
    if refs is None:
        refs = M.match_items(text, orders)
    written = order_ids.find_known(text, [str(o["id"]) for o in orders])
    if written:
        # "K30418: drop the stove": the lines of the order written, not a same-named line elsewhere.
        refs = [r for r in refs if r.order_id in written] or refs
    from bot.dialogue.fault_money import is_fault_not_payment
    if intent == "payment_issue" and is_fault_not_payment(text):
        # "charged it twice, still won't turn on": the item's fault, never a billing case.
        intent = "product_issue"
    flow = _INTENT_FLOW.get(intent)
    from bot.dialogue.product_questions import asks_change, compares_versions
    if compares_versions(text) and not asks_change(text) and intent in ("other", "product_info", "payment_issue", "order_status",
                                              "refund_status", "exchange_request", "modify_order"):
        # "what's the price difference between the two versions of X": the catalogue's prices.
        return "product_info", "a price comparison of versions"
    if C.CHARGED.search(text) and intent in ("other", "refund_status", "payment_issue", "order_status",
                                             "return_request", "product_issue", "human_agent", "cancel_order"):
        return "payment_issue", "a payment problem named (charged twice, failed, price drop)"
    from bot.dialogue import stale_flow
    if stale_flow.owed(text) and intent in ("cancel_order", "other", "order_status", "return_request") \
            and not C.REFUND_ME.search(text) and not C.NOT_RECEIVED.search(text):
        # "之前取消咗嘅滑板车 钱仲未退", "the cancelled order's money still isn't back": that refund's
        # state (late: said so, with a colleague offered), never a cancel or a return (routezh14).
        return "refund_status", "money owed not back"
    from bot.dialogue.flows.payment import PRICE_DROP
    if PRICE_DROP.search(text) and re.search(r"\b(?:back|refund|money|diff(?:erence)?)\b|退|补|返", text, re.I) \
            and intent in ("other", "refund_status", "return_request", "product_info", "order_status"):
        # "it went on sale, can I get the difference back?": a price question, not a return.
        return "payment_issue", "a price drop after purchase"
    if C.REFUND_ELSEWHERE.search(text) and intent not in ("cancel_order", "invoice", "change_address"):
        return "payment_issue", "where a refund goes (another card or account)"
    if C.wrong_item(text) and any(o.get("status") == "delivered" for o in orders) \
            and intent not in ("cancel_order", "payment_issue", "invoice", "change_address", "refund_status"):
        # Another variant than ordered arrived: the shop's mistake, a replacement (or return) of that unit.
        return "exchange_request", "a fault: wrong item received"
    if C.WARRANTY.search(text) and (intent in ("product_issue", "other", "product_info", "return_request",
                                               "exchange_request", "order_status", "refund_status")
                                    # "file a warranty claim" read as a hand-off: the claim, unless a person is asked for
                                    or (intent == "human_agent" and not C.WANTS_PERSON.search(text))):
        return "warranty", "warranty words"
    from bot.dialogue import arrival_fault
    if arrival_fault.item_fault(text) and not C.EXPLICIT_RETURN.search(text) \
            and any(o.get("status") == "delivered" for o in orders) \
            and intent in ("product_issue", "other", "order_status", "exchange_request", "delivery_issue"):
        # "收到的车灯不亮，给我换一个", "刚收到就坏了": the item is to be put right, never a carrier case (route13).
        if arrival_fault.wants_new(text):
            return "exchange_request", "a fault on a delivered item: a new one asked"
        return "troubleshooting", "a fault on a delivered item"
    # "one bottle is dented, want to return just that one": the return asked for, not a carrier case.
    if arrival_fault.carrier_damage(text) and not C.EXPLICIT_RETURN.search(text) and intent in ("product_issue", "other", "return_request", "order_status",
                                                    "exchange_request", "delivery_issue"):
        return "delivery_issue", "damaged in transit"
    if intent in ("order_status", "refund_status", "return_request", "other", "cancel_order") and orders:
        shipped = any(o.get("status") == "shipped" for o in orders)
        delivered = any(o.get("status") == "delivered" for o in orders)
        if delivered and C.NOT_RECEIVED.search(text) and intent != "refund_status":
            return "delivery_issue", "marked delivered but not received"
        if shipped and C.STUCK.search(text) and intent in ("order_status", "other"):
            return "delivery_issue", "parcel stuck or lost"
        if shipped and C.REFUND_ME.search(text) and intent in ("refund_status", "return_request", "cancel_order") \
                and (C.STUCK.search(text) or re.search(r"(没到|还没|不到|没来|not (arrived|here)|late|taking|overdue|wait|"
                                                   r"(doesn'?t|does not|won'?t|isn'?t|hasn'?t) (come|arrive|show|get here))",
                                                   text, re.I)):
            return "delivery_issue", "refund asked for a parcel that has not arrived"
    if C.TITLE_CUE.search(text) and intent in ("other", "change_address", "modify_order", "order_status",
                                               "product_info", "exchange_request", "refund_status"):
        return "invoice", "an invoice title or tax id named"
    pay_word = payment_word(text, refs)
    if intent in ("product_issue", "other", "refund_status", "order_status", "return_request", "exchange_request",
                  "cancel_order", "modify_order", "payment_issue") and C.RETURN_VERB.search(text) \
            and not C.EXCHANGE_WORD.search(text) and (intent not in ("modify_order", "payment_issue") or not pay_word):
        named = refs
        delivered = {o["id"] for o in orders if o.get("status") == "delivered"}
        if C.EXPLICIT_RETURN.search(text) or any(r.order_id in delivered and not r.excluded for r in named) \
                or (named and all(r.excluded for r in named) and any(r.order_id in delivered for r in named)):
            return "return_request", "asks to send items back"
    if intent in ("other", "cancel_order", "return_request", "product_issue", "exchange_request", "order_status") \
            and C.MODIFY.search(text):
        named = refs
        unshipped = {o["id"] for o in orders if o.get("status") in ("pending", "paid")}
        if named and all(r.order_id in unshipped for r in named if not r.excluded):
            return "modify_order", "a change to an order not yet shipped"
    if intent in ("other", "product_info", "order_status", "modify_order", "exchange_request", "cancel_order",
                  "change_address") and not C.RETURN_VERB.search(text) and _payment_change(text, refs):
        return "change_payment", "another payment method asked for"
    if (intent in ("other", "product_info", "order_status", "exchange_request", "change_address")
            or (intent == "invoice" and REMOVE.search(text) and not _INVOICE_WORD.search(text))) \
            and not _ADDRESS_TALK.search(text) \
            and (REMOVE.search(text) or M.added_units(text) or C.MODIFY.search(text) or _CHANGE_TO.search(text)
                 or _LINE_CHANGE.search(text) or _CHANGE_VERB.search(text)):
        # ("remove the insulated bottle from #W…" read as an invoice by the classifier: no invoice
        # word, a line taken out — edits14)
        named = [r for r in refs if not r.excluded]
        if written:        # a product on several orders: the order written is the one meant
            named = [r for r in named if r.order_id in written] or named
        unshipped = {o["id"] for o in orders if o.get("status") in ("pending", "paid")}
        if named and len({r.order_id for r in named}) == 1 and named[0].order_id in unshipped:
            return "modify_order", "a change to lines of an order not yet shipped"
        if not named and len(written) == 1 and written[0] in unshipped and intent == "other" \
                and not re.search(r"\bcancel|取消", text, re.I):
            # "on K30501 remove the 130cm ones": the order written, its line by an option value.
            return "modify_order", "a change to lines of an order not yet shipped"
    if flow == "troubleshooting" and C.FIT.search(text) and not C.DEFECT.search(text) \
            and any(r.excluded for r in refs) and any(not r.excluded for r in refs):
        # "T恤两件都不合适 坚果留着": items sorted into kept and not kept — those go back.
        return "return_request", "a fit complaint with other items kept"
    if flow == "cancel_order" and partial_removal(text, orders, refs):
        return "modify_order", "removing part of an order not yet shipped"
    part_flow = unnamed_part(text, [o for o in orders if not written or o["id"] in written],
                             len([r for r in refs if not r.excluded])) if flow == "cancel_order" else None
    if part_flow:
        # "订单里有个东西不要了": part of an order, which part not said: asked, never the whole order.
        return part_flow, "an unnamed part of an order taken out"
    if intent == "modify_order":
        if C.DEFAULT_WORD.search(text):
            return "default_address", "default address named"
        if pay_word:
            return "change_payment", "payment method named"
    if intent in ("other", "order_status", "modify_order", "product_info", "change_address") \
            and not C.DEFAULT_WORD.search(text) and address_fix.names_part(text):
        # "the apt is 4C not 4B", "门牌号写错了 是18号": one part of the delivery address corrected.
        return "change_address", "a part of the address corrected"
    if intent in ("change_address",) and C.DEFAULT_WORD.search(text):
        return "default_address", "default address named"
    if intent in ("other", "change_address", "cancel_order") and pay_word and not _CANCEL_WORD.search(text) \
            and re.search(r"(改|换|switch|change|instead|different|other|another)", text, re.I):
        return "change_payment", "a change of payment method"
    if flow == "delivery_issue" and status_question.asks_status(text):
        # "was my power bank delivered?": a status question; an investigation only for a trouble named.
        return "order_status", "a question about delivery status, no trouble named"
    return flow, f"intent {intent}" if flow else ""


# A line changed or dropped ("change the sleeping bags on K30418 to long", "the stove can go").
_LINE_CHANGE = re.compile(r"\b(?:change|switch|swap|make|turn|replace)\b[^.?!]{0,40}?\b(?:to|into|for|with)\b|"
                          r"\bcan go\b|\bnot needed\b|\bno need for\b|\b(?:want|like|prefer|need|rather have)\s+"
                          r"(?:the other|another|a different)\b|改成|换成|改为|换个|不需要了|用不上", re.I)
# "can I change the light on CY-0066-K", "different poles on K30501": a change verb whose object
# is a named line of one unshipped order (the branch checks the line and the order).
_CHANGE_VERB = re.compile(r"\b(?:change|swap|switch|modify|different)\b(?!\s+(?:my\s+|the\s+)?(?:mind|address|payment|card))",
                          re.I)
# The delivery address is what changes, not a line.
_ADDRESS_TALK = re.compile(r"(address|ship (?:it |them )?to|deliver (?:it |them )?to|send (?:it |them )?to|地址|寄到|送到|"
                           r"<ADDRESS)", re.I)
# "keep the original", "还是保持原样吧": a no to the change waiting, whatever else it says.
KEEP_ORIGINAL = re.compile(r"(keep (?:the |it )?(?:original|old one|old|current one|same|as (?:it )?is)|leave it as (?:it )?is|"
                           r"no change after all|保持原样|还是原来的|就原来的|原来的就行|不改了|不换了|不动了)", re.I)
# Asking to pay another way ("pay by bank transfer instead", "改成货到付款"); "I paid by card" is not.
_PAY_CHANGE = re.compile(r"(改|换|用|switch|change|instead|different|another|\bpay(?:ing)?\s+(?:it\s+|for it\s+)?"
                         r"(?:by|with|via|using|through)\b|\bcharge (?:it|them|the order)\b)", re.I)
_CANCEL_WORD = re.compile(r"(\bcancel|取消|退款|refund)", re.I)


# Address placeholders one after another, only commas or spaces between: one address.
_ADDRESS_RUN = re.compile(C.ADDRESS_PH.pattern + r"(?:\s*[,，、]?\s*" + C.ADDRESS_PH.pattern + r")*")


# Any word about money or paying, in either language: without one, a message is no payment case.
_MONEY_TALK = re.compile(r"(charg|bill|\bpa(?:y|id|ying|yment)|refund|money|\bcards?\b|transaction|debit|credit|"
                         r"invoice|price|amount|fee|cost|\$|€|£|¥|扣|付|钱|款|账|支付|金额|价|费|刷卡|转账|收费)", re.I)


def _payment_change(text: str, refs: Sequence[M.ItemRef]) -> bool:
    """A payment method named (by the shop's own types) with a wish to pay that way, and no cancel."""
    from bot.dialogue.flows.changes import payment_named
    if _CANCEL_WORD.search(text) or not _PAY_CHANGE.search(text) or payment_named(text) is None:
        return False
    names = " ".join(M.norm(r.name) for r in refs if not r.excluded)
    return not (names and payment_named(names))


def payment_word(text: str, refs: Sequence[M.ItemRef]) -> bool:
    """A payment method named, not an item of that name ("return the gift card" is the product)."""
    names = " ".join(M.norm(r.name) for r in refs)
    return any(M.norm(m.group(0)) not in names for m in C.PAYMENT_WORD.finditer(text))


# Words that name the whole order ("cancel the kettle order"), not one of its lines.
_ORDER_WORD = re.compile(r"(\border\b|订单|这单|那单|整单|全部|\ball\b|everything|whole)", re.I)
_ORDER_PLACE = re.compile(r"\b(?:from|off|on|in|of|out of)\s+(?:the\s+|my\s+|this\s+|that\s+)?order\b|"
                          r"订单\s*[#\w/-]*\s*(?:里面|里|中|内)", re.I)
# Removing lines from an order ("drop the black one", "那件不要了", "take the mug off").
REMOVE = re.compile(r"(不要了|不要|去掉|删掉|删除|取消|拿掉|\bremove\b|\bdrop\b|take .{0,20}\boff\b|"
                    r"don'?t (want|need)|no longer (want|need)|\bcancel\b)", re.I)

# "change it to black, not the natural one": a swap to something, even with a "not"/"不要" in it.
_CHANGE_TO = re.compile(r"(改成|换成|改为|换个|change (it |them )?to|switch (it |them )?to|make it|instead\b)", re.I)


def partial_removal(text: str, orders: Sequence[Mapping[str, Any]], refs: Sequence[M.ItemRef]) -> bool:
    """A cancel that names only part of one unshipped order ("drop the black jacket, keep the navy",
    "cancel one of the two shirts"): an item change, not the whole order gone. Uses the same
    negation/keep scoping as returns (matching.match_items)."""
    if not refs or M.wants_all(text):
        return False
    ids = {r.order_id for r in refs}
    if len(ids) != 1:
        return False
    order = next((o for o in orders if o["id"] in ids), None)
    if order is None or order.get("status") not in ("pending", "paid"):
        return False
    lines = {str(i.get("sku")): int(i.get("qty") or 1) for i in order.get("items") or []}
    if any(r.excluded for r in refs):
        return len(lines) > 1 or any(q > 1 for q in lines.values())
    taken = {r.sku for r in refs if not r.excluded}
    qty = M.quantity_for(text)
    if len(taken) == 1 and qty and qty < lines.get(next(iter(taken)), 0):
        return True
    # "take the skillet off order #W6…", "订单X里的前灯删掉": the order named as where the line is, not
    # the whole order asked away.
    return bool(taken) and taken < set(lines) and not _ORDER_WORD.search(_ORDER_PLACE.sub(" ", text))


# Flows whose proposal a message at the confirmation can correct (new option, quantity, payment).
CORRECTABLE = ("modify_order", "exchange_request", "change_payment")


def _mentions(product: Mapping[str, Any], text: str) -> list[tuple[str, str, int]]:
    """The option values (dimension, value, position) `text` names of a catalogue entry."""
    from bot.shop.catalog import option_mentions
    from bot.shop.models import Product
    view = Product(id=str(product.get("id") or ""), name=str(product.get("name") or ""),
                   name_zh=product.get("name_zh"), category=str(product.get("category") or ""),
                   options={k: tuple(v) for k, v in (product.get("options") or {}).items()},
                   names=product.get("names") or {})
    return option_mentions(view, text)


def _option_values(ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]],
                   text: str) -> dict[str, str]:
    """Option values (any dimension) of the products in the proposal's order that `text` names."""
    from bot.dialogue.rejected_options import proposal_lines
    found: dict[str, str] = {}
    for line in proposal_lines(ctx):
        product = catalogue.get(str(line.get("product_id"))) if catalogue else None
        if not product or not product.get("options"):
            continue
        for dim, value, _ in _mentions(product, text):
            found[dim] = value
    return found


def _bare_option(ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]],
                 text: str) -> dict[str, str]:
    """A message that is only one option value of the line being changed ("L", "6kg", "110" for
    110cm): {dimension: value}; {} otherwise."""
    oid = ctx.slots.get("order_id")
    skus = {str(i.get("sku")) for i in ctx.slots.get("items") or [] if not i.get("excluded")}
    found: dict[str, str] = {}
    for o in ctx.orders:
        if oid and o["id"] != oid:
            continue
        for line in o.get("items") or []:
            if skus and str(line.get("sku")) not in skus:
                continue
            product = catalogue.get(str(line.get("product_id"))) if catalogue else None
            for dim, vals in ((product or {}).get("options") or {}).items():
                value = M.bare_value(text, [str(v) for v in vals]) if isinstance(vals, (list, tuple)) else None
                if value and value != str((line.get("options") or {}).get(dim)):
                    found[str(dim)] = value
            if not found and product and ctx.step in ("ask_change", "ask_wanted") and short_answer(text):
                # "the 32oz", "冷白", "L码", "warm white one": a short answer to the option question
                # naming one value of the line's product in any dimension or language (the
                # catalogue's own matching). At a confirmation a changed mind keeps its own path
                # (the other values proposed stay).
                for dim, value, _ in _mentions(product, text):
                    if value != str((line.get("options") or {}).get(dim)):
                        found[str(dim)] = value
                asked = [i for i in o.get("items") or [] if str(i.get("sku")) in skus] or list(o.get("items") or [])
                if len(found) > 1 and len(asked) == 1:
                    # "size M and the blue one", "1.7L，还有要玻璃的": one short answer naming a value
                    # of each of several dimensions of the one line asked about — every one of
                    # them is the wish, none dropped (edits14).
                    return found
    return found if len(found) == 1 else {}


def short_answer(text: str) -> bool:
    """A reply short enough to be only an answer to the bot's option question (a few words, no
    question, no other request): "the 32oz", "冷白", "L码吧", "warm white please"."""
    if _INFO_ASK.search(text) or _NOT_A_LINE_CHANGE.search(text) or yes_no(text) is not None:
        return False        # a question, a refusal, or a yes/no ("ok, the 43") the confirmation reads
    t = M.norm(text)
    return len(re.findall(r"[a-z0-9]+", t)) <= 4 and len(re.findall(r"[\u4e00-\u9fff]", t)) <= 6


def _sold_out_answer(ctx: UnderstandingContext, text: str) -> dict[str, str]:
    """The candidate a message picks after a sold-out question ({}: none, or no such question)."""
    from bot.dialogue.sold_out_pick import pick_among
    sold = ctx.slots.get("sold_out")
    if not isinstance(sold, Mapping):
        return {}
    # The flow kept the product's option values with the question: the message need not name it.
    product = sold.get("product") if isinstance(sold.get("product"), Mapping) else None
    return pick_among(text, product, list(sold.get("candidates") or [])) or {}


def _offered_answer(ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]], text: str) -> dict[str, str]:
    """The sold-out pick, or the pick among the versions a single-line question offered."""
    from bot.dialogue.pick_and_go import offered_pick
    return _sold_out_answer(ctx, text) or offered_pick(ctx, catalogue, text)


# A question about a product or the shop ("how long is the warranty?", "有没有长款?"), never a
# change of a line; "can I get …" / "could I have …" ask for the change itself.
_INFO_ASK = re.compile(r"[?？]|\b(?:how|what|when|where|why|which|does|do you|is there|are there|is it|are they)\b|"
                       r"^\s*(?:is|are|will|would|should|did)\b|\benough\b|多少|怎么|什么|哪|有没有|有吗|够不够|适合|吗\s*$",
                       re.I)
_ASKS_FOR = re.compile(r"\b(?:can|could|may) (?:i|we) (?:get|have|switch|change|swap)\b", re.I)
_NOT_A_LINE_CHANGE = re.compile(r"(\bcancel|取消|\breturn|退货|退回|退款|refund|exchange|换货|address|地址|"
                                r"\bpay(?:ment)?\b|付款|支付|\b(?:don'?t|do not|doesn'?t|not|never|no)\b|"
                                r"不要|不用|别|不想)", re.I)
# What arrived is about a delivered parcel (a wrong item, a fault), never a wish for an unshipped line.
_ABOUT_WHAT_CAME = re.compile(r"(\breceived\b|\barrived\b|\bsent (me|us)\b|\bgot (a|an|the)\b|\bcame\b|"
                              r"收到|寄来|发来|发错|寄错|到货|送来)", re.I)


def option_change_named(text: str, orders: Sequence[Mapping[str, Any]], refs: Sequence[M.ItemRef],
                        catalogue: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The one unshipped order `option_change_orders` finds (None: none, or several)."""
    hits = option_change_orders(text, orders, refs, catalogue)
    return hits[0] if len(hits) == 1 else None


def option_change_orders(text: str, orders: Sequence[Mapping[str, Any]], refs: Sequence[M.ItemRef],
                         catalogue: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The unshipped order whose line the message gives another option value without a change
    verb ("can I get the long sleeping bag on K30418", "帐篷要3人的"): the lines named, or else
    every unshipped order's lines, must name a value other than the line's own on exactly one
    order. [] when it asks a question or names another kind of request. Several orders only when
    the message names the item and it is one product on each of them ("the rain jacket in navy"
    with a jacket on two unshipped orders): the flow then asks which order."""
    if not catalogue or _NOT_A_LINE_CHANGE.search(text) or _ABOUT_WHAT_CAME.search(text) or C.wrong_item(text) \
            or (_INFO_ASK.search(text) and not _ASKS_FOR.search(text)):
        return []
    unshipped = [o for o in orders if o.get("status") in ("pending", "paid")]
    written = order_ids.find_known(text, [str(o["id"]) for o in orders])
    if written:
        unshipped = [o for o in unshipped if str(o["id"]) in written]
    named = {(r.order_id, r.sku) for r in refs if not r.excluded}
    hits: set[str] = set()
    products: set[str] = set()
    for order in unshipped:
        lines = [i for i in order.get("items") or [] if (str(order["id"]), str(i.get("sku"))) in named] \
            if named else list(order.get("items") or [])
        for line in lines:
            product = catalogue.get(str(line.get("product_id")))
            if not product or not product.get("options"):
                continue
            current = {str(k): M.norm(str(v)) for k, v in (line.get("options") or {}).items()}
            if any(current.get(dim) != M.norm(value)
                   for dim, value, _ in _mentions(product, text)):
                hits.add(str(order["id"]))
                products.add(str(line.get("product_id")))
    if len(hits) > 1 and not (named and len(products) == 1):
        return []
    return sorted(hits)


def _other_value_lines(text: str, orders: Sequence[Mapping[str, Any]], refs: Sequence[M.ItemRef],
                       catalogue: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """"要两包暖白的 不要三包冷白": the 不要 rejects the line's own version for another value of it
    (with a new count), not the line itself (#13). The (order id, sku) of the named — or, none
    named, any — unshipped lines the message gives a value other than their own while it wants
    something ("要…的", "I want", "instead"); the order written, if any, only."""
    if not catalogue or not _WANTS.search(text):
        return []
    named = {(r.order_id, r.sku) for r in refs if not r.excluded}
    written = order_ids.find_known(text, [str(o["id"]) for o in orders])
    found: list[tuple[str, str]] = []
    for order in orders:
        if order.get("status") not in ("pending", "paid") or (written and str(order["id"]) not in written):
            continue
        for line in order.get("items") or []:
            key = (str(order["id"]), str(line.get("sku")))
            if named and key not in named:
                continue
            product = catalogue.get(str(line.get("product_id")))
            if not product or not product.get("options"):
                continue
            current = {str(k): M.norm(str(v)) for k, v in (line.get("options") or {}).items()}
            if any(current.get(dim) != M.norm(value) for dim, value, _ in _mentions(product, text)):
                found.append(key)
    return found


_WANTS = re.compile(r"(要[^，。,.!?！？]{0,8}的|我要|想要|换成|改成|i(?:'d| would)? (?:want|like|prefer)|instead|"
                    r"rather|make it|can i (?:get|have))", re.I)


# "还是…", "make it …", "instead": what follows a "no" is the new wish.
_CORRECTION_CUE = re.compile(r"(还是|改成|换成|改为|换个|就要|我要|要\S{0,4}的|instead|actually|rather|make it|"
                             r"\b(i want|i'd like|go with|switch to|change (it )?to|pay (with|by))\b)", re.I)


def corrections(text: str, ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]]
                ) -> dict[str, Any]:
    """New slot values a message at a confirmation states: payment method, quantity, options."""
    from bot.dialogue.flows.changes import payment_named
    fix: dict[str, Any] = {}
    kind = payment_named(text)
    if kind:
        fix["payment"] = kind
    qty = M.quantity_for(text)
    if qty:
        fix["qty"] = qty
    named = _option_values(ctx, catalogue, text)
    if named:
        # "不要冬季的了，换成long": the value rejected leaves the proposal, the new one stays.
        from bot.dialogue import rejected_options as RO
        before, seen, now = dict(named), RO.mentions_of(ctx, catalogue, text, _mentions), RO.line_options(ctx)
        named = RO.drop_rejected(text, named, seen, now)
        if named != before:
            fix["rejected"] = True       # the flow rebuilds its wish from these values, not the words
        if RO.names_new(text, seen, now) or RO.names_other(text, seen, now):
            # "nah not winter. long", "no, size XL": a no that asks for another value
            fix["instead"] = True
    if named:
        fix["options"] = named
    return fix


def _known_id(order_id: str, known: Sequence[str]) -> str:
    """"1722178" for "#W1722178": an id typed without the shop's prefix is the known order with
    exactly those digits (the id as written when none or several match)."""
    digits = re.sub(r"\D", "", str(order_id))
    same = [k for k in known if digits and re.sub(r"\D", "", k) == digits]
    return same[0] if len(same) == 1 else order_id


def slots_from(text: str, entities: Mapping[str, Any], ctx: UnderstandingContext,
               catalogue: Mapping[str, Mapping[str, Any]], refs: Sequence[M.ItemRef] | None = None
               ) -> tuple[dict[str, Any], list[str]]:
    """Slot values the message gives: order id, items (with quantities, exclusions), address, pick."""
    slots: dict[str, Any] = {}
    why: list[str] = []
    known = [str(o["id"]) for o in ctx.orders]
    ids = order_ids.find_known(text, known) or [_known_id(i, known) for i in entities.get("order_ids") or []]
    if ids and not order_ids.find_known(text, known):
        # A tax id ("VAT DE123456789", "9131… 上海云杉贸易有限公司") is no order number (tax_ids).
        from bot.dialogue.tax_ids import tax_id_read, tax_tokens
        taxes = tax_tokens(text, known)
        ids = [i for i in ids if not tax_id_read(str(i), taxes)]
    if ids:
        slots["order_id"] = ids[0]
        why.append("order id written")
    elif order_ids.ambiguous(text, known):
        # "88421" fits SO-88421-B and SO-88421-C: ask between those two, never pick one.
        slots["candidates"] = order_ids.ambiguous(text, known)
        why.append("a part of several order ids")
    if refs is None:
        refs = M.match_items(text, ctx.orders, catalogue)
    if refs:
        slots["items"] = [{"order_id": r.order_id, "sku": r.sku, "excluded": r.excluded, "score": r.score,
                           "start": r.start} for r in refs]
        why.append("items named: " + ", ".join(r.sku + (" (kept)" if r.excluded else "") for r in refs))
    from bot.dialogue import option_numbers
    qty = M.quantity_for(option_numbers.masked(text, refs, ctx.orders, catalogue))
    if not qty and not refs and REMOVE.search(text) and vague_part.one_unit(text):
        qty = 1          # "订单里有个东西不要了": one unit, whichever line it turns out to be
    if qty:
        slots["qty"] = qty
        why.append(f"quantity {qty}")
    if M.wants_all(text):
        slots["all"] = True
    if catalogue and not refs:
        from bot.dialogue.flows.product_info import find_products
        hits = find_products(text, dict(catalogue))
        if hits:
            slots["product_id"] = hits[0][1].get("id")
            why.append(f"product named: {slots['product_id']}")
    found = _ADDRESS_RUN.findall(text)
    if found:
        # "Unit 5, Riverside Business Park, 30 Dock Street, Leeds LS10 1JF" may be redacted as two
        # placeholders side by side: the whole run is the address (the vault restores each).
        slots["address"] = found[-1]
        why.append("address given")
    cands = [next((o for o in ctx.orders if o["id"] == c), {}) for c in ctx.slots.get("candidates") or []]
    picked = M.pick_candidate(text, cands) if cands else []
    if picked:
        slots["pick"] = picked
        why.append(f"picks candidate {picked}")
    if C.VAGUE_LAST.search(text):
        slots["latest"] = True
        why.append("the latest order")
    return slots, why


# A question back, not an answer: a question mark, a Chinese question particle at the end, or an
# English question word first ("how much extra?", "does it come in blue", "要补多少钱").
_ASKS = re.compile(r"[?？]|[吗呢么]\s*[。.!！]*\s*$|多少|多久|多长时间|怎么|什么|几[天个件号]|哪|^\s*(?:ok(?:ay)?|yes|sure|and|but)?[\s,，]*"
                   r"(?:how|what|which|when|where|why|does|do(?!\s+(?:it|that|this|so)\b)|is|are|can|could|will|would|"
                   r"should)\b", re.I)     # ("do it" tells, it does not ask)
# A yes that still asks something ("ok, how long will it take?") is a question first.
_PLAIN_YES = re.compile(r"^\s*(?:好吗|可以吗|行吗|ok\?|okay\?|right\?)\s*$", re.I)


# What a question about a proposal asks: its money, its timing, what it covers.
_ABOUT_PROPOSAL = re.compile(r"(how much|price|cost|extra|difference|more expensive|cheaper|refund|charge|fee|pay|"
                             r"when|how long|which one|what (?:do|will) i|多少|差价|补|退.{0,3}钱|价|费|什么时候|多久|哪个)", re.I)


def asks_back(text: str) -> bool:
    """Does a message at a prompt ask something back instead of answering yes? Only its first
    clause counts: "yes please. when will it arrive?" is a yes that also asks."""
    first = re.split(r"[,，.。!！;；]+\s*", text.strip(), maxsplit=1)
    head = first[0] if first and first[0].strip() else text
    if len(first) > 1 and yes_no(head) is True and not _ASKS.search(head):
        return False
    return bool(_ASKS.search(text)) and not _PLAIN_YES.search(text)


def _info_question(text: str, slots: Mapping[str, Any]) -> bool:
    """"what's your return policy", "how long do refunds take": the rule, not an action on an order."""
    if slots.get("items") or slots.get("order_id") or slots.get("address"):
        return False
    return bool(C.QUESTION.search(text)) and not C.ACTION.search(text) and not C.POSSESSIVE.search(text) \
        and not C.SPECIFIC_ORDER.search(text) and not paid_with.refers(text)


_THEN = re.compile(r"(\bthen\b|\binstead\b|那就|那么|那换成)", re.I)


def _follow_up(text: str, last_flow: str, slots: Mapping[str, Any]) -> str:
    """Why this message continues the flow that just answered ("" when it does not)."""
    if last_flow in REPEATABLE and slots.get("items") and (C.FOLLOW_ON.search(text) or len(text) <= 12):
        return f"follow-on about another item for {last_flow}"
    if last_flow == "return_request" and slots.get("items") and not any(i.get("excluded") for i in slots["items"]) \
            and (C.FOLLOW_ON.search(text) or _THEN.search(text)):
        # "fine, then the SSD" after a return was answered (or refused): the same request for it.
        return "follow-on: the same return for another item"
    if last_flow == "refund_status" and (CX.DELAY.search(text) or _MONEY_LATE.search(text)) and not slots.get("order_id"):
        # "都两天了还没到账 能快点吗" right after a refund answer: still about that refund.
        return "follow-up about the refund just answered"
    short = len(text) <= 16 if re.search(r"[\u4e00-\u9fff]", text) else len(text.split()) <= 5
    if last_flow == "refund_status" and short:
        from bot.dialogue.flows.refunds import NOT_ARRIVED
        if NOT_ARRIVED.search(text):
            return "the refund just listed has not shown up"
    if last_flow in TICKET_FLOWS and short and (C.PUSHBACK.search(text) or C.QUESTION.search(text)
                                                or C.CLAIM.search(text)
                                                or re.search(r"(check|查|怎么|what now|then|what happens|what next|next step|"
                                                             r"now what|然后呢|接下来)", text, re.I)):
        return f"follow-up question about the {last_flow} answer"
    return ""


_GREETING = re.compile(r"^\s*(你好|您好|hi|hello|hey|亲|在吗|哈喽)[\s,，!！.。~]*", re.I)
# ", and change …": a comma and "and" before a verb of its own start another request.
_ACT_VERB = r"(?:change|cancel|switch|make|set|update|add|remove|drop|return|send|charge|pay|move|ship|exchange|swap)\b"
_REQUEST_SPLIT = re.compile(r"[。！？!?;；\n]+|[.](?=\s)|,\s*(?:and\s+)?also\b|\balso\b|\band then\b|另外|还有|顺便问一下|顺便"
                            r"|,\s*(?:and|but)\s+(?=(?:when|where|how|what|is|are|was|were|has|have|will|did|does|do)\b)"
                            r"|,\s*(?:and\s+)?(?:please\s+)?(?=" + _ACT_VERB + r")|[，,]\s*(?:然后|再|并且|同时)"
                            # "where is my tent and can I still return the skillet?": a second question
                            r"|,?\s+(?i:and|but)\s+(?=(?i:can|could|may|will|would|is|are|do|does|did|when|where|how)\s+"
                            r"(?i:i|you|it|we|they|my|the|this|that)\b)"
                            r"|[，,]\s*(?=[^，,。？?]{1,14}?(?:能不能|可不可以|还能|能否|可以)[^，,。？?]{0,12}?(?:吗|么)?[？?]?$)")
# Changes to one order that can be proposed together and confirmed with one "yes".
# At a "which one?" question, a no that goes on to name the pick ("不是X，是另一个", "not that one,
# the other one", "no, the black one"): the negation scopes the item ruled out, not the request.
_NOT_THAT_BUT = re.compile(r"不是.{0,20}?[,，\s]\s*(?:是|要|换|删|改)|另一[个件样款只双台]|另外(?:一|那)[个件样款只]|"
                           r"\bthe other (?:one|item|line)?\b|\bnot (?:the|that|this) [^,.;!?]{0,30}[,;]\s*(?:the|it'?s|i mean)\b",
                           re.I)

STORE_CHANGES = ("modify_order", "change_payment", "change_address", "default_address")
# A second request in the same message must be at least this clear to be acted on too.
MORE_CONFIDENCE = 0.4


# "cancel the whole thing", "just cancel my order", "整个订单都取消", "全部不要了".
_WHOLE_CANCEL_EN = re.compile(r"\b(?:cancel|scrap|call off)\b.{0,30}\b(?:whole|entire|everything|all of it|the lot|"
                              r"(?:the|my|this|that)\s+(?:whole\s+|entire\s+)?order)\b"
                              r"|\b(?:whole|entire)\s+(?:order|thing)\b.{0,20}\bcancel", re.I)
_WHOLE_CANCEL_ZH = re.compile(r"(整个|整单|整笔|全部|全都|所有|订单).{0,6}(取消|不要了|退掉|撤销)|(取消|撤销).{0,4}(整个|整单|订单|全部)")
_NOT_WHOLE = re.compile(r"(keep|as it is|as is|the change|this change|that change|modification|保留|原样|不变|修改|改动|这个改)",
                        re.I)


def _line_dropped(text: str, ctx: UnderstandingContext, refs: Sequence[M.ItemRef]) -> list[dict[str, Any]]:
    """Lines of the order whose item change waits for its yes that this message drops (as item
    slots of that order only); [] when it drops none, or asks for the whole order."""
    from bot.dialogue.flows.changes import dropping
    oid = str(ctx.slots.get("order_id") or "")
    if ctx.flow != "modify_order" or not oid or whole_cancel(text) or not dropping(text):
        return []
    return [{"order_id": r.order_id, "sku": r.sku, "excluded": False, "score": r.score, "start": r.start}
            for r in refs if str(r.order_id) == oid and not r.excluded and not _option_named(text, ctx, oid, r.sku)]


def _wish_not_other_line(text: str, refs: Sequence[M.ItemRef], ctx: UnderstandingContext,
                         catalogue: Mapping[str, Mapping[str, Any]]) -> list[M.ItemRef]:
    """"Queen and firm" answering "what should change on the mattress?" on an order that also has
    a Queen duvet: a value the asked line's product offers is the wish for that line, never the
    other line that has it (edits14). Refs of other lines named only where such a value is said
    are dropped."""
    oid = str(ctx.slots.get("order_id") or "")
    asked = {str(i.get("sku")) for i in ctx.slots.get("items") or []
             if not i.get("excluded") and (not oid or str(i.get("order_id")) == oid)}
    if len(asked) != 1 or not refs or not catalogue:
        return list(refs)
    order = next((o for o in ctx.orders if str(o.get("id")) == oid), None)
    line = next((i for i in (order or {}).get("items") or [] if str(i.get("sku")) in asked), None)
    product = catalogue.get(str((line or {}).get("product_id") or "")) if line else None
    if not product or not product.get("options"):
        return list(refs)
    said = [(at, at + len(M.norm(value))) for _, value, at in _mentions(product, text)]
    return [r for r in refs if r.sku in asked or r.excluded or not any(a <= r.start < b for a, b in said)]


def _regrouped(text: str, ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]]
               ) -> list[dict[str, Any]]:
    """A removal waiting for its yes whose kept line the message corrects ("keep the black one and
    remove the navy", "说反了"): the item slots of the lines to take out now ([]: no such message)."""
    from bot.dialogue.kept_lines import regroup
    oid = str(ctx.slots.get("order_id") or "")
    if ctx.flow != "modify_order" or not ctx.slots.get("remove") or not oid:
        return []
    order = next((o for o in ctx.orders if str(o.get("id")) == oid), None)
    swaps = [s for s in ctx.slots.get("swaps") or [] if isinstance(s, Mapping)]
    removed = [str(s.get("sku")) for s in swaps if int(s.get("qty") or 0) == 0 and s.get("new_sku") == s.get("sku")]
    if order is None or not removed:
        return []
    skus = regroup(text, order, removed, catalogue)
    return [{"order_id": oid, "sku": s, "excluded": False} for s in skus or []]


def _option_named(text: str, ctx: UnderstandingContext, order_id: str, sku: str) -> bool:
    """"I don't want the tent in polyester after all": an option value of the line is named, so
    the message is about its change, not about dropping the line."""
    from bot.lang.display_names import option_word
    t = text.lower()
    for o in ctx.orders:
        if str(o.get("id")) != order_id:
            continue
        for i in o.get("items") or []:
            if str(i.get("sku")) != sku:
                continue
            product = next((p for p in ctx.catalogue if str(p.get("id")) == str(i.get("product_id"))), None)
            values = [v for vs in ((product or {}).get("options") or {}).values() for v in vs] \
                or list((i.get("options") or {}).values())
            for v in values:
                words = {str(v).lower(), option_word(str(v), "zh").lower(), option_word(str(v), "en").lower()}
                if any(w and len(w) >= 1 and re.search(r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])", t)
                       for w in words):
                    return True
    return False


def _side_question(text: str, ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]],
                   answer: bool | None) -> str | None:
    """The kind of question asked at a confirmation that the pending change should survive
    (None: a yes, a no, a correction, or not a question of those kinds)."""
    from bot.dialogue.flows import side_question
    if answer is True or whole_cancel(text) or C.WANTS_PERSON.search(text):
        return None
    from bot.dialogue import confirm_questions as CQ
    paged = CQ.kind(text, ctx.flow)
    if paged is not None:
        return paged         # "does it delay dispatch?", "where is the invoice sent?": the page's sentence
    found = side_question.kind(text)
    if found == "variant_price" and not corrections(text, ctx, catalogue):
        return None          # "how much extra?": the proposal asked again states its money
    if found == "amount" and ctx.flow not in ("return_request", "cancel_order"):
        return None          # a change's proposal asked again states its money
    if found == "difference" and corrections(text, ctx, catalogue):
        # "is the 3-person one more expensive?" names another version: its price beside the
        # proposal, which stays as it is (a question is not a correction)
        return "variant_price"
    if found == "difference" and ctx.flow not in ("modify_order", "exchange_request"):
        return None          # other flows have no new version
    if found == "knowledge" and ctx.flow == "invoice":
        return None
    return found


def _unshipped(ctx: UnderstandingContext, order_id: Any) -> bool:
    """The order can still be cancelled (at a return's confirmation "cancel the whole thing"
    drops the return: a delivered order is not cancelled)."""
    order = next((o for o in ctx.orders if str(o.get("id")) == str(order_id or "")), None)
    return order is not None and order.get("status") in ("pending", "paid")


def whole_cancel(text: str) -> bool:
    """Does the message ask to cancel the whole order (not a line, not the change proposed)?"""
    return bool(_WHOLE_CANCEL_EN.search(text) or _WHOLE_CANCEL_ZH.search(text)) and not _NOT_WHOLE.search(text)


class ClassicSource:
    """CommandSource over the pipeline's NLU result (`hint`) or the NLU itself."""

    source = "classic"

    def __init__(self, nlu: Any | None = None) -> None:
        self.nlu = nlu

    def _after_no(self, text: str, ctx: UnderstandingContext) -> str | None:
        """The change a "no" goes on to ask for, in a clause of its own ("no don't cancel. switch
        it to black instead"); None when the no stands alone."""
        if self.nlu is None:
            return None
        pieces = [p.strip() for p in _REQUEST_SPLIT.split(text) if p and len(p.strip()) >= 4]
        for piece in pieces[1:]:
            guess = self.nlu.classifier.predict(piece)
            flow, reason = flow_for(guess.name, piece, ctx.orders)
            if flow in (*STORE_CHANGES, "exchange_request") and flow != ctx.flow \
                    and (guess.confidence >= MORE_CONFIDENCE or not reason.startswith("intent")):
                return flow
        return None

    def _more_requests(self, text: str, taken: list[str | None], ctx: UnderstandingContext,
                       why: list[str]) -> list[Command]:
        """Further requests in one message ("cancel the kettle order, also where is my dryer?"):
        each clause read on its own; a clear one with another flow is queued after the first."""
        pieces = [p.strip() for p in _REQUEST_SPLIT.split(text) if p and len(p.strip()) >= 4]
        if len(pieces) < 2:
            return []
        from bot.dialogue import refund_method
        if taken[:1] == ["refund_status"] and refund_method.asks_other_method(text):
            # "退款能退到微信吗？就是W3846527那个": the clause after names the refund's order, no second request.
            return []
        out: list[Command] = []
        for n, piece in enumerate(pieces):
            guess = self.nlu.classifier.predict(piece)
            flow, reason = flow_for(guess.name, piece, ctx.orders)
            if flow in (None, "order_status", "delivery_issue") and status_question.asks_status(piece):
                flow, reason = "order_status", "a question about delivery status, no trouble named"
            elif flow in (None, "refund_status", "other") and taken[:1] and taken[0] in STORE_CHANGES:
                from bot.dialogue import late_refund as LR
                from bot.dialogue.shop_questions import asked as shop_asked
                if shop_asked(piece, ctx.orders) == "delivery_time" and not LR.MONEY.search(piece):
                    # "how long will my backpack take, and can I change the address?": its delivery
                    # time is a question of its own beside the change, never dropped behind it
                    flow, reason = "order_status", "a question about delivery time beside a change"
            asks = C.EXPLICIT_WHERE.search(piece) or C.ACTION.search(piece) or re.search(
                r"\b(where|when|how|can|could|what)\b|[吗呢?？]|到哪|多少|怎么", piece, re.I) \
                or status_question.asks_status(piece)
            clear = guess.confidence >= MORE_CONFIDENCE or (guess.confidence >= 0.25 and asks) \
                or not reason.startswith("intent")
            lookup_first = n == 0 and flow in ("order_status", "policy_info", "delivery_info") and bool(asks) \
                and clear and bool(taken[:1]) and (taken[0] in STORE_CHANGES
                                                   or (taken[0] not in (flow, "delivery_issue")
                                                       and status_question.asks_status(piece)))
            if n == 0 and not lookup_first and (flow not in STORE_CHANGES or taken[:1] == [flow]
                                                or not any(t in STORE_CHANGES for t in taken) or not clear):
                # The first clause already gave the message its flow, except when a cue further on
                # ("… also make it my default address") named another change of the same order.
                continue
            if flow and CX.restates(flow, taken, piece, ctx.orders):
                why.append(f"'{flow}' clause restates the first request")
                continue
            from bot.dialogue.product_questions import asks_change
            if taken[:1] == ["product_info"] and flow in ("exchange_request", "modify_order", "return_request") \
                    and not asks_change(piece):
                # "do you have it in 12 inch? I'd like one": wanting the product changes no order line.
                why.append(f"'{flow}' clause names no change after a product question")
                continue
            if flow and flow not in taken and flow != "handoff" and clear:
                out.append(Command("start_flow", {"flow": flow, "text": piece}))
                why.append(f"another request in the same message: {reason}")
                taken.append(flow)
        return out

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        if self.nlu is None:
            raise RuntimeError("ClassicSource needs an NLU to understand without a hint")
        u = self.nlu.understand(ctx.text)
        return self.from_nlu(ctx, u.intent.name, float(u.intent.confidence), u.entities.to_dict(), {})

    def from_nlu(self, ctx: UnderstandingContext, intent: str, confidence: float,
                 entities: Mapping[str, Any], catalogue: Mapping[str, Mapping[str, Any]],
                 runner_up: tuple[str, float] | None = None) -> Understood:
        text = ctx.text
        rest = _GREETING.sub("", text, count=1).strip()
        if self.nlu is not None and rest != text.strip() and len(rest) >= 4 and intent in ("greeting", "other"):
            # "你好 羽绒服寄出好久了还在路上": the request after the greeting is what to act on.
            guess = self.nlu.classifier.predict(rest)
            if guess.name not in ("greeting", "thanks_bye", "other"):
                intent, confidence = guess.name, float(guess.confidence)
        cmds: list[Command] = []
        why: list[str] = []
        answer = yes_no(text)
        if answer is False and ctx.step in ("choose_items", "choose_order") and _NOT_THAT_BUT.search(text):
            answer = None        # "不是钢笔，是另一个", "not the navy one, the other": a choice, never a no
        if answer is True and asks_back(text):
            answer = None        # "要补多少钱？", "ok but how much extra?": a question, never a yes
        if answer is True and ctx.step in WAITING and (C.CHANGE_MIND.search(text) or KEEP_ORIGINAL.search(text)):
            answer = False       # "ok forget it then", "好吧还是算了": the "ok" takes back the request
        pointed_yes = False
        if answer is None and ctx.flow and ctx.step == "confirm" and not KEEP_ORIGINAL.search(text):
            from bot.dialogue.confirm_yes import yes_at_confirm
            # "第一個就得 確認", "the first one, confirm": a yes, never a remark (#13); it names only a
            # pointer, so the "一个" of "第一个" is never read as a quantity to correct
            pointed_yes = yes_at_confirm(text)
            if pointed_yes:
                answer = True
        if ctx.flow and ctx.step == "confirm" and both_answer.confirms_both(text) \
                and both_answer.two_waiting(ctx.flow, ctx.slots):
            # "yes both" / "两个都确认" to two proposals: a yes to each, never a quantity of a line.
            return Understood((Command("confirm"),), 0.95, self.source, ("a yes to both proposals waiting",))
        # A vague reference resolves inside the order in focus first (#13).
        refs = focus.prefer_focus(M.match_items(text, ctx.orders, catalogue), text, ctx)
        # "take the 12 inch skillet off" on a 12 inch + 10 inch order: that line, not both (#13).
        refs = tied_lines.narrow(text, refs, ctx.orders, catalogue)
        if ctx.step in ("ask_change", "ask_wanted"):
            refs = _wish_not_other_line(text, refs, ctx, catalogue)
        spans = status_question.status_spans(text, _REQUEST_SPLIT)
        asked_refs = [r for r in refs if not any(a <= r.start < b for a, b in spans)] if spans else refs
        # (an answer to another flow's question — "just the helmet, the gloves are fine" to "which
        # one to exchange?" — is that flow's slot, never a return started beside it)
        flow, flow_why = flow_for(intent, text, ctx.orders, asked_refs or refs,
                                  keep_other_ok=not (ctx.flow and ctx.flow != "return_request" and ctx.step in WAITING))
        from bot.dialogue import which_orders
        if flow in (None, "delivery_issue", "order_status", "handoff") and ctx.step not in WAITING \
                and which_orders.asked_state(text) and not order_ids.find_known(text, [str(o["id"]) for o in ctx.orders]):
            # "我有一单还没收到，是哪单": the customer asks which order — a status pick, not a parcel case.
            flow, flow_why = "order_status", "which of the customer's orders is still to come"
        if spans and flow in ("order_status", "delivery_issue") and self.nlu is not None:
            # "change the mat to 4mm, and was my kite delivered?" read whole as a delivery question:
            # the other request decides the message's first flow; the question is queued after it.
            rest = ". ".join(p.strip() for p in _REQUEST_SPLIT.split(text)
                             if p and p.strip() and not status_question.asks_status(p))
            guess = self.nlu.classifier.predict(rest)
            other, other_why = flow_for(guess.name, rest, ctx.orders, asked_refs or refs)
            from bot.dialogue.product_questions import only_asks
            if other in ("exchange_request", "modify_order", "return_request") and only_asks(rest):
                # "has it shipped? and is the harness size L?": a question about the item, no change asked.
                other, other_why = "product_info", "a question about the item, no change asked"
            if other not in (None, "order_status", "delivery_issue", "handoff"):
                flow, flow_why = other, f"{other_why} (a status question asked too)"
        # The status question leads ("did the kite arrive? also the mat should be 4mm"): its items are its own.
        if paid_with.invoice_for_paid_order(text) and flow in (None, "order_status", "delivery_issue", "invoice"):
            # "帮我开张发票，就是用微信付的那单，已经发货了的": the invoice of the order paid that way
            # (its state is a detail of which order), never a status question or a clarification.
            flow, flow_why = "invoice", "an invoice for the order named by how it was paid"
        own = refs if flow in ("order_status", "delivery_issue") else (asked_refs or refs)
        slots, slot_why = slots_from(text, entities, ctx, catalogue, own)
        from bot.dialogue import other_order
        other_oid = other_order.other_of(text, ctx.recent_orders, focus.focus_of(ctx), ctx.orders) \
            if ctx.step not in WAITING and not slots.get("order_id") else None
        if other_oid is not None and all(r.order_id == other_oid for r in refs if not r.excluded):
            # "另一单的轮胎" / "the tyres of the other one": the other of the orders just discussed (#13).
            slots["order_id"] = other_oid
            slot_why.append("the other of the orders just discussed")
        if spans and flow not in ("order_status", "delivery_issue"):
            # The status question keeps its own order id; the other request gets the one it wrote.
            other_id = status_question.order_outside(text, spans, [str(o["id"]) for o in ctx.orders])
            if other_id is not None and slots.get("order_id") != other_id:
                slots["order_id"] = other_id
                slot_why.append("the other request's own order id")
        from bot.dialogue import info_cues
        flow, flow_why = info_cues.route(flow, flow_why, intent, confidence, text, ctx, catalogue, slots)
        from bot.dialogue import fault_answer, same_unit
        # A symptom of a delivered line named, a new unit of it, or its refund after a fault answer.
        flow, flow_why = fault_answer.route(flow, flow_why, intent, confidence, text, ctx, slots)
        flow, flow_why = same_unit.route(flow, flow_why, text, ctx, slots)
        asked_help = bool(slots.get("product_question"))    # a size / safety question (product_help)
        if ctx.step not in WAITING and not asked_help and not (intent in _CHITCHAT and confidence >= 0.6) and (flow is None or (flow in ("product_info", "order_status", "handoff",
                                                                 "troubleshooting", "exchange_request")
                                                     and confidence < SWITCH_CONFIDENCE
                                                     and not C.WANTS_PERSON.search(text))):
            changed = option_change_orders(text, ctx.orders, refs, catalogue)
            if len(changed) == 1:
                # "can I get the long sleeping bag on K30418, 3 of them": another option value of a
                # line of one unshipped order is a change proposal for that line.
                flow, flow_why = "modify_order", "a change to lines of an order not yet shipped (option named)"
                slots.setdefault("order_id", changed[0])
            elif changed and not slots.get("order_id"):
                # The same item on several unshipped orders: a change, the order asked among those.
                flow, flow_why = "modify_order", "a change to an item on several orders not yet shipped (option named)"
                slots["candidates"] = changed
        wished = False         # an option wish read here is a change, never a follow-up detail
        if ctx.step not in WAITING and not asked_help and not C.WANTS_PERSON.search(text) and (
                flow in (None, "product_info", "order_status", "delivery_issue", "handoff", "troubleshooting",
                         "change_address")
                or (flow in ("modify_order", "exchange_request") and not slots.get("order_id"))):
            from bot.dialogue.option_wish import UNSHIPPED, wished_lines
            scope = order_ids.find_known(text, [str(o["id"]) for o in ctx.orders]) \
                or ([focus.focus_of(ctx)] if focus.focus_of(ctx) else [])
            wishes = wished_lines(text, ctx.orders, catalogue, list(scope),
                                  [(r.order_id, r.sku) for r in refs if not r.excluded])
            if len(wishes) == 1:
                # "I'd like silver instead" about the order in focus: the change of that line — an
                # item change before shipping, an exchange once delivered (confirmed first).
                w = wishes[0]
                flow = "modify_order" if w.status in UNSHIPPED else "exchange_request"
                flow_why = "another option value of one line, no product word (option wish)"
                slots["order_id"] = w.order_id
                slots["items"] = [{"order_id": w.order_id, "sku": w.sku, "excluded": False}]
                wished = True
            elif len({w.order_id for w in wishes}) > 1 and all(w.status in UNSHIPPED for w in wishes) \
                    and not slots.get("order_id") and not slots.get("candidates"):
                # Candidates kept in the customer's order list's order ("the second one" picks by it).
                flow, flow_why = "modify_order", "an option wish fitting lines of several orders (order asked)"
                slots["candidates"] = list(dict.fromkeys(w.order_id for w in wishes))
        if ctx.step not in WAITING and not asked_help \
                and flow not in ("change_address", "change_payment", "invoice", "payment_issue"):
            from bot.dialogue.removals import lines_taken_out
            named_line = any(not r.excluded for r in refs)
            gone = focus.first_in_focus(lambda scope: lines_taken_out(text, ctx.orders, catalogue, scope),
                                        text, ctx, named_line)
            if gone is not None:
                from bot.dialogue.flows.cancel import whole_order_named
                held = next((o for o in ctx.orders if str(o["id"]) == gone.order_id), None)
                if held is not None and whole_order_named(text, dict(held), dict(catalogue or {})):
                    # "I don't want the perfume order any more", "有猫粮那单不要了": the item says
                    # which order; the order is what goes (its cancel confirmation), not that line.
                    gone = None
                    flow, flow_why = "cancel_order", "the whole order named by one of its items"
                    slots["order_id"] = str(held["id"])
                    slots.pop("items", None)
            if gone is not None:
                # "don't send the stove, just the tent": those lines out of one unshipped order,
                # the others kept — never a cancel of the whole order, never a status answer.
                flow, flow_why = "modify_order", "a change to lines of an order not yet shipped (lines taken out)"
                slots["order_id"] = gone.order_id
                slots["items"] = [{"order_id": gone.order_id, "sku": s, "excluded": False} for s in gone.skus]
                slots.pop("qty", None)
                slots["remove"] = True
                slots["lines_out"] = True
            elif flow in (None, "modify_order", "cancel_order", "order_status", "product_info", "exchange_request"):
                from bot.dialogue.removals import fewer_units
                fewer = focus.first_in_focus(lambda scope: fewer_units(text, ctx.orders, catalogue, scope),
                                             text, ctx, named_line)
                if fewer is not None:
                    # "make it 1 instead of 2", "少要一个": fewer units of the one line that can have them.
                    flow, flow_why = "modify_order", "a change to lines of an order not yet shipped (fewer units)"
                    slots["order_id"] = fewer.order_id
                    slots["items"] = [{"order_id": fewer.order_id, "sku": fewer.sku, "excluded": False}]
                    slots["qty"] = fewer.qty
                    slots["lines_out"] = True
            if gone is None and not slots.get("lines_out") and not slots.get("items") and flow in (
                    None, "modify_order", "cancel_order", "order_status", "product_info", "exchange_request",
                    "troubleshooting"):
                from bot.dialogue.removals import kept_but_unnamed
                partial = kept_but_unnamed(text, ctx.orders,
                                           order_ids.find_known(text, [str(o["id"]) for o in ctx.orders]),
                                           flow == "cancel_order")
                if partial is not None:
                    # "X不要了，Y还要" in words the shop's data lacks: one line goes, which one is
                    # asked — never the whole order cancelled.
                    flow, flow_why = "modify_order", "a line taken out, another kept (line asked)"
                    slots["order_id"] = partial
                    slots.pop("qty", None)
                    slots["remove"] = True
        if flow == "modify_order" and REMOVE.search(text) and not _CHANGE_TO.search(text) \
                and not ctx.slots.get("swaps"):
            other = _other_value_lines(text, ctx.orders, refs, catalogue)
            if not other:
                slots["remove"] = True
                slot_why.append("lines removed")
            elif len(other) == 1 and not slots.get("items"):
                # The line is named by its other value only ("要两包暖白的 不要三包"): that line.
                slots["items"] = [{"order_id": other[0][0], "sku": other[0][1], "excluded": False}]
                slot_why.append("the line given another value")
        waiting = ctx.flow is not None and ctx.step in WAITING
        from bot.dialogue import stale_flow
        moved = stale_flow.new_topic(ctx.step, text, slots, ctx.flow) if waiting else None
        if moved is not None:
            # "另外，收到的T恤破了个洞" while the address is asked: the new topic, the address paused (route13).
            flow, flow_why = moved
            waiting = False
        conf = confidence
        switch = action_switch.switched(text, ctx.flow) if waiting and not ctx.slots.get("fault_choice") \
            and not ctx.slots.get("wrong_item") else None
        written = order_ids.find_known(text, [str(o["id"]) for o in ctx.orders]) if switch else []
        if switch and ctx.slots.get("order_id") and all(str(w) == str(ctx.slots["order_id"]) for w in written):
            # (an item word that also fits another order's line does not move it: only a written id)
            # "算了还是换货吧", "changed my mind, just refund me": the pending request is dropped
            # (the no) and the new action starts on the same order and lines — the old one is
            # never kept, offered back or written on the next yes (action_switch).
            cmds += [Command("deny"), start_flow(switch), set_slot(order_id=ctx.slots["order_id"])]
            why.append(f"a changed mind: {switch} instead of the {ctx.flow} waiting")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        regrouped = _regrouped(text, ctx, catalogue) if waiting and ctx.step == "confirm" else None
        if regrouped:
            # "the other way round: keep the black one, remove the navy" at a removal's yes: the
            # lines that go and stay redone (kept_lines), never a further removal or a colour wish.
            cmds.append(set_slot(items=regrouped, remove=True, lines_out=True, regrouped=True))
            why.append("the lines kept at the removal's confirmation corrected")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        bare = _bare_option(ctx, catalogue, text) if waiting and (
            ctx.step in ("ask_change", "ask_wanted") or (ctx.step == "confirm" and ctx.flow in CORRECTABLE)) else None
        pick = _offered_answer(ctx, catalogue, text) if waiting and ctx.step in ("ask_change", "ask_wanted") else None
        if pick:
            # "那就蓝黑吧" after "… is sold out. In stock: …. Which one?": the pick among those
            # offered, for the flow that asked (never another request its words resemble).
            cmds.append(set_slot(options=pick))
            why.append(f"a pick among the in-stock versions {ctx.flow} offered")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if bare:
            # "110" right after "it comes in 110cm": that option value, read before any quantity.
            cmds.append(Command("correct_slot", {"options": bare}) if ctx.step == "confirm" else set_slot(options=bare))
            why.append(f"a bare option value answering {ctx.flow}'s question")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and ctx.step == "confirm" and ctx.flow != "cancel_order" and whole_cancel(text) \
                and _unshipped(ctx, slots.get("order_id") or ctx.slots.get("order_id")):
            # "cancel the whole thing" / "整个订单都取消" at a change's confirmation: a cancel of the
            # order, proposed with its own confirmation, never a plain no to the change.
            cmds.append(start_flow("cancel_order"))
            oid = slots.get("order_id") or ctx.slots.get("order_id")
            if oid:
                cmds.append(set_slot(order_id=oid))
            why.append("the whole order cancelled at a confirmation")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and ctx.flow and C.CANCEL_FLOW.search(text):
            cmds.append(Command("cancel_flow"))
            why.append("customer drops the request")
            return Understood(tuple(cmds), 0.95, self.source, tuple(why))
        if waiting and ctx.step == "confirm" and ctx.slots.get("fault_choice") and yes_no(text) is not True \
                and re.search(r"(换新|换一个|换个新|换一件|换货|new one|replacement|replace it|exchange)", text, re.I):
            # A faulty item's return waits for its yes: "a new one instead" picks the replacement offered.
            cmds.append(set_slot(replace=True))
            why.append("the replacement offered for a faulty item")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and ctx.step == "confirm" and ctx.slots.get("wrong_item") \
                and re.search(r"(退款|退钱|退货|退了|refund|money back|\breturn (it|them)\b)", text, re.I):
            # The replacement of a wrongly sent item waits for its yes: "refund instead" picks the other offer.
            cmds.append(set_slot(refund=True))
            why.append("the refund offered for a wrong item")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and ctx.step == "confirm" and ctx.flow != "cancel_order" and whole_cancel(text) \
                and str(slots.get("order_id") or ctx.slots.get("order_id") or "") == str(ctx.slots.get("order_id") or "") \
                and not _unshipped(ctx, ctx.slots.get("order_id")):
            # "cancel the whole thing" at a return of a delivered order: the request is dropped;
            # never a cancel of some other order that still could be.
            cmds.append(Command("cancel_flow"))
            why.append("the whole request dropped at a confirmation (the order can no longer be cancelled)")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        dropped = _line_dropped(text, ctx, refs) if waiting and ctx.step == "confirm" \
            and not corrections(text, ctx, catalogue) else []
        if dropped:
            # "水杯不要了", "actually I don't want the jacket at all" while a change of the same
            # order waits: that line comes out in the same change set (never a return, never a
            # cancel of the order).
            cmds.append(set_slot(items=dropped))
            why.append(f"a line of order {ctx.slots.get('order_id')} dropped while its change waits")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        side = _side_question(text, ctx, catalogue, answer) if waiting and ctx.step == "confirm" else None
        if side:
            # "when do I get the difference back?", "how much is the tenor one?", "保修多久？" while a
            # change waits for its yes: answered, the change kept, its yes asked again.
            cmds.append(Command("knowledge_answer", {"topic": side, "at_confirm": True}))
            why.append(f"a {side} question while {ctx.flow} waits for its yes")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and ctx.step == "confirm" and ctx.flow in CORRECTABLE and not KEEP_ORIGINAL.search(text) \
                and (answer is not False or _CORRECTION_CUE.search(text)
                     or corrections(text, ctx, catalogue).get("instead")):
            # A "no" counts as a correction only when it goes on to ask for something else
            # ("算了，还是换白色43的吧"); "no, not the 43 either" stays a no.
            fix = {} if pointed_yes else corrections(text, ctx, catalogue)
            if fix and answer is True and CX.same_as_proposal(fix, ctx.slots):
                fix = {}             # "对 改成一个" restating the proposal: a yes to it, not a new one
                why.append("restates the proposal waiting for its yes")
            if fix:
                # "actually white 43", "pay with my card instead": new values for the proposal
                # waiting for its yes, never a yes/no to the old one.
                cmds.append(Command("correct_slot", fix))
                why.append(f"corrects the {ctx.flow} proposal: " + ", ".join(sorted(fix)))
                return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and ctx.step == "confirm" and answer is None and asks_back(text) and _ABOUT_PROPOSAL.search(text) \
                and not slots.get("order_id") and not corrections(text, ctx, catalogue):
            # "how much extra?", "要补多少钱？" while a change waits for its yes: answered by the
            # proposal asked again (it states the money), never taken as a yes or a new topic.
            cmds.append(set_slot(question=text[:200]))
            why.append(f"a question about the {ctx.flow} proposal waiting for its yes")
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if waiting and KEEP_ORIGINAL.search(text) and not slots.get("order_id"):
            answer = False           # "keep the original": a no, never a correction or a yes
        if waiting and answer is None and C.CHANGE_MIND.search(text) and not slots.get("order_id"):
            answer = False
        if waiting and ctx.step == "confirm" and answer is None and not slots \
                and (flow in (None, "troubleshooting", ctx.flow) or confidence < SWITCH_CONFIDENCE) \
                and not C.WANTS_PERSON.search(text):
            # "it doesn't fit my wrist" while a request waits for its yes: a reason, not a new topic.
            cmds.append(set_slot(reason=text[:200]))
            why.append(f"a remark while {ctx.flow} waits for confirmation")
            return Understood(tuple(cmds), round(float(confidence), 4), self.source, tuple(why))
        if waiting and answer is not None and (flow in (None, ctx.flow) or confidence < 0.8 or len(text) <= 12):
            cmds.append(Command("confirm" if answer else "deny"))
            why.append(("yes" if answer else "no") + f" while {ctx.flow} waits at {ctx.step}")
            conf = 0.95
            flow = None if flow == ctx.flow or confidence < 0.8 or len(text) <= 12 else flow
            if answer is False and flow is None:
                after = self._after_no(text, ctx)
                if after:
                    # "wait no don't cancel. can I switch it to black instead": the no, then the new ask.
                    flow, flow_why = after, "a change asked after the no"
        if flow == "troubleshooting" and confidence < TROUBLE_CONFIDENCE and not slots.get("items") \
                and not (C.DEFECT.search(text) or C.ARRIVAL_DEFECT.search(text) or C.TRIED.search(text)):
            flow = None          # "有个问题": not yet a fault to troubleshoot
        if ctx.step in ("choose_order", "choose_items") and (slots or M.pick_candidate(text, [{}] * 5)) \
                and (confidence < 0.8 or CX.answers_choice(ctx, refs)) and flow != ctx.flow:
            why.append(f"answers {ctx.flow}'s question ({ctx.step})")
            flow = None
        # Lines read out of the message (fewer units, lines taken out) are a change request, never
        # "a detail for the status just answered".
        hit = CX.follow_up(ctx, text, refs, slots, flow, confidence, catalogue) \
            if not waiting and (answer is None or len(text) > 12) and not C.THANKS_ONLY.search(text) \
            and not slots.get("lines_out") and not wished \
            and not (intent in _CHITCHAT and confidence >= 0.6) else None
        if hit is not None:
            # What the message refers back to (the other order, a detail for the case just opened).
            flow, flow_why = hit.flow, "follow-up: " + hit.why
            slots.update(hit.slots)
            slot_why.append(hit.why)
        from bot.dialogue import fault_pickup
        pickup = fault_pickup.remedy(text, ctx) if not waiting and answer is not False and not slots.get("order_id") \
            and not C.WANTS_PERSON.search(text) else None
        if pickup is not None:
            # "book the pickup" right after a fault answer: that fault's remedy on its order (route13).
            flow, flow_why = pickup[0], "a fault's remedy: a pickup asked after the fault answer"
            slots.update(pickup[1])
            slot_why.append("the order and line of the fault just answered")
        picked = CX.by_state(text, ctx) if not slots.get("order_id") and not slots.get("items") else []
        if picked:
            # "the one that hasn't shipped": the orders in that state (one: that order; several: ask).
            slots.update({"order_id": picked[0]} if len(picked) == 1 else {"candidates": picked})
            slot_why.append("an order picked by its state")
        address = CX.carried_address(ctx, text, flow) if not slots.get("address") else None
        if address:
            slots["address"] = address
            slot_why.append("the address given earlier")
        if hit is None and (flow is None or confidence < 0.6) and ctx.last_flow and not waiting and answer is None \
                and not slots.get("lines_out") and not wished:
            follow = _follow_up(text, ctx.last_flow, slots)
            if follow:
                flow, flow_why = ctx.last_flow, follow
        from bot.dialogue import refund_method
        if flow in INFO_FLOWS and not waiting and _info_question(text, slots) \
                and not (flow == "warranty" and (ctx.last_flow or slots.get("product_id"))) \
                and not (flow == "refund_status" and ctx.orders and refund_method.asks_other_method(text)):
            # ("退款可以退到别的账户吗" from a customer with orders: their own refund answers it, below.)
            # "how long is the warranty?" about the item just discussed, or a product named
            cmds.append(Command("knowledge_answer", {"topic": flow}))
            why.append(f"a question about how {flow} works, not a request to act")
            return Understood(tuple(cmds), round(float(confidence), 4), self.source, tuple(why))
        if ctx.last_flow in TICKET_FLOWS and not waiting and not C.WANTS_PERSON.search(text) \
                and not slots.get("order_id") and not slots.get("items") \
                and ((ctx.last_flow == "warranty" and C.CLAIM.search(text))
                     or (ctx.last_flow == "delivery_issue" and C.STUCK.search(text))
                     or (ctx.last_flow in ("delivery_issue", "payment_issue")
                         and re.search(r"(refund|退款|退钱|money|\bback\b|到账|退回)", text, re.I)
                         and not slots.get("order_id"))):
            flow, flow_why = ctx.last_flow, f"follow-up question about the {ctx.last_flow} answer"
        if ctx.last_flow == "refund_status" and not waiting and not slots.get("order_id") and not slots.get("items") \
                and _follow_up(text, "refund_status", slots) and not C.WANTS_PERSON.search(text):
            # "没看到啊" right after a refund was listed as paid: about that refund, whatever the classifier says.
            flow, flow_why = "refund_status", "follow-up: the refund just listed has not shown up"
        if not waiting and flow in (None, "order_status", "delivery_issue") and answer is None \
                and not flow_why.startswith(("damaged", "marked", "parcel")) and not C.WANTS_PERSON.search(text):
            from bot.dialogue.flows.delivery import CUSTOMS, fault_in_hand
            from bot.dialogue.shop_questions import TROUBLE
            if CUSTOMS.search(text) and TROUBLE.search(text):
                # "物流显示在海关被扣了": a parcel held (or said to be) in customs, never a fault of an item
                # ("显示" is the tracking's word here, not a display symptom).
                flow, flow_why = "delivery_issue", "parcel said to be held in customs"
            elif fault_in_hand(text):
                # "W4556110 的 tent 漏雨", "got my order - the lid is cracked": a symptom of an item the
                # customer holds is a fault to troubleshoot, never a status or lost-parcel answer (#13).
                flow, flow_why = "troubleshooting", "a fault: a symptom of an item in hand"
        if (not waiting or ctx.step in ("choose_order", "choose_items")) and answer is None and catalogue \
                and flow in (None, "troubleshooting", "order_status", "product_info") and not slots.get("order_id") \
                and not slots.get("pick"):      # "the UK one?" picks among the orders asked about
            from bot.dialogue import option_questions
            pid = option_questions.asked_product(text, catalogue, slots.get("product_id"))
            if pid:
                # "btw does it come with a UK plug?": a question about the catalogue's options (#13).
                flow, flow_why = "product_info", "a question about a product's options"
                slots["product_id"] = pid
                slots.pop("items", None)
        if not waiting and flow == "troubleshooting" and answer is None:
            remedy = [k for k in negation.polarity(text)[0] if k in ("exchange_request", "return_request")]
            if remedy:
                # "it's broken, can I get a new one instead of a repair?": the remedy named is the request.
                flow, flow_why = remedy[0], "a fault with the remedy asked for"
        from bot.dialogue import keep_item
        if not waiting and flow in ("return_request", "troubleshooting", "delivery_issue", "exchange_request") \
                and keep_item.keeps_with_money(text):
            # "I'd rather keep it and get a partial refund than send it back": never a return (it
            # would have them send it back); a colleague, with the wish on the case.
            cmds.append(Command("handoff", {"reason": keep_item.NOTE}))
            why.append("keeps the item, asks for part of the money")
            if slots:
                cmds.append(set_slot(**slots))
            return Understood(tuple(cmds), 0.9, self.source, tuple(why))
        if other_oid is not None and slots.get("order_id") == other_oid and flow in (None, "product_info") \
                and not CX.PRODUCT_QUESTION.search(text) and not slots.get("product_question") and not waiting:
            # "另一单的床垫呢": where that order's line stands, not a catalogue description (vague13).
            flow, flow_why = "order_status", "a line of the other order asked after (no product question)"
            slots.pop("product_id", None)
        if flow in (None, "change_address", "modify_order", "order_status") and ctx.flow != "change_address" \
                and _redirect_asked(text):
            # "can the parcel be redirected?": a question about a parcel on its way, for the address
            # flow to answer about THAT parcel, never "which order?" again or "do you mean…?" (#13).
            flow, flow_why = "change_address", "parcel redirect asked"
            why.append(flow_why)
        if flow != "handoff" and C.ASKS_PERSON.search(text) and not C.NO_PERSON.search(text):
            # "我要人工", "能不能让人工来", "I want a real person": handed off at once in either
            # language, never a self-introduction or another flow's question.
            flow, flow_why = "handoff", "an explicit request for a person"
            why.append(flow_why)
        if flow == "handoff":
            cmds.append(Command("handoff", {"reason": "customer asked for a person"}))
            why.append(flow_why)
        elif flow and (flow != ctx.flow or ctx.step in (None, "done")):
            if confidence >= ACT_CONFIDENCE or slots.get("order_id") or slots.get("items") or slots.get("product_id") \
                    or flow_why.startswith(("a payment", "warranty", "damaged", "marked", "parcel", "refund asked",
                                            "default", "payment method", "a change", "asks to send",
                                            "follow", "a question", "a fault", "a follow-up", "an invoice for")):
                cmds.append(start_flow(flow))
                why.append(flow_why)
        if slots:
            cmds.append(set_slot(**slots))
            why.append("; ".join(slot_why) or "slots")
        if cmds and self.nlu is not None and not waiting:
            more = self._more_requests(text, [c.args["flow"] for c in cmds if c.name == "start_flow"] or [flow],
                                       ctx, why)
            if flow == "policy_info":
                # "what's your return policy? can gifts be returned later?": the rule's answer covers
                # the clause; a return is started only on the answer's own offer, never queued.
                more = [c for c in more if c.args.get("flow") not in ("return_request", "exchange_request")]
            cmds += more
            half = joint_address.also_this_order(text, [c.args.get("flow") for c in cmds if c.name == "start_flow"],
                                                 [str(o["id"]) for o in ctx.orders])
            if half:
                # "change the delivery address of C-4Q3P to … and make it my default too" in one
                # clause: the order's own address is the second change, proposed with the first.
                cmds.append(Command("start_flow", {"flow": "change_address", "text": half}))
                why.append("another request in the same message: the order's delivery address too")
            other_half = two_actions.missing_half(text, [c.args.get("flow") for c in cmds if c.name == "start_flow"],
                                                  ctx.orders, catalogue)
            if other_half is not None:
                # "return the trimmer and exchange the duvet": the second action on its own line is
                # a request of its own, never dropped behind the first.
                cmds.append(Command("start_flow", {"flow": other_half[0], "text": other_half[1]}))
                why.append(f"another request in the same message: {other_half[0]} of another line")
            flows_now = [c.args.get("flow") for c in cmds if c.name == "start_flow"]
            if flows_now[:1] == ["payment_issue"] and "refund_status" in flows_now[1:]:
                # "… did you take my money?" beside a payment problem is that problem, not a refund list.
                cmds = [c for c in cmds if not (c.name == "start_flow" and c.args.get("flow") == "refund_status")]
            inv = invoice_company.damage_and_invoice(text, [c.args.get("flow") for c in cmds if c.name == "start_flow"])
            if inv is not None:
                # "it arrived cracked, and I need an invoice": the damage case first, the invoice
                # queued with its own clause — neither dropped.
                at = next(i for i, c in enumerate(cmds) if c.name == "start_flow" and c.args.get("flow") == "invoice")
                cmds[at] = start_flow("delivery_issue")
                cmds.append(Command("start_flow", {"flow": "invoice", "text": inv}))
                why.append("another request in the same message: an item damaged on arrival besides the invoice")
        started = [c.args.get("flow") for c in cmds if c.name == "start_flow"]
        if "troubleshooting" in started and {"exchange_request", "return_request", "warranty"} & set(started[1:]):
            # "tried all that, still broken. send me a new one": the remedy asked for is the answer;
            # the options listed again before it would ask what was just said (#13).
            cmds = [c for c in cmds if not (c.name == "start_flow" and c.args.get("flow") == "troubleshooting")]
            why.append("the remedy asked for replaces the troubleshooting options")
        if not cmds:
            if intent in _CHITCHAT and ctx.flow and ctx.step in WAITING and not _CHITCHAT_WORDS.search(text):
                # "那就右拉链吧" to "which one would you like?" guessed as a thanks: a message with no
                # thanks / goodbye / greeting word at an open question is an answer not understood,
                # so the question is asked again, never a "you're welcome" that drops it (#13).
                cmds.append(Command("clarify", {"options": [ctx.flow]}))
                why.append(f"intent {intent} without a chit-chat word at {ctx.flow}'s question")
                conf = min(conf, CLARIFY_CONFIDENCE)
            elif intent in _CHITCHAT:
                cmds.append(Command("chitchat", {"kind": _CHITCHAT[intent]}))
                why.append(f"intent {intent}")
            elif intent == "other" and confidence >= 0.8:
                cmds.append(Command("knowledge_answer"))
                why.append("a question for the help centre")
            else:
                options = [o for o in (_INTENT_FLOW.get(intent), _INTENT_FLOW.get(runner_up[0]) if runner_up and
                                       confidence - runner_up[1] < CLOSE_MARGIN else None) if o and o != "handoff"]
                about = CX.clarify_about(ctx, text, refs, slots, catalogue)
                if ctx.flow and ctx.step not in (None, "done") and not options:
                    cmds.append(Command("clarify", {"options": [ctx.flow]}))
                elif about:
                    # "why?" right after an answer about one order: what that order allows, asked.
                    cmds.append(Command("clarify", {"options": CX.about_options(ctx, about), "about": about}))
                    why.append(f"a short question after the {ctx.last_flow} answer about {about}")
                else:
                    cmds.append(Command("clarify", {"options": options}))
                why.append(f"unsure (intent {intent} at {confidence:.2f})")
                conf = min(conf, CLARIFY_CONFIDENCE)
        return Understood(tuple(cmds), round(float(conf), 4), self.source, tuple(why))
