"""route13: a new topic leaves a flow that waits for an answer the message does not give.

The address flow asked for the new address, and the customer writes "also the lamp I got flickers"
or "我被扣了两次钱": that is another matter, not the address (asking for it again answers nobody).
So for every question that waits for a value (an address, the change wanted, a payment method) and
for the yes of a change that no fault is the reason of (routezh14); money taken twice and money owed
that has not come back ("之前取消的那单 钱到现在还没退") at any question.
The waiting flow is paused (the engine offers it back in one line) and the new topic is answered.
Only a message that carries no answer to the question waiting (no address, no yes/no, no pick)
and names a topic of its own by general cues moves on.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import arrival_fault
from bot.dialogue.invoice_sent import asks_where_sent
from bot.lang import cues as C

# Money words of the payment cue that a waiting question may itself be about (a price difference at
# an exchange's confirmation, a failed payment at a payment change): only money taken twice moves on.
_NOT_TWICE = re.compile(r"降价|便宜了|差价|补差|失败|price (?:dropped|went down)|difference|failed|declined", re.I)
# Steps that wait for a free-text value the customer types (an address, a title).
FREE_VALUE_STEPS = ("ask_address",)
# Money owed that has not come back ("之前取消的那单 钱到现在还没退", "退款到现在都没收到", "my refund
# still hasn't arrived"): a refund of its own, never an answer to another order's change (routezh14).
OWED = re.compile(r"(?:钱|款|退款|退钱)[^。.!！?？,，包快货件]{0,8}?(?:还|都|仍|一直|依然|仲)?(?:没有?|未|冇)(?:有)?"
                  r"(?:退|到|收到|回来|到账|入账)|"
                  r"(?:还|都|仍|一直|仲)(?:没有?|未|冇)(?:退款|退钱|退给我|退回)|没退回|没到账|"
                  r"\brefund\w*\b.{0,30}\b(?:still|yet|never)\b|\b(?:still|never)\s+(?:\w+\s+){0,3}(?:got|received|seen)\s+"
                  r"(?:\w+\s+){0,2}(?:refund|money)|\bmoney\b.{0,20}\b(?:still|not)\b.{0,12}\b(?:back|arrived|refunded)\b", re.I)


def owed(text: str) -> bool:
    """Money the customer is owed has not come back yet (a refund of theirs is late)."""
    return bool(OWED.search(text or ""))


# Questions a fault, damage or invoice question never answers: a value to type, which version or
# change, a payment method (routezh14: "另外电动车送到时车头灯已经碎了" while "change to what?" waits).
# A pick among orders or lines stays with the question ("the broken one" may be the pick).
_VALUE_STEPS = (*FREE_VALUE_STEPS, "ask_change", "ask_wanted", "ask_payment")
# Flows whose confirmation a fault may be the reason of ("it's broken" at a return's yes/no).
_FAULT_FLOWS = ("return_request", "exchange_request", "troubleshooting", "warranty", "delivery_issue")


def _open_to_new_topic(step: str | None, flow: str | None) -> bool:
    """A fault, damage or invoice question leaves the flow waiting at `step`."""
    return step in _VALUE_STEPS or (step == "confirm" and flow is not None and flow not in _FAULT_FLOWS)


# Flows that are themselves about a refund owed: the question waiting there is answered by it.
_MONEY_FLOWS = ("refund_status", "payment_issue")


def new_topic(step: str | None, text: str, slots: Mapping[str, Any], flow: str | None = None) -> tuple[str, str] | None:
    """(flow, why) for a message that changes the subject while `flow` waits at `step`, else None."""
    from bot.dialogue.fault_money import is_fault_not_payment
    if C.CHARGED.search(text or "") and not is_fault_not_payment(text) and not _NOT_TWICE.search(text):
        # "等等，这单好像重复扣款了" at any question: money taken twice is its own matter, never a yes/no.
        return "payment_issue", f"a payment problem named while {step} waits"
    if flow not in _MONEY_FLOWS and owed(text):
        # "之前取消的那单 钱到现在还没退" while another order's change waits: that refund, not the change.
        return "refund_status", f"money owed not back named while {step} waits"
    if not _open_to_new_topic(step, flow) or slots.get("address") or C.ADDRESS_PH.search(text or ""):
        return None
    from bot.dialogue.context import reports_fault
    from bot.dialogue.flows.delivery import fault_in_hand
    if arrival_fault.item_fault(text) and arrival_fault.wants_new(text):
        return "exchange_request", f"a fault: a new topic while {step} waits (a new one asked)"
    # (a symptom word alone is evidence enough only while an address is typed: at a change's
    # question "再加一个无线充电盒" names a product, not a fault)
    in_hand = fault_in_hand(text) if step in FREE_VALUE_STEPS else False
    if in_hand or arrival_fault.item_fault(text) or (reports_fault(text) and not arrival_fault.carrier_damage(text)):
        return "troubleshooting", f"a fault: a new topic while {step} waits"
    if arrival_fault.carrier_damage(text):
        return "delivery_issue", f"damaged on arrival: a new topic while {step} waits"
    if asks_where_sent(text) and flow != "invoice":
        return "invoice", f"a question about an invoice while {step} waits"
    return None
