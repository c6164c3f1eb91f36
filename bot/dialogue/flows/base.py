"""What every flow gets (`FlowContext`) and the steps they share: which order, which items.

A flow is a module with `NAME` and `async def run(fc, frame) -> Outcome`. It reads its typed
slots from `frame.slots`, asks for what is missing, checks policy through the shop tools,
confirms before anything irreversible, and records the step it waits on in `frame.step`.
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.dialogue import context as CX
from bot.dialogue import matching as M
from bot.dialogue import texts as T
from bot.dialogue.commands import Understood
from bot.dialogue.facts import Facts
from bot.dialogue.legacy import Outcome, Turn
from bot.dialogue.state import DialogueState, Frame
from bot.lang import replies as R
from bot.lang.display_names import localise_lines, shown_name


@dataclass
class FlowContext:
    tools: Any
    customer: Any | None
    turn: Turn
    lang: str
    orders: list[dict[str, Any]]
    state: DialogueState
    understood: Understood
    facts: Facts
    now: datetime
    snippets: list[Any] = field(default_factory=list)
    catalogue: dict[str, dict[str, Any]] = field(default_factory=dict)
    reveal: Callable[[str], str] = lambda s: s
    # The other way round: a value the bot composed (an address with one part corrected) as this
    # conversation's placeholder, so state and replies carry the placeholder, never the value.
    conceal: Callable[[str, str], str] | None = None
    history: Sequence[tuple[str, str]] = ()
    handoff: Callable[..., Awaitable[Outcome]] | None = None
    knowledge: Any | None = None
    # Set by a flow during its run: the flow it handed the turn to (a fault read as a parcel case
    # goes to troubleshooting), and the orders a delivery reading preferred.
    handed_to: str | None = None
    orders_pref: list[dict[str, Any]] = field(default_factory=list)

    def slots_given(self) -> dict[str, Any]:
        """Slot values of this turn's set_slot/correct_slot commands, merged."""
        out: dict[str, Any] = {}
        for c in self.understood.commands:
            if c.name in ("set_slot", "correct_slot"):
                out.update(c.args)
        return out

    def said(self, name: str) -> bool:
        return name in self.understood.names()

    def order(self, order_id: str | None) -> dict[str, Any] | None:
        return next((o for o in self.orders if str(o["id"]) == str(order_id)), None) if order_id else None


def out(text: str, frame: Frame | None, step: str, facts: Mapping[str, Any] | None = None,
        handoff: bool = False) -> Outcome:
    if frame is not None:
        frame.step = step
    return Outcome(text, facts=dict(facts or {}), handoff=handoff, step=step,
                   intent=_intent_of(frame.flow) if frame else "other")


_FLOW_INTENT = {"warranty": "product_issue", "troubleshooting": "product_issue", "change_payment": "modify_order",
                "default_address": "modify_order", "handoff": "human_agent"}


def _intent_of(flow: str) -> str:
    return _FLOW_INTENT.get(flow, flow)


def take_slots(fc: FlowContext, frame: Frame) -> None:
    """This turn's slot values into the frame: an order id or items replace what was there."""
    given = fc.slots_given()
    for key in ("order_id", "address", "payment", "qty", "all", "latest", "remove", "options", "candidates"):
        if key in given:
            frame.slots[key] = given[key]
    if "items" in given:
        frame.slots["items"] = with_counts(fc, given["items"])
        if "order_id" not in given and not frame.slots.get("order_id"):
            orders = {i["order_id"] for i in given["items"] if not i.get("excluded")} or \
                     {i["order_id"] for i in given["items"]}
            if len(orders) == 1:
                frame.slots["order_id"] = next(iter(orders))
                frame.slots["_order_from_items"] = True      # inferred, not written: _resolve may correct it
    if "order_id" in given:
        frame.slots.pop("_order_from_items", None)
    elif "qty" in given and frame.slots.get("items"):
        # "actually just one of them": a new count for the items already named replaces theirs.
        frame.slots["items"] = [{k: v for k, v in i.items() if k != "qty"} for i in frame.slots["items"]]


def remember_kept(fc: FlowContext, frame: Frame) -> set[str]:
    """Lines the customer said stay ("the candle is fine") stay out for the rest of the flow:
    never offered or proposed again unless they name that line again themselves."""
    given = fc.slots_given().get("items") or []
    now_named = {str(i.get("sku")) for i in given if not i.get("excluded")}
    held = (set(frame.slots.get("kept_out") or []) - now_named) \
        | {str(i.get("sku")) for i in given if i.get("excluded")} \
        | {str(i.get("sku")) for i in frame.slots.get("items") or [] if i.get("excluded")}
    held -= {str(i.get("sku")) for i in frame.slots.get("items") or [] if not i.get("excluded")} & now_named
    frame.slots["kept_out"] = sorted(held)
    return held


def with_counts(fc: FlowContext, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The named items, each with the count written next to its own mention ("one of the
    shirts and both bottles"): quantities are per item, read from this turn's text."""
    spans = {(r.order_id, r.sku): (r.start, r.end) for r in M.match_items(fc.turn.text, fc.orders, fc.catalogue)}
    lines = {(str(o["id"]), str(i.get("sku"))): int(i.get("qty") or 1) for o in fc.orders for i in o.get("items") or []}
    out: list[dict[str, Any]] = []
    for item in items:
        item = dict(item)
        key = (str(item.get("order_id")), str(item.get("sku")))
        if key in spans and not item.get("excluded"):
            q = M.quantity_at(fc.turn.text, spans[key][0], spans[key][1], lines.get(key))
            if q:
                item["qty"] = q
        out.append(item)
    return out


def carry_items(fc: FlowContext, frame: Frame) -> None:
    """"it" / "那个": with nothing named now and no order id, the items last talked about."""
    if frame.slots.get("items") or frame.slots.get("order_id") or frame.slots.get("candidates") \
            or not fc.state.last_skus:
        return       # (candidates: "the other one" pointed away from the items last talked about)
    last = fc.state.last_order_id
    order = fc.order(last)
    if order is None:
        return
    skus = {i.get("sku") for i in order.get("items") or []}
    carried = [s for s in fc.state.last_skus if s in skus]
    if carried:
        frame.slots["items"] = [{"order_id": last, "sku": s, "excluded": False, "carried": True} for s in carried]


async def resolve_order(fc: FlowContext, frame: Frame, eligible: Callable[[Mapping[str, Any]], bool],
                        purpose_en: str, purpose_zh: str) -> tuple[dict[str, Any] | None, Outcome | None]:
    order, ask = await _resolve(fc, frame, eligible, purpose_en, purpose_zh)
    if order is not None and frame.slots.get("_fresh") != order["id"]:
        order = await fresh(fc, order)
        frame.slots["_fresh"] = order["id"]
    return order, ask


async def _resolve(fc: FlowContext, frame: Frame, eligible: Callable[[Mapping[str, Any]], bool],
                   purpose_en: str, purpose_zh: str) -> tuple[dict[str, Any] | None, Outcome | None]:
    """The order the flow is about, or the question to ask. Order of evidence: an id written, a
    pick among the candidates offered, items named, "my last order", the order last talked about,
    the only eligible one."""
    lang = fc.lang
    if fc.customer is None:
        return None, out(R.identity_required(lang) if "<PERSON" in fc.turn.text else R.order_not_found(lang, None),
                         frame, "no_customer", {"code": "not_found"})
    oid = frame.slots.get("order_id")
    pool = [o for o in fc.orders if eligible(o)]
    if oid and frame.slots.get("_order_from_items") and fc.order(oid) is not None \
            and not eligible(fc.order(oid) or {}) and pool:
        # Only inferred from the items matched (a cancelled order of another product): an
        # eligible order holding what the message names is meant instead.
        holding = _holding(fc, pool, [i for i in frame.slots.get("items") or [] if not i.get("excluded")])
        if len(holding) == 1:
            frame.slots.pop("_order_from_items", None)
            return _chosen_for_items(fc, frame, holding[0]), None
    if oid:
        order = fc.order(oid)
        if order is None:
            res = await fc.tools.get_order(fc.customer, oid)
            if not res.ok:
                frame.slots.pop("order_id", None)
                return None, out(R.order_not_found(lang, oid), frame, "not_found", {"order_id": oid})
            order = dict(res.data)
            localise_lines([order], fc.catalogue)
        return order, None
    cands = [fc.order(c) for c in frame.slots.get("candidates") or []]
    cands = [c for c in cands if c]
    if cands and frame.step == "choose_order":
        picked = M.pick_candidate(fc.turn.text, cands)
        if len(picked) == 1:
            return _chosen(frame, cands[picked[0]]), None
    named = [i for i in frame.slots.get("items") or [] if not i.get("excluded")] or frame.slots.get("items") or []
    with_items = [o for o in (cands or pool) if any(i["order_id"] == o["id"] for i in named)]
    if not with_items and named and pool:
        # The item named sits only in an order this flow cannot act on (a cancelled order of
        # another product): an eligible order holding what this message names comes first, and
        # items only carried over from an earlier topic ("it") never pull the flow to that order.
        holding = _holding(fc, pool, named)
        if len(holding) == 1:
            return _chosen_for_items(fc, frame, holding[0]), None
        if all(i.get("carried") for i in named):
            named = []
    if not with_items and named:
        with_items = [o for o in fc.orders if any(i["order_id"] == o["id"] for i in named)]
        if len(with_items) == 1:
            return _chosen(frame, with_items[0]), None     # the item they mean, even if policy refuses it
    if len(with_items) == 1:
        return _chosen(frame, with_items[0]), None
    choices = with_items or cands or pool
    if frame.slots.get("latest") and (choices or fc.orders):
        # "my last order": the newest the flow can act on; none can — the newest itself, so the
        # flow says why not for THAT order (vague13), never "none of your orders" in general.
        return _chosen(frame, max(choices or fc.orders, key=lambda o: str(o.get("placed_at") or ""))), None
    last = fc.state.last_order_id
    if last and any(o["id"] == last for o in choices):
        return _chosen(frame, fc.order(last) or {}), None
    if last and not named and fc.order(last) is not None and _BACK_REF.search(fc.turn.text):
        # "change the address on it" right after the backpack's status: that order, even if this
        # flow's policy refuses it (already shipped), never the one other order that would pass.
        return _chosen(frame, fc.order(last) or {}), None
    if len(choices) == 1:
        return _chosen(frame, choices[0]), None
    if not choices:
        if not fc.orders:
            return None, out(R.order_not_found(lang, None), frame, "no_orders", {"code": "no_orders"})
        return None, out(R.nothing_to_act_on(_intent_of(frame.flow), lang), frame, "nothing_eligible",
                         {"orders": [brief(o) for o in fc.orders[:5]]})
    shown = choices[:5]
    frame.slots["candidates"] = [o["id"] for o in shown]
    return None, out(T.choose_order(shown, lang, T.t(lang, purpose_en, purpose_zh)), frame, "choose_order",
                     {"orders": [brief(o) for o in shown]})


def _holding(fc: FlowContext, pool: list[dict[str, Any]], named: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Orders of `pool` whose lines this message names at least as well as the lines named
    elsewhere, or that hold the same product as a named line (bought again, delivered)."""
    refs = [r for r in M.match_items(fc.turn.text, pool, fc.catalogue) if not r.excluded]
    best_out = max((float(i.get("score") or 0) for i in named), default=0.0)
    ids = {r.order_id for r in refs if r.score >= best_out - 0.01}
    products = {str(line.get("product_id")) for i in named if (o := fc.order(i.get("order_id"))) is not None
                for line in o.get("items") or [] if line.get("sku") == i.get("sku") and line.get("product_id")}
    ids |= {str(o["id"]) for o in pool if any(str(line.get("product_id")) in products for line in o.get("items") or [])}
    return [o for o in pool if str(o["id"]) in ids]


def _chosen_for_items(fc: FlowContext, frame: Frame, order: Mapping[str, Any]) -> dict[str, Any]:
    """`order` chosen instead of the one the items pointed at: its own lines this message names
    become the items (none named: the flow asks which)."""
    refs = [r for r in M.match_items(fc.turn.text, [order], fc.catalogue) if not r.excluded]
    frame.slots["items"] = with_counts(fc, [{"order_id": r.order_id, "sku": r.sku, "excluded": False,
                                             "score": r.score, "start": r.start} for r in refs])
    return _chosen(frame, order)


# "it" / "that order" as the object of the request: the order just talked about.
_BACK_REF = re.compile(r"\b(?:on|of|for|with|to|change|cancel|return|send|ship|move|redirect|update|modify|add)\s+"
                       r"(?:it|that|this one|that one)\b|\b(?:this|that|the same) order\b|它|这单|那单|这个订单|那个订单|"
                       r"这笔|那笔", re.I)


def _chosen(frame: Frame, order: Mapping[str, Any]) -> dict[str, Any]:
    frame.slots["order_id"] = order["id"]
    frame.slots.pop("candidates", None)
    return dict(order)


async def fresh(fc: FlowContext, order: Mapping[str, Any]) -> dict[str, Any]:
    """The order as the shop has it now (ownership checked again by the tool)."""
    res = await fc.tools.get_order(fc.customer, order["id"])
    now = dict(res.data) if res.ok else dict(order)
    localise_lines([now], fc.catalogue)   # its lines named in the customer's language again
    return now


def brief(order: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": order["id"], "status": order["status"], "placed_at": order.get("placed_at")}


def selected_items(fc: FlowContext, frame: Frame, order: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Lines of `order` the customer means, with quantities; and the names of lines they keep.

    Named and not excluded → those; only exclusions named → every other line; nothing named →
    []. A quantity applies when exactly one line is chosen ("return one of the two shirts")."""
    lines = list(order.get("items") or [])
    named = _winners([i for i in frame.slots.get("items") or [] if i["order_id"] == order["id"]])
    keep = {i["sku"] for i in named if i.get("excluded")}
    take = [i["sku"] for i in named if not i.get("excluded") and i["sku"] not in keep]
    if not take and keep:
        take = [i["sku"] for i in lines if i["sku"] not in keep]
    held = set(frame.slots.get("kept_out") or []) - set(take)
    if not take and frame.slots.get("all"):
        take = [i["sku"] for i in lines if i["sku"] not in held]
    keep |= {s for s in held if any(i["sku"] == s for i in lines)}
    counts = {i["sku"]: int(i["qty"]) for i in named if i.get("qty") and not i.get("excluded")}
    chosen = []
    for line in lines:
        if line["sku"] in take:
            ordered = int(line.get("qty") or 1)
            own = max(1, min(counts.get(line["sku"], ordered), ordered))
            # "name": what summaries call the line — the catalogue's name in the customer's language
            chosen.append({"sku": line["sku"], "name": shown_name(line, fc.lang), "qty": own, "ordered": ordered,
                           "price": line.get("price"), "category": line.get("category"),
                           "product_id": line.get("product_id"), "options": line.get("options") or {},
                           # the line's catalogue names per language (bot/lang/display_names.py)
                           "name_zh": line.get("name_zh"), "name_en": line.get("name_en")})
    qty = frame.slots.get("qty")
    if qty and len(chosen) == 1 and chosen[0]["sku"] not in counts:
        chosen[0]["qty"] = max(1, min(int(qty), chosen[0]["ordered"]))
    elif qty and len(chosen) == 0 and len(lines) == 1:
        pass
    tied = M.ambiguous(named, str(order["id"]))
    if len(tied) >= 2 and len([c for c in chosen if c["sku"] in tied]) >= 2 and not frame.slots.get("all"):
        frame.slots["tied"] = tied          # one mention, several lines: the flow asks which
    else:
        frame.slots.pop("tied", None)
    kept = [shown_name(i, fc.lang) for i in lines if i["sku"] in keep]
    return chosen, kept


def _winners(named: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per mention (same start offset), only the lines it names best: "the cast iron skillet" is
    the cast-iron line, not every skillet; a real tie keeps both (and is asked about)."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for i in named:
        groups.setdefault(i.get("start", id(i)), []).append(i)
    keep: list[dict[str, Any]] = []
    for group in groups.values():
        top = max(float(g.get("score") or 0) for g in group)
        keep += [g for g in group if top - float(g.get("score") or 0) < 0.3]
    return keep


def amount_of(items: Sequence[Mapping[str, Any]]) -> str:
    total = 0.0
    for i in items:
        try:
            total += float(i.get("price") or 0) * int(i.get("qty") or 1)
        except ValueError:
            pass
    return f"{total:.2f}"


def days_between(start: str | None, now: datetime) -> float | None:
    if not start:
        return None
    from bot.shop.policy import parse_ts
    return (parse_ts(now) - parse_ts(start)).total_seconds() / 86400


def pick_lines(fc: FlowContext, frame: Frame, order: Mapping[str, Any]) -> None:
    """Asked which lines, answered by position, price or "both" ("the second one", "the cheaper
    one", "两个都退"): those of the lines shown become the items named."""
    if frame.step != "choose_items" or frame.slots.get("tied_asked") or fc.slots_given().get("items"):
        return
    shown = [i for i in order.get("items") or [] if not frame.slots.get("offered")
             or i.get("sku") in frame.slots["offered"]]
    picked = M.pick_candidate(fc.turn.text, shown) if len(shown) > 1 else []
    if picked:
        frame.slots["items"] = [{"order_id": order["id"], "sku": shown[k]["sku"], "excluded": False} for k in picked]


def chosen_items(fc: FlowContext, frame: Frame, order: Mapping[str, Any], verb_en: str, verb_zh: str
                 ) -> tuple[list[dict[str, Any]], list[str], Outcome | None]:
    """The order lines the customer means and the ones they keep, once a tie between close
    readings is settled; the Outcome is the question to ask back when it is not."""
    pick_lines(fc, frame, order)
    items, kept = selected_items(fc, frame, order)
    tie = settle_tie(fc, frame, order, verb_en, verb_zh)
    if tie is not None:
        return items, kept, tie
    if frame.slots.get("items") and not frame.slots.get("tied"):
        items, kept = selected_items(fc, frame, order)
    return items, kept, None


def items_or_ask(fc: FlowContext, frame: Frame, order: Mapping[str, Any], verb_en: str, verb_zh: str
                 ) -> tuple[list[dict[str, Any]], Outcome | None]:
    """`chosen_items`, where an order of one line means that line and otherwise the customer is
    asked which lines (the exchange and item-change flows)."""
    items, _, ask = chosen_items(fc, frame, order, verb_en, verb_zh)
    if ask is not None:
        return items, ask
    lines = order.get("items") or []
    if not items and len(lines) == 1:
        frame.slots["items"] = [{"order_id": order["id"], "sku": lines[0]["sku"], "excluded": False}]
        items, _ = selected_items(fc, frame, order)
    if not items and len(lines) > 1:
        # "黑色那件换成M码": the line named by its own option value, not "which item?".
        from bot.dialogue.line_by_value import line_named_by_value
        sku = line_named_by_value(fc.turn.text, order, fc.catalogue)
        if sku:
            frame.slots["items"] = [{"order_id": order["id"], "sku": sku, "excluded": False}]
            items, _ = selected_items(fc, frame, order)
    if not items:
        return items, out(T.choose_items(order, fc.lang, verb_en, verb_zh), frame, "choose_items", {"order": order})
    return items, None


def settle_tie(fc: FlowContext, frame: Frame, order: Mapping[str, Any], verb_en: str, verb_zh: str
               ) -> Outcome | None:
    """One mention matched several lines ("the skillet"): pick by this turn's options, position or
    price among the tied lines, else ask with them as candidates."""
    tied = list(frame.slots.get("tied") or frame.slots.get("tied_asked") or [])
    if not tied:
        return None
    lines = [i for i in order.get("items") or [] if i.get("sku") in tied]
    # "not the navy one, the other one", "不是钢笔，是另一个": a line this turn names only to rule
    # it out is never the pick — its own option words must not select it; the lines left are.
    ruled = {str(i.get("sku")) for i in fc.slots_given().get("items") or [] if i.get("excluded")}
    rest = [i for i in lines if str(i.get("sku")) not in ruled]
    if frame.step == "choose_items" and ruled and 0 < len(rest) < len(lines):
        lines = rest
        if len(rest) == 1:
            frame.slots["items"] = [{"order_id": order["id"], "sku": rest[0]["sku"], "excluded": False}]
            frame.slots.pop("tied", None)
            frame.slots.pop("tied_asked", None)
            return None
    t = M.norm(fc.turn.text)
    by_option = [i for i in lines if any(M._occurrences(M.norm(str(v)), t) for v in (i.get("options") or {}).values()
                                         if len(str(v)) >= 2)]
    # "the big one" tells same-product lines apart by size, whenever it is said (its option words
    # may be the wanted values of a change, so size comes first).
    sized = [lines[k] for k in CX.pick_by_size(fc.turn.text, lines)]
    picked = sized or (by_option if len(by_option) == 1 else [lines[k] for k in M.pick_candidate(fc.turn.text, lines)])
    if (frame.step == "choose_items" or sized) and len(picked) >= 1:
        frame.slots["items"] = [{"order_id": order["id"], "sku": p["sku"], "excluded": False} for p in picked]
        frame.slots.pop("tied", None)
        frame.slots.pop("tied_asked", None)
        return None
    frame.slots["tied_asked"] = tied
    frame.slots.pop("tied", None)
    return out(T.choose_items({"id": order["id"], "items": lines}, fc.lang, verb_en, verb_zh), frame, "choose_items",
               {"order": dict(order), "candidates": tied})


async def another_variant(fc: FlowContext, frame: Frame, sku: str | None, proposed: str | None) -> bool:
    """At a confirmation: does this message ask for a different variant than the one proposed
    ("no, the white 43 then", "yes but in 2TB")? Then the proposal is redone, never executed
    or dropped as it stood."""
    order_id = frame.slots.get("order_id")
    if not sku or not order_id or fc.customer is None:
        return False
    from bot.dialogue.legacy import yes_no
    if yes_no(fc.turn.text) is not None and len(M.norm(fc.turn.text)) <= 12 and not re.search(r"\d", fc.turn.text):
        return False                  # a bare "yes" / "确认": nothing to look up
    res = await fc.tools.match_variant(fc.customer, order_id, sku, M.without_replaced(fc.turn.text))
    new = res.data.get("new_sku") if res.ok or res.code == "out_of_stock" else None
    if res.code == "variant_not_found":
        return True
    return bool(new) and new != proposed
