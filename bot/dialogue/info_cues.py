"""When a message is a question for the information flows: what the shop sells, a fault, a
question about a rule. Cues are generic zh/en question and fault shapes; what is being asked
about is matched against the shop's own catalogue and the customer's orders, never a word list.

    flow, why = route(flow, why, intent, confidence, text, ctx, catalogue, slots)

is called by the classic source right after its intent → flow mapping; it only ever moves a
message between "no flow / a guess" and product_info, troubleshooting or policy_info, and never
while a flow waits for an answer.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue.commands import UnderstandingContext
from bot.lang import cues as C

# Asking about what the shop sells: stock, price, options, versions.
PRODUCT_Q = re.compile(
    r"(\bin stock\b|\bstock\b|\bavailable\b|\bdo you (have|sell|carry|stock|do)\b|\bcomes? in\b|\bhow much\b|"
    r"\bprice[sd]?\b|\bcosts?\b|\bwhat about\b|\bhow about\b|"
    r"\b(what|which)\b.{0,20}\b(sizes?|colou?rs?|options?|types?|versions?|models?|capacit(y|ies))\b|"
    r"\bany\b.{0,20}\bones?\b|\bdifference between\b|\bcompare\b|\bvs\.?\b|\bcheaper\b|\bcheapest\b|"
    r"\bmore expensive\b|\bwhich one\b|哪个(更)?(便宜|贵|好)|便宜的|"
    # an item-detail yes/no question ("does the fountain come with a filter?", "带滤芯吗")
    r"\b(does|do|is|are|will)\b.{0,40}\b(come with|have|include[sd]?|contain|in the box)\b|"
    r"(包含|附带|带不带|有没有带|配不配|送不送|自带).{0,8}|(带|配|送|含).{0,6}(吗|么)\s*[?？]?\s*$|"
    r"有货|有没有|还有吗|有吗|多少钱|价格|几种|哪些|什么颜色|什么尺码|什么规格|哪几种|库存|卖吗|区别|对比|呢\s*[?？]?\s*$)",
    re.I)

# A product that misbehaves, in plain words (no product names: any shop's items).
FAULT = re.compile(
    r"(\b(won'?t|doesn'?t|does not|can'?t|cannot|isn'?t|is not|no longer|stopped|not)\s+(\w+\s+)?"
    r"(turn(ing)? on|charg(e|ing)|connect(ing)?|pair(ing)?|work(ing)?|heat(ing)?|power(ing)? on|start(ing)?|"
    r"sync(ing)?|boil(ing)?|blow(ing)?|spin(ning)?|hold(ing)? (a )?charge|switch(ing)? (on|off)|respond(ing)?|"
    r"light(ing)? up|cool(ing)?|seal(ing)?)\b|"
    r"\bkeeps? (dropping|disconnecting|turning off|shutting down|restarting|beeping|leaking|crashing)\b|"
    r"\bonly one (side|ear|earbud)\b|\bblows? cold\b|\bis (dead|broken|faulty)\b|\bstopped working\b|"
    r"\bmakes? (a )?(strange |weird |loud )?(noise|sound)s?\b|\b(coming|came|fell|falling) (off|apart|loose)\b|"
    r"\bstopped being \w+(ed|ised|ized)\b|\b(not|no longer|isn'?t|aren'?t|won'?t|doesn'?t|can'?t) (be(ing)? )?"
    r"(recogni[sz](ed|e|ing)|detect(ed|ing)?|read(ing)?)\b|\b(broke|snapped|crackles?|crackling|flicker(s|ing)?)\b|"
    r"识别不|不识别|认不出|检测不到|读不出|折断|断掉|开线|线开了|\bpeel(s|ing)\b|\b(ripped|torn|frayed)\b|开胶|脱胶|开线|掉色|起球|断了|裂开|脱落|\bleak(s|ing)\b|\boverheat(s|ing)\b|\bdrains? fast\b|"
    r"坏了|不工作|不亮|没反应|连不上|连接不上|充不进|充不上|开不了|不开机|不加热|烧不开|只有一边|一边响|没声音|不响|"
    r"失灵|死机|断连|老是断|自动关机|不出风|吹冷风|冷风|漏水|漏电|发烫|异响|不转|不制冷|没电|掉电快)", re.I)

# A question about the rule itself ("what's your return policy on tents", "退货政策是什么").
POLICY_Q = re.compile(
    r"(\bpolic(y|ies)\b|政策|规定|规则|\b(are|is)\b.{0,40}\breturnable\b|\breturnable\b.{0,10}\?|"
    r"\bcan (\w+ ){0,3}be (returned|exchanged)\b|\breturn window\b|退换货期|退货期是|能退几天|几天内可以退|"
    # how long the window is, however the shop's own texts word it ("how many days do I have to return")
    r"\bhow (many days|long) (do|does|have|will) (i|we|you|one) (have|get)\b.{0,25}\b(return|send|exchange)|"
    r"(退|换)货?(的)?(期限|时限)|(几天|多少天|多久)(之内|以内|内)?(可以|能)?(退|换)(货|吗|么)?|"
    # who pays the postage, how to send it back, the condition it must be in (flows/policy_info.py)
    r"\bwho (pays|covers)\b.{0,30}\b(shipping|postage|return)|\breturn (shipping|postage)\b.{0,20}\?|"
    r"\bhow (do|can|should) i (send|ship|post|mail) (it|them|\w+ ){0,2}back\b|\bhow to (send|ship) (it|them) back\b|"
    r"\b(return|warehouse) address\b|运费谁|谁出运费|运费.{0,4}(谁|怎么算)|怎么寄回|如何寄回|寄到哪|退货地址|退货流程|"
    r"\b(if|after|once) (i|i'?ve|we) (wore|worn|washed|used|opened)\b.{0,40}\b(return|refund|exchange)|"
    r"(穿过|洗过|用过|拆封|拆开|开封).{0,10}(能|可以|还能).{0,3}(退|换))", re.I)
# "琴弦可以退吗" / "这个能不能换": whether a kind of item can go back at all (not 退款: money). A
# request too when the customer has that item delivered ("手表不想要了 还能退吗"), so it is read
# as the rule only when nothing of theirs named could be returned yet (not delivered, or not theirs).
CAN_GO_BACK = re.compile(r"((可以|能|支持|允许)(退(?!款|钱)|退货|退换货?|换货?)(吗|么|嘛)|(能不能|可不可以)(退(?!款|钱)|换))")

# The customer counts the wait ("it's been 4 days", "都两天了", "is that normal?").
WAITED = re.compile(
    r"(\bit'?s been\b|\bbeen \w+ days\b|\b\d+ days\b|\bis (that|this|it) normal\b|\btaking (so )?long\b|"
    r"\bso slow\b|\bstill not here\b|\bhasn'?t (arrived|come)\b|\bnot (arrived|here) yet\b|"
    r"好几天|都\S{0,3}天了|\d+\s*天了|还没到|怎么还没|正常吗|这么慢|太慢|这么久)", re.I)

# Asking us to chase the parcel ("can you check", "帮我查一下", "look into it").
CHECK = re.compile(r"(\bcheck (it|on it|with|please)\b|^\s*check\b|\blook into it\b|\binvestigate\b|\bchase\b|"
                   r"\bopen an? (inquiry|investigation)\b|查一下|查查|帮我查|核查|催一下|催催)", re.I)

# Picking among the versions just listed ("the cheaper one", "the second", "便宜的那个").
PICK = re.compile(r"(\bcheap(er|est)\b|\bmore expensive\b|\bpricier\b|\b(first|second|third|last) one\b|"
                  r"便宜|贵的|第[一二三1-3]个|最后一个)", re.I)

# Flows a policy question is about, and which the classifier may have guessed for it.
POLICY_TOPICS = ("return_request", "exchange_request")
# A guess this unsure does not keep a product question away from product_info.
UNSURE = 0.6


def _aspect_asked(text: str) -> bool:
    from bot.dialogue.flows.policy_info import aspects
    return bool(aspects(text))


def _fault(text: str) -> bool:
    return bool(FAULT.search(text) or C.DEFECT.search(text) or C.ARRIVAL_DEFECT.search(text))


def _product_named(text: str, catalogue: Mapping[str, Mapping[str, Any]]) -> bool:
    from bot.dialogue.flows.product_info import HEAD_NOUN, find_products
    hits = find_products(text, catalogue)
    return bool(hits and hits[0][0] >= HEAD_NOUN)


def _delivered_named(slots: Mapping[str, Any], ctx: UnderstandingContext) -> bool:
    """Does the message name a line of the customer's that has been delivered (so could go back)?"""
    delivered = {str(o.get("id")) for o in ctx.orders if o.get("status") == "delivered"}
    return any(not i.get("excluded") and str(i.get("order_id")) in delivered for i in slots.get("items") or [])


def _options_named(text: str, catalogue: Mapping[str, Mapping[str, Any]]) -> bool:
    from bot.dialogue.flows.product_info import option_values
    return any(option_values(p, text) for p in catalogue.values())


# "那就换成6kg的", "change it to the 6kg": a change asked for, not a question about a version.
CHANGE_VERB = re.compile(r"换成|改成|改为|换为|就换|\bchange (?:it |them |that |mine )?to\b|\bswitch (?:it |them )?to\b|"
                          r"\bswap (?:it |them )?(?:for|to)\b|\bgo with\b|\bi'?ll take\b", re.I)
_WHICH = re.compile(r"哪个|哪款|哪种|还是|区别|对比|有什么不同|\bvs\.?\b|\bversus\b|\bor\b|\bwhich\b|\bdifference\b", re.I)


def _compares_versions(text: str, ctx: UnderstandingContext, catalogue: Mapping[str, Mapping[str, Any]]) -> bool:
    """A question naming two or more values of one dimension of a product the customer ordered
    ("800W vs 1200W", "大号和中号哪个贵")."""
    if not catalogue or not (_WHICH.search(text) and (PRODUCT_Q.search(text) or PICK.search(text)
                                                      or re.search(r"[?？]|贵|便宜|多少钱", text))):
        return False
    from bot.dialogue.flows.product_info import option_values
    skus = {str(i.get("sku")) for o in ctx.orders for i in o.get("items") or []}
    owned = [p for p in catalogue.values() if any(str(v.get("sku")) in skus for v in p.get("variants") or [])]
    return any(len(vals) >= 2 for p in owned for vals in option_values(p, text).values())


def relevance_named(text: str, ctx: UnderstandingContext) -> bool:
    """Does the message name an item of the customer's orders (by its line name)?"""
    from bot.dialogue import matching as M
    return bool(M.match_items(text, ctx.orders, {}))


def route(flow: str | None, why: str, intent: str, confidence: float, text: str, ctx: UnderstandingContext,
          catalogue: Mapping[str, Mapping[str, Any]], slots: dict[str, Any]) -> tuple[str | None, str]:
    waiting = ctx.flow is not None and ctx.step not in (None, "done")
    if not waiting and flow == "payment_issue" and why == "a price drop after purchase":
        return flow, why                           # "cheaper now, do I get the difference?": about the order paid
    if waiting and ctx.flow in ("modify_order", "exchange_request") and _compares_versions(text, ctx, catalogue):
        # "2kg和6kg哪个贵" while a change waits: a question about the versions, answered (the
        # change resumes after), never taken as the wanted version.
        return "product_info", "a question comparing versions of an ordered product, mid-change"
    if waiting:
        if flow == "troubleshooting" and not _fault(text):
            # "就是充电宝和水壶那单" while asked which order: naming items answers the question;
            # only a described fault is a new topic.
            return None, f"answers {ctx.flow}'s question ({ctx.step}), no fault described"
        return flow, why
    # A rule asked about for a product ("… policy on tents"): the product's answer. Without a
    # product the help centre's general page answers (the knowledge_answer rule).
    rule_q = bool(POLICY_Q.search(text)) or (bool(CAN_GO_BACK.search(text)) and not _delivered_named(slots, ctx))
    if rule_q and (flow in POLICY_TOPICS or flow is None or intent in ("other", *POLICY_TOPICS)) \
            and (slots.get("items") or _product_named(text, catalogue) or _aspect_asked(text)
                 or not C.EXPLICIT_RETURN.search(text)):
        slots["topic"] = flow if flow in POLICY_TOPICS else "return_request"
        return "policy_info", "a question about the rule, not a request to act"
    # A guess this message does not back up: no flow, an unsure one, or a fault with none described.
    if ctx.last_flow == "order_status" and flow in (None, "order_status") and CHECK.search(text) and len(text) <= 40:
        # "帮我查一下" right after a status answer that offered an inquiry: open it.
        return "delivery_issue", "a follow-up asking to check with the carrier"
    loose = flow is None or intent == "other" or confidence < UNSURE or (flow == "troubleshooting" and not _fault(text))
    if FAULT.search(text) and flow not in ("warranty", "delivery_issue", "payment_issue", "return_request",
                                           "exchange_request", "handoff") \
            and (loose or flow in ("order_status", "troubleshooting")) \
            and (slots.get("items") or slots.get("order_id") or _product_named(text, catalogue)
                 or ctx.last_flow in ("troubleshooting", "warranty", "order_status")):
        return "troubleshooting", "a fault named (product misbehaves)"
    from bot.dialogue import product_help
    asked = product_help.kind(text) if catalogue and not FAULT.search(text) else None
    if asked and (_product_named(text, catalogue) or slots.get("items") or ctx.last_product_id
                  or relevance_named(text, ctx)):
        # "my dog's chest is 50cm, which size?", "用转换插头安全吗" about an item they own: the
        # product's page (size guide, plug rule), never an exchange, a stock list or the menu.
        slots["product_question"] = asked
        return "product_info", f"a question about a product ({asked})"
    if catalogue and PRODUCT_Q.search(text) and not FAULT.search(text) \
            and (loose or flow in ("product_info", "order_status")) \
            and (_product_named(text, catalogue)
                 or (ctx.last_flow == "product_info" and _options_named(text, catalogue))):
        return "product_info", "a question about what the shop sells"
    if (flow is None or loose) and ctx.last_flow == "product_info" and catalogue and len(text) <= 40 \
            and intent not in ("greeting", "thanks_bye") and not C.CANCEL_FLOW.search(text) \
            and not CHANGE_VERB.search(text) \
            and (_options_named(text, catalogue) or PICK.search(text) or C.FOLLOW_ON.search(text)):
        # "那哑光的呢" / "and the 30cm?": the product just discussed, even when the option word is
        # not one the catalogue spells (product info then lists the versions it has).
        return "product_info", "a follow-up about another version of the product"
    return flow, why
