"""Changes before shipping: items and quantities (modify_order), payment method (change_payment),
and the customer's default address (default_address). Each confirms before the write.

modify_order steps: start → (choose_order) → (choose_items) → confirm → done | refused | aborted.
change_payment: start → (choose_order) → (ask_payment) → confirm → done.
default_address: start → (ask_address) → confirm → done.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import actions
from bot.dialogue import matching as M
from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext, another_variant, items_or_ask, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import replies as R
from bot.lang.display_names import shown_name

_UNSHIPPED = ("pending", "paid")


def _eligible(order: dict) -> bool:
    return order.get("status") in _UNSHIPPED


def _refused(fc: FlowContext, frame: Frame, order: dict, code: str, data: dict, action: str) -> Outcome:
    fc.state.finish()
    return out(R.refusal(code, data, order, action, fc.lang), frame, "refused",
               {"order": order, "decision": {"code": code, **data}})


async def _confirmed(fc: FlowContext, frame: Frame) -> bool | None:
    if frame.step != "confirm":
        return None
    if fc.said("confirm"):
        return True
    if fc.said("deny") or fc.said("cancel_flow"):
        return False
    return None


# ------------------------------------------------------------------------------ items / quantity
async def modify_order(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    yes = await _confirmed(fc, frame)
    swap = (frame.slots.get("swaps") or [{}])[0]
    if yes is not None and not frame.slots.get("remove") \
            and await another_variant(fc, frame, swap.get("sku"), swap.get("new_sku")):
        yes = None                               # "no — the 2TB one": re-proposed, not executed or dropped
    if yes is False:
        fc.state.finish()
        return out(R.aborted(lang), frame, "aborted")
    if yes:
        order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
        swaps = frame.slots.get("swaps") or []
        res = await actions.call(fc.tools, "change_items", fc.customer, order["id"],
                                 [(s["sku"], s["qty"], s["new_sku"]) for s in swaps],
                                 payment_method_id=frame.slots.get("pm_id"))
        fc.state.finish()
        if not res.ok:
            return _refused(fc, frame, order, res.code, dict(res.data), "modify_order")
        done = T.change_done(frame.slots.get("what_en", ""), frame.slots.get("what_zh", ""), order["id"], lang)
        return out(done + await _address_too(fc, frame, order), frame, "done", {"order": order, "result": dict(res.data)})
    take_slots(fc, frame)
    if not frame.slots.get("_seen_text") or frame.slots["_seen_text"] != fc.turn.text:
        # What they want changed may come before the line is settled ("… to cast iron" → "the 12 inch one").
        frame.slots["wanted_text"] = (frame.slots.get("wanted_text", "") + " "
                                      + M.without_replaced(fc.turn.text)).strip()[-300:]
        frame.slots["_seen_text"] = fc.turn.text
    order, ask = await resolve_order(fc, frame, _eligible, "change", "修改订单")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if order.get("status") not in _UNSHIPPED:
        return _refused(fc, frame, order, "already_shipped" if order.get("status") != "cancelled"
                        else "already_cancelled", {}, "modify_order")
    items, ask = items_or_ask(fc, frame, order, "change", "修改")
    if ask is not None:
        return ask
    if frame.slots.get("remove"):
        return _removal(fc, frame, order, items)
    qty = frame.slots.get("qty")
    line = items[0]
    # Another option of any dimension ("size L", "the Alexa one", "2TB") — with or without a new
    # quantity ("one 2TB instead of two 1TB" is both): the catalogue says which variant; nothing
    # is guessed.
    from bot.dialogue.flows.exchange import relative_size
    step_to = await relative_size(fc, line)          # "a size up", "longer", "大一号"
    match = await fc.tools.match_variant(fc.customer, order["id"], line["sku"],
                                         (frame.slots["wanted_text"] + " " + step_to).strip())
    q = int(qty or line["ordered"])
    pay_en, pay_zh = _payment_choice(fc, frame, order)
    if match.ok:
        d = match.data
        frame.slots["swaps"] = [{"sku": line["sku"], "qty": q, "new_sku": d["new_sku"]}]
        opts_en, opts_zh = T.options_text(d["options"], "en"), T.options_text(d["options"], "zh")
        diff = float(d.get("price_difference") or 0) if q == int(line["ordered"]) else _difference(d, line, q)
        money = R.money(abs(diff), d.get("currency") or order.get("currency"), lang)
        via_en = pay_en or "the order's payment method"
        via_zh = pay_zh or "原支付方式"
        count_en = f"{line['ordered']} × {line['name']} → {q} × {opts_en}" if q != int(line["ordered"]) \
            else f"{line['name']} → {opts_en}"
        count_zh = f"{line['name']} ×{line['ordered']} 改为 {opts_zh} ×{q}" if q != int(line["ordered"]) \
            else f"{line['name']} 改为 {opts_zh}"
        note_en, note_zh = money_note(diff, money, via_en, via_zh)
        unpaid = order.get("status") == "pending"
        if unpaid and diff:
            # Nothing paid yet: the new total to pay, never a refund or a charge.
            note_en, note_zh = unpaid_note(order, diff, lang)
        frame.slots["what_en"] = count_en + note_en + (f"; pay with {pay_en}" if pay_en and (unpaid or not diff)
                                                       else "")
        frame.slots["what_zh"] = count_zh + note_zh + (f"，改用{pay_zh}支付" if pay_zh and (unpaid or not diff) else "")
        _with_address(frame)
        return out(T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang), frame,
                   "confirm", {"order": order, "pending": "modify_order", "match": d})
    if match.code in ("variant_not_found", "out_of_stock"):
        ask = ask_among(fc, frame, line, match, order)
        if ask is not None:
            return ask
        return _refused(fc, frame, order, match.code, dict(match.data), "modify_order")
    more = M.added_units(fc.turn.text) if match.code == "no_change" else None
    if more and not qty:
        qty = int(line["ordered"]) + more          # "add a second one, same one": the same line, more units
    if not qty or qty == line["ordered"]:
        return out(R.t(lang, f"What should change on {line['name']} — the quantity, or another option?",
                       f"{line['name']}要改什么——数量，还是其他规格？"), frame, "ask_change", {"order": order})
    swaps = [{"sku": line["sku"], "qty": int(qty), "new_sku": line["sku"]}]
    frame.slots["swaps"] = swaps
    try:
        diff = float(line.get("price") or 0) * (int(qty) - int(line["ordered"]))
    except (TypeError, ValueError):
        diff = 0.0
    note_en, note_zh = money_note(diff, R.money(abs(diff), order.get("currency"), lang),
                                  pay_en or "the order's payment method", pay_zh or "原支付方式") \
        if order.get("status") != "pending" else unpaid_note(order, diff, lang) if diff else ("", "")
    frame.slots["what_en"] = f"{line['name']} quantity {line['ordered']} → {qty}" + note_en + (
        f"; pay with {pay_en}" if pay_en else "")
    frame.slots["what_zh"] = f"{line['name']} 数量 {line['ordered']} → {qty}" + note_zh + (
        f"，改用{pay_zh}支付" if pay_zh else "")
    _with_address(frame)
    return out(T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang), frame, "confirm",
               {"order": order, "pending": "modify_order"})


def _with_address(frame: Frame) -> None:
    """"size 43 white and ship to …": the new address given with the change is part of what the
    customer confirms, never silently dropped (a placeholder here; the real value only reaches the tool)."""
    address = frame.slots.get("address")
    if address:
        frame.slots["what_en"] = f"{frame.slots.get('what_en', '')}; ship to {address}"
        frame.slots["what_zh"] = f"{frame.slots.get('what_zh', '')}，收货地址改为 {address}"


async def _address_too(fc: FlowContext, frame: Frame, order: dict) -> str:
    """The address change confirmed together with the item change ("" when none was asked)."""
    address = frame.slots.get("address")
    if not address:
        return ""
    res = await actions.call(fc.tools, "change_address", fc.customer, order["id"], fc.reveal(str(address)))
    if res.ok:
        return ""            # the confirmed summary already names the new address
    return " " + R.refusal(res.code, dict(res.data), order, "change_address", fc.lang)


def ask_among(fc: FlowContext, frame: Frame, line: dict, match: Any, order: dict,
              step: str = "ask_change") -> Outcome | None:
    """The combination asked for does not exist or is sold out, but variants with what the
    customer did name are in stock: ask which, with those as the candidates (None: there are none)."""
    product = fc.catalogue.get(str(line.get("product_id") or ""))
    wanted = dict(match.data.get("changed") or match.data.get("wanted") or {})
    current = dict(line.get("options") or {})
    cands = [c for c in M.variant_candidates(product, wanted, current) if c != current]
    if not cands and len(wanted) > 1:
        # "black with the wireless case" is sold out: what keeps one of the wishes is offered
        # (white wireless, or black standard), each in stock.
        cands = [c for dim in wanted for c in M.variant_candidates(product, {dim: wanted[dim]}, current, limit=2)
                 if c != current]
        cands = [c for i, c in enumerate(cands) if c not in cands[:i]][:4]
        if cands:
            lang = fc.lang
            listing_en = " or ".join(T.options_text(c, "en") for c in cands)
            listing_zh = "、".join(T.options_text(c, "zh") for c in cands)
            return out(R.t(lang, f"{line['name']} with {T.options_text(wanted, 'en')} is sold out. In stock: {listing_en}. "
                                 f"Which one would you like?",
                           f"{line['name']} {T.options_text(wanted, 'zh')} 目前缺货。有货的：{listing_zh}。请问要哪一个？"),
                       frame, step, {"order": order, "candidates": cands, "decision": {"code": match.code}})
    if not cands or not wanted:
        return None
    lang = fc.lang
    asked = T.options_text(wanted, lang)
    listing_en = " or ".join(T.options_text({k: v for k, v in c.items() if k not in wanted}, "en") or
                             T.options_text(c, "en") for c in cands)
    listing_zh = "、".join(T.options_text({k: v for k, v in c.items() if k not in wanted}, "zh") or
                          T.options_text(c, "zh") for c in cands)
    why_en = "is sold out" if match.code == "out_of_stock" else "doesn't exist"
    why_zh = "目前缺货" if match.code == "out_of_stock" else "没有这个组合"
    return out(R.t(lang, f"That exact version of {line['name']} {why_en}. With {asked} it comes in: {listing_en}. "
                         f"Which one would you like?",
                   f"{line['name']}您说的规格{why_zh}。{asked} 有：{listing_zh}。请问要哪一个？"),
               frame, step, {"order": order, "candidates": cands, "decision": {"code": match.code}})


def money_note(diff: float, money: str, via_en: str, via_zh: str) -> tuple[str, str]:
    """What the price difference means for the customer: charged or refunded through the method
    named (the shop opens that refund or charge with the change, also on an order awaiting
    payment, so the reply says what the record will say)."""
    if not diff:
        return "", ""
    return (f" ({money} {'more' if diff > 0 else 'back'} via {via_en})",
            f"（{'补' if diff > 0 else '退'} {money}，通过{via_zh}）")


def unpaid_note(order: dict, diff: float, lang: str) -> tuple[str, str]:
    """On an order awaiting payment a price difference changes what is to be paid."""
    try:
        total = R.money(float(order.get("total") or 0) + diff, order.get("currency"), lang)
    except (TypeError, ValueError):
        return "", ""
    return f" (new total {total}, nothing paid yet)", f"（订单尚未付款，新的应付金额 {total}）"


def _difference(d: dict, line: dict, q: int) -> float:
    """New line total minus old: q units of the new variant against the units ordered."""
    try:
        new_price = float(d.get("price"))
        return new_price * q - float(line.get("price") or 0) * int(line["ordered"])
    except (TypeError, ValueError):
        return float(d.get("price_difference") or 0)


def _payment_choice(fc: FlowContext, frame: Frame, order: dict) -> tuple[str, str]:
    """The payment method the customer asked the change to be settled with ("" when none):
    kept in the frame as pm_id for the write."""
    kind = frame.slots.get("payment")
    if not kind:
        return "", ""
    methods = list(getattr(fc.customer, "payment_methods", ()) or ())
    current = order.get("payment_method_id")
    choice = next((m for m in methods if m.type == kind and m.id != current), None) or \
        next((m for m in methods if m.type == kind), None)
    if choice is None:
        frame.slots.pop("pm_id", None)
        return "", ""
    frame.slots["pm_id"] = choice.id
    return T.payment_type(choice.type, "en"), T.payment_type(choice.type, "zh")


def _removal(fc: FlowContext, frame: Frame, order: dict, items: list[dict]) -> Outcome:
    """Lines (or some units of a line) dropped from an unshipped order: qty 0 or lower, the rest
    of the order kept. Dropping every line is a cancellation, which this flow does not do."""
    lang = fc.lang
    swaps, names_en, names_zh, back = [], [], [], 0.0
    for it in items:
        gone = int(it["qty"]) if int(it["qty"]) < int(it["ordered"]) else int(it["ordered"])
        swaps.append({"sku": it["sku"], "qty": int(it["ordered"]) - gone, "new_sku": it["sku"]})
        back += float(it.get("price") or 0) * gone
        names_en.append(f"{gone} × {it['name']}" if gone < int(it["ordered"]) else str(it["name"]))
        names_zh.append(f"{it['name']} ×{gone}")
    left = {str(i["sku"]): int(i.get("qty") or 1) for i in order.get("items") or []}
    for s in swaps:
        left[s["sku"]] = s["qty"]
    if not any(left.values()):
        frame.slots.pop("remove", None)
        fc.state.finish()
        return out(R.t(lang, f"That would leave nothing on order {order['id']} — do you want to cancel the whole "
                             f"order instead?",
                       f"这样订单 {order['id']} 就没有商品了——您是要取消整个订单吗？"), frame, "ask_cancel",
                   {"order": order})
    kept = [shown_name(i, lang) for i in order.get("items") or [] if left.get(str(i["sku"]))]
    frame.slots["swaps"] = swaps
    money = R.money(back, order.get("currency"), lang) if back else ""
    note_en, note_zh = money_note(-back, money, "the order's payment method", "原支付方式")
    frame.slots["what_en"] = "remove " + ", ".join(names_en) + note_en + "; keep " + ", ".join(kept)
    frame.slots["what_zh"] = "去掉 " + "、".join(names_zh) + note_zh + "，保留 " + "、".join(kept)
    return out(T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang), frame, "confirm",
               {"order": order, "pending": "modify_order"})


# ------------------------------------------------------------------------------ payment method
_PAY_WORDS = [("alipay", r"支付宝|alipay"), ("wechat_pay", r"微信|wechat"), ("paypal", r"paypal"),
              ("gift_card", r"礼品卡|gift ?card"), ("card", r"信用卡|银行卡|储蓄卡|\bcard\b|visa|master|amex"),
              ("bank_transfer", r"转账|bank transfer"), ("cash_on_delivery", r"货到付款|cash on delivery|\bcod\b")]


_NOT_THIS = re.compile(r"(instead of|rather than|not|from|而不是|不用|不要)\s*(my\s+|the\s+)?$", re.I)


def payment_named(text: str) -> str | None:
    """The payment type the customer wants: the first one named that is not the one they leave
    ("pay with my visa instead of paypal" → card)."""
    found = sorted((m.start(), kind) for kind, rx in _PAY_WORDS for m in re.finditer(rx, text, re.I))
    wanted = [kind for start, kind in found if not _NOT_THIS.search(text[max(0, start - 16):start])]
    return wanted[0] if wanted else (found[0][1] if found else None)


_GENERIC_LABEL = frozenset({"card", "credit", "debit", "bank", "account", "ending", "pay", "the", "and"})


def named_method(methods: Any, kind: str, text: str) -> Any | None:
    """The one method of type `kind` whose own label word ("Amex", "Visa", a bank's name) the
    customer wrote: two cards are told apart by what the shop calls them, not by a brand list."""
    t = text.lower()
    hits = []
    for m in methods:
        words = {w for w in re.findall(r"[a-z]{3,}", str(m.label or "").lower()) if w not in _GENERIC_LABEL}
        if m.type == kind and any(re.search(r"\b" + re.escape(w) + r"\b", t) for w in words):
            hits.append(m)
    return hits[0] if len(hits) == 1 else None


async def change_payment(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    yes = await _confirmed(fc, frame)
    named = payment_named(fc.turn.text) if yes is not None else None
    if named and named != frame.slots.get("pm_type"):
        yes = None                       # "yes, but with PayPal": the new method is proposed again
    if yes is False:
        fc.state.finish()
        return out(R.aborted(lang), frame, "aborted")
    if yes:
        order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
        res = await actions.call(fc.tools, "change_payment", fc.customer, order["id"], frame.slots["pm_id"])
        fc.state.finish()
        if not res.ok:
            return _refused(fc, frame, order, res.code, dict(res.data), "change_payment")
        kind = T.payment_type(frame.slots.get("pm_type"), lang)
        return out(T.change_done(f"it is now paid by {kind}", f"已改用{kind}支付", order["id"], lang), frame, "done",
                   {"order": order, "result": dict(res.data)})
    take_slots(fc, frame)
    order, ask = await resolve_order(fc, frame, _eligible, "payment method", "更换支付方式")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    methods = [m for m in getattr(fc.customer, "payment_methods", ()) or ()]
    wanted = payment_named(fc.turn.text)
    current = order.get("payment_method_id")
    choice = None
    if wanted:
        choice = named_method(methods, wanted, fc.turn.text) or \
            next((m for m in methods if m.type == wanted and m.id != current), None) or \
            next((m for m in methods if m.type == wanted), None)
    elif len([m for m in methods if m.id != current]) == 1:
        choice = next(m for m in methods if m.id != current)
    if wanted and choice is not None and choice.id == current:
        # Already paid that way: nothing to change, nothing to confirm.
        fc.state.finish()
        kind = T.payment_type(choice.type, lang)
        return out(R.t(lang, f"Order {order['id']} already uses {kind} — nothing to change.",
                       f"订单 {order['id']} 已经是用{kind}支付的，无需更改。"), frame, "already_set",
                   {"order": order, "payment_method_id": current})
    if choice is None:
        if wanted and methods:
            return out(R.t(lang, f"There's no {T.payment_type(wanted, 'en')} on your account. ",
                           f"您的账户里没有{T.payment_type(wanted, 'zh')}。")
                       + T.ask_payment([{"type": m.type} for m in methods], lang), frame, "ask_payment")
        if not methods:
            return _refused(fc, frame, order, "payment_method_not_found", {}, "change_payment")
        return out(T.ask_payment([{"type": m.type} for m in methods], lang), frame, "ask_payment", {"order": order})
    frame.slots["pm_id"], frame.slots["pm_type"] = choice.id, choice.type
    kind = T.payment_type(choice.type, lang)
    return out(T.confirm_change(f"pay with {kind} instead", f"改用{kind}支付", order["id"], lang), frame, "confirm",
               {"order": order, "pending": "change_payment"})


# ------------------------------------------------------------------------------ default address
async def default_address(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    yes = await _confirmed(fc, frame)
    if yes is False:
        fc.state.finish()
        return out(R.aborted(lang), frame, "aborted")
    if fc.customer is None:
        return out(R.identity_required(lang), frame, "no_customer")
    if yes:
        res = await actions.call(fc.tools, "change_default_address", fc.customer,
                                 fc.reveal(frame.slots["address"]))
        fc.state.finish()
        if not res.ok:
            return out(R.refusal(res.code, dict(res.data), {"id": ""}, "default_address", lang), frame, "refused",
                       {"decision": {"code": res.code}})
        return out(R.t(lang, f"Done — your default address is now {frame.slots['address']}. Orders already placed "
                             f"keep their address.",
                       f"已将默认地址改为 {frame.slots['address']}。已下的订单仍寄往原地址。"), frame, "done")
    take_slots(fc, frame)
    if not frame.slots.get("address"):
        return out(T.ask_address(lang, default=True), frame, "ask_address")
    addr = frame.slots["address"]
    return out(R.t(lang, f"To confirm: set your default address to {addr} (future orders only)? (yes/no)",
                   f"确认一下：把默认地址改为 {addr}（仅对以后的订单生效）？（是/否）"), frame, "confirm")
