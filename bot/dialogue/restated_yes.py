"""A yes at a confirmation that says the request again (issue #13, class "a clear yes writes nothing").

"Just to confirm: cancel order X?" → "yes cancel X" / "好的，取消X" / "yes remove the kite" / "X" (the
very order named): understanding reads a new request of the same flow (or a slot) and the flow
started over with the same confirmation, so a clear yes never wrote anything and the customer was
asked again (a loop). Here such a message is the yes to the pending change when everything it names
is already in that change: the same flow (or none), the pending order, lines of the pending change.
Anything new in it (another order, another line, another option value, a no, "instead") keeps the
usual reading — a correction is never taken as a yes.

    restates(text, frame, u, orders) -> bool      # a yes (or the bare pending order) repeating the change
    yes_with_new_request(text, frame, u) -> str | None   # "please do. also an invoice": the new flow
    yes_and_asks(text, frame, u) -> str | None   # "ok and when will the rest ship?": the question's kind
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import closing, yes_and_question
from bot.dialogue.commands import Understood
from bot.dialogue.state import Frame

# Slots a restatement may carry: the order and its lines (a new option value, quantity or address
# is a correction of the pending change, never a yes to it).
_SAME_KEYS = frozenset({"order_id", "items", "remove", "lines_out", "all_items"})
# Taking something back or switching: never a yes, whatever else the message says.
_TAKES_BACK = re.compile(r"\b(?:no|not|don'?t|do not|never|instead|rather|wait|hold on|actually)\b|"
                         r"\bkeep (?:it|them|the order|my order)\b|"
                         r"不要|不用|别|不想|而是|改成|换成|算了|等等|先不|还是|保留", re.I)
# What may stand next to the bare pending order id ("X", "order X", "that one, X", "就是X这个订单").
_FILLER = re.compile(r"\b(?:the|that|this|one|it|it'?s|is|order|number|no|id|yes|yeah|yep|ok(?:ay)?|sure|please|"
                     r"cancel|remove|return|exchange|change)\b|订单|单号|号|这个|那个|就是|是|对|好的?|嗯+|可以|确认|"
                     r"取消|吧|的|了|呢|啊", re.I)
# Remedies that replace each other: "ok, then a return" at a cancel confirmation is a changed mind.
_ALTERNATIVES = frozenset({"cancel_order", "return_request", "exchange_request", "modify_order"})


def has_yes(text: str, names: list[str] | tuple[str, ...]) -> bool:
    """An explicit yes anywhere in a message that takes nothing back."""
    from bot.dialogue.legacy import yes_no
    if "deny" in names or yes_no(text) is False:
        return False
    return "confirm" in names or yes_and_question.yes_first(text, names) or bool(closing._YES.search(text)) \
        or yes_no(text) is True


def _items_fit(items: Any, frame: Frame) -> bool:
    """Every line named belongs to the pending order and, when the change lists lines, is one of them."""
    order_id = str(frame.slots.get("order_id") or "")
    pending = {str(i.get("sku")) for i in frame.slots.get("items") or [] if isinstance(i, Mapping)
               and not i.get("excluded")}
    for item in items or []:
        if not isinstance(item, Mapping) or item.get("excluded"):
            return False
        if order_id and item.get("order_id") and str(item["order_id"]) != order_id:
            return False
        if pending and str(item.get("sku")) not in pending:
            return False
    return True


def _same_slots(u: Understood, frame: Frame) -> bool:
    order_id = str(frame.slots.get("order_id") or "")
    for c in u.commands:
        if c.name != "set_slot":
            continue
        given = {k: v for k, v in c.args.items() if v not in (None, "", [], False)}
        if set(given) - _SAME_KEYS:
            return False
        if "order_id" in given and order_id and str(given["order_id"]) != order_id:
            return False
        if not _items_fit(given.get("items"), frame):
            return False
    return True


def bare_order(text: str, frame: Frame) -> bool:
    """The message is the pending order's id and nothing else ("#W6455030", "order X", "就是X")."""
    order_id = str(frame.slots.get("order_id") or "")
    if not order_id or order_id.lower() not in text.lower():
        return False
    rest = text.lower().replace(order_id.lower(), " ")
    rest = _FILLER.sub(" ", rest)
    return not re.sub(r"[\W_]+", "", rest)


def _pending_options(frame: Frame) -> list[dict[str, str]]:
    """The option values of the new version(s) the pending change makes (modify_order's swap_info)."""
    info = frame.slots.get("swap_info") or {}
    return [{str(k).lower(): str(v).lower() for k, v in (d.get("options") or {}).items()}
            for d in info.values() if isinstance(d, Mapping)] if isinstance(info, Mapping) else []


def _same_options(u: Understood, frame: Frame) -> bool:
    """"yes, size L" to "… → size L, color black?": every value "corrected" is the proposal's own."""
    fixes = [c.args for c in u.commands if c.name == "correct_slot"]
    if not fixes or any(set(f) - {"options"} for f in fixes):
        return False
    wanted = {str(k).lower(): str(v).lower() for f in fixes for k, v in (f.get("options") or {}).items()}
    return bool(wanted) and any(all(o.get(k) == v for k, v in wanted.items()) for o in _pending_options(frame))


def restates(text: str, frame: Frame | None, u: Understood) -> bool:
    """A yes to the pending confirmation that names only what it already holds (see module doc)."""
    if frame is None or frame.step != "confirm":
        return False
    names = u.names()
    if "correct_slot" in names and _same_options(u, frame) and not _TAKES_BACK.search(text) \
            and yes_and_question.yes_first(text, [n for n in names if n != "correct_slot"]):
        return True
    flows = set(u.flows())
    if flows - {frame.flow} and not (flows <= {"order_status"} and bare_order(text, frame)):
        return False
    if any(n in names for n in ("deny", "correct_slot", "handoff", "cancel_flow", "knowledge_answer")):
        return False          # (a question with the yes is answered too: the engine's yes-and-question rule)
    if not _same_slots(u, frame):
        return False
    if bare_order(text, frame):
        return True
    if _TAKES_BACK.search(text):
        return False
    return has_yes(text, names)


def yes_with_new_request(text: str, frame: Frame | None, u: Understood, flows: Mapping[str, Any]) -> str | None:
    """"please do. also can I get an invoice?" / "好的，另外帮我开个发票": the first flow of a new
    request when the message opens with a clear yes to the pending change and asks for something
    else too (not an alternative remedy for the same thing, not a correction)."""
    if frame is None or frame.step != "confirm":
        return None
    names = u.names()
    started = [f for f in u.flows() if f != frame.flow]
    if not started or started[0] not in flows:
        return None
    if any(n in names for n in ("deny", "correct_slot", "handoff", "cancel_flow")) or _TAKES_BACK.search(text):
        return None
    if frame.flow in _ALTERNATIVES and started[0] in _ALTERNATIVES:
        return None
    if not yes_and_question.yes_first(text, names):
        return None
    return started[0]


def yes_and_asks(text: str, frame: Frame | None, u: Understood) -> str | None:
    """"ok and when will the rest ship?": a yes opening the message, then a question the pending
    change's data answers (side_question kinds); understanding read it as a question about the
    proposal only, so the yes was lost. None when anything else is in it."""
    from bot.dialogue.flows import side_question
    if frame is None or frame.step != "confirm" or u.flows() or _TAKES_BACK.search(text):
        return None
    names = u.names()
    if set(names) - {"set_slot", "confirm"}:
        return None
    for c in u.commands:
        if c.name == "set_slot" and set(k for k, v in c.args.items() if v) - {"question"}:
            return None
    if not yes_and_question.yes_first(text, names):
        return None
    return side_question.kind(text)
