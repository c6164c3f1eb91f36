"""Part of a line changed to another variant ("one of the two to 2TB", "其中一个换成冬季款"): the
count given with an option change names the units that change, the rest of the line stays as
ordered. The count survives ask -> confirm -> write as a split: two swaps of the same line (the
kept units to the same sku, the changed units to the new one), which the shop policy takes as a
partition of the line. A count said as a reduction ("I only need one", "instead of two", "少要")
is not a split: the line gets fewer units (the older reading, unchanged)."""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import matching as M

# A count said as fewer units overall, not as "some of them change".
_FEWER = re.compile(r"\bonly (?:need|want)\b|\binstead of\b|\brather than\b|不要\s*[一二两三四五六七八九\d]|\bis enough\b|\btoo many\b|\bfewer\b|\bless\b|"
                    r"少要|只需要|就够|够了|太多|减少|减到", re.I)
_ZH_NUM = "一二两三四五六七八九"
# "其中一个", "改一件", "换一个", "一个换成": a count of the units that change, in Chinese.
_ZH_PART = re.compile(rf"其中([{_ZH_NUM}\d])\s*[个件台只双套瓶条支张块]?|"
                      # ("换一个尺寸" / "换个颜色" is another value of a dimension, no count: keep13)
                      rf"(?:改|换)\s*([{_ZH_NUM}\d])\s*[个件台只双套瓶条支张块](?!\s*(?:尺寸|尺码|码数|号码|颜色|规格|型号|版型|款式|大小))|"
                      rf"([{_ZH_NUM}\d])\s*[个件台只双套瓶条支张块]\s*(?:改成|换成|改为|换为)")

_ZH_OF_THEM = re.compile(rf"其中\s*([{_ZH_NUM}\d])")


def _num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}.get(s)


def units_named(text: str, ordered: int) -> int | None:
    """How many units of an `ordered`-unit line `text` says change (None: it does not say).
    "其中一件" wins over a count of the whole line in the same message ("两件T恤其中一件换成L码":
    one, not two): it is the one form that can only name a part."""
    part = _ZH_OF_THEM.search(text or "")
    q = _num(part.group(1)) if part else M.quantity_for(text, ordered)
    if q is None:
        m = _ZH_PART.search(text or "")
        if m:
            q = _num(next(g for g in m.groups() if g))
    if q is not None:
        q = min(q, ordered)
    return q if q and q > 0 else None


# Words that say the count is a part of the line: "one of the two", "1 of my 2", "the other one",
# "其中", "另一个".
_PART = re.compile(r"\b(?:one|two|three|\d{1,2})\s+of\s+(?:the|my|them|those|these|our)\b|\bthe other\b|"
                   r"\bthe rest\b|其中|另一|另外一|其余|其他的?不变", re.I)


def kept_units(text: str, ordered: int, qty: int | None, changes_variant: bool) -> int:
    """Units of the line that stay as ordered when `qty` of them change variant (0: no split).
    A split needs the count said as a part ("one of the two", "其中一个") or said before the
    change's target ("swap just one for the winter one", "改一件成2TB"); a count inside the target
    ("change it to one black one", "改成一个黑色的") is the line's new size, not a part of it."""
    if not changes_variant or not qty or qty >= ordered or _FEWER.search(text or ""):
        return 0
    t = M.norm(text or "")
    target = M._TARGET.search(t)
    head = t[:target.start()] if target else t
    if not (_PART.search(t) or units_named(head, ordered)):
        return 0
    return ordered - qty


def split_swaps(sku: str, qty: int, new_sku: str, keep: int) -> list[dict[str, Any]]:
    """The swaps that write `qty` units of `sku` as `new_sku` and keep `keep` as ordered."""
    swaps = [{"sku": sku, "qty": keep, "new_sku": sku}] if keep else []
    return [*swaps, {"sku": sku, "qty": qty, "new_sku": new_sku}]


def split_text(name_en: str, name_zh: str, ordered: int, qty: int, opts_en: str, opts_zh: str) -> tuple[str, str]:
    """The confirmation words of a split: which units change, and that the rest stay."""
    keep = ordered - qty
    en = (f"{qty} of the {ordered} × {name_en} → {opts_en} (the other {keep} stay{'s' if keep == 1 else ''} "
          f"as ordered)")
    zh = f"{name_zh} ×{ordered} 中的 {qty} 件改为 {opts_zh}（其余 {keep} 件保持不变）"
    return en, zh


def exchanged_units(text: str, ordered: int) -> int | None:
    """The units of an `ordered`-unit delivered line an exchange takes when `text` says a part
    ("exchange one of the two shirts", "其中一件换成L码", "换一件…另一件不用换"); None when it
    names no part, so the whole line goes. The other units stay with the customer as they are."""
    q = units_named(text, ordered)
    if q is None or not kept_units(text, ordered, q, True):
        return None
    return q


# "one of each colour", "one white and one navy", "一件白色一件藏青色", "白色藏青色各一件": the units
# of one line split between two values of one dimension (#13, scope12) — the quantity stays.
_EACH = re.compile(r"\bone of each\b|\beach (?:colou?r|size|version|one)\b|"
                   r"\b(?:one|1)\b[^.?!;]{1,40}?(?:\band\b|,|&|\+|\bthe other\b)\s*(?:keep\s+)?(?:the other(?: one)?|one|1)\b|"
                   r"[一1]\s*[个件台只双套瓶条支]\s*[^，。,.!?！？；]{1,12}?[一1另]\s*[个件台只双套瓶条支]|各\s*[一1]|各要",
                   re.I)


def each_split(text: str, line: dict[str, Any], catalogue: dict[str, dict[str, Any]] | Any) -> str | None:
    """The new value ("to navy") when `text` splits a line of two or more units "one of each" between the
    line's own value and one other value of the same dimension; None otherwise (one value named,
    two new values, or no "one … one" said)."""
    if int(line.get("ordered") or line.get("qty") or 1) < 2 or not _EACH.search(text or ""):
        return None
    product = (catalogue or {}).get(str(line.get("product_id") or ""))
    if not product or not product.get("options"):
        return None
    from bot.dialogue.classic import _mentions
    own = {str(k): M.norm(str(v)) for k, v in (line.get("options") or {}).items()}
    by_dim: dict[str, list[str]] = {}
    for dim, value, _ in _mentions(product, text):
        if value not in by_dim.setdefault(dim, []):
            by_dim[dim].append(value)
    for dim, values in by_dim.items():
        if len(values) == 2 and own.get(dim) in {M.norm(v) for v in values}:
            # "to L": said as a target, so a one-letter value is read as one (catalog.option_mentions)
            return "to " + next(v for v in values if M.norm(v) != own.get(dim))
    return None


# "the one I keep should be Thunderbolt", "and the other one in black", "留下的那件要黑色", "另一件换成S":
# words that point at the units a split keeps (edits14).
_KEPT_PART = re.compile(r"\bthe (?:one|ones|units?|pieces?) (?:i(?:'m| am)? keep(?:ing)?|that stays?|staying|left)\b|"
                        r"\bthe other (?:one|ones|two|three|four|unit|units|\d+)\b|\bthe rest\b|\bthe remaining (?:one|ones|\w+)\b|"
                        r"\bthe one (?:i'?m )?not (?:changing|swapping)\b|"
                        r"留下的|留着的|保留的|剩下的|其余的?|另一|另外[一的]|不换的|不改的|没换的", re.I)


def kept_part(text: str) -> bool:
    """Does a message at a split's confirmation speak of the units the split keeps?"""
    return bool(_KEPT_PART.search(M.norm(text or "")))


def split_of(swaps: Any) -> tuple[str, int, str, int] | None:
    """(sku, kept units, new sku, changed units) of a split waiting for its yes (None: no split)."""
    if not isinstance(swaps, list) or len(swaps) != 2:
        return None
    kept, changed = swaps
    if kept.get("sku") != changed.get("sku") or kept.get("new_sku") != kept.get("sku") \
            or changed.get("new_sku") == changed.get("sku"):
        return None
    return str(kept["sku"]), int(kept["qty"]), str(changed["new_sku"]), int(changed["qty"])


def both_parts_text(name_en: str, name_zh: str, ordered: int, qty: int, opts_en: str, opts_zh: str,
                    kept_en: str, kept_zh: str) -> tuple[str, str]:
    """The confirmation words when both parts of a line change: the units asked first, and the
    units that were to stay, each to its own version."""
    keep = ordered - qty
    en = f"{qty} of the {ordered} × {name_en} → {opts_en}, the other {keep} → {kept_en}"
    zh = f"{name_zh} ×{ordered} 中的 {qty} 件改为 {opts_zh}，另外 {keep} 件改为 {kept_zh}"
    return en, zh
