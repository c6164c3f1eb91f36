"""A changed mind at a confirmation ("不要冬季的了，换成long", "not the winter one - long instead",
"forget the black, make it the grey"): an option value named under a rejection leaves the pending
change. The rejected dimension goes back to the value the order line has now, so the earlier
proposal's value is never kept and combined with the new one. General words of each language
only, never a shop's option values."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bot.shop.option_exclusions import rejected_at  # one reading of a rejection for every caller


def drop_rejected(text: str, named: Mapping[str, str], mentions: Iterable[tuple[str, str, int, int]],
                  current: Mapping[str, str]) -> dict[str, str]:
    """`named` (dimension → value the message names) with each rejected value taken out: a
    rejected dimension no other value of which is asked goes back to the line's `current` value.
    `mentions` are (dimension, value, start, end) of the message's option values."""
    out = dict(named)
    ms = list(mentions)
    bad = {(d, v) for d, v, s, e in ms if _rejected(text, s, e, ms)}
    good = {(d, v) for d, v, s, e in ms if not _rejected(text, s, e, ms)}
    for d, v in bad:
        if (d, v) in good:
            continue
        others = [gv for gd, gv in good if gd == d and gv != v]
        if others:
            out[d] = others[0]
        elif current.get(d) and current.get(d) != v:
            out[d] = str(current[d])
        else:
            out.pop(d, None)
    return out


def proposal_lines(ctx: Any) -> Iterator[dict[str, Any]]:
    """The order lines the pending proposal names: its order's lines, narrowed to the named
    (not excluded) items when it names any. One walk for every reader of the proposal."""
    oid = ctx.slots.get("order_id")
    skus = {str(i.get("sku")) for i in ctx.slots.get("items") or [] if not i.get("excluded")}
    for o in ctx.orders:
        if oid and o["id"] != oid:
            continue
        for line in o.get("items") or []:
            if not skus or str(line.get("sku")) in skus:
                yield line


def line_options(ctx: Any) -> dict[str, str]:
    """The options the pending change's line has now (the first named line of its order)."""
    for line in proposal_lines(ctx):
        return {str(k): str(v) for k, v in (line.get("options") or {}).items()}
    return {}


def mentions_of(ctx: Any, catalogue: Mapping[str, Mapping[str, Any]], text: str,
                mentions: Any) -> list[tuple[str, str, int, int]]:
    """(dimension, value, start, end) of the option values `text` names of the proposal's lines;
    `mentions(product, text)` gives (dimension, value, start)."""
    found: list[tuple[str, str, int, int]] = []
    for line in proposal_lines(ctx):
        product = catalogue.get(str(line.get("product_id"))) if catalogue else None
        if not product or not product.get("options"):
            continue
        for dim, value, start in mentions(product, text):
            end = _end(text, start)
            if (dim, value, start, end) not in found:
                found.append((dim, value, start, end))
    return found


def _end(text: str, start: int) -> int:
    """End of the word mentioned at `start` (a CJK run or a latin/digit word)."""
    m = re.match(r"[A-Za-z0-9\-']+|[\u4e00-\u9fff]+?(?=的|款|色|码|[^\u4e00-\u9fff]|$)", text[start:])
    return start + (m.end() if m and m.end() else 1)


def names_new(text: str, mentions: Iterable[tuple[str, str, int, int]], current: Mapping[str, str]) -> bool:
    """Besides a rejected value, the message names another value not the line's own ("nah not
    winter. long"): a no that goes on to ask for something else, i.e. a correction."""
    ms = list(mentions)
    bad = [m for m in ms if _rejected(text, m[2], m[3], ms)]
    return bool(bad) and any(not _rejected(text, s, e, ms) and current.get(d) != v for d, v, s, e in ms)


def _rejected(text: str, start: int, end: int, mentions: Iterable[tuple[str, str, int, int]]) -> bool:
    """`rejected_at` told where the next value starts: in "L not M" the "not" is M's, not L's."""
    later = [s for _, _, s, _ in mentions if s > end]
    nxt = min(later) if later else None
    # only an English "not" between them belongs to the next value; "白色的不要了 43码吧" rejects the white
    if nxt is None or not _NOT_NEXT.match(text[end:nxt]):
        nxt = None
    return rejected_at(text, start, end, nxt)


_NOT_NEXT = re.compile(r"\W*(?:not|never)\b(?:\s+(?:the|an?))?\W*$", re.I)


def names_other(text: str, mentions: Iterable[tuple[str, str, int, int]], current: Mapping[str, str]) -> bool:
    """The message names a value of the line that is neither rejected nor the line's own ("no,
    size XL", "no, I meant red", "不是，要L的"): after a "no" that is the new wish, a correction
    of that dimension, never a plain no that drops the change (#13 edits13)."""
    ms = list(mentions)
    return any(not _rejected(text, s, e, ms) and current.get(d) != v for d, v, s, e in ms)


def planned_options(frame_slots: Mapping[str, Any], catalogue: Mapping[str, Mapping[str, Any]] | None,
                    line: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The options the pending proposal would write for its one line: an item change's
    `swap_info`, else the exchange's `new_sku` looked up in the catalogue ({} when unknown)."""
    info = frame_slots.get("swap_info")
    if isinstance(info, Mapping) and len(info) == 1:
        return {str(k): str(v) for k, v in (next(iter(info.values())).get("options") or {}).items()}
    new_sku = frame_slots.get("new_sku")
    product = (catalogue or {}).get(str((line or {}).get("product_id") or "")) if new_sku else None
    for v in (product or {}).get("variants") or []:
        if str(v.get("sku")) == str(new_sku):
            return {str(k): str(x) for k, x in (v.get("options") or {}).items()}
    return {}


def corrected_wish(fixed: Mapping[str, Any], planned: Mapping[str, str]) -> str:
    """The wish a correction leaves: the proposal's values with the corrected dimensions replaced
    ("grey M" corrected to "L" is "frame size L , colour grey" — the colour asked earlier stays),
    each written with its dimension so a one-letter size still reads as a size."""
    merged = {**dict(planned), **{str(k): str(v) for k, v in fixed.items()}}
    return " , ".join(f"{k} {v}" for k, v in merged.items())
