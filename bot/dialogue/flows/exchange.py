"""Exchange: another variant of the same product, chosen by ANY option dimension the shop has
(size, colour, capacity, connectivity, assistant, …) via the catalogue (tools.match_variant).
A shop without a catalogue keeps the old behaviour: the customer's words go to a person.

Steps: start → (choose_order) → (choose_items) → (ask_wanted) → confirm → done | refused | aborted.
"""
from __future__ import annotations

import re

from bot.dialogue import forced_options as FO
from bot.dialogue import matching as M
from bot.dialogue import order_choice as OC
from bot.dialogue import rejected_options as RO
from bot.dialogue import texts as T
from bot.dialogue import unit_split as US
from bot.dialogue.flows.base import (
    FlowContext,
    another_variant,
    carry_items,
    items_or_ask,
    out,
    resolve_order,
    take_slots,
)
from bot.dialogue.flows.returns import fault_stated
from bot.dialogue.legacy import Outcome
from bot.dialogue.reasons import short_reason
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R
from bot.lang.display_names import shown_name

NAME = "exchange_request"


def _eligible(order: dict) -> bool:
    return order.get("status") == "delivered"


def _sized(order: dict) -> bool:
    return any("size" in (i.get("options") or {}) or i.get("category") in C.SIZED for i in order.get("items") or [])


_BIGGER = re.compile(r"(大一|大一号|大一码|大点|大些|更大|长一点|长点|更长|多一点|bigger|larger|longer|size up|one size up|"
                     r"a size up|next size up)", re.I)
_SMALLER = re.compile(r"(小一|小一号|小一码|小点|小些|更小|短一点|短点|更短|smaller|shorter|size down|one size down|"
                      r"next size down)", re.I)
_NUMERIC = re.compile(r"^\s*\d+(?:\.\d+)?")
_UNIT = {"tb": 1000.0, "gb": 1.0, "l": 1000.0, "ml": 1.0, "m": 100.0, "cm": 1.0, "mm": 0.1, "kg": 1000.0, "g": 1.0,
         "升": 1000.0, "毫升": 1.0}


def _measure(value: str) -> float:
    """"1TB" → 1000, "500GB" → 500, "1.5L" → 1500: measures of one dimension made comparable."""
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*([a-z\u3400-\u9fff]*)", value.lower())
    if not m:
        return 0.0
    return float(m.group(1)) * _UNIT.get(m.group(2), 1.0)


# A dimension a "bigger" / "大一号" moves along by its name: size in any shop's wording
# ("size", "Frame size", "尺码", "鞋码").
_SIZE_NAME = re.compile(r"size|尺码|尺寸|码数|鞋码|号码|大小", re.I)
# Letter sizes in their own order, whatever order a shop lists them in.
_LETTER_ORDER = {v: n for n, v in enumerate(
    ("XXXS", "XXS", "XS", "S", "M", "L", "XL", "XXL", "2XL", "XXXL", "3XL", "4XL"))}
_LETTER_ORDER["2XL"], _LETTER_ORDER["3XL"] = _LETTER_ORDER["XXL"], _LETTER_ORDER["XXXL"]


def _scale_dimension(options: dict, current: dict) -> str | None:
    """The dimension "bigger"/"longer" moves along: the size dimension when the product has one
    (named so in any wording), else the only dimension whose values are all measures (30ml /
    50ml, 40cm / 60cm, 1TB / 2TB)."""
    sized = [d for d in options if _SIZE_NAME.search(str(d)) and current.get(d) in (options[d] or [])]
    if sized:
        return "size" if "size" in sized else sized[0]
    measured = [d for d, vals in options.items() if vals and all(_NUMERIC.match(str(v)) for v in vals)
                and current.get(d) in vals]
    return measured[0] if len(measured) == 1 else None


def _ordered(values: list[str]) -> list[str]:
    """A size dimension's values from small to large: measures by their number, letter sizes by
    their own order, anything else as the shop lists them."""
    if all(_NUMERIC.match(v) for v in values):
        return sorted(values, key=_measure)
    if all(v.strip().upper() in _LETTER_ORDER for v in values):
        return sorted(values, key=lambda v: _LETTER_ORDER[v.strip().upper()])
    return values


async def relative_size(fc: FlowContext, line: dict) -> str:
    """"大一码" / "a size bigger" / "longer": the next value in the product's own list of that
    dimension, said with its dimension ("size L": a bare letter is no option mention), "" if none."""
    up, down = _BIGGER.search(fc.turn.text), _SMALLER.search(fc.turn.text)
    current = dict(line.get("options") or {})
    if not (up or down) or not current or not line.get("product_id"):
        return ""
    res = await fc.tools.get_product(line["product_id"])
    options = dict(res.data.get("options") or {}) if res.ok else {}
    dim = _scale_dimension(options, current)
    if dim is None:
        return ""
    values = _ordered([str(v) for v in options[dim]])
    k = values.index(str(current[dim])) + (1 if up else -1)
    return f"{dim} {values[k]}" if 0 <= k < len(values) else ""


async def other_option(fc: FlowContext, line: dict) -> str:
    """"the other fabric, same colour" / "换另一种面料": the one other value of the dimension the
    customer names by its name ("" when none is named, or it has several other values)."""
    current = dict(line.get("options") or {})
    if not current or not line.get("product_id"):
        return ""
    t = M.norm(fc.turn.text)
    if not re.search(r"\b(?:other|another|different)\b|另一|另外|别的|换个|换一种|不同", t):
        return ""
    res = await fc.tools.get_product(line["product_id"])
    options = dict(res.data.get("options") or {}) if res.ok else {}
    for dim, values in options.items():
        words = [re.escape(M.norm(dim))] + [re.escape(T.dimension(str(dim), "zh"))]
        said = any(re.search(r"\b(?:the other|another|a different|different|other)\s+" + w, t)
                   or re.search(r"(?:另一种|另一个|另一款|另外的|另外一种|别的|换个|换一种|不同的?)\s*" + w, t)
                   for w in words)
        others = [str(v) for v in values or [] if str(v) != str(current.get(dim))]
        if said and len(others) == 1:
            return others[0]
    return ""


def _opts(options: dict, lang: str) -> str:
    return T.options_text(options, lang)


def _keeping_wish(fc: FlowContext, frame: Frame, ask: Outcome) -> Outcome:
    """Asked which order or line: the version named so far ("想换个白色的") is kept with the
    frame, so the answer ("跑鞋") goes on with it instead of asking for the version again."""
    said = M.without_replaced(fc.turn.text)
    before = str(frame.slots.get("wanted_text") or "")
    if said and said not in before:
        frame.slots["wanted_text"] = (before + " , " + said).strip(" ,")[-300:]
    return ask


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm" and frame.slots.get("wrong_item"):
        if fc.slots_given().get("refund") or _wants_refund(fc.turn.text):
            return await _wrong_item_return(fc, frame, "")
        if fc.said("confirm"):
            return await _execute(fc, frame)
        if fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted")
    if frame.step == "confirm":
        changed = (fc.said("confirm") or fc.said("deny")) \
            and await another_variant(fc, frame, frame.slots.get("sku"), frame.slots.get("new_sku"))
        if changed:
            frame.slots.pop("new_sku", None)          # re-proposed below from what they now ask
        elif fc.said("confirm"):
            return await _execute(fc, frame)
        elif fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted")
    resumed = await _paused_change(fc, frame)
    if resumed is not None:
        return resumed
    take_slots(fc, frame)
    carry_items(fc, frame)
    sized_talk = C.SIZE_TALK.search(fc.turn.text) and not frame.slots.get("items")
    holders = {str(i.get("order_id")) for i in frame.slots.get("items") or [] if not i.get("excluded")}
    only = OC.only_changeable([o for h in sorted(holders) if (o := fc.order(h)) is not None]) \
        if not frame.slots.get("order_id") and frame.step == "start" else None
    if only:
        # The item on a shipped order and on one not yet shipped, none delivered: the unshipped
        # one is where a new version can still be had (an item change, which says why).
        frame.slots["order_id"] = only
    order, ask = await resolve_order(fc, frame, (lambda o: _eligible(o) and _sized(o)) if sized_talk else _eligible,
                                     "exchange", "换货")
    if ask is not None:
        return _keeping_wish(fc, frame, ask)
    assert order is not None
    fc.state.last_order_id = order["id"]
    if order.get("status") in ("pending", "paid"):
        # Not shipped yet: another variant is an item change on the order, not an exchange.
        from bot.dialogue.flows import changes
        if frame.step == "start" and NAME not in fc.understood.flows() and fc.state.last_flow == "modify_order" \
                and fc.state.last_order_id == order["id"]:
            # Queued from the message whose item change was just made ("…还没发货吧？我想换成5L的"):
            # that change already did it.
            fc.state.finish()
            return out("", frame, "done", {"order": order})
        new = fc.state.start("modify_order", **{k: v for k, v in frame.slots.items()
                                                 if k in ("order_id", "items", "qty", "_fresh", "options", "wanted_text")})
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        return await changes.modify_order(fc, new)
    items, ask = items_or_ask(fc, frame, order, "exchange", "换")
    if ask is not None:
        return _keeping_wish(fc, frame, ask)
    line = items[0]
    if C.wrong_item(fc.turn.text) and frame.step in ("start", "choose_order", "choose_items"):
        return await _wrong_item(fc, frame, order, line)
    check = await fc.tools.check_exchange(fc.customer, order["id"], sku=line["sku"])
    from bot.dialogue import same_unit as SU
    faulty = fault_stated(fc.turn.text) or SU.fault_said(fc.turn.text, fc.history)
    if not check.ok and str(check.code) in ("non_returnable_category", "exchange_window_expired") and faulty:
        # A faulty item the exchange rules can't take: a fault still has its remedies (the
        # replacement window, the warranty, a colleague) — never "can't be exchanged".
        from bot.dialogue.flows import troubleshoot
        new = fc.state.start("troubleshooting", order_id=order["id"],
                             items=[{"order_id": order["id"], "sku": line["sku"], "excluded": False}])
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        return await troubleshoot.fault_remedies(fc, new, order, line)
    if not check.ok:
        fc.state.finish()
        return out(R.refusal(check.code, check.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": check.code, **check.data}})
    from bot.dialogue.flows.changes import given_values, take_offered_option
    offered_before = [dict(c) for c in frame.slots.get("offered_options") or [] if isinstance(c, dict)]
    picked = take_offered_option(fc, frame)
    bare = _bare_offered(fc.turn.text, offered_before, line) if not picked and frame.step == "ask_wanted" else {}
    if bare:
        # "L" after "which size? In stock: S, L": that version, each value with its dimension
        frame.slots["wanted_text"] = (str(frame.slots.get("wanted_text") or "") + " , "
                                      + " , ".join(f"{k} {v}" for k, v in bare.items())).strip(" ,")[-300:]
        picked = True
    fixed = fc.slots_given().get("options")
    if frame.step == "confirm" and fc.slots_given().get("rejected") and isinstance(fixed, dict) and fixed:
        # "不要白色了，换成43": the corrected values (the rejected one back to the line's own)
        # replace the earlier words, so the rejected value is never combined with the new one.
        # (the proposal's other asked values stay: "650b" corrected to "frame 52" keeps the 650b)
        frame.slots["wanted_text"] = RO.corrected_wish(fixed, RO.planned_options(frame.slots, fc.catalogue, line))
        picked = True
    wanted_text = " ".join(x for x in (frame.slots.get("wanted_text", ""),
                                       "" if picked else M.without_replaced(fc.turn.text),
                                       await relative_size(fc, line), await other_option(fc, line),
                                       "" if picked else await _only_other(fc, frame, line),
                                       "" if picked else given_values(fc, frame))
                           if x)
    # ("can I swap it?" for a faulty unit, no other version named: a new unit of the same one)
    same = SU.asks(fc.turn.text) or (faulty and SU.bare_swap(fc.turn.text))
    named_other = await fc.tools.match_variant(fc.customer, order["id"], line["sku"], wanted_text) \
        if same else None
    if same and not frame.slots.get("new_sku") \
            and not (named_other is not None and named_other.data.get("new_sku") not in (None, line["sku"])):
        # ("same colour, the other fabric" names another version: not a same-version replacement.)
        # "换个新的": the same version, a new unit.
        return await _same_version(fc, frame, order, line, faulty)
    # "一件白色一件藏青色" on a line of two: one unit to the other value, one stays.
    each = US.each_split(wanted_text, {**line, "ordered": line.get("ordered") or line.get("qty")}, fc.catalogue)
    match = await fc.tools.match_variant(fc.customer, order["id"], line["sku"], each or wanted_text)
    if match.code == "no_change":
        from bot.dialogue.flows.changes import quoted_options
        quoted = quoted_options(fc, frame, line)
        if quoted:      # "that one" / "就这个": the version just quoted
            match = await fc.tools.match_variant(fc.customer, order["id"], line["sku"], quoted)
    frame.slots["wanted_text"] = wanted_text[-300:]
    qty = line["qty"]
    if match.ok:
        d = match.data
        ordered = int(line.get("ordered") or qty)
        if int(qty) >= ordered and d.get("new_sku") != line["sku"]:
            # "one of the two shirts for an L" / "其中一件换成L码": only that part is exchanged.
            qty = US.exchanged_units(f"{frame.slots.get('wanted_text', '')} {fc.turn.text}", ordered) or qty
            if each:
                qty = 1         # "one of each colour": one unit changes, the other stays
        frame.slots.update(sku=line["sku"], new_sku=d["new_sku"], qty=qty, chosen=[line])
        diff = float(d.get("price_difference") or 0)
        if int(qty) < int(line.get("ordered") or qty):
            # The tool prices the whole line; only `qty` of its units change.
            diff = diff / int(line["ordered"]) * int(qty)
        money = R.money(abs(diff), d.get("currency") or order.get("currency"), lang)
        pay = R.t(lang, f" The new version costs {money} {'more' if diff > 0 else 'less'}, settled through the "
                        f"order's payment method." if diff else " Same price.",
                  f"新规格{'贵' if diff > 0 else '便宜'} {money}，通过原支付方式结算。" if diff else "价格不变。")
        part_en = f"{qty} of {ordered} × " if int(qty) < ordered else f"{qty} × " if ordered > 1 else ""
        part_zh = f"（{ordered}件中的{qty}件）" if int(qty) < ordered else f" ×{qty}" if ordered > 1 else ""
        rest = ordered - int(qty)
        rest_en = f" (the other {rest} stay{'s' if rest == 1 else ''} as {'it is' if rest == 1 else 'they are'})" \
            if rest > 0 else ""
        rest_zh = f"（其余 {rest} 件不换）" if rest > 0 else ""
        along = FO.note(d, line.get("options") or {}, lang)     # a value that changes with the asked ones
        return out(R.t(lang, f"To confirm: exchange {part_en}{line['name']} (order {order['id']}) for "
                             f"{_opts(d['options'], 'en')}{rest_en}.{' ' + along if along else ''}"
                             f"{pay} Shall I go ahead? (yes/no)",
                       f"确认一下：订单 {order['id']} 的{shown_name(line, 'zh')}{part_zh}换成 {_opts(d['options'], 'zh')}{rest_zh}。"
                       f"{along}{pay}确认办理吗？（是/否）"), frame, "confirm", {"order": order, "pending": NAME, "match": d})
    if faulty and match.code not in ("no_catalogue", "out_of_stock", "variant_not_found") \
            and frame.step != "ask_wanted" and not frame.slots.get("new_sku") \
            and not SU.OTHER_VERSION.search(fc.turn.text):
        # A faulty unit and no other version named ("one has a dead screen, replace just that
        # one"): a new unit of the same version, never "which version instead?".
        return await _same_version(fc, frame, order, line, faulty)
    if match.code == "no_catalogue":
        # No catalogue to pick from: the customer's words go with the request to a person.
        frame.slots.update(sku=line["sku"], new_sku=None, qty=qty, chosen=[line])
        return out(R.t(lang, f"To confirm: exchange {line['name']} (order {order['id']}) — \"{fc.turn.text[:80]}\"; a "
                             f"colleague picks the replacement. Shall I go ahead? (yes/no)",
                       f"确认一下：订单 {order['id']} 的{line['name']}申请换货（“{fc.turn.text[:40]}”），由同事为您挑选替换款。"
                       f"确认办理吗？（是/否）"), frame, "confirm", {"order": order, "pending": NAME})
    product = await fc.tools.get_product(line.get("product_id") or "") if line.get("product_id") else None
    options = (product.data.get("options") if product is not None and product.ok else None) or \
        (match.data.get("options") if isinstance(match.data.get("options"), dict) else {})
    listing = T.options_listing(options, lang)
    if match.code in ("out_of_stock", "variant_not_found"):
        from bot.dialogue.flows.changes import ask_among
        among = ask_among(fc, frame, line, match, order, step="ask_wanted")
        if among is not None:
            return among
    if match.code == "out_of_stock":
        variants = (product.data.get("variants") if product is not None and product.ok else None) or []
        stocked = in_stock(variants, line["sku"], options)
        gone = _opts(match.data.get('options', {}), lang)
        if variants and not stocked:
            return out(R.t(lang, f"{gone} is out of stock right now, and so is every other version of {line['name']}. "
                                 f"I can exchange it for a new unit of the same version, or you can return it. "
                                 f"Which would you prefer?",
                           f"{gone} 目前缺货，{shown_name(line, 'zh')}的其他规格也都没货。可以换一件同款新品，或者办理退货。"
                           f"您想怎么处理？"),
                       frame, "ask_wanted", {"order": order, "in_stock": []})
        frame.slots["quoted"] = [dict(v.get("options") or {}) for v in stocked]
        # a yes to the one version left in stock takes it (changes.take_offered_option)
        frame.slots["offered_options"] = [dict(v.get("options") or {}) for v in stocked]
        shown = _stock_text(stocked, options, lang) if variants else listing
        return out(R.t(lang, f"{gone} is out of stock right now. In stock: {shown}. Which would you like instead?",
                       f"{gone} 目前缺货。有货的：{shown}。想换成哪个？"),
                   frame, "ask_wanted", {"order": order, "in_stock": [v.get("sku") for v in stocked]})
    if match.code == "variant_not_found":
        return out(R.t(lang, f"That combination doesn't exist for {line['name']}. It comes in: {listing}. Which would you "
                             f"like?", f"{line['name']}没有这个组合。可选：{listing}。想换成哪个？"),
                   frame, "ask_wanted", {"order": order})
    if frame.step == "ask_wanted":
        # Asked already and still nothing recognised: the same question again would loop; the
        # candidates again, with the same version as the other way out.
        return out(R.t(lang, f"Sorry, I couldn't tell which version you mean. {line['name']} comes in: {listing} — "
                             f"which one? Or, if you'd like the same version again, say \"same one\".",
                       f"抱歉，没能确定您要的规格。{shown_name(line, 'zh')}可选：{listing}。请问要哪一个？如果还要同款，回复“同款”即可。"),
                   frame, "ask_wanted", {"order": order, "options": options})
    named = _named_dimension(fc.turn.text, options, dict(line.get("options") or {}))
    if named is not None and product is not None and product.ok:
        # "想换一个尺寸" / "another size": only that dimension's other values, the ones in stock
        # with the line's other options kept (the customer changes one thing)
        dim, values = named
        stocked = _in_stock_values(list(product.data.get("variants") or []), dict(line.get("options") or {}), dim, values)
        if stocked:
            frame.slots["offered_options"] = [{**dict(line.get("options") or {}), dim: v} for v in stocked]
            shown = ("、" if lang == "zh" else ", ").join(T.value_text(v, lang) for v in stocked)
            return out(R.t(lang, f"Which {dim} of {line['name']} would you like instead? In stock: {shown}.",
                           f"{shown_name(line, 'zh')}想换成哪个{T.dimension(dim, 'zh')}？有货的：{shown}。"),
                       frame, "ask_wanted", {"order": order, "options": {dim: stocked}})
    return out(R.t(lang, f"Which version of {line['name']} would you like instead? It comes in: {listing}.",
                   f"{line['name']}想换成哪个规格？可选：{listing}。"), frame, "ask_wanted", {"order": order})


def _bare_offered(text: str, offered: list[dict], line: dict) -> dict:
    """The one offered version whose changed value the message is, alone ("L", "那就L吧")."""
    current = {str(k): str(v) for k, v in (line.get("options") or {}).items()}
    changed = [{str(k): str(v) for k, v in c.items() if current.get(str(k)) != str(v)} for c in offered]
    values = sorted({v for c in changed for v in c.values()})
    value = M.bare_value(text, values) if values else None
    if value is None:
        return {}
    hits = [c for c, d in zip(offered, changed) if value in d.values()]
    return dict(hits[0]) if len(hits) == 1 else {}


def _named_dimension(text: str, options: dict, current: dict) -> tuple[str, list[str]] | None:
    """The one option dimension the message names without a value ("another size", "换一个尺寸",
    "换个颜色"): by the shop's own dimension name, its Chinese name, or — for sizes — any size
    word; None when none or several are named."""
    t = M.norm(text)
    hits = []
    for dim, values in options.items():
        if str(current.get(dim)) not in [str(v) for v in values or []]:
            continue
        words = {M.norm(str(dim)), M.norm(T.dimension(str(dim), "zh"))}
        if _SIZE_NAME.search(str(dim)):
            words |= {"size", "尺寸", "尺码", "码数", "号码", "大小"}
        if any(w and w in t for w in words):
            hits.append((str(dim), [str(v) for v in values if str(v) != str(current.get(dim))]))
    return hits[0] if len(hits) == 1 else None


def _in_stock_values(variants: list[dict], current: dict, dim: str, values: list[str]) -> list[str]:
    """Of `values` of `dim`, those a variant with the line's other options has in stock."""
    rest = {k: str(v) for k, v in current.items() if k != dim}
    ok = {str((v.get("options") or {}).get(dim)) for v in variants if int(v.get("stock") or 0) > 0
          and all(str((v.get("options") or {}).get(k)) == x for k, x in rest.items())}
    return [v for v in values if v in ok]


async def _paused_change(fc: FlowContext, frame: Frame) -> Outcome | None:
    """"那就换成6kg的" after a question about the versions interrupted an item change: the
    message names another option value of a line of that paused change's (unshipped) order and
    no order or item of its own, so the change goes on rather than an exchange elsewhere."""
    given = fc.slots_given()
    if frame.step != "start" or frame.slots.get("order_id") or given.get("order_id"):
        return None
    paused = next((f for f in fc.state.paused if f.flow == "modify_order" and f.slots.get("order_id")), None)
    order = fc.order(paused.slots.get("order_id")) if paused is not None else None
    if paused is None or order is None or order.get("status") not in ("pending", "paid"):
        return None
    if any(i.get("order_id") != order["id"] for i in given.get("items") or [] if not i.get("excluded")):
        return None
    from bot.dialogue.flows import changes
    lines = [i for i in order.get("items") or []
             if str(i.get("sku")) in {str(x.get("sku")) for x in paused.slots.get("items") or []}] \
        or list(order.get("items") or [])
    if not any(changes.catalog_named(fc, dict(line), fc.turn.text) for line in lines):
        return None
    fc.state.paused = [f for f in fc.state.paused if f is not paused]
    fc.state.frame = paused
    return await changes.modify_order(fc, paused)


async def _only_other(fc: FlowContext, frame: Frame, line: dict) -> str:
    """"yes" to "which version?" when the product has one other version in stock: that one
    (its option values, for the matcher); "" otherwise."""
    if frame.step != "ask_wanted" or not fc.said("confirm") or not line.get("product_id"):
        return ""
    res = await fc.tools.get_product(line["product_id"])
    if not res.ok:
        return ""
    others = in_stock(list(res.data.get("variants") or []), line["sku"], {})
    return " ".join(str(v) for v in (others[0].get("options") or {}).values()) if len(others) == 1 else ""


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
    res = await fc.tools.create_exchange(fc.customer, order["id"], frame.slots.get("sku"),
                                         frame.slots.get("wanted_text", "")[:200],
                                         "wrong_item" if frame.slots.get("wrong_item") else
                                         short_reason(frame.slots.get("wanted_text", "")) or "exchange_request",
                                         new_sku=frame.slots.get("new_sku"), qty=frame.slots.get("qty"))
    fc.state.finish()
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    eid = res.data.get("exchange_id")
    if frame.slots.get("wrong_item"):
        return out(R.t(lang, f"Done — replacement {eid} is open for order {order['id']}: the item you ordered is sent to "
                             f"you, and the wrong one goes back at our cost (we send you a free return label). "
                             f"Sorry again for the mix-up.",
                       f"已为您提交补发 {eid}（订单 {order['id']}）：我们会把您订的商品寄给您，发错的那件请寄回，运费由我们承担"
                       f"（会发给您免费的退货面单）。再次抱歉。"),
                   frame, "done", {"order": order, "result": dict(res.data), "wrong_item": True})
    return out(R.t(lang, f"Done — exchange {eid} is open for order {order['id']}. Please send the item back; the new "
                         f"one ships as soon as it reaches us.",
                   f"已为您提交换货申请 {eid}（订单 {order['id']}）。请把商品寄回，我们收到后立即发出新商品。"),
               frame, "done", {"order": order, "result": dict(res.data)})


def in_stock(variants: list[dict], current_sku: str, options: dict) -> list[dict]:
    """The product's other variants with stock, in the shop's own order of options."""
    return [v for v in variants if str(v.get("sku")) != str(current_sku) and int(v.get("stock") or 0) > 0]


def _stock_text(variants: list[dict], options: dict, lang: str) -> str:
    """"concert, soprano" when the product has one option dimension, else each version's options."""
    if len(options) == 1 or all(len(v.get("options") or {}) == 1 for v in variants):
        return ("、" if lang == "zh" else ", ").join(
            T.value_text(next(iter((v.get("options") or {}).values()), v.get("sku")), lang) for v in variants)
    return ("；" if lang == "zh" else "; ").join(T.options_text(v.get("options") or {}, lang) for v in variants)


_REFUND = re.compile(r"(退款|退钱|退货|退了|refund|money back|return (it|them)|send (it|them) back for)", re.I)


def _wants_refund(text: str) -> bool:
    return bool(_REFUND.search(text) or C.REFUND_ME.search(text))


async def _ordered_in_stock(fc: FlowContext, line: dict) -> bool | None:
    """Is the ordered variant itself in stock? None when the shop's catalogue does not say."""
    if not line.get("product_id"):
        return None
    res = await fc.tools.get_product(line["product_id"])
    if not res.ok:
        return None
    v = next((v for v in res.data.get("variants") or [] if str(v.get("sku")) == str(line["sku"])), None)
    return None if v is None or v.get("stock") is None else int(v.get("stock") or 0) > 0


async def _wrong_item(fc: FlowContext, frame: Frame, order: dict, line: dict) -> Outcome:
    """Another variant than ordered arrived: the shop's mistake. The ordered variant as a
    replacement of that unit at the shop's cost (when in stock), or a return of it for a refund;
    proposed for a yes, never made before one."""
    lang = fc.lang
    name = shown_name(line, lang)
    options = dict(line.get("options") or {})
    opts = _opts(options, lang)
    # The options only when the line's name does not already say them ("Front light 800lm black").
    told = all(M.norm(T.value_text(v, lang)) in M.norm(name) for v in options.values())
    what = name if told or not opts else f"{name}（{opts}）" if lang == "zh" else f"{name} ({opts})"
    sorry = R.t(lang, f"I'm sorry — that's our mistake: you ordered {what} (order {order['id']}) and received "
                      f"something else. ",
                f"非常抱歉，是我们发错了：您订的是{what}（订单 {order['id']}）。")
    frame.slots["wrong_item"] = True
    stocked = await _ordered_in_stock(fc, line)
    if stocked is False:
        return await _wrong_item_return(fc, frame, sorry + R.t(
            lang, "The version you ordered is out of stock right now, so I can't send a replacement; ",
            "您订的规格目前缺货，暂时无法补发正确的商品；"), order, line)
    qty = int(line.get("qty") or 1)
    frame.slots.update(sku=line["sku"], new_sku=line["sku"], qty=qty, chosen=[line], wanted_text="wrong item")
    amount = R.money(float(line.get("price") or 0) * qty, order.get("currency"), lang)
    frame.asked = 0
    return out(sorry + R.t(lang, f"I can send you the right one ({what}) as a replacement, and you send the "
                                 f"wrong one back at our cost; or, if you prefer, return it for a refund of {amount}, "
                                 f"also at our cost. Shall I arrange the replacement? (yes/no — or say \"refund\")",
                           f"可以为您补发正确的{what}，发错的那件寄回来，运费由我们承担；如果您更想退款，也可以退货退款"
                           f" {amount}，同样由我们承担运费。为您安排补发正确的商品吗？（是/否，或回复“退款”）"),
               frame, "confirm", {"order": order, "pending": NAME, "wrong_item": True, "in_stock": stocked})


async def _wrong_item_return(fc: FlowContext, frame: Frame, lead: str, order: dict | None = None,
                             line: dict | None = None) -> Outcome:
    """The wrongly sent unit returned for a refund at the shop's cost: the return flow's own
    confirmation, its reason recorded as the shop's mistake."""
    from bot.dialogue.flows import returns
    order = order or fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
    sku = (line or {}).get("sku") or frame.slots.get("sku")
    new = fc.state.start("return_request", order_id=order["id"], reason="wrong_item",
                         items=[{"order_id": order["id"], "sku": sku, "excluded": False}])
    fc.state.paused = [f for f in fc.state.paused if f is not frame]
    res = await returns.run(fc, new)
    if lead:
        res.answer = lead + R.t(fc.lang, "I can take it back for a refund at our cost instead. ",
                                "可以改为退货退款，运费由我们承担。") + res.answer
    return res


async def _same_version(fc: FlowContext, frame: Frame, order: dict, line: dict, faulty: bool) -> Outcome:
    """A new unit of the same version — for a faulty one only inside the shop's direct-replacement
    window; after it, the warranty's way (claim steps, delivery age; same_unit.past_replacement)."""
    from bot.dialogue import same_unit as SU
    if faulty and SU.past_replacement(fc, order):
        from bot.dialogue.flows import troubleshoot
        new = fc.state.start("troubleshooting", order_id=order["id"],
                             items=[{"order_id": order["id"], "sku": line["sku"], "excluded": False}])
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        return await troubleshoot.fault_remedies(fc, new, order, line)
    proposed = replacement(fc, frame, order, line)
    if faulty:
        # A fault case already open: the proposal says so and the message goes onto it (route13).
        from bot.dialogue import open_fault_case
        said = await open_fault_case.note(fc, str(order["id"]))
        if said:
            proposed.answer = said + proposed.answer
            proposed.facts["open_case"] = True
    return proposed


def replacement(fc: FlowContext, frame: Frame, order: dict, line: dict) -> Outcome:
    """A new unit of the same version for `line`, proposed for a yes."""
    lang = fc.lang
    from bot.dialogue import same_unit as SU
    qty = line.get("qty") or 1
    ordered = int(line.get("ordered") or qty)
    if int(qty) >= ordered > 1:
        # "replace just the broken unit", "one of the two is dead": the units said, not the line.
        said = " ".join([t for r, t in fc.history if r == "user"][-1:] + [fc.turn.text])
        qty = US.exchanged_units(fc.turn.text, ordered) or (1 if SU.one_unit(said) else None) \
            or US.exchanged_units(said, ordered) or qty
    frame.slots.update(order_id=order["id"], sku=line["sku"], new_sku=line["sku"], qty=qty, chosen=[line])
    if not frame.slots.get("wanted_text"):
        # the customer's words go with the record (`wanted`), and the fault told is its reason
        # (fault14: a faulty unit's replacement was written as a bare "exchange_request")
        told = " ".join([t for r, t in fc.history if r == "user"][-1:] + [fc.turn.text])
        frame.slots["wanted_text"] = (M.without_replaced(told) or told)[-300:]
    # One faulty unit of two: the confirmation says how many units, so the yes covers just those.
    part_en = f"{qty} of {ordered} × " if int(qty) < ordered else f"{qty} × " if ordered > 1 else ""
    part_zh = f"（{ordered}件中的{qty}件）" if int(qty) < ordered else f" ×{qty}" if ordered > 1 else ""
    unit_en = "a new unit" if int(qty) == 1 else "new units"
    return out(R.t(lang, f"To confirm: exchange {part_en}{line['name']} (order {order['id']}) for {unit_en} of the same "
                         f"version. Shall I go ahead? (yes/no)",
                   f"确认一下：订单 {order['id']} 的{line['name']}{part_zh}{'换一件同款新品' if int(qty) == 1 else '换同款新品'}。确认办理吗？（是/否）"),
               frame, "confirm", {"order": order, "pending": NAME})
