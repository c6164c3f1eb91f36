"""Questions about using or choosing a product, answered from the shop's own pages: which size
fits ("my dog's chest is 50cm, which size?", "我175穿哪个码", "is there a size guide?") and whether a
use is safe ("is a travel adapter OK with it?", "用转换插头安全吗").

Such a question about an item the customer owns is still a question — never an exchange or item
change flow, a stock list or the capability menu. The answer is the product's page whose
`products:` header names the product and whose text is about that aspect; without such a page a
size question gets the product's own size options from the catalogue and a person to advise.

    kind(text)                                   # "fit" | "safety" | None
    answer(kind, product, snippets, text, lang)  # the reply, or None (nothing the shop's data says)

Cues are generic question shapes; product words and sizes come from the shop's data only.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.lang import cues as C

# Which size / version fits, a size chart, or a measurement given to choose by.
_FIT = re.compile(
    r"\b(?:which|what)\s+size\b|\bsize\s+(?:guide|chart|table)\b|\bsizing\b|\bsizes?\s+(?:run|runs|fit)\b|"
    r"\bhow\s+(?:do|can|should)\s+i\s+(?:pick|choose|know|find|tell)\b.{0,25}\bsize\b|"
    r"\bshould\s+i\s+(?:get|take|order|buy|pick|choose|go\s+for)\b.{0,30}\bsize\b|\bsize\s+should\s+i\b|"
    r"\bwill\s+(?:it|size\s+\w+)\s+fit\b|\bhow\s+to\s+measure\b|"
    r"哪个码|什么码|多大码|几码|哪个尺码|什么尺码|哪个号|多大号|选码|尺码表|尺码对照|码数|穿哪|选哪个(?:尺码|码|号|尺寸)|"
    r"尺码.{0,6}(?:怎么选|如何选|选哪)|(?:怎么|如何)选.{0,4}(?:尺码|码|尺寸)", re.I)
# A measurement of the person or pet ("175", "50cm", "60公斤"): a fit question when it asks which.
_MEASURE = re.compile(r"\d{2,3}(?:\.\d)?\s*(?:cm|mm|kg|lbs?|inch(?:es)?|厘米|公分|斤|公斤)|身高|体重|胸围|腰围|脚长|"
                      r"\bchest\b|\bwaist\b|\bheight\b|\bweigh", re.I)
_WHICH = re.compile(r"\bwhich\b|\bwhat\b|哪个|哪一|什么|多大|几", re.I)
# Whether a use is safe: an adapter, a converter, the voltage.
_SAFETY = re.compile(r"\bsafe(?:ly)?\b|\bdangerous\b|\badapt[eo]r\b|\bconverter\b|\bvoltage\b|\bvolts?\b|"
                     r"\btravel\s+plug\b|安全吗|安全不|安不安全|危险吗|转换插头|转换头|转接头|转换器|转接插头|电压", re.I)
# A change asked for, not a question ("换哪个码", "exchange for which size"): the change flows'.
_CHANGE = re.compile(r"(?<!转)换|改|退(?!出)|\bexchange|\bswap\b|\bswitch\b|\bchange\b|\breturn\b|\breplace", re.I)
# What a page must talk about to answer each kind.
_TOPIC = {
    "fit": re.compile(r"\bsizes?\b|\bsizing\b|\bmeasure|\bfit\b|尺码|尺寸|码|测量|胸围|身高|脚长", re.I),
    "safety": re.compile(r"\bplug|\badapt[eo]r|\bvoltage|\bsafe|\bV\b|插头|转换|电压|安全", re.I),
}
_SIZE_DIM = re.compile(r"size|尺码|尺寸|码|号", re.I)
SNIPPET_FLOOR = 3.0


def kind(text: str) -> str | None:
    """"fit" (which size), "safety" (is this use safe) or None; a change or a fault is neither."""
    if _CHANGE.search(text) or C.SAFETY.search(text):
        return None
    if _FIT.search(text) or (_MEASURE.search(text) and _WHICH.search(text) and re.search(r"size|码|号|尺", text, re.I)):
        return "fit"
    if _SAFETY.search(text) and re.search(r"[?？]|吗|\b(?:is|can|could|will|ok|okay|fine)\b", text, re.I):
        return "safety"
    return None


def _names(product: Mapping[str, Any] | None) -> list[str]:
    if not product:
        return []
    return [str(product[k]) for k in ("name", "name_zh") if product.get(k)]


def page(kind_: str, product: Mapping[str, Any] | None, snippets: Sequence[Any], text: str,
         lang: str) -> Any | None:
    """The shop's page answering this kind of question about this product (or about a kind of
    product the message names), best first; None when no page is about it."""
    from bot.dialogue import relevance
    topic = _TOPIC[kind_]
    for s in snippets:
        if getattr(s, "score", 0) < SNIPPET_FLOOR or getattr(s, "lang", lang) not in (lang, None):
            continue
        kinds = relevance.kinds(s)
        if not kinds:
            continue                  # a general page (returns, shipping) is no product's answer
        about = any(relevance.mentioned(kinds, n) for n in _names(product)) if product else False
        if not about and not relevance.mentioned(kinds, text):
            continue
        body = " ".join([str(getattr(s, "title", "") or ""), " ".join(map(str, getattr(s, "tags", None) or [])),
                         str(getattr(s, "text", "") or "")])
        if topic.search(body):
            return s
    return None


def sizes_only(product: Mapping[str, Any], lang: str) -> str | None:
    """No size page: the product's size options from the catalogue, and a person who can advise."""
    from bot.dialogue import texts as T
    options = {str(k): [str(v) for v in vs] for k, vs in (product.get("options") or {}).items() if vs}
    sized = {k: vs for k, vs in options.items() if _SIZE_DIM.search(k) or _SIZE_DIM.search(T.dimension(k, "zh"))}
    if not sized:
        return None
    name = str((product.get("name_zh") if lang == "zh" and product.get("name_zh") else product.get("name")) or "")
    sep = "、" if lang == "zh" else ", "
    listing = ("；" if lang == "zh" else "; ").join(
        f"{T.dimension(k, lang)}: {sep.join(T.value_text(v, lang) for v in vs)}" for k, vs in sized.items())
    return T.t(lang, f"{name} comes in {listing}. Our pages have no size chart for it, so I can't tell you which one "
                     "fits from a measurement — if you'd like, say \"human\" and a colleague will advise you.",
               f"{name}的规格：{listing}。我们的资料里没有这款的尺码对照表，没法据此替您判断哪个尺码合适——"
               "如需建议，回复“转人工”，同事会为您推荐。")


def answer(kind_: str, product: Mapping[str, Any] | None, snippets: Sequence[Any], text: str,
           lang: str) -> tuple[str, str | None] | None:
    """(reply, page id) for a fit or safety question; None when the shop's data says nothing."""
    found = page(kind_, product, snippets, text, lang)
    if found is not None:
        body = str(getattr(found, "text", ""))
        fits = fitting_size(body, product, text) if kind_ == "fit" and product is not None else None
        if fits:
            body += T_fit(fits, lang)
        return body, str(getattr(found, "id", "") or "") or None
    if kind_ == "fit" and product is not None:
        got = sizes_only(product, lang)
        if got:
            return got, None
    return None


# "XS 30–40 cm" in a size page: an option value, then the range it fits.
_RANGE = re.compile(r"(?P<value>[^\s,;，；:：。]+)\s*[:：=]?\s*(?P<lo>\d+(?:\.\d+)?)\s*[–—~-]\s*(?P<hi>\d+(?:\.\d+)?)\s*"
                    r"(?P<unit>cm|厘米|公分|kg|公斤|mm)?", re.I)
_GIVEN = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>cm|厘米|公分|kg|公斤|mm)", re.I)
_UNITS = {"厘米": "cm", "公分": "cm", "公斤": "kg"}


def fitting_size(page_text: str, product: Mapping[str, Any], text: str) -> list[str]:
    """The product's size values whose range in the page holds the measurement the customer gave
    ("my dog's chest is 50cm" and "S 40–52 cm" → ["S"]); [] when none or no measurement."""
    given = _GIVEN.search(text)
    if not given:
        return []
    n, unit = float(given.group("n")), _UNITS.get(given.group("unit").lower(), given.group("unit").lower())
    values = {str(v).lower(): str(v) for vs in (product.get("options") or {}).values() for v in vs}
    hits: list[str] = []
    ranges = list(_RANGE.finditer(page_text))
    units = [_UNITS.get((m.group("unit") or "").lower(), (m.group("unit") or "").lower()) for m in ranges]
    shared = next((u for u in reversed(units) if u), "")
    for m, u in zip(ranges, units, strict=True):
        value = values.get(m.group("value").lower())
        if value is None or (u or shared) != unit:
            continue
        if float(m.group("lo")) <= n <= float(m.group("hi")) and value not in hits:
            hits.append(value)
    return hits


def T_fit(values: Sequence[str], lang: str) -> str:     # noqa: N802 - reads as the text it adds
    from bot.dialogue import texts as T
    shown = " / ".join(T.value_text(v, lang) for v in values)
    if len(values) == 1:
        return T.t(lang, f" By that measurement, that is size {shown}.", f"按您给的尺寸，对应 {shown} 码。")
    return T.t(lang, f" That measurement sits between {shown}: the page advises the larger one.",
               f"您给的尺寸介于 {shown} 之间，资料建议选大一号。")
