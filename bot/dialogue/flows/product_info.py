"""Product info: options, price and stock from the shop's catalogue; the product's help-centre
page when the shop has no catalogue entry for it. Nothing is invented: no match, a question.

Steps: start → done | ask_product.
"""
from __future__ import annotations

from bot import replies as R
from bot.dialogue import matching as M
from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext, out
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

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


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    hits = find_products(fc.turn.text, fc.catalogue)
    if not hits and frame.slots.get("product_id"):
        p = fc.catalogue.get(frame.slots["product_id"])
        hits = [(1.0, p)] if p else []
    if hits and (len(hits) == 1 or hits[0][0] - hits[1][0] >= 0.35):
        p = hits[0][1]
        frame.slots["product_id"] = p.get("id")
        name = (p.get("name_zh") if lang == "zh" and p.get("name_zh") else p.get("name")) or ""
        currency = next((o.get("currency") for o in fc.orders if o.get("currency")), None)
        fc.state.finish()
        return out(T.product_info(str(name), p.get("options") or {}, p.get("variants") or [], currency, lang), frame,
                   "done", {"product": {"id": p.get("id"), "name": p.get("name")}})
    if len(hits) > 1:
        names = [str((h[1].get("name_zh") if lang == "zh" else None) or h[1].get("name")) for h in hits[:3]]
        return out(R.t(lang, f"Do you mean {' or '.join(names)}?", f"请问是{'还是'.join(names)}？"), frame,
                   "ask_product", {"candidates": names})
    best = next((s for s in fc.snippets if getattr(s, "score", 0) >= SNIPPET_FLOOR
                 and getattr(s, "lang", lang) == lang), None)
    if best is not None:
        fc.state.finish()
        return out(R.knowledge_answer(lang, best.text), frame, "done", {"snippet": best.id})
    frame.asked += 1
    return out(T.not_sold(lang), frame, "ask_product")
