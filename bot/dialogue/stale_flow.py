"""route13: a new topic leaves a flow that waits for an answer the message does not give.

The address flow asked for the new address, and the customer writes "also the lamp I got flickers"
or "我被扣了两次钱": that is another matter, not the address (asking for it again answers nobody).
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


def new_topic(step: str | None, text: str, slots: Mapping[str, Any]) -> tuple[str, str] | None:
    """(flow, why) for a message that changes the subject while `step` waits, else None."""
    from bot.dialogue.fault_money import is_fault_not_payment
    if C.CHARGED.search(text or "") and not is_fault_not_payment(text) and not _NOT_TWICE.search(text):
        # "等等，这单好像重复扣款了" at any question: money taken twice is its own matter, never a yes/no.
        return "payment_issue", f"a payment problem named while {step} waits"
    if step not in FREE_VALUE_STEPS or slots.get("address") or C.ADDRESS_PH.search(text or ""):
        return None
    from bot.dialogue.context import reports_fault
    from bot.dialogue.flows.delivery import fault_in_hand
    if arrival_fault.item_fault(text) and arrival_fault.wants_new(text):
        return "exchange_request", "a fault: a new topic while the address is asked (a new one asked)"
    if fault_in_hand(text) or arrival_fault.item_fault(text) or (reports_fault(text) and not arrival_fault.carrier_damage(text)):
        return "troubleshooting", "a fault: a new topic while the address is asked"
    if arrival_fault.carrier_damage(text):
        return "delivery_issue", "damaged on arrival: a new topic while the address is asked"
    if asks_where_sent(text):
        return "invoice", "a question about an invoice while the address is asked"
    return None
