"""One product word that fits several lines of an order ("the skillet" on an order of a 12 inch
and a 10 inch skillet) told apart by the option value said with it: "take the 12 inch skillet
off", "把不锈钢煎锅去掉", "change the navy jacket to black" name the line that has that value
(#13 edits13: the tie was read as every line, so a removal of one became a cancel of the whole
order). Only values said before the change's target count ("… to black" is the wish, not the
line). Read from the order's lines and the shop's catalogue, never a word list."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M
from bot.dialogue.line_by_value import _TARGET, _view

_UNITS_OF = re.compile(r"\b(?:one|two|\d+) of (?:the|my|those|these)\b|其中", re.I)


def _head(text: str) -> str:
    t = M.norm(text or "")
    target = _TARGET.search(t)
    return t[:target.start()] if target and t[:target.start()].strip() else t


def narrow(text: str, refs: Sequence[M.ItemRef], orders: Sequence[Mapping[str, Any]],
           catalogue: Mapping[str, Mapping[str, Any]]) -> list[M.ItemRef]:
    """`refs` with each tie (one mention matching several lines of one order, none kept) cut to
    the lines whose own option value the message names, when that is some but not all of them."""
    refs = one_phrase(text, wish_not_line(text, list(refs), orders))
    if not catalogue or len(refs) < 2 or _UNITS_OF.search(text or ""):
        # ("take one of the 10 inch skillets off", "其中一个": units of a line, read by the
        # quantity path with the tie as it is — narrowing there changes its route; left as is)
        return refs
    from bot.shop.catalog import option_mentions
    head = _head(text)
    groups: dict[tuple[str, int], list[M.ItemRef]] = {}
    for r in refs:
        if not r.excluded:
            groups.setdefault((r.order_id, r.start), []).append(r)
    drop: set[tuple[str, str]] = set()
    for (oid, _), tied in groups.items():
        if len(tied) < 2:
            continue
        order = next((o for o in orders if str(o.get("id")) == oid), None)
        lines = {str(ln.get("sku")): ln for ln in (order or {}).get("items") or []}
        owns = {r.sku: {str(k): M.norm(str(v)) for k, v in ((lines.get(r.sku) or {}).get("options") or {}).items()}
                for r in tied}
        named: set[tuple[str, str]] = set()
        for r in tied:
            product = catalogue.get(str((lines.get(r.sku) or {}).get("product_id") or ""))
            if product and product.get("options"):
                named |= {(d, M.norm(v)) for d, v, _ in option_mentions(_view(product), head)}
        # a value every tied line shares tells nothing; one some of them have names those
        telling = {(d, v) for d, v in named if not all(o.get(d) == v for o in owns.values())}
        score = {sku: sum(1 for d, v in telling if o.get(d) == v) for sku, o in owns.items()}
        best = max(score.values(), default=0)
        keep = [r for r in tied if best and score[r.sku] == best]
        if 0 < len(keep) < len(tied):
            drop |= {(r.order_id, r.sku) for r in tied if r not in keep}
    return [r for r in refs if r.excluded or (r.order_id, r.sku) not in drop]


# Where a change's wish starts: a change word only ("in" may say where, "要" may be "不要").
_WISH = re.compile(r"\b(?:to|into|instead)\b|换成|改成|改为|变成|换个")


def wish_not_line(text: str, refs: list[M.ItemRef], orders: Sequence[Mapping[str, Any]]) -> list[M.ItemRef]:
    """"change the navy jacket to black" on an order of a navy and a black jacket: "black" after
    the change's target is the wish, not the other line — a line named only after the target,
    when one is named before it, is dropped if it is the same product or was named only by one
    of its option values ("change the helmet to black" never picks the matte black bike)."""
    t = M.norm(text or "")
    target = _WISH.search(t)
    if not target or len(refs) < 2:
        return refs
    lines = {(str(o.get("id")), str(ln.get("sku"))): ln for o in orders for ln in o.get("items") or []}

    def product(r: M.ItemRef) -> str:
        return str((lines.get((r.order_id, r.sku)) or {}).get("product_id") or "")

    def by_value(r: M.ItemRef) -> bool:
        # "change the helmet to black": "black" named the bike only by its colour
        said = t[r.start:r.end].strip() if r.end > r.start else ""
        own = {M.norm(str(v)) for v in ((lines.get((r.order_id, r.sku)) or {}).get("options") or {}).values()}
        return bool(said) and any(said == o or said in o.split() for o in own)   # "black" of "matte black"

    first = [r for r in refs if not r.excluded and r.start < target.start()]
    before = {(r.order_id, product(r)) for r in first}
    return [r for r in refs if r.excluded or r.start < target.start()
            or any(b.sku == r.sku and b.order_id == r.order_id for b in first)
            or ((r.order_id, product(r)) not in before and not (first and by_value(r)))]


# Between two parts of one mention: blanks, "的", a hyphen.
_JOIN = re.compile(r"[\s的\-]*")


def one_phrase(text: str, refs: Sequence[M.ItemRef]) -> list[M.ItemRef]:
    """"can I get the navy jacket in L instead" on a navy and a black jacket: the navy line is
    named by "navy jacket"; the black one only by the noun "jacket" of that same phrase, so it is
    not named at all (edits14: it was, and the first line of the order took the change). A weaker
    reading of a line that starts where a stronger one of the same order ends is dropped."""
    t = M.norm(text or "")
    out: list[M.ItemRef] = []
    for r in refs:
        inside = any(s is not r and s.order_id == r.order_id and not s.excluded and not r.excluded
                     and s.end >= 0 and s.start < r.start and s.score >= r.score + 1.0
                     and _JOIN.fullmatch(t[s.end:r.start]) is not None for s in refs)
        if not inside:
            out.append(r)
    return out

