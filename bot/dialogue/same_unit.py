"""A new unit of the same item for a faulty one ("send me a new one", "replace just the broken
unit", "还是坏的 给我换个新的"), and the refund of the faulty unit right after a fault answer
("refund the faulty one and keep the other item").

Both are requests about a delivered item the customer holds: the replacement is an exchange to
the SAME variant (never "which option instead?", never a lost-parcel case), the refund is the
return of that line. The words are general after-sales words of each language; which item is
meant comes from the order in focus and the shop's data, never from product words here.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import negation
from bot.dialogue import symptoms as SY
from bot.lang import cues as C

# A faulty unit, by how it misbehaves ("the broken one", "坏的那个").
_FAULTY = r"(?:broken|faulty|defective|dead|bad|damaged|failing|non-?working|malfunctioning|busted)"
_UNIT = r"(?:one|unit|item|piece|pair|set|device|machine)"
# "replace just the broken unit", "swap the faulty one for a working one", "a working one",
# "换个好的", "坏的那个换掉": a same-variant unit asked for the faulty one.
REPLACE_FAULTY = re.compile(
    rf"\b(?:replace|swap|exchange|change)\b(?:\s+\w+){{0,2}}?\s+(?:the\s+)?{_FAULTY}\s+{_UNIT}\b|"
    rf"\b(?:replace|swap)\s+(?:just\s+|only\s+)?(?:it|them|this|that|mine|(?:this|that|the)\s+one)\b(?!\s+(?:with|for)\b)|"
    r"\b(?:a|another)\s+working\s+" + _UNIT + r"\b|"
    r"\b(?:new|fresh|replacement)\s+(?:one|unit|pair|set)\b|"
    r"\bsend\s+(?:me\s+)?(?:a\s+)?(?:new|replacement|another)\s+(?:one|unit)?\b|"
    r"换个?(?:好的|新的|一个新的|一台新的|一件新的)|(?:只|就)?换(?:掉)?(?:坏的|坏掉的|有问题的)那?[个台件只双套]?|换一[个台件只双套](?:新的|好的)|坏的那[个台件只双套]?(?:给我)?换|"
    r"(?:寄|发|补)(?:一?[个台件只双套])?新的|重新(?:寄|发)一[个台件只双套]", re.I)
# Measure words a unit is counted with in Chinese (一支, 那个, 两瓶), for any kind of item.
_CL = "个台件只支把双套瓶盒条副张块部辆罐袋包"
# A fault said of a unit in Chinese ("坏", "裂了", "开不了机", "充不进电", "不亮"): general fault words.
_ZH_FAULT = r"(?:坏|裂|碎|破|漏|断|不亮|不转|不响|不动|不能用|没反应|没声|开不了|充不进|充不上|有问题|有毛病|故障|失灵)"
# "the faulty one", "just the broken unit", "坏的那个", "one of them won't turn on", "其中一支开不了机",
# "一个裂了", "the cracked one": ONE unit named by its fault.
ONE_FAULTY = re.compile(rf"\b(?:the|that|this)\s+(?:one\s+)?{_FAULTY}\s+{_UNIT}\b|\bjust\s+(?:the\s+)?{_FAULTY}\b|"
                        rf"\bonly\s+(?:the\s+)?{_FAULTY}\b|\bthe\s+one\s+that\b|\b(?:just|only)\s+(?:the\s+)?one\b|"
                        r"\bone\s+of\s+(?:them|the\s+(?:two|three|\w+s))\b|"
                        r"\b(?:the|that)\s+(?:\w+ed|broken|dead|bad|leaky|faulty)\s+one\b|"
                        r"\bone\s+(?:of\s+\w+\s+)?(?:is|was|has|came|arrived|won'?t|doesn'?t|does\s+not|will\s+not|isn'?t|"
                        r"stopped|keeps|leaks|got)\b|"
                        rf"(?:坏|坏掉|有问题|坏了|裂了?|碎了?|破了?|漏水?)的那[{_CL}]|(?:只|就)换一[{_CL}]|其中一[{_CL}]|"
                        rf"(?:有|其中)?一[{_CL}](?:已经|是|有点)?{_ZH_FAULT}|那[{_CL}]{_ZH_FAULT}",
                        re.I)
# "refund the faulty one", "return the broken one", "坏的那个退了": the faulty unit back for its money.
REFUND_FAULTY = re.compile(
    rf"\b(?:refund|return|send back)\b(?:\s+(?:me\s+)?for)?(?:\s+\w+){{0,2}}?\s+(?:the\s+)?{_FAULTY}\s+(?:{_UNIT}|item)\b|"
    rf"\b(?:refund|return)\s+(?:just\s+|only\s+)?(?:the\s+|that\s+)?{_FAULTY}\b|"
    rf"(?:坏的|坏掉的|有问题的|坏了的)那?[{_CL}]?(?:就|给我|帮我)?(?:退|退款|退货|退掉|退了)", re.I)
# "refund this one", "return that one", "这支退款", "这个退了": one unit pointed at, for its money —
# a refund only with the other kept ("keep the other"), so it never reads a refund-status question.
REFUND_THIS = re.compile(rf"\b(?:refund|return|send back)\s+(?:me\s+(?:for\s+)?)?(?:just\s+|only\s+)?(?:this|that|the)\s+one\b|"
                         rf"\b(?:this|that)\s+one\b[^.?!]{{0,20}}\b(?:refund|return|back)\b|"
                         rf"[这那][{_CL}](?:就|给我|帮我)?(?:退|退款|退货|退掉|退了)|(?:退|退款|退掉)[这那][{_CL}]", re.I)
# "keep the other item", "另一个留着": the other lines of the order stay.
KEEP_OTHER = re.compile(rf"\bkeep(?:ing)?\s+(?:the\s+)?(?:other|rest|remaining)\b|\bthe other (?:one|item)s? (?:is|are) fine\b|"
                        rf"(?:另一[{_CL}]?|另外一[{_CL}]|其他的?|别的|剩下的)(?:我)?(?:就)?(?:留着|保留|不退|要的|没问题|是好的|留下)", re.I)


# "a new one WITH the EU plug", "in a different colour", "换成…": another version is wanted, even
# when its value is not matched yet — never a new unit of the same version (judged: the one option
# the customer needed was lost and the same variant written).
OTHER_VERSION = re.compile(r"\b(?:new|another|replacement|fresh)\s+(?:one|unit|pair|set)\s+(?:with|in)\s+(?!it\b|them\b)\w|"
                           r"\bdifferent\b|换成|改成|(?:别的|其他|其它|另一种)(?:款|规格|颜色|型号|版本|尺码)|"
                           # keep13: "swap them for another size", "换一个尺寸", "换个颜色", "换大一号"
                           r"\b(?:another|other)\s+(?:size|colou?r|fit|length|version|model|style|option)s?\b|"
                           r"换(?:一个|一种|个)?(?:尺寸|尺码|码数|号码|颜色|规格|版型)|(?:大|小)一(?:号|码|点|些)", re.I)


# A bare swap asked for the item ("can I swap it?", "能换一个吗", "可以换货吗"): after a fault
# answer, and for a faulty item, a new unit of the same version (another version is OTHER_VERSION).
BARE_SWAP = re.compile(rf"\b(?:swap|exchange|replace)\s+(?:it|them|this|that|mine)\b(?!\s+(?:with|for)\s+(?:a|an|the)\s+(?!new\b|working\b)\w)|"
                       r"\b(?:get|have|do)\s+(?:a|an)\s+(?:swap|exchange|replacement)\b|\bcan\s+i\s+(?:swap|exchange)\b|"
                       rf"换一?[{_CL}]?(?:吗|么|嘛|呢|吧)|换货|(?:能|可以|可不可以|能不能)(?:给我|帮我)?换", re.I)


# "swap it for the UK plug": the swap names what it is for — another version, not a bare swap.
_SWAP_FOR = re.compile(r"\b(?:swap|exchange|change|switch|replace)\b[^.?!]*?\b(?:for|with|to|into)\s+"
                       r"(?!(?:(?:a|an|the|another)\s+)?(?:new|working|replacement|fresh|one|good)\b)\w", re.I)


def bare_swap(text: str) -> bool:
    """A swap asked with no other version named ("can I swap it?", "可以换一支吗")."""
    return bool(text) and bool(BARE_SWAP.search(text)) and not OTHER_VERSION.search(text) \
        and not _SWAP_FOR.search(text) and "exchange_request" not in negation.polarity(text)[1]


def asks(text: str) -> bool:
    """Does the message ask for a new unit of the same item (the replacement not ruled out)?"""
    if not text:
        return False
    asked, ruled = negation.polarity(text)
    if "exchange_request" in ruled and "exchange_request" not in asked:
        return False          # "I don't want a replacement, refund it"
    if "return_request" in asked and "exchange_request" not in asked:
        return False
    if OTHER_VERSION.search(text):
        return False
    return bool(REPLACE_FAULTY.search(text) or C.SAME_ITEM.search(text))


def one_unit(text: str) -> bool:
    """The message names one unit by its fault ("just the broken unit", "坏的那个")."""
    return bool(ONE_FAULTY.search(text or ""))


def refunds_faulty(text: str) -> bool:
    """"refund the faulty one (and keep the other)": the faulty unit's return, asked and not ruled out."""
    asked, ruled = negation.polarity(text or "")
    if "return_request" in ruled and "return_request" not in asked:
        return False
    if REFUND_FAULTY.search(text or ""):
        return True
    kept = bool(KEEP_OTHER.search(text or ""))
    return kept and (bool(REFUND_THIS.search(text or "")) or ("return_request" in asked and bool(ONE_FAULTY.search(text or ""))))


def fault_said(text: str, history: Sequence[tuple[str, str]] = ()) -> bool:
    """A fault told in this message or the customer's message before (a symptom, "still broken",
    "tried the fix"): the request is about a faulty unit, not a change of mind."""
    from bot.dialogue.flows.returns import fault_stated
    earlier = [t for r, t in history if r == "user"][-2:]
    return any(fault_stated(t) or SY.named(t) or C.TRIED.search(t) for t in [text, *earlier] if t)


# The flows after which "refund the faulty one" is about the item just discussed.
AFTER_FAULT = ("troubleshooting", "warranty", "exchange_request", "return_request", None)


def _delivered(ctx: Any, order_id: Any) -> Mapping[str, Any] | None:
    o = next((o for o in ctx.orders if str(o.get("id")) == str(order_id)), None)
    return o if o is not None and o.get("status") == "delivered" else None


def _focus_line(ctx: Any, focus: Mapping[str, Any], slots: dict[str, Any]) -> None:
    """The line just talked about on the order in focus into `slots` (nothing when none is known)."""
    skus = [s for s in ctx.last_skus if any(str(i.get("sku")) == str(s) for i in focus.get("items") or [])]
    if skus:
        slots["order_id"] = str(focus["id"])
        slots["items"] = [{"order_id": str(focus["id"]), "sku": str(skus[0]), "excluded": False}]


def route(flow: str | None, why: str, text: str, ctx: Any, slots: dict[str, Any]) -> tuple[str | None, str]:
    """The flow for a same-unit replacement or the faulty unit's refund on a delivered order
    (`slots` gets the order and line in focus when the message names none)."""
    waiting = ctx.flow is not None and ctx.step not in (None, "done")
    if waiting:
        return flow, why
    named = [i for i in slots.get("items") or [] if not i.get("excluded")]
    focus = _delivered(ctx, slots.get("order_id") or ctx.last_order_id)
    history = list(getattr(ctx, "history", ()) or ())
    if refunds_faulty(text) and (named or focus is not None) and flow not in ("cancel_order", "invoice"):
        # Right after a fault answer: that line's return (one unit of it), never a refund-status
        # answer or a carrier case for a parcel the customer has.
        if not named and focus is not None:
            _focus_line(ctx, focus, slots)
        if (slots.get("items") or named) and not slots.get("qty"):
            slots["qty"] = 1
        from bot.dialogue.reasons import short_reason
        said = [t for t in [text, *[t for r, t in reversed(history) if r == "user"][:2]] if t]
        reason = next((r for r in map(short_reason, said) if r), None)
        if reason and not slots.get("reason"):
            # the fault told just before is why it goes back (a faulty unit pays no change-of-mind fee)
            slots["reason"] = reason
        return "return_request", "the faulty unit refunded (a fault answered, the other item kept)"
    if flow in ("return_request", "cancel_order", "invoice", "change_address", "change_payment", "modify_order",
                "payment_issue", "handoff", "warranty"):
        return flow, why
    after_fault = getattr(ctx, "last_flow", None) in ("troubleshooting", "warranty") and focus is not None
    if (asks(text) or (after_fault and bare_swap(text))) and fault_said(text, history) and (
            named or focus is not None or any(o.get("status") == "delivered" for o in ctx.orders)):
        # "still broken, send me a new one" on a delivered item: the same item again, never a
        # lost parcel or "which option instead?". "can I swap it?" right after the fault answer is
        # about that line (fault14: never the exchange policy text); the exchange flow then takes
        # the window — outside it, the warranty's way.
        if not named and focus is not None:
            _focus_line(ctx, focus, slots)
        return "exchange_request", "a new unit of the same item for a faulty one"
    return flow, why


def past_replacement(fc: Any, order: Mapping[str, Any]) -> bool:
    """Is the shop's direct-replacement window (its facts' `warranty.replace_within_days`) over
    for `order`? False when the shop names no such window or the delivery date is unknown: then
    the exchange rules alone decide."""
    from bot.dialogue.flows.base import days_between
    days = int(fc.facts.get("warranty.replace_within_days", 0) or 0)
    since = days_between(order.get("delivered_at"), fc.now)
    return bool(days) and since is not None and since > days
