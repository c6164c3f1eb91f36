"""A question comparing the prices of a product's versions ("what's the price difference between
the two versions of the headphones", "how much more is the 40oz than the 32oz", "5L的比3L的贵多少")
is product information from the catalogue — never a price-drop claim on the customer's order, nor
a change of their line (#13, scope12). Said of a purchase ("I paid", "went down", "差价退给我")
it stays the price-drop question. No product words here: only how a comparison is asked."""
from __future__ import annotations

import re
from typing import Any

_COMPARE_EN = re.compile(r"\b(?:price difference|difference in (?:the )?price|how much (?:more|less|extra|cheaper|"
                         r"dearer|pricier)|price gap|cost difference|difference in cost)\b", re.I)
_BETWEEN_EN = re.compile(r"\b(?:between|than|vs\.?|versus|compared|and|or|versions?|models?|sizes?|options?|"
                         r"variants?|ones)\b", re.I)
_COMPARE_ZH = re.compile(r"(差多少|贵多少|便宜多少|差几块|差价是?多少|价格差|价差|差了?多少钱|贵了?多少钱)")
_BETWEEN_ZH = re.compile(r"(和|跟|与|比|两个|两款|两种|两版|版本|哪个)")
# Said of what was bought: the price-drop question (flows/payment), not a catalogue comparison.
_PURCHASE = re.compile(r"\b(?:i|we) (?:bought|paid|ordered|purchased|got)\b|\bcharged\b|\bafter (?:i|we)\b|"
                       r"\bsince (?:i|we)\b|\bwent down\b|\bdropped\b|\bon sale\b|\b(?:back|refund)\b|"
                       r"买了|下单|付了|降价|打折|促销|退给|补给|返给|补差|退差", re.I)


def compares_versions(text: str) -> bool:
    """The message asks how the prices of versions (or products) differ, not about a purchase."""
    t = text or ""
    if _PURCHASE.search(t):
        return False
    return bool((_COMPARE_EN.search(t) and _BETWEEN_EN.search(t)) or (_COMPARE_ZH.search(t) and _BETWEEN_ZH.search(t)))


def price_gap(variants: list[dict], currency: str | None, lang: str, dims: list[str] | None = None) -> str:
    """The sentence a price comparison ends on: lowest and highest price of the versions shown
    and their difference ("" when they cost the same or have no price); with `dims` (the options
    the question compares), the one difference between versions that differ only in those."""
    from decimal import Decimal, InvalidOperation

    from bot.dialogue.info_texts import money, price_in
    from bot.lang.replies import t
    priced: list[tuple[Decimal, str | None]] = []
    for v in variants:
        amount, cur = price_in(v, currency)
        try:
            priced.append((Decimal(str(amount)), cur))
        except (InvalidOperation, ValueError):
            continue
    if len(priced) < 2 or len({c for _, c in priced}) > 1:
        return ""
    lo, hi = min(priced)[0], max(priced)[0]
    gaps = set()
    for i, a in enumerate(variants):          # versions that differ in one option only: that option's price
        for b in variants[i + 1:]:
            oa, ob = dict(a.get("options") or {}), dict(b.get("options") or {})
            differ = {k for k in oa if oa.get(k) != ob.get(k)}
            if dims and len(differ) == 1 and differ <= set(dims):
                pa, pb = price_in(a, currency)[0], price_in(b, currency)[0]
                try:
                    gaps.add(abs(Decimal(str(pa)) - Decimal(str(pb))))
                except (InvalidOperation, ValueError):
                    pass
    if len(gaps) == 1 and (gap := next(iter(gaps))):
        cur = priced[0][1]
        return t(lang, f" The difference is {money(gap, cur, lang)}.", f"差价是 {money(gap, cur, lang)}。")
    if lo == hi:
        return ""           # one price among those shown: the list says it
    cur = priced[0][1]
    return t(lang, f" The difference is {money(hi - lo, cur, lang)} ({money(lo, cur, lang)} vs {money(hi, cur, lang)}).",
             f"差价是 {money(hi - lo, cur, lang)}（{money(lo, cur, lang)} 对 {money(hi, cur, lang)}）。")


_QUESTION = re.compile(r"[?？]|吗|是不是|有没有|^\s*(?:is|are|does|do|did|which|what|can you tell)\b", re.I)
_ACTION = re.compile(r"(换|改|退|\bexchang|\bswap|\bswitch|\bchange|\breturn|\breplac|\binstead\b|\brefund|\bcancel|"
                     r"取消|\bsend (?:me )?(?:a|another)\b|\bwant\b|\bneed\b|\bwould like\b|\bi'?d like\b|要)", re.I)


def only_asks(text: str) -> bool:
    """The part is a question about an item ("is the harness size L?", "那个是L码的吗") that asks
    for no change: answered as product information, never an exchange nobody asked for."""
    return bool(_QUESTION.search(text or "")) and not _ACTION.search(text or "")


_CHANGE = re.compile(r"(换|改|退|\bexchang|\bswap|\bswitch|\bchange|\breturn|\breplac|\binstead\b|\brefund|\bcancel|取消)",
                     re.I)


def asks_change(text: str) -> bool:
    """The part names a change of something bought (exchange, return, another version, cancel):
    "I'd like one" after a stock answer wants the product, not a change of an order line."""
    return bool(_CHANGE.search(text or ""))


# "per bulb", "each", "per unit", "每个", "单价", "平均一个": the price of one unit of a multi-pack.
_PER_UNIT = re.compile(r"\bper (?:unit|piece|item|one|bulb|can|bottle|roll|book|pillow|pack|each)\b|\beach\b|"
                       r"\bper\s+\w+\b|\bunit price\b|\bworks? out\b|\bbetter (?:deal|value)\b|"
                       r"每[个只件支罐瓶本]|单价|平均|划算|更值", re.I)
# The units a version holds, read from its option value ("4-pack", "3 cans", "pair", "10 books", "2只装").
_COUNT = re.compile(r"(\d+)\s*-?\s*(?:pack|pk|pcs?|pieces?|cans?|count|ct|books?|bottles?|rolls?|pairs?|bulbs?|"
                    r"只装?|个装?|件装?|支装?|罐装?|瓶装?|本装?|片装?|包)\b|^(\d+)$", re.I)
_WORD_COUNT = {"single": 1, "pair": 2, "twin pack": 2, "double": 2, "单只": 1, "一对": 2, "一双": 2, "双": 2}


def unit_count(value: str) -> int | None:
    """How many units an option value says a version holds; None when it says no count."""
    v = (value or "").strip().lower()
    m = _COUNT.search(v)
    if m:
        n = int(m.group(1) or m.group(2))
        return n if n > 0 else None
    return _WORD_COUNT.get(v)


def compared_values(text: str, named: dict[str, list[str]], variants: list[dict], currency: str | None,
                    lang: str) -> str | None:
    """The answer to "is the 4-pack cheaper (per bulb) than the 2-pack?", "cheaper in black than navy?":
    the values of the one option compared, each at its lowest price (per unit when asked and every
    value says its count), which is cheaper — or that they cost the same. None when the question
    names no option with two values, or prices are missing / in several currencies."""
    from decimal import Decimal, InvalidOperation

    from bot.dialogue.info_texts import money, price_in
    from bot.dialogue.texts import value_text
    from bot.lang.replies import t
    dims = [k for k, vals in named.items() if len(vals) >= 2]
    if len(dims) != 1:
        return None
    dim, values = dims[0], named[dims[0]]
    best: dict[str, Decimal] = {}
    curs = set()
    for v in variants:
        value = str((v.get("options") or {}).get(dim) or "")
        if value not in values:
            continue
        amount, cur = price_in(v, currency)
        try:
            price = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            return None
        curs.add(cur)
        best[value] = min(best.get(value, price), price)
    if len(best) < 2 or len(curs) > 1:
        return None
    cur = next(iter(curs))
    per_unit = bool(_PER_UNIT.search(text or "")) and all(unit_count(x) for x in best)
    if per_unit:
        each = {x: (p / unit_count(x)).quantize(Decimal("0.01")) for x, p in best.items()}   # type: ignore[operator]
        ranked = sorted(each.items(), key=lambda kv: kv[1])
        shown = t(lang, "; ".join(f"{value_text(x, lang)} {money(p, cur, lang)} each" for x, p in ranked),
                  "；".join(f"{value_text(x, lang)}每个 {money(p, cur, lang)}" for x, p in ranked))
        if ranked[0][1] == ranked[-1][1]:
            return t(lang, f" Per unit they cost the same ({shown}).", f"按单个算价格一样（{shown}）。")
        return t(lang, f" Per unit the {value_text(ranked[0][0], lang)} is cheaper: {shown}.",
                 f"按单个算，{value_text(ranked[0][0], lang)}更便宜：{shown}。")
    ranked_p = sorted(best.items(), key=lambda kv: kv[1])
    # One price for all versions shown, or only per combination of the other options ("for each size").
    prices: dict[tuple[Any, ...], set[str]] = {}
    per_value: dict[str, set[str]] = {}
    for v in variants:
        opts = dict(v.get("options") or {})
        if str(opts.get(dim) or "") in values:
            rest = tuple(sorted((k, str(x)) for k, x in opts.items() if k != dim))
            prices.setdefault(rest, set()).add(str(price_in(v, currency)[0]))
            per_value.setdefault(str(opts.get(dim)), set()).add(str(price_in(v, currency)[0]))
    same_each = all(len(p) == 1 for p in prices.values())
    single = all(len(p) == 1 for p in per_value.values())      # each value at one price: no "from"
    frm_en, frm_zh = ("", "") if single else ("from ", "起价 ")
    if ranked_p[0][1] == ranked_p[-1][1] and same_each:
        both = t(lang, " and ", "和").join(value_text(x, lang) for x, _ in ranked_p)
        each_en, each_zh = ("", "") if single else (" in each version", "（每个规格都一样）")
        return t(lang, f" {both[0].upper() + both[1:]} cost the same{each_en}: {frm_en}{money(ranked_p[0][1], cur, lang)}.",
                 f"{both}价格一样{each_zh}，{frm_zh or '都是 '}{money(ranked_p[0][1], cur, lang)}。")
    lo, hi = ranked_p[0], ranked_p[-1]
    if lo[1] == hi[1]:
        return None                       # cheaper in some versions, dearer in others: the list says it
    return t(lang, f" The {value_text(lo[0], lang)} is cheaper: {frm_en}{money(lo[1], cur, lang)} against "
                   f"{frm_en}{money(hi[1], cur, lang)} for the {value_text(hi[0], lang)}.",
             f"{value_text(lo[0], lang)}更便宜：{frm_zh}{money(lo[1], cur, lang)}，{value_text(hi[0], lang)}{frm_zh or '是 '}"
             f"{money(hi[1], cur, lang)}。")


# "有大一号的吗", "does it come a size up?", "one size smaller": the next size of the customer's own line.
_SIZE_UP = re.compile(r"大一[号码个]|大一点的?[号码]|(?:a|one) size (?:up|bigger|larger)|(?:a|one) size (?:above|more)|"
                      r"next size up|(?:a|one) bigger size|size larger", re.I)
_SIZE_DOWN = re.compile(r"小一[号码个]|小一点的?[号码]|(?:a|one) size (?:down|smaller)|next size down|(?:a|one) smaller size|"
                        r"size smaller", re.I)


def size_step(text: str, product: dict, owned: list[dict]) -> dict[str, list[str]]:
    """{size dimension: [the next size]} for "one size up / down" of a product the customer owns
    a line of (its own size read from that line); {} when not asked, not owned or no next size."""
    step = 1 if _SIZE_UP.search(text or "") else -1 if _SIZE_DOWN.search(text or "") else 0
    if not step:
        return {}
    dims = [d for d in (product.get("options") or {}) if "size" in str(d).lower() or "尺码" in str(d)]
    if len(dims) != 1:
        return {}
    dim = dims[0]
    values = [str(v) for v in (product.get("options") or {}).get(dim) or []]
    mine = {str((line.get("options") or {}).get(dim) or "") for line in owned} & set(values)
    if len(mine) != 1:
        return {}
    at = values.index(next(iter(mine))) + step
    return {dim: [values[at]]} if 0 <= at < len(values) else {}
