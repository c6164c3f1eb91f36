"""Product info: options, price and stock from the shop's catalogue; the product's help-centre
page when the shop has no catalogue entry for it. Nothing is invented: no match, a question.

Prices are in the customer's currency (the currency of their orders) when the catalogue lists
one, otherwise in the variant's own currency with its own sign. A follow-up that names only
options ("what about black 45mm?", "how much is the green one") is about the product talked
about last; several values of one dimension ("41mm or 45mm") compare those versions.

Steps: start → done | ask_product.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import info_texts as IT
from bot.dialogue import matching as M
from bot.dialogue.flows.base import FlowContext, out
from bot.dialogue.info_cues import PICK
from bot.dialogue.info_texts import price_in
from bot.dialogue.legacy import Outcome
from bot.dialogue.product_questions import _PER_UNIT as PER_UNIT
from bot.dialogue.product_questions import compared_values, compares_versions, price_gap, size_step
from bot.dialogue.state import Frame
from bot.dialogue.stock_offer import change_offer, offer_question
from bot.lang.replies import knowledge_answer

NAME = "product_info"
SNIPPET_FLOOR = 3.0      # a help-centre page must score at least this to stand in for the catalogue
CLEAR_LEAD = 0.35        # a product name this far ahead of the next one is the one meant
# Two products in one question ("the speaker or the headphones", "充电宝和耳机"): a comparison.
COMPARE = re.compile(r"(\bvs\.?\b|\bversus\b|\bcompare\b|\bdifference\b|\bor\b|\band\b|和|跟|还是|区别|对比)", re.I)
HEAD_NOUN = 2.0          # a name match below this is a lone modifier word ("wireless"), not the product



def _one_cheapest(variants: list[dict[str, Any]], currency: str | None) -> bool:
    """A single version is the cheapest of those shown (no tie at the lowest price)."""
    prices = sorted(str(price_in(v, currency)[0]) for v in variants)
    try:
        low = sorted(float(p) for p in prices)
    except ValueError:
        return False
    return len(low) >= 2 and low[0] < low[1]

def find_products(text: str, catalogue: Mapping[str, Mapping[str, Any]]) -> list[tuple[float, dict]]:
    """Catalogue products the text names (either language, head nouns, generic synonyms), best first."""
    t = M.norm(text)
    hits = []
    for p in catalogue.values():
        names = [str(p.get(k) or "") for k in ("name", "name_zh")] + [str(v) for v in (p.get("names") or {}).values()]
        best = 0.0
        for surface, w in M.surfaces(names).items():
            if M._occurrences(surface, t):
                best = max(best, w + 0.01 * len(surface))
        if best:
            hits.append((best, dict(p)))
    hits.sort(key=lambda h: -h[0])
    return hits


def _squash(s: str) -> str:
    return M.norm(s).replace(" ", "").replace("-", "")


def option_values(product: Mapping[str, Any], text: str) -> dict[str, list[str]]:
    """Every option value of `product` the text names, per dimension, in the catalogue's
    spelling: "3 person" → capacity 3-person, "黑色" → color black, "41mm or 45mm" → both."""
    from types import SimpleNamespace

    from bot.shop.catalog import option_mentions
    named: dict[str, list[str]] = {}
    # option_mentions reads only `.options`: the catalogue's plain dict is enough.
    opts = SimpleNamespace(options={k: tuple(map(str, v)) for k, v in (product.get("options") or {}).items()})
    for dim, value, _ in option_mentions(opts, text):  # type: ignore[arg-type]
        if value not in named.setdefault(dim, []):
            named[dim].append(value)
    t = _squash(text)
    for dim, values in (product.get("options") or {}).items():
        if dim in named:
            continue
        for v in sorted(values, key=lambda x: -len(str(x))):
            sv = _squash(str(v))
            if len(sv) >= 2 and sv in t and not any(sv in _squash(o) for o in named.get(dim, [])):
                named.setdefault(dim, []).append(str(v))
    return named


def options_named(product: Mapping[str, Any], text: str) -> dict[str, str]:
    """One value per dimension (the first named): kept for callers that want a single version."""
    return {k: v[0] for k, v in option_values(product, text).items()}


def matching_variants(product: Mapping[str, Any], named: Mapping[str, Sequence[str]]) -> list[dict]:
    wanted = {k: {M.norm(x) for x in v} for k, v in named.items()}
    return [dict(v) for v in product.get("variants") or []
            if all(M.norm(str((v.get("options") or {}).get(k, ""))) in vals for k, vals in wanted.items())]


def alternatives(product: Mapping[str, Any], named: Mapping[str, Sequence[str]]) -> list[dict]:
    """In-stock versions that differ from what was asked in one dimension only."""
    out: list[dict] = []
    for dim in named:
        rest = {k: v for k, v in named.items() if k != dim}
        for v in matching_variants(product, rest):
            if int(v.get("stock") or 0) > 0 and v not in out:
                out.append(v)
    return out


def customer_currency(orders: Sequence[Mapping[str, Any]]) -> str | None:
    """The currency the customer shops in: that of their latest order."""
    dated = [o for o in orders if o.get("currency")]
    if not dated:
        return None
    return str(max(dated, key=lambda o: str(o.get("placed_at") or "")).get("currency"))


def shop_currency(catalogue: Mapping[str, Mapping[str, Any]], orders_currency: str | None = None) -> str | None:
    """The catalogue's own currency: the most common variant currency; a catalogue that records
    none prices in the currency of its orders (the fixture's rule), so `orders_currency`; no
    catalogue: unknown (None)."""
    seen: dict[str, int] = {}
    for p in catalogue.values():
        for v in p.get("variants") or []:
            if v.get("currency"):
                seen[str(v["currency"])] = seen.get(str(v["currency"]), 0) + 1
    if seen:
        return max(seen, key=lambda k: seen[k])
    return orders_currency if catalogue else None


async def price_currency(fc: FlowContext) -> str | None:
    """The currency to show catalogue prices in: the customer's own orders', else the shop's
    (most of its orders'), so a stranger in a franc shop reads francs, never a bare number or
    another shop's currency."""
    mine = customer_currency(fc.orders)
    if mine:
        return mine
    shop = getattr(fc.tools, "shop", None)
    main = getattr(getattr(shop, "store", shop), "main_currency", None)
    if main is None:             # a backend without it: the catalogue's own currency, if any
        return shop_currency(fc.catalogue)
    return await main() or shop_currency(fc.catalogue)


def _name(p: Mapping[str, Any], lang: str) -> str:
    return str((p.get("name_zh") if lang == "zh" and p.get("name_zh") else p.get("name")) or "")


def _pick(fc: FlowContext, frame: Frame) -> tuple[dict | None, list[tuple[float, dict]]]:
    """The product meant: named now (with its options as tie-breaker), else the one talked about."""
    text = fc.turn.text
    hits = find_products(text, fc.catalogue)
    given = fc.slots_given().get("product_id") or frame.slots.get("product_id") or fc.state.opened.get("product")
    last = fc.catalogue.get(str(given or ""))
    if last is not None and (not hits or hits[0][0] < HEAD_NOUN) and option_values(last, text):
        # "any wireless ones?" after the keyboard: its options, not another product's modifier word.
        return dict(last), []
    if len(hits) > 1 and hits[0][0] - hits[1][0] < CLEAR_LEAD:
        # "the tent in orange": only one of the close candidates has the option value named.
        with_opts = [h for h in hits if h[0] >= hits[0][0] - CLEAR_LEAD and option_values(h[1], text)]
        if len(with_opts) == 1:
            return with_opts[0][1], hits
        return None, hits
    if hits:
        return hits[0][1], hits
    if last is None:
        # "800W vs 1200W", "大号和中号哪个贵" inside a change: option values alone name a product
        # of this conversation (the order talked about, then the customer's other orders).
        own = _by_options_of_conversation(fc, text)
        if own is not None:
            return own, []
    return (dict(last) if last else None), []


def _by_options_of_conversation(fc: FlowContext, text: str) -> dict | None:
    """The one product of the conversation's orders whose option values the text names: the
    order of the open (or paused) flow or talked about last first, then all the customer's
    orders; None when none or several fit equally."""
    frames = [f for f in [fc.state.frame, *fc.state.paused] if f is not None]
    first = [str(f.slots.get("order_id")) for f in frames if f.slots.get("order_id")]
    if fc.state.last_order_id:
        first.append(str(fc.state.last_order_id))
    tiers = [[o for o in fc.orders if str(o.get("id")) in first], list(fc.orders)]
    for orders in tiers:
        ids = list(dict.fromkeys(str(i.get("product_id")) for o in orders for i in o.get("items") or []
                                 if i.get("product_id")))
        fits = [fc.catalogue[p] for p in ids if p in fc.catalogue and option_values(fc.catalogue[p], text)]
        if len(fits) > 1:
            # Several products have such values: the one with most of them named, if it leads.
            counts = sorted(((sum(len(v) for v in option_values(p, text).values()), p) for p in fits),
                            key=lambda c: -c[0])
            fits = [counts[0][1]] if counts[0][0] > counts[1][0] else []
            return dict(fits[0]) if fits else None
        if fits:
            return dict(fits[0])
    return None


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    strong = [h[1] for h in find_products(fc.turn.text, fc.catalogue) if h[0] >= HEAD_NOUN]
    if len(strong) > 1 and (PICK.search(fc.turn.text) or COMPARE.search(fc.turn.text)):
        # "充电宝和耳机哪个便宜": both asked about — compare them, don't ask which.
        close = strong[:3]
        currency = await price_currency(fc)
        rows = [(_name(p, lang), IT.price_range(list(p.get("variants") or []), currency, lang)) for p in close]
        cheapest = min(close, key=lambda p: min((float(price_in(v, currency)[0] or 0) for v in p.get("variants") or []),
                                                default=0.0))
        fc.state.finish()
        return out(IT.products_compared(rows, _name(cheapest, lang) if PICK.search(fc.turn.text) else "", lang),
                   frame, "done", {"products": [p.get("id") for p in close]})
    product, hits = _pick(fc, frame)
    helped = _help_answer(fc, frame, product)
    if helped is not None:
        return helped
    if product is not None:
        frame.slots["product_id"] = product.get("id")
        fc.state.opened["product"] = str(product.get("id"))
        name = _name(product, lang)
        currency = await price_currency(fc)
        variants = list(product.get("variants") or [])
        named = option_values(product, fc.turn.text)
        if not named:
            # "這款有大一號的嗎": the size after the customer's own line of this product (records14)
            owned = [i for o in fc.orders for i in o.get("items") or [] if i.get("product_id") == product.get("id")]
            named = size_step(fc.turn.text, product, owned)
        fc.state.finish()
        facts: dict[str, Any] = {"product": {"id": product.get("id"), "name": product.get("name")},
                                 "currency": currency}
        listed = [v for v in variants if str(v.get("sku")) in
                  str(fc.state.opened.get("product_variants") or "").split(",")]
        if not named and listed and not hits and PICK.search(fc.turn.text):
            # "the cheaper one" / "the second one": among the versions just listed.
            picked = M.pick_candidate(fc.turn.text, [{"price": price_in(v, currency)[0]} for v in listed])
            if len(picked) == 1:
                v = listed[picked[0]]
                named = {k: [str(x)] for k, x in (v.get("options") or {}).items()}
        if named and len(variants) > 1:
            chosen = matching_variants(product, named)
            alts = alternatives(product, named)
            facts.update(options=named, variants=[v.get("sku") for v in chosen])
            fc.state.opened["product_variants"] = ",".join(str(v.get("sku")) for v in chosen)
            answer = IT.variants_answer(name, named, chosen, alts, currency, lang)
            # "有的 白色M码有货" → "好 那换成这个": the yes changes the customer's line to this version.
            offer = change_offer(product, chosen, fc.orders, fc.state.last_order_id)
            if offer is not None:
                facts["offer_next"] = offer
            verdict = compared_values(fc.turn.text, {k: list(v) for k, v in named.items()}, chosen, currency, lang) \
                if len(chosen) >= 2 and (PICK.search(fc.turn.text) or PER_UNIT.search(fc.turn.text)) else None
            if verdict is not None and not PER_UNIT.search(fc.turn.text) and _one_cheapest(chosen, currency):
                verdict = None                # one version clearly cheapest: named as before (the_one)
            if verdict is not None:
                # "is the 4-pack cheaper per bulb than the 2-pack?", "cheaper in black than navy?":
                # the values compared (per unit when asked), or that they cost the same (records14)
                answer += verdict
            elif len(chosen) >= 2 and PICK.search(fc.turn.text):
                # "which is cheaper, the 10 or the 12 inch?": say which, not only the list.
                idx = M.pick_candidate(fc.turn.text, [{"price": price_in(v, currency)[0]} for v in chosen])
                if len(idx) == 1:
                    answer += IT.the_one(chosen[idx[0]], currency, lang)
            if compares_versions(fc.turn.text):
                # "how much more is the 40oz than the 32oz": the difference itself, not only the list.
                answer += price_gap(chosen, currency, lang, list(named))
            if offer is not None and not compares_versions(fc.turn.text):
                answer += offer_question(offer, product, fc.orders, lang)   # last: the yes answers it
            elif offer is not None:
                facts.pop("offer_next", None)
            return out(answer, frame, "done", facts)
        fc.state.opened["product_variants"] = ",".join(str(v.get("sku")) for v in variants)
        overview = IT.product_overview(name, product.get("options") or {}, variants, currency, lang)
        if compares_versions(fc.turn.text):
            overview += price_gap(variants, currency, lang)
        return out(overview, frame, "done", facts)
    if len(hits) > 1:
        names = [_name(h[1], lang) for h in hits[:3]]
        frame.slots["candidates_products"] = [h[1].get("id") for h in hits[:3]]
        return out(IT.ask_which_product(names, lang), frame, "ask_product", {"candidates": names})
    from bot.dialogue import relevance
    # Only a page about a kind of product stands in for the catalogue (never a refund policy):
    # its `products:` header names kinds (`[]`: a general page), else its product-kind tags.
    best = next((s for s in fc.snippets if getattr(s, "score", 0) >= SNIPPET_FLOOR
                 and getattr(s, "lang", lang) == lang and relevance.kinds(s)), None)
    if best is not None:
        fc.state.finish()
        return out(knowledge_answer(lang, best.text), frame, "done", {"snippet": best.id})
    frame.asked += 1
    return out(IT.not_in_catalogue(lang), frame, "ask_product")


def _help_answer(fc: FlowContext, frame: Frame, product: Mapping[str, Any] | None) -> Outcome | None:
    """A size or safety question: the product's own page (size guide, plug rule), else its sizes
    from the catalogue — never the version list alone (product_help)."""
    from bot.dialogue import product_help
    asked = frame.slots.get("product_question") or product_help.kind(fc.turn.text)
    if not asked:
        return None
    if product is None and fc.state.opened.get("product"):
        product = fc.catalogue.get(str(fc.state.opened["product"]))
    if product is None:
        skus = {str(i.get("sku")) for i in fc.slots_given().get("items") or []
                if isinstance(i, dict) and not i.get("excluded")}
        product = next((dict(p) for p in fc.catalogue.values()
                        if any(str(v.get("sku")) in skus for v in p.get("variants") or [])), None)
    got = product_help.answer(str(asked), product, fc.snippets, fc.turn.text, fc.lang)
    if got is None:
        return None
    text, page_id = got
    if product is not None:
        frame.slots["product_id"] = product.get("id")
        fc.state.opened["product"] = str(product.get("id"))
    fc.state.finish()
    facts: dict[str, Any] = {"asked": asked}
    if page_id:
        facts["snippet"] = page_id
    if product is not None:
        facts["product"] = {"id": product.get("id"), "name": product.get("name")}
    return out(text, frame, "done", facts)
