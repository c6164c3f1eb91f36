"""Return flow: which order, which items and how many, the policy check, a confirmation, the return.

Steps: start → (choose_order) → (choose_items) → confirm → done | aborted | refused.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import fewer_units as FU
from bot.dialogue import negation
from bot.dialogue import refund_facts as RF
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import (
    FlowContext,
    amount_of,
    carry_items,
    chosen_items,
    out,
    remember_kept,
    resolve_order,
    selected_items,
    take_slots,
)
from bot.dialogue.legacy import Outcome
from bot.dialogue.reasons import short_reason
from bot.dialogue.state import Frame
from bot.lang import replies as R
from bot.lang.display_names import shown_name
from bot.shop import codes

NAME = "return_request"


def _names_something(fc: FlowContext) -> bool:
    given = fc.slots_given()
    return bool(given.get("items") or given.get("order_id") or given.get("qty") or fc.understood.flows())


def _some_lines(frame: Frame, order: dict) -> bool:
    """Items of `order` named that are fewer than all its units (lines or a count)."""
    named = [i for i in frame.slots.get("items") or [] if i.get("order_id") == order["id"]]
    if not named or frame.slots.get("all"):
        return False
    lines = {str(i["sku"]): int(i.get("qty") or 1) for i in order.get("items") or []}
    taken = {str(i["sku"]) for i in named if not i.get("excluded")}
    if any(i.get("excluded") for i in named) or (taken and taken < set(lines)):
        return True
    qty = frame.slots.get("qty")
    return len(taken) == 1 and bool(qty) and int(qty) < lines.get(next(iter(taken)), 1)


_REPLACE = re.compile(r"(换新|换一个|换个新|换一件|换货|new one|replacement|replace it|exchange)", re.I)


async def _exchangeable(fc: FlowContext, order: dict, line: dict) -> bool:
    check = await fc.tools.check_exchange(fc.customer, order["id"], sku=line["sku"])
    return bool(check.ok)


def fault_stated(text: str) -> bool:
    """The message describes a fault (broken, stopped working, defective on arrival)."""
    from bot.dialogue.info_cues import FAULT
    from bot.lang import cues as C
    return bool(FAULT.search(text) or C.ARRIVAL_DEFECT.search(text)
                or re.search(r"(坏了|质量问题|有问题|不工作|用不了|失灵|defective|faulty|broken|damaged|\bdied\b|\bdead\b|"
                             r"stopped working|(?:won'?t|doesn'?t|does not|will not) (?:work|turn on|charge))", text, re.I))


def _eligible(order: dict) -> bool:
    return order.get("status") == "delivered"


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm" and frame.slots.get("fault_choice") \
            and (fc.slots_given().get("replace") or (not fc.said("confirm") and _REPLACE.search(fc.turn.text))):
        # A faulty item's return waits for its yes: "a new one instead" takes the replacement offered.
        from bot.dialogue.flows import exchange
        order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
        chosen = list(frame.slots.get("chosen") or [])
        new = fc.state.start("exchange_request", order_id=order["id"],
                             items=[{"order_id": order["id"], "sku": i["sku"], "excluded": False} for i in chosen])
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        return exchange.replacement(fc, new, order, chosen[0])
    if frame.step == "confirm":
        if fc.said("confirm"):
            return await _execute(fc, frame)
        kept_now = _only_kept(fc, frame)
        if kept_now and not fc.said("cancel_flow"):
            return _without_kept(fc, frame, kept_now)
        recount = FU.new_count(fc.turn.text, list(frame.slots.get("chosen") or []))
        if recount is not None:
            # "算了，两件都退吧", "actually make it both": a changed count of the line proposed — the
            # return is proposed again with it (never a "no"), and the next yes writes that count.
            sku, n = recount
            frame.slots["items"] = [{"order_id": frame.slots.get("order_id"), "sku": sku, "excluded": False, "qty": n}]
            frame.slots["qty"] = n
        elif fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted")
        if recount is None and not _names_something(fc):
            # "it doesn't fit my wrist": a reason, not a new request. Keep the flow, note why.
            reason = short_reason(fc.turn.text)
            frame.slots["reason"] = reason or frame.slots.get("reason")
            order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
            items = list(frame.slots.get("chosen") or [])
            return out((R.noted(lang) if reason else "") + T.confirm_return(order, items, amount_of(items), lang, fee=_fee(fc, frame)), frame, "confirm",
                       {"order": order, "pending": NAME, "items": items})
    if frame.step == "choose_items" and fc.said("confirm") and len(frame.slots.get("offered") or []) == 1 \
            and not fc.slots_given().get("items"):
        frame.slots["items"] = [{"order_id": frame.slots.get("order_id"), "sku": frame.slots["offered"][0],
                                 "excluded": False}]
    take_slots(fc, frame)
    carry_items(fc, frame)
    held = remember_kept(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "return", "退货")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if order.get("status") in ("pending", "paid") and _some_lines(frame, order):
        # Not shipped yet: sending some lines back means taking them off the order.
        from bot.dialogue.flows import changes
        new = fc.state.start("modify_order", **{k: v for k, v in frame.slots.items()
                                                 if k in ("order_id", "items", "qty", "_fresh")}, remove=True)
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        return await changes.modify_order(fc, new)
    if order.get("status") != "delivered" and not frame.slots.get("items"):
        # Not delivered (or closed): the rule answers before any "which item?".
        first = await fc.tools.check_return(fc.customer, order["id"], skus=None)
        if not first.ok and first.code not in ("already_cancelled", "already_returned"):
            fc.state.finish()
            return out(R.refusal(first.code, first.data, order, NAME, lang), frame, "refused",
                       {"order": order, "decision": {"code": first.code, **first.data}})
    items, kept, tie = chosen_items(fc, frame, order, "return", "退")
    if tie is not None:
        return tie
    if not items:
        lines = order.get("items") or []
        if len(lines) == 1:
            frame.slots["items"] = [{"order_id": order["id"], "sku": lines[0]["sku"], "excluded": False}]
            items, kept = selected_items(fc, frame, order)
        elif frame.step == "choose_items" and frame.asked >= 1:
            frame.slots["all"] = True          # asked twice without naming one: the whole order
            items, kept = selected_items(fc, frame, order)
        else:
            frame.asked += 1
            offered = set(frame.slots.get("offered") or [])
            shown = {"id": order["id"], "items": [i for i in lines if (not offered or i["sku"] in offered)
                                                  and i["sku"] not in held] or lines}
            return out(T.choose_items(shown, lang, "return", "退"), frame, "choose_items", {"order": order})
    check, items, refused = await _check_returnable(fc, order, items)
    if not check.ok and check.code in (codes.NON_RETURNABLE_CATEGORY, codes.RETURN_WINDOW_EXPIRED) \
            and fault_stated(fc.turn.text):
        # "it's faulty, can I return it?" for an item a return cannot take: a fault is the
        # warranty / replacement path (a colleague if nothing else applies), never "can't be returned".
        from bot.dialogue.flows import troubleshoot
        bad = str(check.data.get("sku") or "")
        line = next((i for i in items if i["sku"] == bad), items[0])
        new = fc.state.start("troubleshooting", order_id=order["id"],
                             items=[{"order_id": order["id"], "sku": line["sku"], "excluded": False}])
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        rule = ""
        if check.code == codes.RETURN_WINDOW_EXPIRED and check.data.get("days"):
            # The window is a fact worth stating, but as context, not as the answer to a fault.
            deadline = R.date(check.data.get("deadline"), lang) if check.data.get("deadline") else ""
            rule = R.t(lang, f"The {check.data['days']}-day return window for order {order['id']} has passed"
                             f"{' (' + deadline + ')' if deadline else ''}, but a fault is still ours to sort out. ",
                       f"订单 {order['id']} 已过 {check.data['days']} 天退货期{'（' + deadline + '截止）' if deadline else ''}，"
                       f"但质量问题我们照样处理。")
        res = await troubleshoot.fault_remedies(fc, new, order, line)
        res.answer = rule + res.answer
        return res
    if not check.ok:
        if check.code == codes.NON_RETURNABLE_CATEGORY:
            offer = await _offer_others(fc, frame, order, check)
            if offer is not None:
                return offer
        fc.state.finish()
        banned = set(getattr(getattr(fc.tools, "policies", None), "non_returnable_categories", None) or ())
        asked = [i for i in order.get("items") or [] if i.get("sku") in {x.get("sku") for x in items}]
        window = ""
        if check.code == codes.RETURN_WINDOW_EXPIRED and asked and all(i.get("category") in banned for i in asked):
            # "can I return the underwear?" past the window: the category's rule is the answer (it
            # holds in any window), the closed window said beside it (records14)
            if check.data.get("days"):
                end = R.date(check.data.get("deadline"), lang) if check.data.get("deadline") else ""
                window = R.t(lang, f" Its {check.data['days']}-day return window has also passed"
                                   f"{' (' + end + ')' if end else ''}.",
                             f"另外，它的 {check.data['days']} 天退货期也已过{'（' + end + '截止）' if end else ''}。")
            check = type(check)(False, codes.NON_RETURNABLE_CATEGORY,
                                {"order_id": order["id"], "sku": asked[0]["sku"], "category": asked[0].get("category")})
        text = R.refusal(check.code, check.data, order, NAME, lang) + window
        facts = {"order": order, "decision": {"code": check.code, **check.data}}
        if check.code in ("already_cancelled", "already_returned"):
            # "I want my money back" for an order already closed: say where the money is.
            res = await fc.tools.refund_status(fc.customer, order["id"])
            refunds = list(res.data.get("refunds", [])) if res.ok else []
            if refunds:
                text += "\n" + R.refund_list(refunds, lang, TM.refund_timing_text(
                    TM.refund_timings(fc.facts, refunds, [order], fc.customer, fc.now, lang), lang))
                facts["refunds"] = refunds
        return out(text, frame, "refused", facts)
    allowed = list(check.data.get("skus") or [i["sku"] for i in items])
    excluded = [shown_name(i, fc.lang) for i in order.get("items") or [] if i["sku"] in (check.data.get("excluded") or [])]
    items = [i for i in items if i["sku"] in allowed]
    frame.slots["chosen"] = items
    # (fault14: "refund this one" after a fault answer carries the fault told before as its reason)
    frame.slots["reason"] = frame.slots.get("reason") or short_reason(fc.turn.text) or fc.slots_given().get("reason")
    frame.asked = 0
    rule = "".join(R.refusal(r.code, r.data, order, NAME, lang).split("\n")[0] + "\n" for r in refused)
    alt = ""
    # "a refund, not a resend" / "退款不要补发": the replacement the customer ruled out is not offered.
    ruled = negation.polarity(fc.turn.text)[1]
    if len(items) == 1 and fault_stated(fc.turn.text) and "exchange_request" not in ruled \
            and await _exchangeable(fc, order, items[0]):
        # A faulty item inside the windows: the return asked for, and the replacement as the other choice.
        frame.slots["fault_choice"] = True
        alt = R.t(lang, "Sorry it's faulty. You can return it for a refund, or get a new one instead (say \"new one\"). ",
                  "很抱歉商品有质量问题。可以退货退款，也可以换一件新的（回复“换新”即可）。")
    return out(alt + rule + T.confirm_return(order, items, amount_of(items), lang, excluded=kept + excluded, fee=_fee(fc, frame)), frame,
               "confirm", {"order": order, "pending": NAME, "items": items,
                           **({"refused": [dict(r.data) for r in refused]} if refused else {})})


def _only_kept(fc: FlowContext, frame: Frame) -> set[str]:
    """"no, the sleeping bags stay": this turn names only lines that stay (none to send back) —
    or, keep13, lines that stay beside lines already proposed ("不对，手套留着，只退头盔", "no,
    keep the gloves, just the helmet"): the same return without the kept ones, never a no."""
    given = fc.slots_given().get("items") or []
    kept = {str(i.get("sku")) for i in given if i.get("excluded")}
    if not kept:
        return set()
    asked = {str(i.get("sku")) for i in given if not i.get("excluded")}
    flows = set(fc.understood.flows())
    if not asked:
        return set() if flows else kept
    chosen = {str(i.get("sku")) for i in frame.slots.get("chosen") or []}
    if flows - {NAME} or not asked <= chosen - kept:
        return set()             # another request, or a line outside this proposal
    return kept


def _without_kept(fc: FlowContext, frame: Frame, kept_now: set[str]) -> Outcome:
    """The return waiting for its yes, without the lines just said to stay: the rest proposed
    again (their objection heard), or nothing done when nothing is left."""
    lang = fc.lang
    frame.slots["kept_out"] = sorted(set(frame.slots.get("kept_out") or []) | kept_now)
    order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
    items = [i for i in frame.slots.get("chosen") or [] if str(i.get("sku")) not in kept_now]
    if not items:
        fc.state.finish()
        return out(R.aborted(lang), frame, "aborted")
    frame.slots["chosen"] = items
    kept = [shown_name(i, lang) for i in order.get("items") or [] if i["sku"] in frame.slots["kept_out"]]
    heard = R.t(lang, "Understood — that stays with you. ", "好的，这件给您保留。")
    return out(heard + T.confirm_return(order, items, amount_of(items), lang, excluded=kept, fee=_fee(fc, frame)), frame, "confirm",
               {"order": order, "pending": NAME, "items": items})


async def _check_returnable(fc: FlowContext, order: dict, items: list[dict]) -> tuple[Any, list[dict], list[Any]]:
    """The policy check for `items`; a line the policy never takes back (a gift card, a
    non-returnable category) is dropped from a request that has other lines, and its refusal
    kept so the reply states the rule. Returns (check, the items left, the refusals)."""
    refused: list[Any] = []
    while True:
        check = await fc.tools.check_return(fc.customer, order["id"], skus=[i["sku"] for i in items])
        bad = str(check.data.get("sku") or "")
        if check.ok or check.code != codes.NON_RETURNABLE_CATEGORY or len(items) < 2 or \
                not any(i["sku"] == bad for i in items):
            return check, items, refused
        refused.append(check)
        items = [i for i in items if i["sku"] != bad]


async def _offer_others(fc: FlowContext, frame: Frame, order: dict, refusal: Any) -> Outcome | None:
    """Only non-returnable lines were asked for: say the rule and offer what this order CAN
    send back, as a question (not a pending confirmation: their topic may be a fault, not a
    return of something else). A "yes" to a single offered line leads to its confirmation."""
    lang = fc.lang
    # A line they said stays ("the candle is fine") is not offered in its place.
    held = set(frame.slots.get("kept_out") or [])
    rest = [i for i in order.get("items") or [] if i["sku"] != refusal.data.get("sku") and i["sku"] not in held]
    if not rest:
        return None
    check = await fc.tools.check_return(fc.customer, order["id"], skus=None)
    ok = set(check.data.get("skus") or []) if check.ok else set()
    others = [i for i in rest if i["sku"] in ok]
    if not others:
        return None
    rule = R.refusal(refusal.code, refusal.data, order, NAME, lang).split("\n")[0]
    named = {str(i.get("sku")) for i in fc.slots_given().get("items") or [] if not i.get("excluded")}
    frame.slots["items"] = [{"order_id": order["id"], "sku": i["sku"], "excluded": False} for i in others]
    frame.slots.pop("qty", None)
    if len(others) == 1 and others[0]["sku"] in named:
        # They named it too ("the gift card from my SSD order"): its return is proposed for a yes.
        items, _ = selected_items(fc, frame, order)
        frame.slots["chosen"] = items
        frame.slots["reason"] = frame.slots.get("reason") or short_reason(fc.turn.text)
        offer = T.confirm_return(order, items, amount_of(items), lang, fee=_fee(fc, frame))
        return out(rule + "\n" + R.t(lang, "What I can do: ", "可以为您办理的是：") + offer, frame, "confirm",
                   {"order": order, "pending": NAME, "items": items,
                    "decision": {"code": refusal.code, **refusal.data}})
    # Not named: offered, not proposed — a "yes" picks it when it is the only one.
    frame.slots.pop("items", None)
    frame.slots["offered"] = [i["sku"] for i in others]
    if len(others) == 1:
        name = shown_name(others[0], lang)
        listing = R.t(lang, f"{name} from the same order can still be returned — shall I start a return for it?",
                      f"同一订单里的{name}可以退——需要为它办理退货吗？")
    else:
        listing = T.choose_items({"id": order["id"], "items": others}, lang, "return", "退")
    return out(rule + "\n" + listing, frame, "choose_items",
               {"order": order, "decision": {"code": refusal.code, **refusal.data}})


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
    items = list(frame.slots.get("chosen") or [])
    from bot.dialogue import actions
    res = await actions.create_return(fc.tools, fc.customer, order["id"], items,
                                      frame.slots.get("reason") or "unspecified")
    fc.state.finish()
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    fc.state.opened[f"return:{order['id']}"] = str(res.data.get("return_id") or "")
    pm = (fc.customer.payment_method(order.get("payment_method_id")) if hasattr(fc.customer, "payment_method")
          else None)
    days = fc.facts.refund_days(getattr(pm, "type", None) or _payment_type(order), lang)
    raw = fc.facts.get("returns.ship_back_days")
    ship = int(raw) if raw else None     # the shop's own days, or no deadline stated
    return out(T.return_done(order, res.data, items, days, lang, ship, fee=_fee(fc, frame)), frame, "done",
               {"order": order, "result": res.data})


def _fee(fc: FlowContext, frame: Frame) -> str:
    """The shop's change-of-mind return fee sentence, unless the item is faulty (refund_facts)."""
    if frame.slots.get("fault_choice") or fault_stated(fc.turn.text):
        return ""
    return RF.return_fee(fc, str(frame.slots.get("reason") or ""))


def _payment_type(order: dict) -> str | None:
    pm = str(order.get("payment_method_id") or "")
    for kind in ("alipay", "wechat", "card", "paypal", "gift"):
        if kind in pm:
            return {"wechat": "wechat_pay", "gift": "gift_card"}.get(kind, kind)
    return None   # unknown: the facts' default timeline, never one guessed from the currency
