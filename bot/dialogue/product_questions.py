"""A question comparing the prices of a product's versions ("what's the price difference between
the two versions of the headphones", "how much more is the 40oz than the 32oz", "5L的比3L的贵多少")
is product information from the catalogue — never a price-drop claim on the customer's order, nor
a change of their line (#13, scope12). Said of a purchase ("I paid", "went down", "差价退给我")
it stays the price-drop question. No product words here: only how a comparison is asked."""
from __future__ import annotations

import re

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
