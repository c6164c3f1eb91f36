"""Troubleshooting: a product that misbehaves. The help-centre guide for THAT product when there
is one (a page about another kind of product is never pasted), then the remedies the policy and
the order's dates allow: exchange inside the exchange window, return inside the return window
(not for non-returnable categories), warranty repair inside the category's warranty, else a
colleague. A fault present on arrival (scratched, cracked, dead out of the box) gets the same
remedies and a request for a photo, without the guide.

Steps: start → (choose_order) → done | ask_detail.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from bot.dialogue import fault_answer as FA
from bot.dialogue import fault_window as FW
from bot.dialogue import info_texts as IT
from bot.dialogue import matching as M
from bot.dialogue import product_kind as PK
from bot.dialogue import symptoms as SY
from bot.dialogue.flows.base import FlowContext, carry_items, days_between, out, resolve_order, take_slots
from bot.dialogue.info_cues import FAULT
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R
from bot.lang.display_names import shown_name
from bot.lang.replies import full_date
from bot.shop.policy import parse_ts

NAME = "troubleshooting"
SNIPPET_FLOOR = 3.0
# Tags that make a product page a fix for a fault (the intent name, or "troubleshooting").
GUIDE_TAGS = frozenset({"product_issue", "troubleshooting", "故障排查"})


def _eligible(order: dict) -> bool:
    return order.get("status") == "delivered"


def about_item(snippet: Any, names: Sequence[str]) -> bool:
    """Is a help-centre page about this kind of item? Its kinds (`products:` header or
    product-kind tags) must name the item, by a head noun ("watch", "kettle"), never by a shared
    modifier ("smart" watch / thermostat); a general page is not a product guide."""
    from bot.dialogue import relevance
    kinds = relevance.kinds(snippet)
    tags = {str(t).lower() for t in getattr(snippet, "tags", None) or []}
    if not kinds or not tags & GUIDE_TAGS:
        return False          # a size chart or a washing guide is no fix for a fault
    item = M.norm(" ".join(names))
    mine = M.surfaces(names)
    return any(M._occurrences(w, item) for w, weight in M.surfaces(kinds).items() if weight >= 2.0) or \
        any(M._occurrences(w, M.norm(" ".join(kinds))) for w, weight in mine.items() if weight >= 2.0)


def remedies(fc: FlowContext, order: Mapping[str, Any], line: Mapping[str, Any]) -> tuple[list[str], float | None]:
    """What the policy allows for a faulty `line` of `order` today, and the days since delivery."""
    pol = getattr(fc.tools, "policies", None)
    since = days_between(order.get("delivered_at"), fc.now)
    out_: list[str] = []
    blocked = [str(c) for c in getattr(pol, "non_returnable_categories", []) or []]
    if since is not None:
        if line.get("category") not in blocked:
            # (a fault's new unit only inside the shop's direct-replacement days when it names them:
            # past them the warranty is the way, never "a new one" — fault14)
            if since <= int(getattr(pol, "exchange_window_days", 0) or 0) and (
                    not int(fc.facts.get("warranty.replace_within_days", 0) or 0)
                    or FW.inside_replacement(fc.facts, pol, since)):
                out_.append("exchange")
            if since <= int(getattr(pol, "return_window_days", 0) or 0):
                out_.append("return")
        months = fc.facts.warranty_months(line.get("category"))
        delivered = order.get("delivered_at")
        if months > 0 and delivered and parse_ts(fc.now) <= parse_ts(delivered) + timedelta(days=round(months * 30.44)):
            out_.append("warranty")
    if not out_:
        out_.append("person")
    return out_, since


def _line(fc: FlowContext, frame: Frame, order: Mapping[str, Any]) -> dict[str, Any]:
    lines = list(order.get("items") or [])
    named = {i["sku"] for i in frame.slots.get("items") or [] if not i.get("excluded") and i["order_id"] == order["id"]}
    named = named or {s for s in fc.state.last_skus if any(i.get("sku") == s for i in lines)}
    return dict(next((i for i in lines if i.get("sku") in named), lines[0] if lines else {}))


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    carry_items(fc, frame)
    text = fc.turn.text
    if C.SAFETY.search(text) and fc.handoff is not None:
        fc.state.finish()
        # "Unplug it" only for an item of an electrical kind (the shop's catalogue says which).
        kind = PK.named_kind(text, frame.slots.get("items") or [], fc.orders, fc.catalogue)
        return await fc.handoff("safety", lambda tid, lg: R.safety(tid, lg, kind, text))
    fault = bool(C.DEFECT.search(text) or C.ARRIVAL_DEFECT.search(text) or FAULT.search(text) or SY.named(text))
    if not frame.slots.get("items") and not frame.slots.get("order_id") and not fault and frame.step == "start":
        # "有个问题": nothing to go on yet — ask what happens, not which order.
        frame.asked += 1
        return out(R.t(lang, "Sure — what's the problem, and with which item?", "好的，请问是哪件商品，出了什么问题？"),
                   frame, "ask_detail")
    order, ask = await resolve_order(fc, frame, _eligible, "which item", "哪件商品")
    if ask is not None and not C.ARRIVAL_DEFECT.search(text):
        return _guide(fc, frame, [str(fc.turn.text)]) or ask
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    line = _line(fc, frame, order)
    if line.get("sku"):
        fc.state.last_skus = [str(line["sku"])]
    names = [str(line.get("name") or "")] + _product_names(fc, line)
    allowed, since = remedies(fc, order, line)
    days = int(since or 0)
    facts: dict[str, Any] = {"order": order, "item": line.get("sku"), "remedies": allowed,
                             "days_since_delivery": round(since, 1) if since is not None else None}
    window = FW.window_text(fc.facts, getattr(fc.tools, "policies", None), line.get("category"), since, lang)
    if C.ARRIVAL_DEFECT.search(text) and since is not None:
        fc.state.finish()
        photo = R.t(lang, " A photo of the fault helps.", "方便的话发一张问题照片。")
        return out(await _on_case(fc, order, facts) + IT.fault_options(shown_name(line, lang), str(order["id"]), days, allowed, lang,
                                    symptom=SY.said_back(SY.main(_said(fc)), lang), window=window) + photo,
                   frame, "done", facts)
    guide = None
    if fc.knowledge is not None and not C.TRIED.search(text):     # tried already: no guide pasted again
        # The item in question steers the search, and only a page about that item may answer.
        # (named in the customer's language: a Chinese line name in an English query ranks the
        # other language's pages first, and those are never shown)
        steer = shown_name(line, lang) or names[0]
        found = fc.knowledge.search(" ".join([text] + [steer] * 2), lang=lang, k=3, intent="product_issue")
        guide = _pick([s for s in found if getattr(s, "score", 0) >= SNIPPET_FLOOR
                       and getattr(s, "lang", lang) == lang and about_item(s, names)
                       and _fits(s, _said(fc), names)], _said(fc))
    if guide is None and not fault and frame.asked == 0:
        frame.asked += 1
        if PK.electrical(line, fc.catalogue) is not False:
            ask = R.t(lang, "What exactly happens? (For example: won't turn on, won't charge, makes a noise.)",
                      "具体是什么情况呢？比如开不了机、充不进电、有异响。")
        else:     # no power questions for a tent, a bag, a pan: what broke, where, which part
            ask = R.t(lang, f"What exactly is wrong with the {shown_name(line, lang)}? (For example: something broke, "
                            f"tore or came loose, it leaks, or a part doesn't fit.)",
                      f"{shown_name(line, lang)}具体是什么问题呢？比如哪里坏了、开线或松脱、漏水，或者哪个部件装不上。")
        return out(ask, frame, "ask_detail", {"order": order})
    fc.state.finish()
    lead, tail = "", ""
    if guide is not None:
        facts["snippet"] = guide.id
    else:
        if "person" not in allowed:
            # No guide for this item: a colleague can still troubleshoot it before anything is sent back.
            allowed = allowed + ["person"]
            facts["remedies"] = allowed
        if fault and not FA.tried(text):
            # No page of THIS product for it: said, never another product's text (fault_answer).
            lead = FA.no_guide(shown_name(line, lang), lang) + (" " if lang == "en" else "")
            facts["no_guide"] = True
    if "warranty" in allowed and not FW.inside_replacement(fc.facts, getattr(fc.tools, "policies", None), since) \
            and FA.tried(text):
        # Tried already, past the direct replacement: the warranty's claim steps, not the fix again.
        tail = FA.claim_steps(_claim_guide(fc), lang)
    # A non-returnable category is not named as a refusal: a fault goes the warranty / replacement way.
    answer = IT.fault_options(shown_name(line, lang), str(order["id"]), days, allowed, lang,
                              guide=guide.text.strip() if guide is not None else "",
                              symptom=SY.said_back(SY.main(_said(fc)), lang), window=window)
    return out(await _on_case(fc, order, facts) + lead + answer + tail, frame, "done", facts)


async def _on_case(fc: FlowContext, order: Mapping[str, Any], facts: dict[str, Any]) -> str:
    """A fault told on an order with an open fault case goes onto that case (fault14): the
    sentence naming it ("" when none), the message added for the colleague on it."""
    from bot.dialogue import open_fault_case
    said = await open_fault_case.note(fc, str(order["id"]))
    if said:
        facts["open_case"] = True
    return said


def _claim_guide(fc: FlowContext) -> str:
    """The shop's warranty claim steps (its `warranty.claim_snippet` page), "" when it has none."""
    from bot.dialogue.flows.warranty import snippet_text
    return snippet_text(fc, str(fc.facts.get("warranty.claim_snippet", "") or ""))


def _said(fc: FlowContext) -> str:
    """The symptom as the customer told it: this message, else what they said just before."""
    if SY.specific(fc.turn.text):
        return fc.turn.text
    earlier = [t for r, t in fc.history if r == "user"][-2:]
    return " ".join(earlier + [fc.turn.text])


def _fits(snippet: Any, said: str, names: Sequence[str] = ()) -> bool:
    """A guide about the symptom named (a pairing guide is no answer to "won't turn on"), or
    sharing the words of what was said besides the item's names when no symptom kind is named."""
    title = str(getattr(snippet, "title", "") or "")
    return SY.guide_fits(f"{title} {getattr(snippet, 'text', '')}", said, title, " ".join(names))


def _pick(fitting: Sequence[Any], said: str) -> Any | None:
    """The fitting guide most about the symptom named (its title first), search order otherwise."""
    if not fitting:
        return None
    ranks = [SY.fit_rank(str(getattr(s, "title", "") or ""), f"{getattr(s, 'title', '')} {getattr(s, 'text', '')}",
                         said) for s in fitting]
    return fitting[ranks.index(max(ranks))]


def _product_names(fc: FlowContext, line: Mapping[str, Any]) -> list[str]:
    p = fc.catalogue.get(str(line.get("product_id") or ""))
    return [str(p.get(k)) for k in ("name", "name_zh") if p and p.get(k)] if p else []


def _guide(fc: FlowContext, frame: Frame, names: Sequence[str]) -> Outcome | None:
    """Before an order is known: a guide only when the message itself names its kind of item."""
    best = _pick([s for s in fc.snippets if getattr(s, "score", 0) >= SNIPPET_FLOOR
                  and getattr(s, "lang", fc.lang) == fc.lang and about_item(s, names)
                  and _fits(s, _said(fc), names)], _said(fc))
    if best is None:
        return None
    fc.state.finish()
    return out(R.product_issue(fc.lang, best.text), frame, "done", {"snippet": best.id})


async def fault_remedies(fc: FlowContext, frame: Frame, order: Mapping[str, Any], line: Mapping[str, Any]) -> Outcome:
    """A faulty item a return cannot take (a non-returnable category, the return window passed):
    the remedies a fault still has — a replacement inside the exchange window, a warranty repair
    inside the warranty — else a colleague; the return is not offered and not refused."""
    lang = fc.lang
    allowed, since = remedies(fc, order, line)
    allowed = [r for r in allowed if r != "return"]
    if int(fc.facts.get("warranty.replace_within_days", 0) or 0) and \
            not FW.inside_replacement(fc.facts, getattr(fc.tools, "policies", None), since):
        allowed = [r for r in allowed if r != "exchange"]     # the shop's direct-replacement days are over
    allowed = allowed or ["person"]
    if line.get("sku"):
        fc.state.last_skus = [str(line["sku"])]
    fc.state.last_order_id = str(order["id"])
    fc.state.finish()
    facts: dict[str, Any] = {"order": dict(order), "item": line.get("sku"), "remedies": allowed,
                             "days_since_delivery": round(since, 1) if since is not None else None}
    name = shown_name(line, lang)
    window = FW.window_text(fc.facts, getattr(fc.tools, "policies", None), line.get("category"), since, lang)
    case = await _on_case(fc, order, facts)
    if allowed == ["person"] and not C.WANTS_PERSON.search(fc.turn.text) and since is not None \
            and not FW.inside_replacement(fc.facts, getattr(fc.tools, "policies", None), since):
        # No warranty left (none for the category, or it has ended) and nobody asked for a person:
        # said so with what is left — a colleague, offered for a yes (fault14: never a case opened
        # unasked, never a replacement the dates no longer allow).
        facts["offer_next"] = {"flow": "handoff", "reason": "product_issue"}
        w = (f"{window} " if lang == "en" else window) if window else ""
        return out(case + R.t(lang, f"Sorry the {name} is faulty (order {order['id']}). {w}I can pass it to a colleague to "
                                    f"see what can still be done for it. Shall I? (yes/no)",
                              f"很抱歉{name}出了问题（订单 {order['id']}）。{w}可以转给同事看看还能怎么处理，需要吗？（是/否）"),
                   frame, "done", facts)
    if allowed == ["person"] and fc.handoff is not None:
        # Nothing the policy does on its own: a colleague sees to the fault (replacement or repair).
        def said(ticket: str | None, lg: str) -> str:
            ref = R.t(lg, f" (ticket {ticket})", f"（工单号 {ticket}）") if ticket else ""
            w = (f"{window} " if lg == "en" else window) if window and lg == lang else ""
            return R.t(lg, f"Sorry the {name} is faulty. {w}A fault is ours to put right whatever the return rules: I've "
                           f"passed it to a colleague{ref}, who will arrange a replacement or repair for it "
                           f"(order {order['id']}) and reply here.",
                       f"很抱歉{name}出了质量问题。{w}质量问题不受退货规则限制：已转给同事{ref}，会为您安排换新或维修"
                       f"（订单 {order['id']}），并在这里回复您。")
        res = await fc.handoff("product_issue", said)
        res.facts.update(facts)
        res.answer = case + res.answer
        return res
    # The warranty's way (no direct replacement any more): its claim steps with it (fault_answer).
    tail = FA.claim_steps(_claim_guide(fc), lang) if "warranty" in allowed and "exchange" not in allowed else ""
    symptom = SY.said_back(SY.main(_said(fc)), lang)
    if allowed == ["warranty"]:
        # One remedy left: the warranty claim proposed for a yes (the warranty flow files it).
        months = fc.facts.warranty_months(line.get("category"))
        end = parse_ts(str(order.get("delivered_at"))) + timedelta(days=round(months * 30.44))
        claim = fc.state.start("warranty", order_id=str(order["id"]),
                               items=[{"order_id": str(order["id"]), "sku": line.get("sku"), "excluded": False}])
        claim.slots["_claim"] = {"order_id": str(order["id"]), "sku": line.get("sku"), "replace": False,
                                 "months": months, "until": full_date(end.isoformat(), lang)}
        from bot.dialogue import warranty_pickup as WP
        if WP.books(fc.turn.text):
            # "book the pickup" after the fault answer: the go-ahead — the claim recorded now (fault14)
            from bot.dialogue.flows import warranty
            claim.slots["_claim"]["pickup"] = WP.pickup_said(fc.turn.text)
            filed = await warranty._file(fc, claim)
            filed.answer = case + filed.answer
            filed.facts.update({k: v for k, v in facts.items() if k not in filed.facts})
            return filed
        facts["pending"] = "warranty_claim"
        return out(case + FA.warranty_only(name, str(order["id"]), int(since or 0), symptom, window, tail.strip(), lang),
                   claim, "confirm", facts)
    return out(case + IT.fault_options(name, str(order["id"]), int(since or 0), allowed, lang, window=window,
                                       symptom=symptom) + tail, frame, "done", facts)
