"""Changes before shipping: items and quantities (modify_order), payment method (change_payment),
and the customer's default address (default_address). Each confirms before the write.

modify_order steps: start → (choose_order) → (choose_items) → confirm → done | refused | aborted.
change_payment: start → (choose_order) → (ask_payment) → confirm → done.
default_address: start → (ask_address) → confirm → done.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import actions, line_counts
from bot.dialogue import forced_options as FO
from bot.dialogue import matching as M
from bot.dialogue import order_choice as OC
from bot.dialogue import pick_and_go as PG
from bot.dialogue import rejected_options as RO
from bot.dialogue import texts as T
from bot.dialogue import unit_split as US
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
    if yes is not None and not frame.slots.get("remove") and not frame.slots.get("plan") \
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
    asked = frame.step == "confirm"          # a message at the confirmation, neither yes nor no
    if asked and fc.slots_given().get("regrouped") and frame.slots.get("remove"):
        # "the other way round: keep the black one": the lines that go are the ones read now
        # (kept_lines), proposed afresh — never added to the removal waiting (#13 edits14).
        for key in ("swaps", "plan", "qty", "what_en", "what_zh"):
            frame.slots.pop(key, None)
        frame.slots["items"] = [dict(i) for i in fc.slots_given().get("items") or []]
        order = fc.order(frame.slots.get("order_id"))
        if order is not None:
            items, ask = items_or_ask(fc, frame, order, "change", "修改")
            if ask is None:
                return _removal(fc, frame, order, [{**i, "qty": i["ordered"]} for i in items])
    if asked and fc.said("correct_slot") and US.split_of(frame.slots.get("swaps")) and US.kept_part(fc.turn.text):
        # "change one of the two to 2TB" waits, then "and the one I keep should be Thunderbolt": the
        # kept units get that version, the changed ones stay as proposed (edits14; it was read as
        # a correction of the changed units, and the yes wrote the stale split).
        kept = await _kept_units_changed(fc, frame)
        if kept is not None:
            return kept
    if asked:
        _drop_restated(fc, frame)
    picked = take_offered_option(fc, frame)
    take_slots(fc, frame)
    if asked and fc.slots_given().get("rejected") and isinstance(frame.slots.get("options"), dict):
        # "不要冬季的了，换成long": what is wanted is the corrected values (the rejected one already
        # back to the line's own), never the earlier messages' words that named the rejected one.
        # (the proposal's other asked values stay: "grey M" corrected to "L" is grey L, #13 edits13)
        frame.slots["wanted_text"] = RO.corrected_wish(frame.slots["options"],
                                                       RO.planned_options(frame.slots, fc.catalogue))
        frame.slots["_seen_text"] = fc.turn.text
        picked = True
    if not picked and (not frame.slots.get("_seen_text") or frame.slots["_seen_text"] != fc.turn.text):
        # What they want changed may come before the line is settled ("… to cast iron" → "the 12 inch one").
        frame.slots["wanted_text"] = (frame.slots.get("wanted_text", "") + " "
                                      + M.without_replaced(fc.turn.text)).strip()[-300:]
        frame.slots["_seen_text"] = fc.turn.text
        extra = given_values(fc, frame)
        if extra:
            frame.slots["wanted_text"] = (frame.slots["wanted_text"] + " , " + extra).strip(" ,")[-300:]
    order, ask = await resolve_order(fc, frame, _eligible, "change", "修改订单")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if order.get("status") not in _UNSHIPPED:
        if order.get("status") in ("shipped", "delivered"):
            return _after_shipping(fc, frame, order)
        return _refused(fc, frame, order, "already_shipped" if order.get("status") != "cancelled"
                        else "already_cancelled", {}, "modify_order")
    planned = await _with_plan(fc, frame, order)
    if planned is not None:
        return planned
    items, ask = items_or_ask(fc, frame, order, "change", "修改")
    if ask is not None:
        return ask
    if frame.slots.get("remove"):
        return _removal(fc, frame, order, items)
    qty = frame.slots.get("qty")
    line = items[0]
    # The item also on an order that can no longer be changed: the proposal says which order and why.
    why_order = OC.why_this_order(fc.orders, order, line, f"{frame.slots.get('wanted_text', '')} {fc.turn.text}",
                                  lang) if frame.step not in ("confirm", "choose_order") else ""
    # Another option of any dimension ("size L", "the Alexa one", "2TB") — with or without a new
    # quantity ("one 2TB instead of two 1TB" is both): the catalogue says which variant; nothing
    # is guessed.
    from bot.dialogue.flows.exchange import other_option, relative_size
    step_to = (await relative_size(fc, line) + " " + await other_option(fc, line)).strip()   # "longer", "the other fabric"
    step_to = (step_to + _bare_choice(fc, frame, line) + _bare_swap(fc, line)).strip()
    # "一件白色一件藏青色" on a line of two: one unit to the other value, one stays (the count stays).
    each = US.each_split(f"{frame.slots.get('wanted_text', '')} {fc.turn.text}", line, fc.catalogue)
    match = await fc.tools.match_variant(fc.customer, order["id"], line["sku"],
                                         each or (frame.slots["wanted_text"] + " " + step_to).strip())
    if match.code == "no_change":
        quoted = quoted_options(fc, frame, line)
        if quoted:      # "that one" / "就这个": the version just quoted
            match = await fc.tools.match_variant(fc.customer, order["id"], line["sku"], quoted)
    ordered = int(line["ordered"])
    if not qty and match.ok:
        qty = US.units_named(fc.turn.text, ordered) or US.units_named(frame.slots.get("wanted_text", ""), ordered)
    q = 1 if each else int(qty or line["ordered"])
    pay_en, pay_zh = _payment_choice(fc, frame, order)
    keep = US.kept_units(f"{frame.slots.get('wanted_text', '')} {fc.turn.text}", ordered, q,
                         match.ok and match.data.get("new_sku") != line["sku"])
    if each and match.ok:
        keep = ordered - q
    left = _units_left(frame, line) if asked else 0
    if left and match.ok and match.data.get("new_sku") != line["sku"]:
        # "remove one of the two" waits, then "and make the one I keep blue": the units left after
        # the reduction take the new option; the removed one never comes back as "kept".
        q, keep = left, 0
    if match.ok:
        d = match.data
        frame.slots["swaps"] = US.split_swaps(line["sku"], q, d["new_sku"], keep)
        # What a further change in the next message needs to price this one with it (_with_plan).
        frame.slots["swap_info"] = {line["sku"]: {"price": d.get("price"), "options": dict(d.get("options") or {})}}
        opts_en, opts_zh = T.options_text(d["options"], "en"), T.options_text(d["options"], "zh")
        diff = float(d.get("price_difference") or 0) if q == int(line["ordered"]) else _difference(d, line, q)
        if keep:        # only the changed units are priced anew; the kept ones stay as paid
            diff = round((float(d.get("price") or 0) - float(line.get("price") or 0)) * q, 2)
        money = R.money(abs(diff), d.get("currency") or order.get("currency"), lang)
        via_en = pay_en or "the order's payment method"
        via_zh = pay_zh or "原支付方式"
        count_en = f"{line['ordered']} × {line['name']} → {q} × {opts_en}" if q != int(line["ordered"]) \
            else f"{line['name']} → {opts_en}"
        count_zh = f"{shown_name(line, 'zh')} ×{line['ordered']} 改为 {opts_zh} ×{q}" if q != int(line["ordered"]) \
            else f"{shown_name(line, 'zh')} 改为 {opts_zh}"
        if keep:
            count_en, count_zh = US.split_text(line["name"], shown_name(line, "zh"), ordered, q, opts_en, opts_zh)
        note_en, note_zh = money_note(diff, money, via_en, via_zh)
        unpaid = order.get("status") == "pending"
        if unpaid and diff:
            # Nothing paid yet: the new total to pay, never a refund or a charge.
            note_en, note_zh = unpaid_note(order, diff, lang)
        frame.slots["what_en"] = count_en + note_en + (f"; pay with {pay_en}" if pay_en and (unpaid or not diff)
                                                       else "")
        frame.slots["what_zh"] = count_zh + note_zh + (f"，改用{pay_zh}支付" if pay_zh and (unpaid or not diff) else "")
        _with_address(frame)
        # "52" on a 54/650b/sand line when 52/650b is made in olive only: the colour change is said.
        along = FO.note(d, line.get("options") or {}, lang)
        along += " " if along and lang != "zh" else ""
        return out(_yes_it_does(fc, asked) + why_order + along + T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"],
                                                                                 order["id"], lang), frame,
                   "confirm", {"order": order, "pending": "modify_order", "match": d})
    if match.code in ("variant_not_found", "out_of_stock"):
        ask = ask_among(fc, frame, line, match, order)
        if ask is None and match.code == "out_of_stock":
            ask = await _sold_out_listing(fc, frame, line, match, order)
        if ask is not None:
            return ask
        return _refused(fc, frame, order, match.code, dict(match.data), "modify_order")
    more = M.added_units(fc.turn.text) if match.code == "no_change" else None
    if more and not qty:
        qty = int(line["ordered"]) + more          # "add a second one, same one": the same line, more units
    if not qty or qty == line["ordered"]:
        # Nothing of the shop's options was recognised: the product's own values are the
        # candidates, so the next answer can name one (never the same bare question again).
        listing, cands = _option_choices(fc, line, lang)
        if listing and frame.step == "ask_change":
            # Asked already and still nothing recognised: not the same question again.
            return out(R.t(lang, f"Sorry, I couldn't tell what to change on {line['name']}. It comes in {listing} — "
                                 f"which would you like? Or tell me the new quantity.",
                           f"抱歉，没能确定{shown_name(line, 'zh')}要改成什么。可选：{listing}。请问要哪一个？也可以直接告诉我新的数量。"),
                       frame, "ask_change", {"order": order, "candidates": cands})
        if listing:
            return out(R.t(lang, f"What should change on {line['name']} — the quantity, or another option? "
                                 f"It comes in {listing}.",
                           f"{shown_name(line, 'zh')}要改什么——数量，还是其他规格？可选：{listing}。"),
                       frame, "ask_change", {"order": order, "candidates": cands})
        return out(R.t(lang, f"What should change on {line['name']} — the quantity, or another option?",
                       f"{shown_name(line, 'zh')}要改什么——数量，还是其他规格？"), frame, "ask_change", {"order": order})
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
    frame.slots["what_zh"] = f"{shown_name(line, 'zh')} 数量 {line['ordered']} → {qty}" + note_zh + (
        f"，改用{pay_zh}支付" if pay_zh else "")
    _with_address(frame)
    return out(T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang), frame, "confirm",
               {"order": order, "pending": "modify_order"})


async def _kept_units_changed(fc: FlowContext, frame: Frame) -> Outcome | None:
    """The split waiting for its yes with its kept units given the option values this message
    names (None: the order or the variant cannot be had — the correction's usual path then)."""
    sku, keep, new_sku, qty = US.split_of(frame.slots.get("swaps")) or ("", 0, "", 0)
    order = fc.order(frame.slots.get("order_id"))
    line = _line_of(order, sku) if order is not None else None
    given = fc.slots_given().get("options")
    if order is None or line is None or not isinstance(given, Mapping) or not given:
        return None
    wish = " , ".join(f"{k} {v}" for k, v in given.items())
    match = await fc.tools.match_variant(fc.customer, order["id"], sku, wish)
    if not match.ok or match.data.get("new_sku") in (sku, new_sku):
        return None
    lang, d = fc.lang, match.data
    changed = (frame.slots.get("swap_info") or {}).get(sku) or {}
    opts = dict(changed.get("options") or {})
    frame.slots["swaps"] = [{"sku": sku, "qty": keep, "new_sku": str(d["new_sku"])},
                            {"sku": sku, "qty": qty, "new_sku": new_sku}]
    ordered = keep + qty
    named = {"name": line.get("name"), **line}
    en, zh = US.both_parts_text(str(line.get("name") or sku), shown_name(named, "zh"), ordered, qty,
                                T.options_text(opts, "en"), T.options_text(opts, "zh"),
                                T.options_text(dict(d.get("options") or {}), "en"),
                                T.options_text(dict(d.get("options") or {}), "zh"))
    price = float(line.get("price") or 0)
    diff = round((float(changed.get("price") or price) - price) * qty + (float(d.get("price") or price) - price) * keep, 2)
    note_en, note_zh = money_note(diff, R.money(abs(diff), d.get("currency") or order.get("currency"), lang),
                                  "the order's payment method", "原支付方式")
    if order.get("status") == "pending":
        note_en, note_zh = unpaid_note(order, diff, lang) if diff else ("", "")
    frame.slots["what_en"], frame.slots["what_zh"] = en + note_en, zh + note_zh
    frame.slots["_seen_text"] = fc.turn.text
    return out(T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang), frame, "confirm",
               {"order": order, "pending": "modify_order", "match": dict(d)})


# "that one", "this one", "就这个", "那款": the version the bot has just quoted.
_THAT_ONE = re.compile(r"\b(?:that|this) (?:one|version|variant)\b|\bthat'?s the one\b|\bthe one you "
                       r"(?:said|mentioned|quoted|suggested)\b|\bi'?ll take (?:that|it)\b|\bgo with (?:that|it)\b|"
                       r"就这个|就那个|就它|就这款|就那款|要这个|要那个|那个吧|这个吧|那款|这款|换这个|换那个|你说的那个", re.I)


def quoted_options(fc: FlowContext, frame: Frame, line: dict) -> str:
    """The option values of the one version of `line`'s product the bot has just quoted (a
    candidate it offered, or the version product info described), when the message points at
    it ("that one", "就这个"); "" when it does not, or several were quoted."""
    if not _THAT_ONE.search(M.norm(fc.turn.text)):
        return ""
    quoted = [dict(c) for c in frame.slots.get("quoted") or [] if isinstance(c, dict)]
    if not quoted:
        product = fc.catalogue.get(str(line.get("product_id") or "")) or {}
        skus = [s for s in str(fc.state.opened.get("product_variants") or "").split(",") if s]
        quoted = [dict(v.get("options") or {}) for v in product.get("variants") or [] if str(v.get("sku")) in skus]
    quoted = [q for q in quoted if q and q != dict(line.get("options") or {})]
    return " ".join(str(v) for v in quoted[0].values()) if len(quoted) == 1 else ""


def _bare_choice(fc: FlowContext, frame: Frame, line: dict) -> str:
    """After the question listing the values, an answer that is one of them alone ("L", "6kg"):
    said as a change to it, so a one-letter value needs no size cue (" to L")."""
    if frame.step not in ("ask_change", "confirm"):
        return ""
    product = fc.catalogue.get(str(line.get("product_id") or "")) or {}
    values = [str(v) for vals in (product.get("options") or {}).values()
              if isinstance(vals, (list, tuple)) for v in vals]
    value = M.bare_value(fc.turn.text, values)      # "110" after "it comes in 110cm": that length
    return f" to {value}" if value else ""


def _bare_swap(fc: FlowContext, line: dict) -> str:
    """"110 instead of 130" on the 130cm line: the other value named by its bare number."""
    from bot.dialogue.option_numbers import swapped_value
    product = fc.catalogue.get(str(line.get("product_id") or "")) or {}
    value = swapped_value(fc.turn.text, line, product)
    return f" to {value}" if value else ""


def _option_choices(fc: FlowContext, line: dict, lang: str) -> tuple[str, dict[str, list[str]]]:
    """The product's option values other than the line's own, per dimension with a choice, as
    shown to the customer ("flavour: Beef, Salmon; bag: 6kg") and as candidates."""
    product = fc.catalogue.get(str(line.get("product_id") or "")) or {}
    current = dict(line.get("options") or {})
    cands = {str(k): [str(v) for v in vals if str(v) != str(current.get(k))]
             for k, vals in (product.get("options") or {}).items() if isinstance(vals, (list, tuple))}
    cands = {k: v for k, v in cands.items() if v}
    return T.options_listing(cands, lang), cands


def _yes_it_does(fc: FlowContext, at_confirm: bool) -> str:
    """"does it come in polyester?" at a confirmation: the answer first, then the proposal with it."""
    from bot.dialogue.classic import asks_back
    if not at_confirm or not fc.slots_given().get("options") or not asks_back(fc.turn.text):
        return ""
    return R.t(fc.lang, "Yes, it comes in that version. ", "有的，有这个规格。")


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


async def _sold_out_listing(fc: FlowContext, frame: Frame, line: dict, match: Any, order: dict) -> Outcome | None:
    """keep13: the version asked is sold out and nothing shares what was named ("手套改成L号",
    the only L gone): that version said sold out with the product's other versions in stock —
    as the exchange flow says it — a yes to a single one takes it (None: nothing else in stock)."""
    from bot.dialogue.flows.exchange import _stock_text, in_stock
    product = await fc.tools.get_product(str(line.get("product_id") or "")) if line.get("product_id") else None
    if product is None or not product.ok:
        return None
    options = dict(product.data.get("options") or {})
    stocked = in_stock(list(product.data.get("variants") or []), str(line["sku"]), options)
    if not stocked:
        return None
    lang = fc.lang
    gone = T.options_text(dict(match.data.get("options") or match.data.get("wanted") or {}), lang)
    frame.slots["quoted"] = [dict(v.get("options") or {}) for v in stocked]
    _offered(frame, frame.slots["quoted"])
    shown = _stock_text(stocked, options, lang)
    return out(R.t(lang, f"{shown_name(line, 'en')} in {gone} is out of stock right now, so order {order['id']} stays "
                         f"as it is for now. In stock: {shown}. Which would you like instead?",
                   f"{shown_name(line, 'zh')} {gone} 目前缺货，订单 {order['id']} 暂时保持不变。有货的：{shown}。想换成哪个？"),
               frame, "ask_change", {"order": order, "in_stock": [v.get("sku") for v in stocked],
                                     "decision": {"code": match.code}})


def ask_among(fc: FlowContext, frame: Frame, line: dict, match: Any, order: dict,
              step: str = "ask_change") -> Outcome | None:
    """The combination asked for does not exist or is sold out, but variants with what the
    customer did name are in stock: ask which, with those as the candidates (None: there are none)."""
    product = fc.catalogue.get(str(line.get("product_id") or ""))
    wanted = dict(match.data.get("changed") or match.data.get("wanted") or {})
    current = dict(line.get("options") or {})
    if match.data.get("excluded"):
        ruled_out = _ask_without_excluded(fc, frame, line, match, order, step)
        if ruled_out is not None:
            return ruled_out
    cands = [c for c in M.variant_candidates(product, wanted, current) if c != current]
    if not cands and len(wanted) > 1:
        # "black with the wireless case" is sold out: what keeps one of the wishes is offered
        # (white wireless, or black standard), each in stock.
        cands = [c for dim in wanted for c in M.variant_candidates(product, {dim: wanted[dim]}, current, limit=2)
                 if c != current]
        cands = [c for i, c in enumerate(cands) if c not in cands[:i]][:4]
        if cands:
            frame.slots["quoted"] = cands
            lang = fc.lang
            listing_en = " or ".join(T.options_text(c, "en") for c in cands)
            listing_zh = "、".join(T.options_text(c, "zh") for c in cands)
            return out(R.t(lang, f"{line['name']} with {T.options_text(wanted, 'en')} is sold out. In stock: {listing_en}. "
                                 f"Which one would you like?",
                           f"{line['name']} {T.options_text(wanted, 'zh')} 目前缺货。有货的：{listing_zh}。请问要哪一个？"),
                       frame, step, {"order": order, "candidates": _offered(frame, cands), "decision": {"code": match.code}})
    if not cands or not wanted:
        return None
    lang = fc.lang
    asked = T.options_text(wanted, lang)
    listing_en = " or ".join(T.options_text({k: v for k, v in c.items() if k not in wanted}, "en") or
                             T.options_text(c, "en") for c in cands)
    listing_zh = "、".join(T.options_text({k: v for k, v in c.items() if k not in wanted}, "zh") or
                          T.options_text(c, "zh") for c in cands)
    frame.slots["quoted"] = cands
    why_en = "is sold out" if match.code == "out_of_stock" else "doesn't exist"
    why_zh = "目前缺货" if match.code == "out_of_stock" else "没有这个组合"
    return out(R.t(lang, f"That exact version of {line['name']} {why_en}. With {asked} it comes in: {listing_en}. "
                         f"Which one would you like?",
                   f"{line['name']}您说的规格{why_zh}。{asked} 有：{listing_zh}。请问要哪一个？"),
               frame, step, {"order": order, "candidates": _offered(frame, cands), "decision": {"code": match.code}})


def _ask_without_excluded(fc: FlowContext, frame: Frame, line: dict, match: Any, order: dict,
                          step: str) -> Outcome | None:
    """"换个颜色 除了白色都行" with more than one other value in stock: ask among those (the
    shop's in-stock candidates, the ruled-out values never among them). None: nothing left."""
    current = dict(line.get("options") or {})
    cands = [c for c in match.data.get("candidates") or [] if c != current]
    cands = [c for i, c in enumerate(cands) if c not in cands[:i]][:4]
    if not cands:
        return None
    frame.slots["quoted"] = cands
    bad = {d: v for d, vs in (match.data.get("excluded") or {}).items() for v in vs[:1]}
    lang = fc.lang
    # Each candidate by what differs from the line ("red or navy", not "size M, color red or size M, …").
    listing_en = " or ".join(T.options_text({k: v for k, v in c.items() if current.get(k) != v} or c, "en") for c in cands)
    listing_zh = "、".join(T.options_text({k: v for k, v in c.items() if current.get(k) != v} or c, "zh") for c in cands)
    return out(R.t(lang, f"Not {T.options_text(bad, 'en')} — {line['name']} (order {order['id']}) is in stock in: "
                         f"{listing_en}. Which one would you like?",
                   f"不要{T.options_text(bad, 'zh')}的话，{shown_name(line, 'zh')}（订单 {order['id']}）有货的有："
                   f"{listing_zh}。请问要哪一个？"),
               frame, step, {"order": order, "candidates": _offered(frame, cands), "decision": {"code": match.code}})


def _offered(frame: Frame, cands: list[dict]) -> list[dict]:
    """Remember the versions offered: a "yes" to a single one picks it (take_offered_option)."""
    frame.slots["offered_options"] = [dict(c) for c in cands]
    return cands


def given_values(fc: FlowContext, frame: Frame) -> str:
    """The option values the understanding read from this turn's answer to the option question
    ("冷白" → "cool white", "the 32oz" → "32oz"), in the catalogue's own words, so the variant
    match sees what was understood even when the customer wrote it in another language or form
    ("" when none). At a confirmation the correction's own handling decides (its values carry the
    line's current ones back, which must not undo the other values proposed)."""
    given = fc.slots_given().get("options")
    if frame.step not in ("ask_change", "ask_wanted") or not isinstance(given, Mapping) \
            or fc.slots_given().get("rejected"):
        return ""
    return " , ".join(str(v) for v in given.values() if v)


def take_offered_option(fc: FlowContext, frame: Frame) -> bool:
    """"yes" / "ok" / "好的" to a question that offered exactly one version ("With cedar it comes
    in: 30ml. Which one would you like?"): that version is what is wanted."""
    offered = frame.slots.pop("offered_options", None) or []
    given = fc.slots_given().get("options")
    whole = next((c for c in offered if isinstance(given, Mapping) and dict(c) == dict(given)), None) \
        if frame.step in ("ask_wanted", "ask_change") and not fc.slots_given().get("items") else None
    if whole is not None:
        # "the M red one then": one offered version picked whole — every value of it, each with
        # its dimension's name ("size M"), so a one-letter value is read as what it is.
        frame.slots["wanted_text"] = (str(frame.slots.get("wanted_text") or "") + " , "
                                      + " , ".join(f"{k} {v}" for k, v in whole.items())).strip(" ,")[-300:]
        return True
    taken = PG.taken_on_yes(offered, fc.said("confirm")) \
        if frame.step in ("ask_wanted", "ask_change") and not fc.slots_given().get("items") else {}
    if not taken:
        return False
    # each value with its dimension's name: a one-letter size alone is no option mention
    values = " , ".join(f"{k} {v}" for k, v in taken.items())
    frame.slots["wanted_text"] = (str(frame.slots.get("wanted_text") or "") + " , " + values).strip(" ,")[-300:]
    return True


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


def price_in_currency(variant: Mapping[str, Any], currency: Any) -> Any:
    """A catalogue variant's unit price in the order's currency: a shop selling in several
    currencies lists them in `prices`; its own `price` is in `currency` of the variant (a USD order
    priced with the CNY list price showed "$240 more" for two versions of one price)."""
    if currency and variant.get("currency") and variant.get("currency") != currency:
        return (variant.get("prices") or {}).get(str(currency), variant.get("price"))
    return variant.get("price")


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
        names_zh.append(f"{shown_name(it, 'zh')} ×{gone}")
    left = {str(i["sku"]): int(i.get("qty") or 1) for i in order.get("items") or []}
    for s in swaps:
        left[s["sku"]] = s["qty"]
    if not any(left.values()):
        frame.slots.pop("remove", None)
        fc.state.finish()
        return out(R.t(lang, f"That would leave nothing on order {order['id']} — do you want to cancel the whole "
                             f"order instead?",
                       f"这样订单 {order['id']} 就没有商品了——您是要取消整个订单吗？"), frame, "ask_cancel",
                   {"order": order, "offer_next": _cancel_offer(order)})
    # (a line only partly removed says how many stay: "remove 1 × X; keep 1 × X", never "keep X")
    cut = {str(s["sku"]) for s in swaps}
    kept = [(f"{left[str(i['sku'])]} × " if str(i["sku"]) in cut else "") + str(i.get("name"))
            for i in order.get("items") or [] if left.get(str(i["sku"]))]
    kept_zh = [shown_name(i, "zh") + (f" ×{left[str(i['sku'])]}" if str(i["sku"]) in cut else "")
               for i in order.get("items") or [] if left.get(str(i["sku"]))]
    frame.slots["swaps"] = swaps
    money = R.money(back, order.get("currency"), lang) if back else ""
    note_en, note_zh = money_note(-back, money, "the order's payment method", "原支付方式")
    # the order's new total, so the yes is given knowing what stays to pay (#13 edits13)
    total_en, total_zh = _new_total(order, back, lang)
    frame.slots["what_en"] = "remove " + ", ".join(names_en) + note_en + "; keep " + ", ".join(kept) + total_en
    frame.slots["what_zh"] = "去掉 " + "、".join(names_zh) + note_zh + "，保留 " + "、".join(kept_zh) + total_zh
    return out(T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang), frame, "confirm",
               {"order": order, "pending": "modify_order"})


def _new_total(order: dict, back: float, lang: str) -> tuple[str, str]:
    """("; new order total $78.00", "，订单新总额 78.00 美元") after `back` comes off; empty when the
    order carries no total."""
    try:
        total = float(order.get("total") or 0)
    except (TypeError, ValueError):
        total = 0.0
    if total <= 0 or back <= 0 or back >= total:
        return "", ""
    money = R.money(round(total - back, 2), order.get("currency"), lang)
    return f"; new order total {money}", f"，订单新总额 {money}"


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


def payment_named_besides(text: str, current: str | None) -> str | None:
    """The payment type wanted, told apart from the one the order already uses: "I paid by bank
    transfer, switch to card" names both, and the one in use is the one left."""
    wanted = payment_named(text)
    if not current or wanted != current:
        return wanted
    others = [kind for _, kind in sorted((m.start(), kind) for kind, rx in _PAY_WORDS for m in re.finditer(rx, text, re.I))
              if kind != current]
    return others[0] if others else wanted


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


def method_name(method: Any, lang: str) -> str:
    """A payment method as the customer knows it: its label's own words ("Visa card", "bank
    transfer (Barclays)"), never its digits; the type's name when the label says nothing more."""
    kind = T.payment_type(method.type, lang)
    type_words = set(re.findall(r"[a-z]+", T.payment_type(method.type, "en").lower()))
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", str(method.label or ""))
             if w.lower() not in _GENERIC_LABEL and w.lower() not in type_words]
    if not words:
        return kind
    own = " ".join(words)
    if lang == "zh":
        return f"{kind}（{own}）"
    if method.type == "card":
        return own if "card" in own.lower() or own.lower().endswith("card") else f"{own} card"
    return f"{kind} ({own})"


def _own_method(methods: Any, text: str) -> Any | None:
    """The one method whose label word or type name the text writes (None: none or several)."""
    t = text.lower()
    hits = []
    for m in methods:
        words = {w for w in re.findall(r"[a-z]{3,}", str(m.label or "").lower()) if w not in _GENERIC_LABEL}
        words |= {str(m.type or "").replace("_", " ").lower()} if len(str(m.type or "")) >= 3 else set()
        if any(re.search(r"\b" + re.escape(w) + r"\b", t) for w in words if w):
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
        kind = str(frame.slots.get(f"pm_name_{'zh' if lang == 'zh' else 'en'}") or "") or \
            T.payment_type(frame.slots.get("pm_type"), lang)
        return out(T.change_done(f"it is now paid by {kind}", f"已改用{kind}支付", order["id"], lang), frame, "done",
                   {"order": order, "result": dict(res.data)})
    take_slots(fc, frame)
    said = payment_named(fc.turn.text)
    if said:
        # The method named before "which order?" is asked stays the one wanted once it is answered.
        frame.slots["pm_wanted"] = said
    order, ask = await resolve_order(fc, frame, _eligible, "payment method", "更换支付方式")
    if ask is not None:
        return ask
    assert order is not None
    note = ""
    if not _eligible(order):
        # The order named has shipped (or is closed): its payment can't change. The change goes to
        # the customer's order that still can, proposed and confirmed by name — never written on
        # the shipped one, never a re-addressing refusal.
        moved = _unshipped_instead(fc, frame, order)
        if isinstance(moved, Outcome):
            return moved
        note, order = moved
    fc.state.last_order_id = order["id"]
    methods = [m for m in getattr(fc.customer, "payment_methods", ()) or ()]
    current = order.get("payment_method_id")
    wanted = payment_named_besides(fc.turn.text, next((m.type for m in methods if m.id == current), None))
    if not wanted and not said and frame.slots.get("pm_wanted"):
        wanted = str(frame.slots["pm_wanted"])
    choice = None
    if not wanted:
        # A method of this customer named by its own label or type ("the Barclays one"), whatever
        # the shop's payment types are.
        own = _own_method(methods, fc.turn.text)
        wanted = own.type if own is not None else None
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
        # (the note says why the order first named can't change: it stays in front of the question)
        if wanted and methods:
            return out(note + R.t(lang, f"There's no {T.payment_type(wanted, 'en')} on your account. ",
                                  f"您的账户里没有{T.payment_type(wanted, 'zh')}。")
                       + T.ask_payment([{"type": m.type} for m in methods], lang), frame, "ask_payment")
        if not methods:
            return _refused(fc, frame, order, "payment_method_not_found", {}, "change_payment")
        return out(note + T.ask_payment([{"type": m.type} for m in methods], lang), frame, "ask_payment",
                   {"order": order})
    frame.slots["pm_id"], frame.slots["pm_type"] = choice.id, choice.type
    frame.slots["pm_name_en"], frame.slots["pm_name_zh"] = method_name(choice, "en"), method_name(choice, "zh")
    kind = method_name(choice, lang)
    return out(note + T.confirm_change(f"pay with {kind} instead", f"改用{kind}支付", order["id"], lang), frame, "confirm",
               {"order": order, "pending": "change_payment"})


def _unshipped_instead(fc: FlowContext, frame: Frame, order: dict) -> tuple[str, dict] | Outcome:
    """`order` can no longer change its payment: (a note saying so, the one order of the customer
    that can) — or the question among several such orders, or the refusal when none can."""
    lang = fc.lang
    state = T.t(lang, "has already shipped" if order.get("status") in ("shipped", "delivered") else
                f"is {order.get('status')}",
                "已经发货" if order.get("status") in ("shipped", "delivered") else f"状态为{order.get('status')}")
    why = T.t(lang, f"Order {order['id']} {state}, so its payment method can no longer be changed.",
              f"订单 {order['id']} {state}，支付方式已经不能更改。")
    others = [o for o in fc.orders if _eligible(o) and str(o["id"]) != str(order["id"])]
    if not others:
        fc.state.finish()
        return out(why, frame, "refused", {"order": order, "decision": {"code": "already_shipped"}})
    if len(others) > 1:
        frame.slots.pop("order_id", None)
        frame.slots["candidates"] = [o["id"] for o in others[:5]]
        return out(why + (" " if lang != "zh" else "") + T.choose_order(others[:5], lang, T.t(lang, "payment method",
                                                                                            "更换支付方式")),
                   frame, "choose_order", {"orders": [{"id": o["id"], "status": o["status"]} for o in others[:5]],
                                           "refused_order": order["id"]})
    other = others[0]
    frame.slots["order_id"] = other["id"]
    return why + T.t(lang, f" Order {other['id']} hasn't shipped yet, so the change can go on that one. ",
                     f"订单 {other['id']} 还没发货，可以改这一单。"), other


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


# ------------------------------------------------------------------------------ per-line change set
# One message (or consecutive messages) may change several lines of one order: "make the tent
# polyester and drop the stove", "keep the tent as is, add another sleeping bag", then "and only
# one of the bags". Each line gets its own entry in frame.slots["plan"] (sku → new qty, new sku),
# the confirmation lists every entry and the write carries every one; nothing is dropped.
_PIECE = re.compile(r"[,，。;；!！?？\n]+|\s(?:and|then|also|plus)\s|另外|还有|然后|并且|同时|再把|再将")
_REMOVE = re.compile(r"(不要了|不要|去掉|删掉|删除|取消|拿掉|减掉|\bremove\b|\bdrop\b|take .{0,20}\b(?:off|out)\b|"
                     r"don'?t (?:want|need)|no longer (?:want|need)|\bcancel\b|\bdelete\b|\bwithout\b|\bcan go\b|"
                     r"not needed|no need for|不需要了|用不上)", re.I)
# At a confirmation, "forget the bottle" / "skip the stove" drops that line too.
_FORGET = re.compile(r"\b(?:forget|skip|leave out|scrap)\s+(?:about\s+)?(?:the|my|that)\b", re.I)


def dropping(text: str) -> bool:
    """Does the message take a line out ("不要了", "remove", "don't want … at all", "forget the …")?"""
    return bool((_REMOVE.search(text) or _FORGET.search(text)) and not _SWAP_TO.search(text))


_SWAP_TO = re.compile(r"(改成|换成|改为|换个|变成|\bto\b|\binto\b|make it|instead\b|\bswap\b|\bswitch\b)", re.I)
_AS_IS = re.compile(r"(as it is|as is|unchanged|the same|不变|不动|保持|照旧|原样)", re.I)


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in _PIECE.split(text) if p and p.strip()]


def _line_of(order: dict, sku: str) -> dict | None:
    return next((i for i in order.get("items") or [] if str(i.get("sku")) == str(sku)), None)


async def plan_lines(fc: FlowContext, order: dict, text: str, focus: str | None = None,
                     start: dict | None = None) -> tuple[dict, set[str]]:
    """Per-line changes `text` asks for on `order`, on top of `start` (the changes already
    planned): {sku: {"qty": new total, "new_sku": sku, ...}}, and the skus this text changed. A
    piece of the message that names no line applies to the line named just before it ("change
    the tent, make it polyester") or to `focus`; a line said to stay as it is is left alone."""
    plan: dict[str, dict] = {k: dict(v) for k, v in (start or {}).items()}
    kept: set[str] = set()
    touched: set[str] = set()
    last = focus
    for piece in _pieces(text):
        refs = M.match_items(piece, [order], fc.catalogue)
        best: dict[int, Any] = {}
        for r in refs:
            if r.start not in best or r.score > best[r.start].score:
                best[r.start] = r
        target = M._TARGET.search(M.norm(piece))
        if target is not None and any(r.start < target.start() for r in best.values()):
            # "swap the black L for M": what follows "for"/"to"/"换成" is the wish, not a line.
            best = {k: r for k, r in best.items() if r.start < target.start()}
        top = max((r.score for r in best.values()), default=0.0)
        # A weak reading beside a strong one ("the black jacket": the navy jacket by its noun only).
        named = [r for r in best.values() if r.score >= top - 1.0]
        if not named:
            named = _by_option(piece, order)
        kept |= {r.sku for r in named if r.excluded}
        if named and all(r.excluded for r in named) or (named and _AS_IS.search(piece) and not _REMOVE.search(piece)):
            kept |= {r.sku for r in named}
            continue
        mine = [r.sku for r in named if not r.excluded and r.sku not in kept]
        owner = _option_owner(fc, order, piece) if not mine else None
        targets = mine or ([owner] if owner else [last] if last else [])
        if mine:
            last = mine[-1]                # "the sleeping bags, make them long": the next piece's line
        for sku in targets:
            line = _line_of(order, sku)
            if line is None:
                continue
            ordered = int(line.get("qty") or 1)
            entry = dict(plan.get(sku) or {"qty": ordered, "new_sku": sku})
            changed = False
            if (_REMOVE.search(piece) or _FORGET.search(piece)) and not _SWAP_TO.search(piece) \
                    and sku in plan and plan[sku].get("new_sku") not in (None, sku) and catalog_named(fc, line, piece):
                # "I don't want the tent in polyester after all": the planned option is taken back,
                # the line stays as ordered (never removed).
                entry = {"qty": int(plan[sku].get("qty") or ordered), "new_sku": sku}
                if entry["qty"] == ordered:
                    plan.pop(sku, None)
                    touched.add(sku)
                    continue
                changed = True
            elif (_REMOVE.search(piece) or _FORGET.search(piece)) and not _SWAP_TO.search(piece):
                gone = M.quantity_for(piece, ordered) or ordered
                entry["qty"] = max(0, ordered - gone) if gone < ordered else 0
                if entry["qty"] == 0:
                    # The whole line goes: an option change planned for it goes with it.
                    entry = {"qty": 0, "new_sku": sku}
                changed = True
            else:
                more = M.added_units(piece)
                if more:
                    entry["qty"] = ordered + more
                    changed = True
                else:
                    q = M.quantity_for(piece) or line_counts.bare_count(
                        piece, fc.catalogue.get(str(line.get("product_id") or "")))
                    if q and q != ordered:
                        entry["qty"] = q
                        changed = True
                wish = M.without_replaced(piece)
                planned = entry.get("options") if entry.get("new_sku") not in (None, sku) else None
                if planned:
                    # "actually 3-person" after "the tent in polyester": on top of what was already
                    # asked for this line (the piece's own values come last, so they win).
                    wish = " , ".join(str(v) for v in planned.values()) + " , " + wish
                fixed = _corrected_options(fc, line)
                if planned and fixed:
                    # "不要冬季的了，换成long": the correction understood (the rejected value already
                    # gone back to the line's own) replaces the planned values it names; the
                    # message's words are not read again, so the rejected value never comes back.
                    wish = " , ".join(str(v) for v in {**planned, **fixed}.values())
                match = await fc.tools.match_variant(fc.customer, order["id"], sku, wish)
                if planned and match.code == "no_change" and wish.split(" , ")[-1].strip():
                    # Every planned value named back to the line's own ("actually nylon"): the line
                    # goes back to what was ordered.
                    if catalog_named(fc, line, piece):
                        entry.update(new_sku=sku, options=dict(line.get("options") or {}), price=line.get("price"))
                        entry.pop("missing", None)
                        changed = True
                if match.ok:
                    entry["new_sku"] = match.data["new_sku"]
                    entry["options"] = dict(match.data.get("options") or {})
                    entry["price"] = match.data.get("price")
                    changed = True
                elif match.code in ("variant_not_found", "out_of_stock"):
                    entry["missing"] = match.code
                    entry["wanted"] = dict(match.data.get("changed") or match.data.get("wanted") or {})
                    changed = True
                was = (start or {}).get(sku) or {}
                reduced = was.get("new_sku") == sku and 0 < int(was.get("qty") or 0) < ordered and not was.get("keep")
                if match.ok and entry.get("new_sku") not in (None, sku) and reduced:
                    # "remove one of the two" then "and make the one I keep blue": the units left
                    # after the reduction change, none of the removed ones comes back.
                    entry.pop("keep", None)
                elif match.ok and entry.get("new_sku") not in (None, sku):
                    # "one of the two to winter": those units change, the rest of the line stays.
                    part = US.units_named(piece, ordered) if int(entry["qty"]) >= ordered else int(entry["qty"])
                    keep = US.kept_units(piece, ordered, part, True)
                    if keep and part:
                        entry.update(qty=part, keep=keep)
            if changed and entry.get("new_sku") == sku:
                # More units of the line as it is: the stock says now whether they can be had.
                short = line_counts.short_of_stock(fc.catalogue.get(str(line.get("product_id") or "")), sku,
                                                   ordered, int(entry["qty"]))
                if short is not None:
                    entry["short"] = short
            if changed:
                plan[sku] = entry
                touched.add(sku)
                last = sku
    for sku in kept & touched:             # "keep the navy" anywhere in the message: left as it is
        if start is None or sku not in start:
            plan.pop(sku, None)
        touched.discard(sku)
    return plan, touched


def _product_view(fc: FlowContext, line: dict) -> Any | None:
    """The catalogue product of `line` as option_mentions reads it (None: no options)."""
    from types import SimpleNamespace
    product = fc.catalogue.get(str(line.get("product_id"))) if fc.catalogue else None
    if not product or not product.get("options"):
        return None
    return SimpleNamespace(options={k: tuple(v) for k, v in (product.get("options") or {}).items()},
                           name=product.get("name") or "", name_zh=product.get("name_zh"),
                           names=product.get("names") or {})


def catalog_named(fc: FlowContext, line: dict, piece: str) -> bool:
    """Whether `piece` names an option value of `line`'s product."""
    from bot.shop.catalog import option_mentions
    view = _product_view(fc, line)
    return bool(view and option_mentions(view, piece))


def _option_owner(fc: FlowContext, order: dict, piece: str) -> str | None:
    """"actually 3-person" naming no line: the one line of the order whose product has a value
    the piece names (None when no line or several lines' products have one)."""
    owners = [str(i["sku"]) for i in order.get("items") or [] if catalog_named(fc, i, piece)]
    return owners[0] if len(owners) == 1 else None


def _by_option(piece: str, order: dict) -> list[M.ItemRef]:
    """"remove the 130cm ones": lines of this order told apart by an option value written before
    any change target (within one order a bare size or length is a fair name for its line)."""
    t = M.norm(piece)
    target = M._TARGET.search(t)
    head = t[:target.start()] if target else t
    hits = []
    for line in order.get("items") or []:
        for value in (line.get("options") or {}).values():
            v = M.norm(str(value))
            if len(v) >= 2 and M._occurrences(v, head):
                hits.append(M.ItemRef(str(order["id"]), str(line["sku"]), str(line.get("name") or ""), 1.0, 0))
                break
    return hits if len(hits) == 1 else []


def _plan_text(order: dict, plan: dict, lang: str) -> tuple[str, str, float]:
    """Each planned line in words (en, zh) and the price difference of them all."""
    parts_en, parts_zh, diff = [], [], 0.0
    for line in order.get("items") or []:
        e = plan.get(str(line["sku"]))
        if e is None:
            continue
        name_en, name_zh = shown_name(line, "en"), shown_name(line, "zh")
        ordered, qty = int(line.get("qty") or 1), int(e["qty"])
        old = float(line.get("price") or 0)
        new = float(e.get("price") or old) if e.get("new_sku") != line["sku"] else old
        keep = int(e.get("keep") or 0) if e.get("new_sku") != line["sku"] else 0
        diff += new * qty + old * keep - old * ordered
        if keep and qty:
            opts_en, opts_zh = T.options_text(e.get("options") or {}, "en"), T.options_text(e.get("options") or {}, "zh")
            split_en, split_zh = US.split_text(name_en, name_zh, ordered, qty, opts_en, opts_zh)
            parts_en.append(split_en)
            parts_zh.append(split_zh)
            continue
        if qty == 0:
            parts_en.append(f"remove {name_en}" + (f" ×{ordered}" if ordered > 1 else ""))
            parts_zh.append(f"去掉 {name_zh}" + (f" ×{ordered}" if ordered > 1 else ""))
            continue
        if e.get("new_sku") != line["sku"]:
            opts_en, opts_zh = T.options_text(e.get("options") or {}, "en"), T.options_text(e.get("options") or {}, "zh")
            count_en = f"{ordered} × {name_en} → {qty} × {opts_en}" if qty != ordered else f"{name_en} → {opts_en}"
            count_zh = f"{name_zh} ×{ordered} 改为 {opts_zh} ×{qty}" if qty != ordered else f"{name_zh} 改为 {opts_zh}"
            parts_en.append(count_en)
            parts_zh.append(count_zh)
        else:
            parts_en.append(f"{name_en} quantity {ordered} → {qty}")
            parts_zh.append(f"{name_zh} 数量 {ordered} → {qty}")
    return "; ".join(parts_en), "；".join(parts_zh), round(diff, 2)


def _in_stock_options(fc: FlowContext, line: dict, wanted: dict) -> list[dict]:
    """In-stock versions of `line`'s product other than the ordered one: those keeping what was
    asked for first, else those keeping one of the wishes, else any (at most four)."""
    product = fc.catalogue.get(str(line.get("product_id") or "")) if fc.catalogue else None
    current = dict(line.get("options") or {})
    tries = [wanted] + [{k: v} for k, v in wanted.items()] if wanted else []
    for want in [*tries, {}]:
        cands = [c for c in M.variant_candidates(product, want, current) if c != current]
        if cands:
            return cands
    return []


def _plan_swaps(plan: dict) -> list[dict]:
    swaps: list[dict] = []
    for sku, e in plan.items():
        keep = int(e.get("keep") or 0) if e.get("new_sku") not in (None, sku) else 0
        swaps += US.split_swaps(sku, int(e["qty"]), e.get("new_sku") or sku, keep)
    return swaps


def _propose_plan(fc: FlowContext, frame: Frame, order: dict, plan: dict) -> Outcome:
    """The confirmation of every planned line change (or the question when one cannot be made)."""
    lang = fc.lang
    missing = [(sku, e) for sku, e in plan.items() if e.get("missing")]
    if missing:
        sku, e = missing[0]
        line = _line_of(order, sku) or {"name": sku}
        plan.pop(sku)
        frame.slots["plan"] = plan
        why_en = "is sold out" if e["missing"] == "out_of_stock" else "doesn't come in that version"
        why_zh = "目前缺货" if e["missing"] == "out_of_stock" else "没有这个规格"
        cands = _in_stock_options(fc, line, dict(e.get("wanted") or {}))
        if cands:
            # What can be had instead, by its option values: with what was asked for when some
            # variant has it, otherwise every in-stock version other than the ordered one.
            listing_en = " or ".join(T.options_text(c, "en") for c in cands)
            listing_zh = "、".join(T.options_text(c, "zh") for c in cands)
            asked_en = T.options_text(e.get("wanted") or {}, "en")
            asked_zh = T.options_text(e.get("wanted") or {}, "zh")
            # The pick that answers this question is bound to this line ("then the grey"), whole
            # candidate and all (sold_out_pick), and the other lines' changes wait with it.
            product = fc.catalogue.get(str(line.get("product_id") or "")) or {}
            frame.slots["sold_out"] = {"sku": sku, "candidates": [dict(c) for c in cands],
                                       # the option values the pick is read against (the
                                       # understanding sees only the products a message names)
                                       "product": {"id": product.get("id"), "options": product.get("options") or {}}}
            kept_en, kept_zh = _kept_meanwhile(order, plan, lang)
            return out(R.t(lang, f"{shown_name(line, 'en')}" + (f" with {asked_en}" if asked_en else "")
                           + f" {why_en}. In stock: {listing_en}. Which one would you like?" + kept_en,
                           f"{shown_name(line, 'zh')}" + (f" {asked_zh} " if asked_zh else "")
                           + f"{why_zh}。有货的：{listing_zh}。请问要哪一个？" + kept_zh), frame, "ask_change",
                       {"order": order, "candidates": cands, "decision": {"code": e["missing"]}})
        asked_en = T.options_text(e.get("wanted") or {}, "en")
        asked_zh = T.options_text(e.get("wanted") or {}, "zh")
        if not plan:
            return out(R.t(lang, f"{shown_name(line, 'en')}" + (f" with {asked_en}" if asked_en else "")
                           + f" {why_en}. What would you like instead?",
                           f"{shown_name(line, 'zh')}" + (f" {asked_zh} " if asked_zh else "")
                           + f"{why_zh}。请问想换成哪个？"), frame, "ask_change",
                       {"order": order, "decision": {"code": e["missing"]}})
        # Nothing else of that product can be had, but the message changed other lines too: what
        # cannot be had is said, and the other lines' changes are proposed now (never held back).
        short_said = R.t(lang, f"{shown_name(line, 'en')}" + (f" with {asked_en}" if asked_en else "")
                         + f" {why_en}, so it stays as ordered. ",
                         f"{shown_name(line, 'zh')}" + (f" {asked_zh} " if asked_zh else "")
                         + f"{why_zh}，保持原样。")
    else:
        short_said = ""
    for sku, e in [(k, v) for k, v in plan.items() if v.get("short") is not None]:
        # More units than the stock has: that line stays as ordered, said first; the other lines'
        # changes are still proposed (never all refused at the yes).
        line = _line_of(order, sku) or {"name": sku}
        short_said += line_counts.short_note(shown_name(line, "en"), shown_name(line, "zh"),
                                             int(line.get("qty") or 1), int(e["short"]), lang)
        plan.pop(sku)
    if short_said and not plan:
        fc.state.finish()
        return out(short_said + R.t(lang, f"Order {order['id']} stays as it is.", f"订单 {order['id']} 保持不变。"),
                   frame, "refused", {"order": order, "decision": {"code": "out_of_stock"}})
    left = {str(i["sku"]): int(i.get("qty") or 1) for i in order.get("items") or []}
    for sku, e in plan.items():
        left[sku] = int(e["qty"]) + int(e.get("keep") or 0)
    if not any(left.values()):
        fc.state.finish()
        return out(R.t(lang, f"That would leave nothing on order {order['id']} — do you want to cancel the whole "
                             f"order instead?", f"这样订单 {order['id']} 就没有商品了——您是要取消整个订单吗？"),
                   frame, "ask_cancel", {"order": order, "offer_next": _cancel_offer(order)})
    what_en, what_zh, diff = _plan_text(order, plan, lang)
    pay_en, pay_zh = _payment_choice(fc, frame, order)
    if diff:
        money = R.money(abs(diff), order.get("currency"), lang)
        note_en, note_zh = money_note(diff, money, pay_en or "the order's payment method", pay_zh or "原支付方式")
        if order.get("status") == "pending":
            note_en, note_zh = unpaid_note(order, diff, lang)
    else:
        note_en, note_zh = "", ""
    keep = [i for i in order.get("items") or [] if str(i["sku"]) not in plan]
    keep_en = ("; keep " + ", ".join(shown_name(i, "en") for i in keep)) if keep else ""
    keep_zh = ("，保留 " + "、".join(shown_name(i, "zh") for i in keep)) if keep else ""
    frame.slots["plan"] = plan
    frame.slots["swaps"] = _plan_swaps(plan)
    frame.slots["what_en"] = what_en + note_en + keep_en + (f"; pay with {pay_en}" if pay_en else "")
    frame.slots["what_zh"] = what_zh + note_zh + keep_zh + (f"，改用{pay_zh}支付" if pay_zh else "")
    frame.slots.pop("remove", None)
    _with_address(frame)
    return out(short_said + T.confirm_change(frame.slots["what_en"], frame.slots["what_zh"], order["id"], lang),
               frame, "confirm", {"order": order, "pending": "modify_order", "plan": plan})


def _kept_meanwhile(order: dict, plan: dict, lang: str) -> tuple[str, str]:
    """The other lines' changes said to wait for the pick, so the customer knows they are kept
    and confirmed together ("" when the message changed nothing else)."""
    if not plan:
        return "", ""
    what_en, what_zh, _ = _plan_text(order, plan, lang)
    return (f" I'll keep the other change ({what_en}) and confirm both together.",
            f"其他修改（{what_zh}）先保留，选好后一起确认。")


def sold_out_pick(fc: FlowContext, order: dict, sold: Mapping[str, Any]) -> dict | None:
    """The candidate the answer to the sold-out question picks: the one in-stock version the
    option values it names fit ("then the grey", "那就藏青色吧" among "L black, L navy" → L navy,
    so the size asked for first is kept), or the only one offered on "that one" / a yes. None:
    the answer picks none (or several)."""
    from bot.dialogue.sold_out_pick import pick_among
    line = _line_of(order, str(sold.get("sku") or ""))
    product = fc.catalogue.get(str((line or {}).get("product_id") or "")) if fc.catalogue else None
    cands = [dict(c) for c in sold.get("candidates") or [] if isinstance(c, dict)]
    if not product or not cands:
        return None
    pick = pick_among(fc.turn.text, product, cands)
    if pick is not None:
        return pick
    taken = PG.taken_on_yes(cands, bool(_THAT_ONE.search(M.norm(fc.turn.text))) or fc.said("confirm"))
    return dict(taken) if taken else None


def _pending_plan(frame: Frame) -> dict | None:
    """The changes waiting for a yes, as a plan (None when nothing waits)."""
    if frame.slots.get("plan") is not None:
        return dict(frame.slots["plan"])
    if frame.step != "confirm" or not frame.slots.get("swaps"):
        return None
    info = frame.slots.get("swap_info") or {}
    plan: dict = {}
    for s in frame.slots["swaps"]:
        sku = str(s["sku"])
        if sku in plan:          # a split line: the kept part came first, the changed part now
            kept = plan[sku]
            plan[sku] = {"qty": s["qty"], "new_sku": s["new_sku"], "keep": kept["qty"], **(info.get(sku) or {})}
            continue
        plan[sku] = {"qty": s["qty"], "new_sku": s["new_sku"], **(info.get(sku) or {})}
    return plan


async def _with_plan(fc: FlowContext, frame: Frame, order: dict) -> Outcome | None:
    """Several lines changed in one message, or a further line changed while a change waits for
    its yes: every change is proposed together. None: one line only (the single-line steps)."""
    pending = _pending_plan(frame)
    sold = frame.slots.pop("sold_out", None)
    if sold and pending is not None:
        pick = sold_out_pick(fc, order, sold)
        line = _line_of(order, str(sold.get("sku") or ""))
        if pick is not None and line is not None:
            # The pick answers the sold-out question: that line gets the whole candidate, and the
            # changes kept waiting are proposed with it in one confirmation.
            # The candidate is a catalogue variant already (in stock when offered): taken by its
            # options, never re-read from words ("L" alone is no size to the matcher).
            product = fc.catalogue.get(str(line.get("product_id") or "")) or {}
            variant = next((v for v in product.get("variants") or []
                            if dict(v.get("options") or {}) == pick and int(v.get("stock") or 0) > 0), None)
            if variant is not None:
                pending[str(line["sku"])] = {"qty": int(line.get("qty") or 1), "new_sku": str(variant["sku"]),
                                             "options": dict(pick),
                                             "price": price_in_currency(variant, order.get("currency"))}
                return _propose_plan(fc, frame, order, pending)
    focus = next(reversed([k for k, e in (pending or {}).items() if e.get("new_sku") not in (None, k)]),
                 next(reversed(list(pending or {})), None))
    plan, touched = await plan_lines(fc, order, fc.turn.text, focus=focus, start=pending)
    if pending is None and fc.slots_given().get("lines_out"):
        # The lines taken out are already read (dialogue.removals); only when the same message also
        # changes another line ("only one of the 10 inch, and the 12 inch in cast iron") is it a plan
        # of both, so neither line's change is lost or written onto the other line.
        out_skus = {str(i.get("sku")) for i in fc.slots_given().get("items") or []}
        others = touched - out_skus
        # Only a change of another line that stays (another option, another count) joins the plan:
        # which lines go out is removals' reading, never the clause-by-clause one.
        if not others or not out_skus & touched or any(int(plan.get(k, {}).get("qty", 1)) == 0 for k in others):
            return None
        return _propose_plan(fc, frame, order, plan)
    if pending is None:
        named = [i for i in frame.slots.get("items") or [] if i.get("order_id") == order["id"] and not i.get("excluded")]
        if len(touched) < 2 and (named or not touched):
            return None                  # one line named: the single-line steps
        return _propose_plan(fc, frame, order, plan)
    if not plan:
        # Every change taken back ("I don't want the tent in polyester after all"): nothing to do.
        fc.state.finish()
        return out(R.aborted(fc.lang), frame, "aborted", {"order": order})
    if frame.slots.get("plan") is None and not touched - set(pending) \
            and not any(s not in plan or int(plan[s].get("qty", 1)) == 0 for s in touched) \
            and not _reduced_then_changed(order, pending, plan, touched):
        return None                      # a correction of the one line proposed: the single-line steps
    return _propose_plan(fc, frame, order, plan)


def _units_left(frame: Frame, line: dict) -> int:
    """The units of `line` a quantity reduction waiting for its yes leaves (0: none waits)."""
    swaps = frame.slots.get("swaps") or []
    ordered = int(line.get("ordered") or line.get("qty") or 1)
    if len(swaps) == 1 and str(swaps[0].get("sku")) == str(line["sku"]) == str(swaps[0].get("new_sku")) \
            and 0 < int(swaps[0].get("qty") or 0) < ordered:
        return int(swaps[0]["qty"])
    return 0


def _reduced_then_changed(order: dict, pending: dict, plan: dict, touched: set[str]) -> bool:
    """A quantity reduction waiting for its yes whose kept units now get another option ("remove
    one of the two" → "and make the one I keep blue"): one plan of both, never the option change
    alone on a split line (which would bring the removed unit back)."""
    for sku in touched:
        line, was, now = _line_of(order, sku), pending.get(sku) or {}, plan.get(sku) or {}
        ordered = int((line or {}).get("qty") or 1)
        if was.get("new_sku") == sku and 0 < int(was.get("qty") or 0) < ordered \
                and now.get("new_sku") not in (None, sku) and int(now.get("qty") or 0) == int(was["qty"]):
            return True
    return False


def _after_shipping(fc: FlowContext, frame: Frame, order: dict) -> Outcome:
    """Items can change only before an order ships: after that, a return (once delivered)."""
    lang = fc.lang
    fc.state.finish()
    status = order.get("status")
    offer: dict | None = None
    if status == "delivered":
        # One proposal, so that its "yes" has one meaning: a line dropped is a return, another
        # option of it an exchange (the other stays a word away).
        from bot.dialogue.classic import REMOVE
        each = any(US.each_split(fc.turn.text, {**i, "ordered": i.get("qty")}, fc.catalogue)
                   for i in order.get("items") or [])          # "one of each colour": an exchange
        drop = bool(frame.slots.get("remove") or REMOVE.search(fc.turn.text)
                    or (frame.slots.get("qty") is not None and not each))   # fewer units: the rest go back
        named = [r for r in fc.slots_given().get("items") or []
                 if str(r.get("order_id")) == str(order["id"]) and not r.get("excluded")]
        offer = {"flow": "return_request" if drop else "exchange_request", "order_id": str(order["id"])}
        if named:
            offer["items"] = [{"order_id": str(order["id"]), "sku": str(r["sku"]), "excluded": False} for r in named]
        if not drop and frame.slots.get("wanted_text"):
            offer["wanted_text"] = str(frame.slots["wanted_text"])[-300:]     # the option asked for
        if drop:
            text = R.t(lang, f"Order {order['id']} has already been delivered, so its items can't be changed any more. "
                             f"You can return what you don't want instead — shall I start a return? "
                             f"(or say \"exchange\")",
                       f"订单 {order['id']} 已经签收，商品无法再修改。可以改为退货——需要为您办理退货吗？（换货请说“换货”）")
        else:
            text = R.t(lang, f"Order {order['id']} has already been delivered, so its items can't be changed any more. "
                             f"You can exchange it instead — shall I start an exchange? (or say \"return\")",
                       f"订单 {order['id']} 已经签收，商品无法再修改。可以改为换货——需要为您办理换货吗？（退货请说“退货”）")
    else:
        text = R.t(lang, f"Order {order['id']} has already shipped, so its items can't be changed or removed any "
                         f"more. Once it arrives, you can return what you don't want.",
                   f"订单 {order['id']} 已经发货，商品无法再修改或删减。收到后可以把不要的商品退回。")
    facts: dict = {"order": order, "decision": {"code": "already_shipped"}}
    if offer:
        facts["offer_next"] = offer
    return out(text, frame, "refused", facts)


def pending_plan(frame: Frame) -> dict | None:
    """The changes of `frame` waiting for a yes, as a plan (public form of _pending_plan)."""
    return _pending_plan(frame)


async def remove_lines(fc: FlowContext, frame: Frame, order: dict, plan: dict, skus: list[str]) -> Outcome:
    """"and cancel the stove" while another line's change waits for its yes: the lines named come
    out of the order in the same change set (the whole order is never cancelled by it); a line
    whose change was waiting is removed instead of changed."""
    if not skus:
        return await modify_order(fc, frame)
    plan = {k: dict(v) for k, v in plan.items()}
    for sku in skus:
        line = _line_of(order, sku)
        if line is None:
            continue
        ordered = int(line.get("qty") or 1)
        gone = (M.quantity_for(fc.turn.text, ordered) if len(skus) == 1 else None) or ordered
        plan[sku] = {"qty": max(0, ordered - gone) if gone < ordered else 0, "new_sku": sku}
    fc.state.last_order_id = order["id"]
    return _propose_plan(fc, frame, order, plan)


def _drop_restated(fc: FlowContext, frame: Frame) -> None:
    """A changed mind at a confirmation ("keep nylon but the 3-person", "no — keep brown, 60cm
    instead"): each option dimension the new message names, even at the value the line already
    has, is the new message's alone; what was asked earlier for that dimension is dropped, so
    the proposal is redone from the new values, never kept from the old ones."""
    from types import SimpleNamespace

    from bot.shop import catalog
    old = str(frame.slots.get("wanted_text") or "")
    sku = str((frame.slots.get("swaps") or [{}])[0].get("sku") or "")
    product = next((p for p in fc.catalogue.values()
                    if any(str(v.get("sku")) == sku for v in p.get("variants") or [])), None)
    if not old or product is None or not product.get("options"):
        return
    shape = SimpleNamespace(name=product.get("name") or "", name_zh=product.get("name_zh") or "",
                            names=product.get("names") or {}, options=dict(product["options"]))
    now = {dim for dim, _, _ in catalog.option_mentions(shape, fc.turn.text)}
    if not now:
        return
    text = catalog.norm(old)
    for dim in now:
        for value in product["options"].get(dim) or []:
            for surface in sorted(catalog._surfaces(str(value)), key=len, reverse=True):
                if len(surface) > 1:
                    text = re.sub(r"(?<![a-z0-9])" + re.escape(surface) + r"(?![a-z0-9])", " " * len(surface), text)
    frame.slots["wanted_text"] = text


def _corrected_options(fc: FlowContext, line: Mapping[str, Any]) -> dict[str, str]:
    """The options a correct_slot that rejected a value states for `line`'s own dimensions ({} if none)."""
    if not fc.said("correct_slot") or not fc.slots_given().get("rejected"):
        return {}
    given = fc.slots_given().get("options") or {}
    dims = set((line.get("options") or {}).keys())
    return {str(k): str(v) for k, v in given.items() if k in dims} if isinstance(given, dict) else {}


def _cancel_offer(order: dict) -> dict:
    """"cancel the whole order instead?": a yes starts the cancel flow for this order, which asks
    its own confirmation before anything is cancelled (engine._take_offer); a no drops it."""
    return {"flow": "cancel_order", "order_id": order["id"]}
