"""Product info: options, price and stock from the shop's catalogue; the product's help-centre
page when the shop has no catalogue entry for it. Nothing is invented: no match, a question.

Steps: start → done | ask_product.
"""
from __future__ import annotations

from bot.dialogue import matching as M
from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext, out
from bot.dialogue.legacy import Outcome
from bot.dialogue.prices import priced
from bot.dialogue.state import Frame
from bot.lang import replies as R

NAME = "product_info"
SNIPPET_FLOOR = 3.0      # a help-centre page must score at least this to stand in for the catalogue


def find_products(text: str, catalogue: dict[str, dict]) -> list[tuple[float, dict]]:
    t = M.norm(text)
    hits = []
    for p in catalogue.values():
        names = [str(p.get(k) or "") for k in ("name", "name_zh")] + [str(v) for v in (p.get("names") or {}).values()]
        best = 0.0
        for surface, w in M.surfaces(names).items():
            if M._occurrences(surface, t):
                best = max(best, w + 0.01 * len(surface))
        if best:
            hits.append((best, p))
    hits.sort(key=lambda h: -h[0])
    return hits


def _squash(s: str) -> str:
    return M.norm(s).replace(" ", "").replace("-", "")


def options_named(product: dict, text: str) -> dict[str, str]:
    """Option values of `product` the text names ("3 person" → capacity 3-person, "40oz")."""
    t = _squash(text)
    named: dict[str, str] = {}
    for dim, values in (product.get("options") or {}).items():
        for v in sorted(values, key=lambda x: -len(str(x))):
            if len(_squash(str(v))) >= 2 and _squash(str(v)) in t:
                named[dim] = str(v)
                break
    return named


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    hits = find_products(fc.turn.text, fc.catalogue)
    last = fc.state.opened.get("product")
    if not hits and (frame.slots.get("product_id") or last):
        # "how much is the 3 person one": the product talked about last.
        p = fc.catalogue.get(frame.slots.get("product_id") or last or "")
        hits = [(1.0, p)] if p else []
    if hits and (len(hits) == 1 or hits[0][0] - hits[1][0] >= 0.35):
        p = hits[0][1]
        frame.slots["product_id"] = p.get("id")
        fc.state.opened["product"] = str(p.get("id"))
        name = (p.get("name_zh") if lang == "zh" and p.get("name_zh") else p.get("name")) or ""
        # Prices in the customer's orders' currency when the catalogue has them, else in its own.
        variants, currency = priced(list(p.get("variants") or []),
                                    next((o.get("currency") for o in fc.orders if o.get("currency")), None))
        named = options_named(p, fc.turn.text)
        fc.state.finish()
        if named:
            chosen = [v for v in variants if all(str(v.get("options", {}).get(k)) == val for k, val in named.items())]
            return out(T.variant_info(str(name), named, chosen, currency, lang), frame, "done",
                       {"product": {"id": p.get("id"), "name": p.get("name")}, "options": named})
        return out(T.product_info(str(name), p.get("options") or {}, variants, currency, lang), frame,
                   "done", {"product": {"id": p.get("id"), "name": p.get("name")}})
    if len(hits) > 1:
        names = [str((h[1].get("name_zh") if lang == "zh" else None) or h[1].get("name")) for h in hits[:3]]
        return out(R.t(lang, f"Do you mean {' or '.join(names)}?", f"请问是{'还是'.join(names)}？"), frame,
                   "ask_product", {"candidates": names})
    from bot.dialogue.engine import _TOPIC_TAGS
    # Only a page about a kind of product stands in for the catalogue (never a refund policy).
    best = next((s for s in fc.snippets if getattr(s, "score", 0) >= SNIPPET_FLOOR
                 and getattr(s, "lang", lang) == lang
                 and any(str(t).lower() not in _TOPIC_TAGS for t in getattr(s, "tags", []) or [])), None)
    if best is not None:
        fc.state.finish()
        return out(R.knowledge_answer(lang, best.text), frame, "done", {"snippet": best.id})
    frame.asked += 1
    return out(T.not_sold(lang), frame, "ask_product")
