"""Warranty: is the item covered (its category's warranty counted from the delivery date), until
when, and how to claim (the knowledge base's claim guide).

Which product: the one named now (the customer's own line of it, or the catalogue entry when
they have not bought it), else the product just asked about ("does it come with a warranty?"
after a price question), else the items last talked about, else the order question. No
warranty for the category: say so, and what the return/exchange windows still allow.

Steps: start → (choose_order) → done.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot.dialogue import info_texts as IT
from bot.dialogue import texts as T
from bot.dialogue.flows.base import (
    FlowContext,
    carry_items,
    days_between,
    out,
    resolve_order,
    selected_items,
    take_slots,
)
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang.display_names import shown_name
from bot.lang.replies import full_date
from bot.shop.policy import parse_ts

NAME = "warranty"

# The claim asked to be made, not how it is made ("file a claim", "warranty claim please", "帮我申请保修").
FILE_CLAIM = re.compile(
    r"\b(file|open|submit|start|make|lodge|raise|register|put in|process|log)\b.{0,25}\bclaim\b|"
    r"\bclaim\b.{0,12}\bwarrant|\bwarranty claim\b|\bclaim (it|this|that|them)\b|"
    r"(帮我|给我|替我|我要|我想|想要?|要|请)(申请|办理|提交|走|办)?(保修|报修|质保)|申请(保修|质保)|提交(保修|报修)|报修", re.I)
_HOW = re.compile(r"\bhow (do|can|to|would|should)\b|怎么|如何|流程", re.I)


def wants_claim(text: str) -> bool:
    """Does the message ask for a warranty claim to be filed (rather than how claims work)?"""
    return bool(FILE_CLAIM.search(text)) and not _HOW.search(text)


def _eligible(order: dict) -> bool:
    return order.get("status") in ("delivered", "returned")


def snippet_text(fc: FlowContext, base_id: str) -> str:
    kb = fc.knowledge
    if kb is None or not base_id:
        return ""
    # the shop's guide in the customer's language, else in English, else under the bare id
    s = kb.get(f"{base_id}-{fc.lang}") or kb.get(f"{base_id}-en") or kb.get(base_id)
    if s is None:
        return ""
    from bot.knowledge import fill_text, policy_values
    return fill_text(s.text.strip(), policy_values(getattr(fc.tools, "policies", None)))


def _product_asked(fc: FlowContext) -> dict[str, Any] | None:
    """A catalogue product named now, or the one the previous answer was about."""
    from bot.dialogue.flows.product_info import HEAD_NOUN, find_products
    hits = [h for h in find_products(fc.turn.text, fc.catalogue) if h[0] >= HEAD_NOUN]
    if hits:
        return hits[0][1]
    if fc.slots_given().get("items"):
        return None
    pid = fc.slots_given().get("product_id")      # understanding resolved "it" to a product
    if pid and fc.catalogue.get(str(pid)):
        return dict(fc.catalogue[str(pid)])
    if fc.state.last_flow == "product_info" and fc.state.opened.get("product"):
        p = fc.catalogue.get(str(fc.state.opened["product"]))
        return dict(p) if p else None
    return None


def _own_line(fc: FlowContext, product: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The customer's latest delivered line of `product`, with its order."""
    best = None
    for o in fc.orders:
        for i in o.get("items") or []:
            if str(i.get("product_id")) == str(product.get("id")) and _eligible(o):
                if best is None or str(o.get("placed_at") or "") > str(best[0].get("placed_at") or ""):
                    best = (o, i)
    return best


def _until(order: Mapping[str, Any], days: int, lang: str, now: Any) -> str | None:
    delivered = order.get("delivered_at")
    if not delivered or days <= 0:
        return None
    end = parse_ts(delivered) + timedelta(days=days)
    return full_date(end.isoformat(), lang) if parse_ts(now) <= end else None


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm" and frame.slots.get("_claim"):
        if fc.said("confirm"):
            return await _file(fc, frame)
        if fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(T.t(lang, "OK, I haven't filed anything.", "好的，没有提交任何申请。"), frame, "aborted",
                       {"order_id": frame.slots["_claim"].get("order_id")})
    take_slots(fc, frame)
    claim_id = str(fc.facts.get("warranty.claim_snippet", ""))
    claim = snippet_text(fc, claim_id)
    product = _product_asked(fc)
    line: dict[str, Any] | None = None
    order: dict[str, Any] | None = None
    if product is not None:
        own = _own_line(fc, product)
        if own is None:
            fc.state.finish()
            known = fc.facts.warranty_months_known(product.get("category"))
            months = known or 0
            name = str((product.get("name_zh") if lang == "zh" and product.get("name_zh") else product.get("name")) or "")
            if known is None:     # the shop states no warranty for it: say so, never a default
                return out(IT.warranty_unknown(name, None, claim, lang), frame, "done",
                           {"product": {"id": product.get("id"), "name": product.get("name")},
                            "warranty_months": None, "offer_next": {"flow": "handoff", "reason": "warranty check"}})
            return out(IT.product_warranty(name, months, claim if months > 0 else "", lang), frame, "done",
                       {"product": {"id": product.get("id"), "name": product.get("name")},
                        "warranty_months": months})
        order, line = own
        frame.slots["order_id"] = order["id"]
    else:
        carry_items(fc, frame)
        order, ask = await resolve_order(fc, frame, _eligible, "warranty", "保修")
        if ask is not None:
            return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    key = f"warranty:{order['id']}"
    from bot.dialogue import warranty_pickup as WP
    # "ok please book the warranty pickup": the claim recorded now, not explained again (fault14)
    book = WP.books(fc.turn.text)
    wants = wants_claim(fc.turn.text) or book
    if fc.state.opened.get(key) and C.CLAIM.search(fc.turn.text) and not wants:
        fc.state.finish()        # coverage already stated: the follow-up asks how to claim
        return out(claim, frame, "done", {"order": order, "snippet": f"{claim_id}-{lang}"})
    fc.state.opened[key] = "answered"
    if line is None:
        items, _ = selected_items(fc, frame, order)
        line = items[0] if items else (order.get("items") or [{}])[0]
    fc.state.last_skus = [str(line.get("sku"))] if line.get("sku") else fc.state.last_skus
    known = fc.facts.warranty_months_known(line.get("category"))
    months = known or 0
    name = shown_name(line, lang)      # the catalogue's name in the customer's language
    if not wants:
        fc.state.finish()              # (a claim asked for may wait for a yes; the engine ends the rest)
    if known is None:
        return out(IT.warranty_unknown(name, str(order["id"]), claim, lang), frame, "done",
                   {"order": order, "warranty_months": None, "snippet": f"{claim_id}-{lang}" if claim else None,
                    "offer_next": {"flow": "handoff", "reason": "warranty check"}})
    if months <= 0:
        pol = getattr(fc.tools, "policies", None)
        blocked = [str(c) for c in getattr(pol, "non_returnable_categories", []) or []]
        returnable = line.get("category") not in blocked
        ret = _until(order, int(getattr(pol, "return_window_days", 0) or 0), lang, fc.now)
        exc = _until(order, int(getattr(pol, "exchange_window_days", 0) or 0), lang, fc.now)
        return out(IT.no_warranty_options(name, str(order["id"]), returnable, ret, exc, lang), frame, "done",
                   {"order": order, "warranty_months": 0, "covered": False, "returnable": returnable,
                    "return_until": ret, "exchange_until": exc,
                    "offer_next": _offer_after_no_warranty(order, line, returnable, ret, exc)})
    delivered = order.get("delivered_at")
    until, covered, replace = None, False, False
    if delivered:
        end = parse_ts(delivered) + timedelta(days=round(months * 30.44))
        until = full_date(end.isoformat(), lang)
        covered = parse_ts(fc.now) <= end
        since = days_between(delivered, fc.now) or 0.0
        replace = covered and since <= float(fc.facts.get("warranty.replace_within_days", 0))
    if wants and covered:
        # Asked to file it: the coverage, then the claim itself after a yes (never only described).
        days = int(fc.facts.get("warranty.replace_within_days", 0) or 0)
        how = T.t(lang, f" As it's within {days} days of delivery, it can be replaced directly." if replace else "",
                  f"目前在签收后 {days} 天的直换期内，可以直接换新。" if replace else "")
        ask = T.t(lang, f" Shall I file a warranty claim for the {name} (order {order['id']}) now?{how} "
                        f"A colleague then arranges the {'replacement' if replace else 'repair or replacement'}.",
                  f"现在为{name}（订单 {order['id']}）提交保修申请吗？{how}提交后同事会安排"
                  f"{'换新' if replace else '维修或换新'}。")
        frame.slots["_claim"] = {"order_id": str(order["id"]), "sku": line.get("sku"), "replace": replace,
                                 "months": months, "until": until}
        if book:
            frame.slots["_claim"]["pickup"] = WP.pickup_said(fc.turn.text)
            return await _file(fc, frame)
        return out(T.warranty(name, order, months, until, covered, False, "", lang) + ask, frame, "confirm",
                   {"order": order, "warranty_months": months, "covered": True, "pending": "warranty_claim",
                    "direct_replacement": replace})
    return out(T.warranty(name, order, months, until, covered, replace, claim, lang), frame,
               "done", {"order": order, "warranty_months": months, "covered": covered,
                        "snippet": f"{claim_id}-{lang}"})


def _offer_after_no_warranty(order: dict[str, Any], line: dict[str, Any], returnable: bool,
                             ret: str | None, exc: str | None) -> dict[str, Any]:
    """What the closing question of a no-warranty answer proposes, so that its "yes" does it:
    the return (or exchange) still open for this line, else a colleague."""
    if returnable and (ret or exc):
        return {"flow": "return_request" if ret else "exchange_request", "order_id": str(order["id"]),
                "items": [{"order_id": str(order["id"]), "sku": str(line.get("sku")), "excluded": False}]}
    return {"flow": "handoff", "reason": "warranty: faulty item outside its windows"}
async def _file(fc: FlowContext, frame: Frame) -> Outcome:
    """The yes to "shall I file the claim?": one warranty ticket on that order, its id said."""
    lang = fc.lang
    c = dict(frame.slots["_claim"])
    order = fc.order(c.get("order_id")) or {"id": c.get("order_id"), "items": []}
    line = next((i for i in order.get("items") or [] if i.get("sku") == c.get("sku")), {"sku": c.get("sku")})
    name = shown_name(line, lang)
    lines = [f"warranty claim order={order['id']} sku={c.get('sku')} months={c.get('months')} until={c.get('until')}"
             f" direct_replacement={c.get('replace')}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    res = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "warranty",
                                       transcript, order_id=str(order["id"]))
    ticket = res.data.get("ticket_id") if res.ok else None
    fc.state.last_order_id = str(order["id"])
    fc.state.finish()
    if not ticket:
        return out(T.t(lang, "Sorry, I couldn't file the claim just now — please try again in a moment.",
                       "抱歉，暂时没能提交申请，请稍后再试。"), frame, "failed", {"order": order})
    fc.state.opened[f"warranty_claim:{order['id']}"] = str(ticket)
    guide = snippet_text(fc, str(fc.facts.get("warranty.claim_snippet", "")))
    hours = fc.facts.get("service.reply_within_hours")
    when = T.t(lang, f" A colleague replies here, usually within {hours} hours." if hours else " A colleague replies here.",
               f"同事会在这里回复您，一般 {hours} 小时内。" if hours else "同事会在这里回复您。")
    nxt = T.t(lang, f" What they'll need: {guide}" if guide else "", f"需要准备：{guide}" if guide else "")
    if c.get("pickup"):
        # the collection asked for: who moves the item, as the shop's own warranty pages say it
        # (facts14b: a customer abroad who must post it is never promised a pickup)
        from bot.dialogue import warranty_ship as WS
        texts = WS.pages(fc.knowledge, lang)
        abroad = WS.abroad_sentence(texts)
        said = [t for r, t in fc.history if r == "user"] + [fc.turn.text]
        within = T.t(lang, f", usually within {hours} hours." if hours else ".", f"，一般 {hours} 小时内。" if hours else "。")
        if abroad and WS.customer_abroad(said, abroad):
            when = T.t(lang, f" As our warranty page says: {abroad} A colleague replies here with the details"
                       + within, f"按本店保修说明：{abroad}同事会在这里回复您具体安排" + within)
        elif WS.collection_offered(texts):
            when = T.t(lang, " A colleague will arrange the pickup with you and reply here" + within,
                       "同事会和您约好上门取件的时间，并在这里回复您" + within)
        elif WS.send_sentence(texts) and WS.send_sentence(texts) not in guide:
            how = WS.send_sentence(texts)
            when = T.t(lang, f" How the item reaches us, as our warranty page says: {how} A colleague replies here"
                       + within, f"按本店保修说明：{how}同事会在这里回复您" + within)
        else:
            when = T.t(lang, " A colleague will tell you here how to send the item in" + within,
                       "同事会在这里告诉您如何寄送商品" + within)
    return out(T.t(lang, f"Done — I've filed a warranty claim for the {name} (order {order['id']}), ticket {ticket}.",
                   f"已为{name}（订单 {order['id']}）提交保修申请，工单号 {ticket}。") + when + nxt,
               frame, "done", {"order": order, "ticket": ticket, "claim": c}, handoff=False)
