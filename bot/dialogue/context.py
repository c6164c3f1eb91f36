"""Reference resolution across turns: what a follow-up message refers back to.

A follow-up is read against what the conversation already holds (the flow that answered last,
the order and items last talked about, the product last described, the cases opened), never
against one shop's product words or id shapes:

    hit = follow_up(ctx, text, refs, slots, flow, confidence)     # Follow(flow, slots, why) | None
    answers_choice(ctx, refs)                                     # "就是充电宝和水壶那单" at choose_order

Classes of follow-up handled here, each with the evidence it needs:

- "and my other order?" / "那另一个呢": the same topic for the order (or line) not talked about.
- A message that only names something ("the watch order, SO…", "订单号…，微信付的", "paypal"):
  a detail for the topic that just answered, not a new request.
- Flow-specific continuations: "send it to my email" after an invoice, "can you check" after a
  late-parcel answer, "what about the black one" after a product answer.

A message with a request of its own (its own verb: cancel, return, where is…) is not a
follow-up: it keeps the flow understanding gave it, but still inherits what it refers to.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue import matching as M
from bot.dialogue import other_order
from bot.dialogue.commands import UnderstandingContext
from bot.lang import cues as C

# "the other one", "my other order", "另一个", "另外那单": the thing not talked about last.
OTHER_REF = re.compile(r"\b(?:other|another)\s+(?:one|order|item|parcel|package|thing)\b|\bthe other\b|"
                       r"\bthe rest\b|另一个|另外一个|另一单|另外一单|另外那|另一笔|另一件|其他订单|别的订单|"
                       r"其它订单|另外的订单|\bother\s*(?:订单|单|那个)|另一个?\s*order", re.I)
# "escalate", "someone to look into it", "找人处理" (the same cue as bot/dialogue/late_refund.py,
# which imports the flows and so cannot be imported here).
_ESCALATE = re.compile(r"\bescalat\w*|\bcomplain\w*|\bchase\b|\bsomeone\s+(?:to\s+)?(?:look|check|chase|sort|deal|handle)|"
                       r"升级|投诉|找人|有人(?:跟进|处理)|跟进|催一下|追查|人工处理", re.I)
# Words naming the order as a whole ("order", "那单"), not one of its lines.
ORDER_WORD = re.compile(r"\border\b|\bparcel\b|\bpackage\b|订单|单|包裹|快递", re.I)
# A message's own request: the verb that makes it a new topic rather than a detail.
_OWN = [
    ("cancel_order", re.compile(r"\bcancel|取消", re.I)),
    ("invoice", re.compile(r"\binvoice|\breceipt|发票|开票", re.I)),
    ("warranty", C.WARRANTY),
    ("order_status", re.compile(r"\bwhere\b|\barriv|\bdeliver|\bship|\btrack|\bsen[dt] out\b|\bdispatch|\b(?:go|gone|went) out\b|到哪|到了吗|还没到|没到|发货|物流|"
                                r"快递|什么时候到|啥时候到", re.I)),
    ("exchange_request", C.EXCHANGE_WORD),
    ("refund_status", re.compile(r"\brefund|退款|退钱|钱退", re.I)),
    ("return_request", C.RETURN_VERB),
    ("modify_order", re.compile(r"\bchange\b|\bswitch\b|改成|改为|修改|\bmodify\b", re.I)),
]
# What is left of a reference-only message once the thing it names is removed.
_FILLER = re.compile(r"\b(?:the|my|a|an|and|ok|okay|so|then|what|about|how|for|of|is|it|this|that|one|order|"
                     r"number|no|please|pls|thanks|yes|paid|with|by|via|used|i|was)\b|"
                     r"订单号|订单|单号|那个|这个|那单|这单|就是|还有|那么|那|这|的|呢|吗|啊|呀|吧|哦|嗯|号|单|我|是|用",
                     re.I)
_PUNCT = re.compile(r"[\s,，.。!！?？:：;；、~\-#()（）\"'“”]+")
# At most this much may remain for a message to be only a reference (CJK characters / words).
RESIDUE_ZH = 6
RESIDUE_EN = 3
# Above this the classifier's own reading of a message beats a reference back.
OWN_CONFIDENCE = 0.8

# The orders each flow can act on, by status: "my other order" means another one it applies to.
FLOW_STATUSES: dict[str, tuple[str, ...]] = {
    "order_status": ("pending", "paid", "shipped"),
    "cancel_order": ("pending", "paid"), "change_address": ("pending", "paid"),
    "modify_order": ("pending", "paid"), "change_payment": ("pending", "paid"),
    "delivery_issue": ("shipped", "delivered"),
    "return_request": ("delivered",), "exchange_request": ("delivered",), "warranty": ("delivered",),
    "troubleshooting": ("delivered",),
    "invoice": ("paid", "shipped", "delivered", "returned"),
    "payment_issue": ("pending", "paid", "shipped", "delivered", "returned"),
}
# Topics a reference-only message continues (the ones answered about one order or item).
CONTINUABLE = ("order_status", "refund_status", "invoice", "delivery_issue", "payment_issue", "warranty",
               "return_request", "exchange_request", "troubleshooting", "cancel_order", "change_address")
# Topics about items (the other one is another line); the rest are about orders.
ITEM_FLOWS = ("return_request", "exchange_request", "warranty", "troubleshooting")
# Topics whose answer opened a case: a detail sent afterwards belongs to that case.
CASE_FLOWS = ("delivery_issue", "payment_issue")

# A question rather than a detail ("那怎么办", "can you check"): answered, not "noted".
_ASKS = re.compile(r"[?？吗呢]|怎么|什么|多久|几天|为什么|能不能|可以|\b(?:how|what|when|why|where|can|could|will|"
                   r"would|is|are|do|does)\b", re.I)
_SEND_TO_EMAIL = re.compile(r"e-?mail|邮箱|邮件|\bmail\b|\bsend (?:it|them)\b|发给我|发到|寄给我", re.I)
_CHECK = re.compile(r"查一下|查查|帮我查|核实|核查|催一下|跟进|\bcheck\b|\blook into\b|\binvestigate\b|"
                    r"\bfollow up\b|\bchase\b", re.I)


# "just resend it", "补发一个吧": the parcel sent again (not "send it back", a return).
RESEND = re.compile(r"\bre-?send\b|\bsend (?:it|them|one|me one|a new one|another(?: one)?) (?:again|out again)\b|"
                    r"\bship (?:it|them|another|a new one) (?:again|out again)\b|\bsend (?:me )?(?:a )?(?:new|replacement|"
                    r"another) one\b|重发|补发|再发一|重新发|再寄一|重新寄", re.I)


@dataclass(frozen=True)
class Follow:
    flow: str
    slots: Mapping[str, Any] = field(default_factory=dict)
    why: str = ""


def own_flow(text: str) -> str | None:
    """The request a message makes by its own verb ("cancel…", "where is…"), if any."""
    return next((flow for flow, rx in _OWN if rx.search(text)), None)


def residue(text: str, ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]]) -> str:
    """`text` without the order ids, item names and option values of the customer's orders, and
    without filler: what the message says beyond naming something."""
    t = M.norm(text)
    for o in ctx.orders:
        t = t.replace(M.norm(str(o["id"])).lstrip("#"), " ")
    words: set[str] = set()
    for o in ctx.orders:
        for item in o.get("items") or []:
            product = catalogue.get(str(item.get("product_id") or "")) if catalogue else None
            words.update(M.surfaces(M.item_names(item, product)))
            words.update(M.norm(str(v)) for v in (item.get("options") or {}).values() if len(str(v)) >= 2)
    for w in sorted(words, key=len, reverse=True):
        if w and w in t:
            t = t.replace(w, " ")
    t = re.sub(r"\b[a-z]{0,3}\d{5,}\b|\d{5,}", " ", t)       # an id typed in some other shape
    t = _FILLER.sub(" ", t)
    return _PUNCT.sub(" ", t).strip()


def short(rest: str) -> bool:
    cjk = len(re.findall(r"[\u3400-\u9fff]", rest))
    words = len(re.findall(r"[a-z0-9]+", rest, re.I))
    return cjk <= RESIDUE_ZH and words <= RESIDUE_EN


def _others(ctx: UnderstandingContext, flow: str) -> list[str]:
    last = ctx.last_order_id
    others = [o for o in ctx.orders if str(o["id"]) != str(last)]
    fit = [o for o in others if o.get("status") in FLOW_STATUSES.get(flow, ())] if flow in FLOW_STATUSES else others
    return [str(o["id"]) for o in (fit or others)]


def _other_lines(ctx: UnderstandingContext) -> list[dict[str, Any]]:
    order = next((o for o in ctx.orders if str(o["id"]) == str(ctx.last_order_id)), None)
    if order is None:
        return []
    said = set(ctx.last_skus)
    return [{"order_id": order["id"], "sku": i.get("sku"), "excluded": False, "score": 1.0, "start": 0}
            for i in order.get("items") or [] if i.get("sku") not in said]


def _other(ctx: UnderstandingContext, text: str, flow: str) -> Follow | None:
    """"and my other order?": `flow` for the order (or line) not talked about last."""
    if not ctx.last_order_id:
        return None
    if flow in ITEM_FLOWS and not ORDER_WORD.search(text) and ctx.last_skus:
        lines = _other_lines(ctx)
        if lines:
            return Follow(flow, {"items": lines, "order_id": lines[0]["order_id"]}, f"the other item, for {flow}")
    discussed = [oid for oid in ctx.recent_orders if oid != str(ctx.last_order_id)
                 and any(str(o["id"]) == oid for o in ctx.orders)]
    if discussed and (other_order.says_other_order(text) or ORDER_WORD.search(text) or flow not in ITEM_FLOWS):
        # Two orders just discussed: "the other one" is the other of those two (vague13).
        return Follow(flow, {"order_id": discussed[-1]}, f"the other of the orders just discussed, for {flow}")
    others = _others(ctx, flow)
    if len(others) == 1:
        return Follow(flow, {"order_id": others[0]}, f"the other order, for {flow}")
    if others:
        return Follow(flow, {"candidates": others}, f"another order, for {flow}: asks which")
    return None


def follow_up(ctx: UnderstandingContext, text: str, refs: Sequence[M.ItemRef], slots: Mapping[str, Any],
              flow: str | None, confidence: float, catalogue: Mapping[str, Mapping[str, Any]] | None = None
              ) -> Follow | None:
    """What a message continues from the turn before (None: it is not a follow-up)."""
    last = ctx.last_flow
    own = own_flow(text)
    if ctx.flow == "invoice" and ctx.step == "ask_title" and not own and not refs and not slots.get("order_id") \
            and not C.CANCEL_FLOW.search(text):
        # "What should the title be?" answered ("就写张伟", "Ida Brandt"): that answer is the title,
        # whatever request its words resemble.
        return Follow("invoice", {"title_reply": True}, "the invoice title asked for")
    if not last or (ctx.flow and ctx.step not in (None, "done", "start")):
        return None
    catalogue = catalogue or {}
    if last == "delivery_issue" and ctx.last_order_id and RESEND.search(text) and not slots.get("order_id") \
            and not {r.order_id for r in refs if not r.excluded} - {str(ctx.last_order_id)}:
        # "can you just resend it?" after a missing-parcel case: the remedy of that case, never a
        # warranty or return answer about the item.
        return Follow("delivery_issue", {"order_id": ctx.last_order_id}, "the remedy asked for on the open case")
    confident = confidence >= OWN_CONFIDENCE and flow not in (None, last) \
        and not _owned_item_named(text, refs, flow, last)
    if reports_fault(text) and last not in FAULT_FLOWS and last not in CASE_FLOWS:
        # "the light from … stopped working" right after a status answer: a new topic with the
        # classifier's own reading, never a detail for the answer before.
        return None
    # "and my other order?" / "那另一个呢"
    if OTHER_REF.search(text) and not refs and not slots.get("order_id") and not confident:
        target = own if own and own != last else last
        if target in CONTINUABLE or target in FLOW_STATUSES:
            hit = _other(ctx, text, target)
            if hit is not None:
                return hit
    if last == "policy_info" and own in ("return_request", "exchange_request") and C.FOLLOW_ON.search(text) \
            and not refs and not slots.get("order_id") and short(residue(text, ctx, catalogue)) and len(text) <= 40:
        # "and for exchanges?" right after the return rule: the other rule, not a request to act.
        return Follow("policy_info", {"topic": own}, f"the rule for {own}, asked after another rule")
    if last == "refund_status" and own in (None, "refund_status") and not refs and not slots.get("order_id") \
            and not confident and _ESCALATE.search(text):
        # "that's way past the days you promised, I want someone to look into it" right after the
        # refund answer: the same refunds, escalated (the flow files the case on the late one).
        return Follow("refund_status", {}, "the refund just answered, escalated")
    # "the watch order, SO…", "订单号…，微信付的", "paypal": only a reference or a detail
    rest = residue(text, ctx, catalogue)
    if last in ELLIPTIC_TOPICS and ctx.last_order_id and not own and not refs and not slots.get("order_id") \
            and not confident and not PRODUCT_QUESTION.search(text) \
            and ((WHEN_ASK.search(text) and short(rest))
                 or (last == "order_status" and HURRY.search(text)
                     and short(residue(HURRY.sub(" ", text), ctx, catalogue)))):
        # "how long will that take?" / "还要多久" right after an answer about one order: the same
        # topic and order, asked about its timing (never a policy or the capability menu).
        return Follow(last, {"order_id": ctx.last_order_id}, f"a question about the {last} just answered")
    named = {str(slots["order_id"])} if slots.get("order_id") else {r.order_id for r in refs if not r.excluded}
    # A case is about one parcel or payment: another order named after it is not a detail for it
    # (and never opens a second case by itself).
    other_case = last in CASE_FLOWS and bool(named) and named != {str(ctx.last_order_id)}
    # A case just opened takes a longer detail too ("the neighbours don't have it either").
    detail = short(rest) or (last in CASE_FLOWS and not refs and not slots.get("order_id") and _case_detail(rest))
    if last in CONTINUABLE and not own and not confident and detail and not other_case \
            and (refs or slots.get("order_id") or (last in CASE_FLOWS and rest)):
        extra: dict[str, Any] = {}
        if not slots.get("order_id") and not refs and ctx.last_order_id:
            extra["order_id"] = ctx.last_order_id
        elsewhere = [r for r in refs if not r.excluded and str(r.order_id) != str(ctx.last_order_id)]
        if C.FOLLOW_ON.search(text) and elsewhere and len(elsewhere) < len([r for r in refs if not r.excluded]) \
                and not slots.get("order_id"):
            # "what about the water bottle" right after the order holding one was answered, another
            # order holding one too: that other one (the first was just answered).
            extra["items"] = [{"order_id": r.order_id, "sku": r.sku, "excluded": False, "score": r.score,
                               "start": r.start} for r in elsewhere]
        if _ASKS.search(text):
            return Follow(last, extra, f"a question about the {last} just answered")
        return Follow(last, extra, f"a detail for the {last} just answered")
    # "and the water bottles? they haven't arrived": a new item with its own request
    if own and own != last and refs and (C.FOLLOW_ON.search(text) or len(text) <= 60) and flow in (None, last) \
            and not confident:
        return Follow(own, {}, f"follow-on naming another item, asking for {own}")
    # per-topic continuations
    if last == "invoice" and ctx.last_order_id and _SEND_TO_EMAIL.search(text) and not slots.get("order_id") \
            and not confident:
        return Follow("invoice", {"order_id": ctx.last_order_id}, "the invoice just answered, sent by email")
    if last in ("order_status", "delivery_issue") and ctx.last_order_id and _CHECK.search(text) \
            and not slots.get("order_id") and not refs and short(residue(_CHECK.sub(" ", text), ctx, catalogue)):
        order = next((o for o in ctx.orders if str(o["id"]) == str(ctx.last_order_id)), None)
        if order is not None and order.get("status") in ("shipped", "delivered"):
            return Follow("delivery_issue", {"order_id": ctx.last_order_id},
                          "asks to look into the parcel just answered about")
    if last == "product_info" and ctx.last_product_id and C.WARRANTY.search(text) and not slots.get("order_id") \
            and not _names_other_product(text, catalogue, ctx.last_product_id):
        # "does it come with a warranty?" right after a product answer: that product, and the
        # customer's own line of it when they have one.
        owned = [{"order_id": o["id"], "sku": i.get("sku"), "excluded": False, "score": 1.0, "start": 0}
                 for o in ctx.orders for i in o.get("items") or [] if i.get("product_id") == ctx.last_product_id]
        return Follow("warranty", {"product_id": ctx.last_product_id, **({"items": owned[:1]} if owned else {})},
                      "the warranty of the product just described")
    if last == "product_info" and ctx.last_product_id and not refs:
        from bot.dialogue.info_cues import CHANGE_VERB
        product = catalogue.get(ctx.last_product_id)
        # ("那就换成6kg的" after the versions were compared mid-change: the change, not more info.)
        if product and _names_option(product, text) and not _names_other_product(text, catalogue, ctx.last_product_id) \
                and not CHANGE_VERB.search(text):
            return Follow("product_info", {"product_id": ctx.last_product_id},
                          "another option of the product just described")
    return None


# "how long", "when", "多久", "几天": asks about the time of what was just answered.
WHEN_ASK = re.compile(r"多久|多长时间|几天|什么时候|啥时候|哪天|\bhow long\b|\bhow many (?:more )?days\b|\bwhen\b|"
                      r"\bhow soon\b|\bby when\b", re.I)
# "why (not yet)?", "为什么还没发": asks the reason of the state just told.
WHY_ASK = re.compile(r"为什么|为啥|怎么还|咋还|\bwhy\b|\bhow come\b", re.I)
# "能快点吗", "can you hurry it up?": pushes for sooner.
HURRY = re.compile(r"快点|快一点|加急|尽快|早点|\bhurry\b|\bfaster\b|\bsooner\b|\bexpedite|\bspeed (?:it |this )?up\b", re.I)
# Topics whose flows answer a timing question about their order (status: the carrier's usual time).
ELLIPTIC_TOPICS = ("order_status", "refund_status", "delivery_issue")
# Topics where a fault is the matter itself, not a new one.
FAULT_FLOWS = ("troubleshooting", "warranty", "exchange_request", "return_request", "delivery_issue")


def reports_fault(text: str) -> bool:
    """The message tells of a fault or damage (any product: no product words)."""
    from bot.dialogue.info_cues import FAULT
    return bool(FAULT.search(text) or _DAMAGE.search(text) or C.SAFETY.search(text))


# Damage to a product (not "wrong", which may be an address or an amount).
_DAMAGE = re.compile(r"坏|破损|破了|裂|瑕疵|质量问题|\bdefect|\bbroken\b|\bdamaged\b|\bcracked\b|\bchipped\b|\bfaulty\b", re.I)


def _owned_item_named(text: str, refs: Sequence[M.ItemRef], flow: str | None, last: str | None) -> bool:
    """"what about the bell" after a status answer, the bell being on one of the customer's orders:
    the same topic for that item's order, not a product description — unless it asks a price or stock."""
    return flow == "product_info" and last in CONTINUABLE and any(not r.excluded for r in refs) \
        and bool(C.FOLLOW_ON.search(text)) and not PRODUCT_QUESTION.search(text)


def clarify_about(ctx: UnderstandingContext, text: str, refs: Sequence[M.ItemRef], slots: Mapping[str, Any],
                  catalogue: Mapping[str, Mapping[str, Any]] | None = None) -> str | None:
    """The order a short question nobody could place ("why?", "那怎么办") is most likely about: the
    one the answer just before was about. The clarification then offers what that order allows
    instead of the whole menu (it asks; it never answers for that order by default)."""
    if not ctx.last_flow or not ctx.last_order_id or (ctx.flow and ctx.step not in (None, "done", "start")):
        return None
    if refs or slots.get("order_id") or slots.get("items") or own_flow(text):
        return None
    if not any(str(o["id"]) == str(ctx.last_order_id) for o in ctx.orders):
        return None
    return str(ctx.last_order_id) if _ASKS.search(text) and short(residue(text, ctx, catalogue or {})) else None


def after_rule_options(last_flow: str | None, topic: str | None, text: str) -> list[str]:
    """"so what now?" / "那怎么办" right after a rule was explained (the return policy): the request
    that rule is about is offered, not the whole menu."""
    if last_flow != "policy_info" or not topic or topic == "policy_info" or own_flow(text):
        return []
    return [topic] if _ASKS.search(text) and len(M.norm(text)) <= 30 else []


def which_version(product: Mapping[str, Any], lang: str, offer_person: bool) -> str:
    """A product answer that would be given again: which of the product's versions is meant, with
    its option values from the catalogue (never an order's cancel/change menu)."""
    from bot.dialogue import texts as T
    name = str((product.get("name_zh") if lang == "zh" and product.get("name_zh") else product.get("name")) or "")
    dims = {T.dimension(str(k), lang): [T.value_text(str(v), lang) for v in vs]
            for k, vs in (product.get("options") or {}).items() if vs}
    sep = "、" if lang == "zh" else ", "
    listing = ("；" if lang == "zh" else "; ").join(f"{k}: {sep.join(vs)}" for k, vs in dims.items())
    person = T.t(lang, " If you prefer, I can pass you to a person — just say so.", "如果您愿意，我也可以为您转人工。") \
        if offer_person else ""
    if not listing:
        return T.t(lang, f"What would you like to know about {name}: the price, stock or something else?",
                   f"关于{name}，您想了解价格、库存还是别的？") + person
    return T.t(lang, f"Which version of {name} do you mean ({listing})?", f"您指的是{name}的哪个规格（{listing}）？") + person


def about_options(ctx: UnderstandingContext, about: str) -> list[str]:
    """The readings offered about that order: the topic just answered first, then what its status allows."""
    order = next((o for o in ctx.orders if str(o["id"]) == str(about)), None)
    allowed = _BY_STATUS.get(str((order or {}).get("status")), ())
    first = [ctx.last_flow] if ctx.last_flow in allowed or ctx.last_flow == "order_status" else []
    return first + [f for f in allowed if f not in first]


def repeats_answer(answer: str, history: Sequence[Sequence[str]], text: str) -> bool:
    """The answer about to be sent is the one sent just before, word for word, while the customer
    asked something new (a repeat of their own message, a thanks or a yes/no may get it again)."""
    if not answer or len(history) < 2 or C.THANKS_ONLY.search(text):
        return False
    (r1, said), (r2, replied) = history[-2][:2], history[-1][:2]
    if r1 != "user" or r2 != "assistant" or M.norm(str(replied)) != M.norm(answer):
        return False
    return M.norm(str(said)) != M.norm(text) and bool(_ASKS.search(text) or WHEN_ASK.search(text))


def _case_detail(rest: str) -> bool:
    """A detail for an open case: a sentence or two, not a new story."""
    cjk = len(re.findall(r"[\u3400-\u9fff]", rest))
    words = len(re.findall(r"[a-z0-9]+", rest, re.I))
    return cjk <= RESIDUE_ZH * 3 and words <= RESIDUE_EN * 4


def _names_option(product: Mapping[str, Any], text: str) -> bool:
    from bot.dialogue.flows.product_info import options_named
    return bool(options_named(dict(product), text))


def _names_other_product(text: str, catalogue: Mapping[str, Mapping[str, Any]], current: str) -> bool:
    from bot.dialogue.flows.product_info import find_products
    hits = find_products(text, {k: dict(v) for k, v in catalogue.items()})
    return bool(hits) and str(hits[0][1].get("id")) != current


def answers_choice(ctx: UnderstandingContext, refs: Sequence[M.ItemRef]) -> bool:
    """At "which order?", items named that sit in exactly one of the orders offered answer it
    ("就是充电宝和水壶那单"), whatever intent the classifier reads into the item names."""
    if ctx.step != "choose_order" or C.DEFECT.search(ctx.text) or C.SAFETY.search(ctx.text):
        return False                 # "the kettle is broken": a new topic, not which order
    own = own_flow(ctx.text)
    if own is not None and own != ctx.flow:
        return False
    cands = {str(c) for c in ctx.slots.get("candidates") or []}
    hit = {r.order_id for r in refs if not r.excluded and (not cands or r.order_id in cands)}
    return len(hit) == 1


# "make that my default address too", "寄到同一个地址": the address given earlier in the conversation.
_SAME_REF = re.compile(r"\b(?:that|it|the same|same one|this one|that one|that address|this address|same address)\b|"
                       r"同一个|这个地址|那个地址|刚才的地址|刚才那个|一样的|同样的|相同的|这个|那个", re.I)


def carried_address(ctx: UnderstandingContext, text: str, flow: str | None) -> str | None:
    """The address placeholder given earlier, when an address flow's message points back to it."""
    if flow not in ("default_address", "change_address"):
        return None
    address = ctx.slots.get("address") or ctx.last_address
    return str(address) if address and _SAME_REF.search(text) else None


def no_refund_on(order: Mapping[str, Any], lang: str) -> str:
    """"No refund on order X" and where that order stands (its status sentence)."""
    from bot.lang import replies as R
    oid = order["id"]
    head = f"There's no refund on order {oid}. " if lang == "en" else f"订单 {oid} 没有退款记录。"
    return head + R.order_status(dict(order), lang)


def noted(lang: str) -> str:
    """Said before pointing to the case a detail belongs to (the colleague reads this conversation)."""
    return "Thanks, noted — it's with the case. " if lang == "en" else "收到，已记下，会一并转给处理的同事。"



# Requests that change items of an order: a clause of one message that reads as another of these
# and names no item of its own is the same request said again ("还没发货吧？我想换成5L的").
ITEM_CHANGES = ("modify_order", "exchange_request", "return_request")


def restates(flow: str, taken: Sequence[str | None], piece: str, orders: Sequence[Mapping[str, Any]]) -> bool:
    """A later clause that repeats the message's first item change rather than asking another."""
    return flow in ITEM_CHANGES and any(t in ITEM_CHANGES for t in taken) and not M.match_items(piece, orders)


# "怎么还没到，都两天了", "it's been 4 days, is that normal?": pushing back on a delivery time.
DELAY = re.compile(r"还没到|怎么还没|还不到|都.{0,3}天了|\d+\s*天了|好几天|这么久|太慢|正常吗|"
                   r"\bbeen (?:\d+|a few|several|two|three|four|five) days\b|\bis (?:that|this|it) normal\b|"
                   r"\bso long\b|\btaking (?:so )?long\b|\bstill not (?:here|arrived)\b|"
                   r"\b(?:hasn'?t|haven'?t|not) arrived\b|\bwhy (?:isn'?t|hasn'?t) it\b", re.I)


def delay_answer(order: Mapping[str, Any], days: str, since: float, lang: str, late: bool = False,
                 expected_by: Any = None, now: Any = None) -> tuple[str, bool]:
    """The answer to "why isn't it here yet" about a shipped order: (text, overdue). Overdue (past
    the carrier's usual days) is a case to investigate; otherwise the usual time and the date by
    which to come back, instead of the same status sentence again.

    With the transit's `expected_by` and the shop's clock `now` (timing.transit), the date and the
    overdue reading are that one estimate's — the same date the status answer gave, so a later
    turn never opens an investigation the earlier one said was not due yet (#13) — and the days
    are counted as calendar days on the shop's clock."""
    from datetime import datetime, timedelta

    from bot.dialogue.parcel_wait import calendar_days
    from bot.lang import replies as R
    try:
        upper = float(str(days).replace("–", "-").split("-")[-1])
    except ValueError:
        upper = 7.0
    shipped = str(order.get("shipped_at") or "")
    if expected_by is not None and now is not None:
        by = expected_by.isoformat()
        # Late by the transit's own reading, or the date given to come back has come.
        if late or now.date() >= expected_by.astimezone(now.tzinfo).date():
            return "", True
        n = calendar_days(shipped, now) or 0
    else:
        try:
            by = (datetime.fromisoformat(shipped) + timedelta(days=upper)).isoformat()
        except ValueError:
            by = ""
        # Past the carrier's days, or already called late in the answer before (never contradict it),
        # or due by today: nothing left to wait for.
        if since > upper or late or (by and since + 1 > upper):
            return "", True
        n = max(0, int(since))
    carrier = R.carrier(order.get("carrier"), lang)
    if lang == "en":
        ago = "today" if n == 0 else ("yesterday" if n == 1 else f"{n} days ago")
        until = f" If it hasn't arrived by {R.date(by, 'en')}, tell me and I'll open an investigation with the carrier." \
            if by else ""
        if not days:
            # No usual time on record for this carrier: none is stated, only when to come back.
            return (f"Order {order['id']} shipped {ago} with {carrier} (tracking number "
                    f"{order.get('tracking_no') or '-'}) and is on its way.{until}", False)
        return (f"Order {order['id']} shipped {ago} with {carrier}, which usually takes {days} days, so it is still "
                f"within the normal delivery time.{until}", False)
    ago = "今天" if n == 0 else ("昨天" if n == 1 else f"{n} 天前")
    until = f"如果到 {R.date(by, 'zh')} 还没收到，告诉我，我马上向承运商发起调查。" if by else ""
    if not days:
        return (f"订单 {order['id']} {ago}由{carrier}发出（运单号 {order.get('tracking_no') or '-'}），正在运输途中。{until}",
                False)
    return (f"订单 {order['id']} {ago}由{carrier}发出，{carrier}一般需要 {days} 天，目前还在正常的运输时间内。{until}",
            False)


def not_shipped_answer(order: Mapping[str, Any], lang: str, dispatch: str = "") -> str:
    """"When will it ship?" right after the status of an order not shipped yet: what it waits for
    and when it usually leaves, instead of the same status sentence again."""
    from bot.lang import replies as R
    oid, placed = order["id"], R.date(order.get("placed_at"), lang)
    if order.get("status") == "pending":
        return R.t(lang, f"Order {oid} can't ship yet: it is still waiting for payment (ordered on {placed}). Once the "
                         f"payment goes through it is prepared and sent; if paying doesn't work, tell me.",
                   f"订单 {oid}（{placed}下单）还在等待付款，所以暂时不能发货。付款成功后就会备货发出；如果付款遇到问题，请告诉我。")
    # `dispatch`: the shop's own time (dialogue/dispatch_late.on_time_text); none stated, none invented.
    if not dispatch:
        return R.t(lang, f"Order {oid} hasn't shipped yet (ordered on {placed}). The tracking number comes as soon as "
                         f"it ships; if you'd like, I can ask the warehouse for its dispatch date.",
                   f"订单 {oid}（{placed}下单）还没有发货，发货后会有运单号；需要的话，我可以帮您向仓库确认发货时间。")
    return R.t(lang, f"Order {oid} hasn't shipped yet (ordered on {placed}). {dispatch} The tracking number comes as "
                     f"soon as it ships — if it hasn't shipped by then, tell me and I'll check with the warehouse.",
               f"订单 {oid}（{placed}下单）还没有发货。{dispatch}发货后会有运单号——如果到时还没发货，告诉我，我帮您向仓库核实。")


# What can be done with an order in each status: the readings a clarification offers for it.
_BY_STATUS: dict[str, tuple[str, ...]] = {
    "pending": ("cancel_order", "modify_order", "change_address"),
    "paid": ("cancel_order", "modify_order", "change_address"),
    "shipped": ("order_status", "delivery_issue"),
    "delivered": ("troubleshooting", "return_request", "exchange_request", "warranty"),
    "returned": ("refund_status",),
    "cancelled": ("refund_status",),
}
# At most this many of the customer's orders are offered when nothing was named.
CLARIFY_ORDERS = 3


# A question about what the shop sells (availability, price), whatever item it names.
PRODUCT_QUESTION = re.compile(r"\bdo you (?:have|sell|carry|stock)\b|\bin stock\b|\bavailable\b|\bhow much\b|"
                              r"\bprice\b|有货|有没有.{0,10}(?:货|卖|的)|还有吗|多少钱|价格|卖吗", re.I)


def clarify(options: Sequence[str], lang: str, offer_person: bool, orders: Sequence[Mapping[str, Any]],
            slots: Mapping[str, Any], text: str = "") -> str:
    """A short question with the likely readings: about the order or item named, with what its
    status allows; else the flows understanding hesitated between; else the customer's recent
    orders as candidates. Never a default answer about the last order."""
    from bot.dialogue import texts as T
    from bot.lang import replies as R
    named = [i for i in slots.get("items") or [] if not i.get("excluded")]
    ids = {str(slots["order_id"])} if slots.get("order_id") else {str(i["order_id"]) for i in named}
    if text and PRODUCT_QUESTION.search(text) and not slots.get("order_id"):
        # "do you have the tent in orange?": about what the shop sells, not the tent they own.
        return T.clarify(["product_info"] + [o for o in options if o != "product_info"][:1], lang, offer_person)
    order = next((o for o in orders if str(o["id"]) in ids), None) if len(ids) == 1 else None
    person = T.t(lang, " If you prefer, I can pass you to a person — just say so.", "如果您愿意，我也可以为您转人工。") \
        if offer_person else ""
    if order is not None:
        skus = {str(i["sku"]) for i in named if str(i["order_id"]) == str(order["id"])}
        names = [str(i.get("name")) for i in order.get("items") or [] if str(i.get("sku")) in skus] \
            or [R.items_text(order, lang)]
        # (where an order is can be asked in every status)
        flows = [f for f in options if f in _BY_STATUS.get(str(order.get("status")), ()) or f == "order_status"] \
            or list(_BY_STATUS.get(str(order.get("status")), ()))
        labels = [T.flow_label(f, lang) for f in flows]
        what = ("、" if lang == "zh" else ", ").join(names)
        st = R.status(str(order.get("status")), lang)
        if labels:
            return T.t(lang, f"About {what} (order {order['id']}, {st}): do you mean {', '.join(labels[:-1])}"
                             f"{' or ' if len(labels) > 1 else ''}{labels[-1]}?",
                       f"关于{what}（订单 {order['id']}，{st}）：您是想{'、'.join(labels[:-1])}"
                       f"{'，还是' if len(labels) > 1 else ''}{labels[-1]}？") + person
    if options or not orders:
        return T.clarify(options, lang, offer_person)
    recent = sorted(orders, key=lambda o: str(o.get("placed_at") or ""), reverse=True)[:CLARIFY_ORDERS]
    listing = "；".join(f"{o['id']}（{R.items_text(o, 'zh')}，{R.status(str(o.get('status')), 'zh')}）" for o in recent) \
        if lang == "zh" else "; ".join(f"{o['id']} ({R.items_text(o, 'en')}, {R.status(str(o.get('status')), 'en')})"
                                      for o in recent)
    return T.clarify([], lang, False) + T.t(lang, f" If it's about an order: {listing}.", f"如果是关于订单：{listing}。") \
        + person


# "the one that hasn't shipped", "已经到的那个", "the one on its way": an order picked by its state.
_BY_STATE = [
    (("pending",), re.compile(r"待付款|未支付|显示.{0,3}(?:未|没)(?:付|支付)|\b(?:awaiting|pending) payment\b|"
                              r"\b(?:says|shows|still)\s+(?:as\s+)?(?:unpaid|pending|not paid)\b", re.I)),
    (("pending", "paid"), re.compile(r"(?:hasn'?t|not|isn'?t|wasn'?t|not yet)\s+(?:been\s+)?(?:shipped|sent|dispatched)|"
                                     r"\bunshipped\b|还没发货|没发货|未发货|还没发的|没发的|还没付款|没付款|未付款|"
                                     r"\bunpaid\b|(?:hasn'?t|not) been paid", re.I)),
    (("shipped",), re.compile(r"\bon (?:its|the) way\b|\bin transit\b|在路上|运输中|已发货还没到|路上的", re.I)),
    # "就是用微信付的那单，已经发货了的", "the one that has already shipped": sent out (on its way or arrived)
    (("shipped", "delivered"), re.compile(r"已经?发货了?的|已经?发出了?的|发出去的|\bthe (?:one|order) (?:that |which )?"
                                          r"(?:has |was |had )?(?:already )?(?:been )?(?:shipped|dispatched|sent out)\b",
                                          re.I)),
    # a description of one order ("the one that was delivered"), not a question ("has it arrived?")
    (("delivered",), re.compile(r"\bthe (?:one|order|parcel) (?:that |which )?(?:was |has |had )?(?:been |already )*"
                                r"(?:delivered|arrived)\b|\bthe delivered (?:one|order)\b|已经到的|已经到了的|已经收到的|已签收的|"
                                r"签收了的|收到的那", re.I)),
]


def by_state(text: str, ctx: UnderstandingContext) -> list[str]:
    """Ids of the customer's orders a state description picks ([] when the text names no state);
    at "which order?" only among the orders offered."""
    for statuses, rx in _BY_STATE:
        if rx.search(text):
            pool = [str(o["id"]) for o in ctx.orders if o.get("status") in statuses]
            offered = [str(c) for c in ctx.slots.get("candidates") or []] if ctx.step == "choose_order" else []
            return [i for i in pool if i in offered] if offered else pool
    return []


# Refusals whose reply offers a colleague to take it further (replies.existing_request).
OFFERS_PERSON = ("return_exists", "exchange_exists")


def accepts_offered_person(text: str, last_refusal: str | None) -> bool:
    """A bare "yes" right after a refusal that offered a colleague: the customer takes the offer."""
    from bot.dialogue.legacy import yes_no
    return last_refusal in OFFERS_PERSON and len(text.strip()) <= 16 and yes_no(text) is True


def same_as_proposal(fix: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    """Every value a "correction" states is already the proposal's ("对 改成一个" when 1 is proposed)."""
    for key, value in fix.items():
        have = slots.get(key)
        if isinstance(value, Mapping):
            if not isinstance(have, Mapping) or any(str(have.get(k)) != str(v) for k, v in value.items()):
                return False
        elif have is None or str(have) != str(value):
            return False
    return bool(fix)


# "the big skillet", "小的那个": lines of one product told apart by their size.
_BIG = re.compile(r"\b(?:big|bigger|biggest|large|larger|largest)\b|大的|大号|大一点|大点的|大那", re.I)
_SMALL = re.compile(r"\b(?:small|smaller|smallest|little)\b|小的|小号|小一点|小点的|小那", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _size_of(line: Mapping[str, Any]) -> float | None:
    options = line.get("options") or {}
    values = [str(v) for k, v in options.items() if "size" in str(k).lower() or "尺" in str(k)] \
        + [str(v) for v in options.values()] + [str(line.get("name") or "")]
    for v in values:
        m = _NUMBER.search(v)
        if m:
            return float(m.group(0))
    return None


def pick_by_size(text: str, lines: Sequence[Mapping[str, Any]]) -> list[int]:
    """The index of the biggest or smallest of `lines` the text asks for ([] when it does not say,
    or the lines carry no comparable size)."""
    big, small = bool(_BIG.search(text)), bool(_SMALL.search(text))
    if big == small or len(lines) < 2:
        return []
    sizes = [_size_of(line) for line in lines]
    if any(s is None for s in sizes) or len(set(sizes)) != len(sizes):
        return []
    known = [float(s) for s in sizes if s is not None]
    return [known.index(max(known) if big else min(known))]


# Ticket statuses that mean a person is still on the case.
OPEN_TICKET = (None, "", "open", "pending", "in_progress", "waiting")


async def customer_tickets(tools: Any, customer: Any | None) -> list[dict[str, Any]] | None:
    """The customer's tickets as the shop lists them; None when it cannot list them."""
    lister = getattr(tools, "tickets", None)
    if customer is None or lister is None:
        return None
    res = await lister(customer)
    return list(res.data.get("tickets", [])) if res.ok else []


async def open_case(tools: Any, customer: Any | None, reason: str, order_id: str | None,
                    listed: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """The customer's open ticket for `reason` about this order — or one about no order in
    particular (an older case that named none) — so a second report refers to it instead of
    opening a duplicate. None when there is none (or the shop cannot list tickets). `listed`:
    the tickets this turn already read, so they are not fetched twice."""
    tickets = listed if listed is not None else await customer_tickets(tools, customer)
    mine = [t for t in tickets or [] if t.get("status") in OPEN_TICKET and t.get("reason") == reason]
    exact = [t for t in mine if order_id and str(t.get("order_id") or "") == str(order_id)]
    loose = [t for t in mine if not t.get("order_id")]
    return (exact or loose or [None])[0]


async def add_to_case(tools: Any, customer: Any | None, ticket_id: str, turn_text: str, line: str) -> bool:
    """The customer's new message (already redacted) and a fact line onto their open case, so the
    colleague sees it there; False when the shop could not take it."""
    adder = getattr(tools, "add_to_ticket", None)
    if customer is None or adder is None:
        return False
    res = await adder(customer, ticket_id, [f"user: {turn_text}", line])
    return bool(res.ok)


# ---- someone else's order ---------------------------------------------------------------------
_RELATION = (r"(?:friend|wife|husband|brother|sister|mum|mom|mother|father|dad|son|daughter|colleague|boss|partner|"
             r"girlfriend|boyfriend|neighbou?r|cousin|roommate|flatmate|aunt|uncle|grandma|grandpa)")
_ZH_RELATION = r"(?:朋友|老婆|老公|妻子|丈夫|媳妇|哥哥|姐姐|弟弟|妹妹|妈妈|爸爸|母亲|父亲|同事|家人|室友|邻居|女朋友|男朋友|亲戚|儿子|女儿)"
OTHERS_ORDER = re.compile(
    rf"\bmy {_RELATION}(?:'?s)?\b(?:\s+<PERSON(?:_\d+)?>)?(?:'?s)?\s+(?:\w+\s+){{0,2}}(?:orders?|parcels?|packages?|deliver(?:y|ies)|"
    rf"purchases?|refunds?)\b|\b(?:orders?|parcels?|packages?) (?:of|for|from) my {_RELATION}\b|"
    rf"<PERSON(?:_\d+)?>\s+(?:orders?|parcels?|package)\b|"
    rf"我{_ZH_RELATION}(?:<PERSON(?:_\d+)?>)?的?(?:订单|快递|包裹|退款)|(?:帮|替)(?:我)?{_ZH_RELATION}(?:<PERSON(?:_\d+)?>)?(?:查|问)", re.I)


def others_order(text: str) -> bool:
    """"Check my friend Anna's order", "帮我老婆查下订单": an order of someone else's — declined
    plainly (the owner writes from their own account), never "which of your orders?"."""
    return bool(OTHERS_ORDER.search(text))


# ---- an order picked by what the customer says about it ----------------------------------------
# "the £65 one", "the 20L one", "the order from Nov 26", "what I got yesterday", "上周那单": each
# detail written is checked against every order's own data; the ones all details fit remain.
_AMOUNT = re.compile(r"(?<![\w.])(\d{1,6}(?:[.,]\d{1,2})?)(?![\w.]*\d)")
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                             "nov", "dec"))}
_DATE_EN = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
                      r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?)\b", re.I)
_DATE_ZH = re.compile(r"(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*(?:号|日)")
_DATE_NUM = re.compile(r"(?<![\d-])(\d{1,2})[/-](\d{1,2})(?![\d/-])")
_AGO = [
    (re.compile(r"\btoday\b|今天", re.I), 0, 0),
    (re.compile(r"\byesterday\b|昨天", re.I), 1, 1),
    (re.compile(r"前天|\bday before yesterday\b", re.I), 2, 2),
    (re.compile(r"\blast week\b|\ba week ago\b|上周|上个星期|上星期|一周前|一个星期前", re.I), 5, 14),
    (re.compile(r"\blast month\b|\ba month ago\b|上个月|一个月前", re.I), 20, 62),
]
_N_AGO = re.compile(r"\b(\d{1,2}|a couple of|a few|two|three|four|five|six)\s+days?\s+ago\b|(\d{1,2}|两|三|四|五|六)\s*天前",
                    re.I)
_WORD_N = {"a couple of": 2, "a few": 3, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6}


def _stamps(order: Mapping[str, Any]) -> list[str]:
    return [str(order[k]) for k in ("placed_at", "shipped_at", "delivered_at") if order.get(k)]


def _local_dates(order: Mapping[str, Any]) -> list[tuple[int, int]]:
    from datetime import datetime
    out = []
    for s in _stamps(order):
        try:
            d = datetime.fromisoformat(s)
        except ValueError:
            continue
        out.append((d.month, d.day))
    return out


def _amounts(order: Mapping[str, Any]) -> set[float]:
    vals: set[float] = set()
    for v in [order.get("total")] + [i.get("price") for i in order.get("items") or []] + \
             [float(i.get("price") or 0) * int(i.get("qty") or 1) for i in order.get("items") or []]:
        try:
            vals.add(round(float(v or 0), 2))
        except (TypeError, ValueError):
            continue
    vals.discard(0.0)
    return vals


def _option_words(order: Mapping[str, Any]) -> set[str]:
    return {str(v).lower() for i in order.get("items") or [] for v in (i.get("options") or {}).values()
            if len(str(v)) >= 2}


def described_orders(text: str, orders: Sequence[Mapping[str, Any]], now: Any) -> list[str]:
    """Ids of `orders` that fit every detail the text states about an order (amount, date, age,
    an option value, a state); [] when the text states none, or none fits."""
    from bot.dialogue.flows.base import days_between
    t = text.lower()
    for o in orders:                      # an order id written is not an amount or a date
        t = t.replace(str(o["id"]).lower(), " ")
    pool = list(orders)
    tests = 0

    def keep(fit: list[Mapping[str, Any]]) -> None:
        nonlocal pool, tests
        tests += 1
        pool = fit

    # "HK$1,010" / "1,299.00": a thousands separator is no decimal comma
    t = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)
    numbers = {round(float(n.replace(",", ".")), 2) for n in _AMOUNT.findall(t)}
    by_amount = [o for o in pool if numbers & _amounts(o)]
    if by_amount:
        keep(by_amount)
    dates: set[tuple[int, int]] = set()
    for m in _DATE_EN.finditer(t):
        day, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        dates.add((_MONTHS[mon[:3].lower()], int(day)))
    for m in _DATE_ZH.finditer(t):
        month = int(m.group(1)) if m.group(1) else None
        dates |= {(mm, int(m.group(2))) for mm in ([month] if month else range(1, 13))}
    for m in _DATE_NUM.finditer(t):
        a, b = int(m.group(1)), int(m.group(2))
        dates |= {(a, b), (b, a)}
    if dates:
        by_date = [o for o in pool if set(_local_dates(o)) & dates]
        if by_date:
            keep(by_date)
    spans = [(lo, hi) for rx, lo, hi in _AGO if rx.search(t)]
    for m in _N_AGO.finditer(t):
        raw = (m.group(1) or m.group(2) or "").lower()
        n = int(raw) if raw.isdigit() else _WORD_N.get(raw, 0)
        if n:
            spans.append((n - 1, n + 1))
    if spans:
        lo, hi = spans[0]
        by_age = [o for o in pool if any(lo - 0.5 <= (days_between(s, now) or -99) <= hi + 1 for s in _stamps(o))]
        if by_age:
            keep(by_age)
    words = [o for o in pool if any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", t) for w in _option_words(o))]
    if words and len(words) < len(pool):
        keep(words)
    for statuses, rx in _BY_STATE:
        if rx.search(text):
            by_state = [o for o in pool if o.get("status") in statuses]
            if by_state:
                keep(by_state)
            break
    return [str(o["id"]) for o in pool] if tests else []


def narrow_order(fc: Any, frame: Any, pool: Sequence[Mapping[str, Any]] | None = None) -> None:
    """Before asking "which order?": when the details written (amount, date, age, option, state,
    the items named) fit exactly one order, that order — also as the answer to the question
    asked (among the orders offered), so the same list is never shown again."""
    if frame.slots.get("order_id"):
        return
    offered = {str(c) for c in frame.slots.get("candidates") or []} if frame.step == "choose_order" else set()
    base = [o for o in fc.orders if str(o["id"]) in offered] if offered else list(pool if pool is not None else fc.orders)
    named = {str(i.get("order_id")) for i in frame.slots.get("items") or [] if not i.get("excluded")}
    if named and any(str(o["id"]) in named for o in base):
        base = [o for o in base if str(o["id"]) in named]
        if len(base) == 1 and (offered or len(named) > 1):
            frame.slots["order_id"] = str(base[0]["id"])
            return
    hit = described_orders(fc.turn.text, base, fc.now)
    from bot.dialogue.paid_with import paid_with
    paid = paid_with(fc.turn.text, base, getattr(fc, "customer", None))
    if paid:
        # "the one I paid by card" (with any other detail written): the orders paid that way
        hit = [h for h in hit if h in paid] if hit else paid
        if len(hit) > 1 and not frame.slots.get("candidates"):
            frame.slots["candidates"] = hit      # several paid that way: asked among those only
    if len(hit) == 1:
        frame.slots["order_id"] = hit[0]
        frame.slots.pop("candidates", None)
