"""Exchange: another variant of the same product, chosen by ANY option dimension the shop has
(size, colour, capacity, connectivity, assistant, …) via the catalogue (tools.match_variant).
A shop without a catalogue keeps the old behaviour: the customer's words go to a person.

Steps: start → (choose_order) → (choose_items) → (ask_wanted) → confirm → done | refused | aborted.
"""
from __future__ import annotations

import re

from bot.dialogue import matching as M
from bot.dialogue import texts as T
from bot.dialogue.flows.base import (
    FlowContext,
    another_variant,
    carry_items,
    items_or_ask,
    out,
    resolve_order,
    take_slots,
)
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


def _scale_dimension(options: dict, current: dict) -> str | None:
    """The dimension "bigger"/"longer" moves along: size when the product has one, else the
    only dimension whose values are all measures (30ml / 50ml, 40cm / 60cm, 1TB / 2TB)."""
    if "size" in options and current.get("size") in options["size"]:
        return "size"
    measured = [d for d, vals in options.items() if vals and all(_NUMERIC.match(str(v)) for v in vals)
                and current.get(d) in vals]
    return measured[0] if len(measured) == 1 else None


async def relative_size(fc: FlowContext, line: dict) -> str:
    """"大一码" / "a size bigger" / "longer": the next value in the product's own list of that
    dimension ("" if none). Measures are ordered by their number, sizes as the shop lists them."""
    up, down = _BIGGER.search(fc.turn.text), _SMALLER.search(fc.turn.text)
    current = dict(line.get("options") or {})
    if not (up or down) or not current or not line.get("product_id"):
        return ""
    res = await fc.tools.get_product(line["product_id"])
    options = dict(res.data.get("options") or {}) if res.ok else {}
    dim = _scale_dimension(options, current)
    if dim is None:
        return ""
    values = [str(v) for v in options[dim]]
    if dim != "size" or all(_NUMERIC.match(v) for v in values):
        values.sort(key=_measure)
    k = values.index(str(current[dim])) + (1 if up else -1)
    return str(values[k]) if 0 <= k < len(values) else ""


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


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
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
    take_slots(fc, frame)
    carry_items(fc, frame)
    sized_talk = C.SIZE_TALK.search(fc.turn.text) and not frame.slots.get("items")
    order, ask = await resolve_order(fc, frame, (lambda o: _eligible(o) and _sized(o)) if sized_talk else _eligible,
                                     "exchange", "换货")
    if ask is not None:
        return ask
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
                                                 if k in ("order_id", "items", "qty", "_fresh", "options")})
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        return await changes.modify_order(fc, new)
    items, ask = items_or_ask(fc, frame, order, "exchange", "换")
    if ask is not None:
        return ask
    line = items[0]
    check = await fc.tools.check_exchange(fc.customer, order["id"], sku=line["sku"])
    if not check.ok:
        fc.state.finish()
        return out(R.refusal(check.code, check.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": check.code, **check.data}})
    wanted_text = " ".join(x for x in (frame.slots.get("wanted_text", ""), M.without_replaced(fc.turn.text),
                                       await relative_size(fc, line), await other_option(fc, line))
                           if x)
    named_other = await fc.tools.match_variant(fc.customer, order["id"], line["sku"], wanted_text) \
        if C.SAME_ITEM.search(fc.turn.text) else None
    if C.SAME_ITEM.search(fc.turn.text) and not frame.slots.get("new_sku") \
            and not (named_other is not None and named_other.data.get("new_sku") not in (None, line["sku"])):
        # ("same colour, the other fabric" names another version: not a same-version replacement.)
        # "换个新的": the same version, a new unit.
        frame.slots.update(sku=line["sku"], new_sku=line["sku"], qty=line["qty"], chosen=[line])
        return out(R.t(lang, f"To confirm: exchange {line['name']} (order {order['id']}) for a new unit of the same "
                             f"version. Shall I go ahead? (yes/no)",
                       f"确认一下：订单 {order['id']} 的{line['name']}换一件同款新品。确认办理吗？（是/否）"),
                   frame, "confirm", {"order": order, "pending": NAME})
    match = await fc.tools.match_variant(fc.customer, order["id"], line["sku"], wanted_text)
    frame.slots["wanted_text"] = wanted_text[-300:]
    qty = line["qty"]
    if match.ok:
        d = match.data
        frame.slots.update(sku=line["sku"], new_sku=d["new_sku"], qty=qty, chosen=[line])
        diff = float(d.get("price_difference") or 0)
        if int(qty) < int(line.get("ordered") or qty):
            # The tool prices the whole line; only `qty` of its units change.
            diff = diff / int(line["ordered"]) * int(qty)
        money = R.money(abs(diff), d.get("currency") or order.get("currency"), lang)
        pay = R.t(lang, f" The new version costs {money} {'more' if diff > 0 else 'less'}, settled through the "
                        f"order's payment method." if diff else " Same price.",
                  f"新规格{'贵' if diff > 0 else '便宜'} {money}，通过原支付方式结算。" if diff else "价格不变。")
        ordered = int(line.get("ordered") or qty)
        part_en = f"{qty} of {ordered} × " if int(qty) < ordered else f"{qty} × " if ordered > 1 else ""
        part_zh = f"（{ordered}件中的{qty}件）" if int(qty) < ordered else f" ×{qty}" if ordered > 1 else ""
        return out(R.t(lang, f"To confirm: exchange {part_en}{line['name']} (order {order['id']}) for "
                             f"{_opts(d['options'], 'en')}."
                             f"{pay} Shall I go ahead? (yes/no)",
                       f"确认一下：订单 {order['id']} 的{shown_name(line, 'zh')}{part_zh}换成 {_opts(d['options'], 'zh')}。{pay}"
                       f"确认办理吗？（是/否）"), frame, "confirm", {"order": order, "pending": NAME, "match": d})
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
        return out(R.t(lang, f"{_opts(match.data.get('options', {}), 'en')} is out of stock right now. Available options: "
                             f"{listing}. Which would you like instead?",
                       f"{_opts(match.data.get('options', {}), 'zh')} 目前缺货。可选：{listing}。想换成哪个？"),
                   frame, "ask_wanted", {"order": order})
    if match.code == "variant_not_found":
        return out(R.t(lang, f"That combination doesn't exist for {line['name']}. It comes in: {listing}. Which would you "
                             f"like?", f"{line['name']}没有这个组合。可选：{listing}。想换成哪个？"),
                   frame, "ask_wanted", {"order": order})
    return out(R.t(lang, f"Which version of {line['name']} would you like instead? It comes in: {listing}.",
                   f"{line['name']}想换成哪个规格？可选：{listing}。"), frame, "ask_wanted", {"order": order})


async def _execute(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    order = fc.order(frame.slots.get("order_id")) or {"id": frame.slots.get("order_id")}
    res = await fc.tools.create_exchange(fc.customer, order["id"], frame.slots.get("sku"),
                                         frame.slots.get("wanted_text", "")[:200],
                                         short_reason(frame.slots.get("wanted_text", "")) or "exchange_request",
                                         new_sku=frame.slots.get("new_sku"), qty=frame.slots.get("qty"))
    fc.state.finish()
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    eid = res.data.get("exchange_id")
    return out(R.t(lang, f"Done — exchange {eid} is open for order {order['id']}. Please send the item back; the new "
                         f"one ships as soon as it reaches us.",
                   f"已为您提交换货申请 {eid}（订单 {order['id']}）。请把商品寄回，我们收到后立即发出新商品。"),
               frame, "done", {"order": order, "result": dict(res.data)})
