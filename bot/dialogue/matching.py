"""Which of the customer's items a (redacted) message means: matched against their own orders
and the shop's catalogue, never against a list of one shop's product words.

    refs = match_items(text, orders, catalogue)        # [ItemRef(order_id, sku, score, excluded)]
    qty  = quantity_for(text, ordered=2)               # "return one of the two shirts" -> 1
    pick = pick_candidate(text, candidates)            # "the second one", "the cheaper one", "both"

Surfaces of an item come from its own data: the order line's name, the product's names in both
languages (`name`, `name_zh`), their head nouns ("Canvas tote bag" -> "tote bag", "bag";
"电热水壶 1.5L" -> "水壶"), option values of every dimension, and a small table of generic
product-type synonyms (bot/dialogue/lexicon.txt: "earphones" ~ "earbuds", "charger" ~ "power
bank") that applies to any shop's names. Negation scopes what is excluded: an item named in a
clause that keeps it ("the charger is fine", "充电宝留着") is excluded from the request.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.lang.category_words import category_surfaces
from bot.lang.script import fold

_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_SPEC = re.compile(r"^(?:size|尺码|码)?[\d.]+\s*(?:码|号|l|ml|mah|gb|tb|w|v|mm|cm|m|ft|in|oz|lb|pcs|pc|kg|g|寸|英寸|升|米)?$|^[a-z]{1,3}-?\d+[a-z]?$|"
                   r"^(?:xs|s|m|l|xl|xxl|xxxl|pro|max|mini|plus|lite|se)$", re.I)
_WORD = re.compile(r"[a-z][a-z0-9'-]*|\d+(?:\.\d+)?[a-z]*", re.I)
_GENERIC = frozenset({"the", "a", "an", "of", "for", "and", "with", "size", "set", "pack", "new", "my", "one",
                      "pro", "box", "item", "order"})
# Chinese heads that only say how an item is packed (like "box", "set" above).
_CJK_GENERIC = ("礼盒", "套装", "礼包", "套餐", "组合", "盒装")
LEXICON = Path(__file__).with_name("lexicon.txt")

# Clause boundaries and the cues that decide a clause's polarity. An item in a "keep" clause is
# excluded; "except X" / "除了X" excludes X from a clause that otherwise asks.
_CLAUSE = re.compile(r"[,，。.;；!！?？\n]+|\s(?:but|and|though|however|while)\s|但是|但|不过|可是|而"
                     r"|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fffA-Za-z])|(?<=[A-Za-z])\s+(?=[\u3400-\u9fff])")
_KEEP = re.compile(
    r"\b(?:is|are|'s|'re)\s+(?:fine|ok|okay|good|great|perfect|alright|all right)\b|\bno problem\b|"
    r"\bkeep(?:ing)?\b|\bstays?\b|\bstaying\b|\bhold on to\b|\bnot (?:returning|sending)\b|\bdon'?t (?:return|send|want to return)\b|"
    r"留着|留下|留低|留返|保留|不退|唔退|不用退|不使退|不洗退|唔使退|唔洗退|不换|没问题|没事|挺好|还好|可以留|要留|正常|不动",
    re.I)
_EXCEPT = re.compile(r"\b(?:except|apart from|other than|but not|not the)\b|除了|除开|除", re.I)

_EN_NUM = {"one": 1, "a single": 1, "single": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "a pair": 2}
_ZH_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "俩": 2, "仨": 3}
_CLASSIFIER = r"(?:件|个|双|盒|台|条|只|套|包|瓶|支|把|本|张|份|顶|块|根|粒|罐|袋|桶|副|卷|枚|组|盏|对)"
_ZH_Q = "[一两二三四五六七八九十俩仨]|\\d+"


def norm(text: str) -> str:
    """The comparison form: NFKC, lower case, unified spaces, and one Chinese script (simplified)
    so shop data in traditional characters matches a message in simplified and vice versa."""
    return re.sub(r"\s+", " ", fold(unicodedata.normalize("NFKC", str(text)).lower())).strip()


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    """Generic product-type synonyms: every word of a line stands for every other."""
    groups: dict[str, frozenset[str]] = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = frozenset(norm(w) for w in line.split("|") if w.strip())
        for w in words:
            groups[w] = groups.get(w, frozenset()) | words
    return groups


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("sh", "ch", "x", "ss")):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def surfaces(names: Iterable[str]) -> dict[str, float]:
    return dict(_surfaces(tuple(names)))


@lru_cache(maxsize=4096)
def _surfaces(names: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """How a customer may write an item called `names` (line name, product names), with weights:
    the full name counts most, a head noun or a synonym of it a little less, a lone modifier least."""
    out: dict[str, float] = {}

    def add(s: str, w: float) -> None:
        s = norm(s)
        if len(s) >= 2 and not _SPEC.match(s) and s not in _GENERIC:
            out[s] = max(out.get(s, 0.0), w)

    for name in names:
        n = norm(name)
        if not n:
            continue
        add(n, 3.0)
        words = [w for w in _WORD.findall(n) if not _SPEC.match(w)]
        core = [w for w in words if w not in _GENERIC]
        if core:
            add(" ".join(core), 2.8)
            add(" ".join(core[-2:]), 2.5)
            if len(words) >= 3 and words[-1] in _GENERIC and core[0] != words[-1]:
                # "nut gift box" written "the nuts box": the first word with the (generic) head noun.
                add(f"{core[0]} {words[-1]}", 2.4)
            # "power bank" is one noun: its last word alone ("bank") would match other talk.
            if len(core) < 2 or " ".join(core[-2:]) not in _synonyms():
                add(core[-1], 2.0)
                add(_singular(core[-1]), 2.0)
            for w in core[:-1]:
                if len(w) >= 4:
                    add(w, 1.0)
        for run in _CJK_RUN.findall(n):
            add(run, 2.8)
            for tail in _CJK_GENERIC:
                if run.endswith(tail) and len(run) - len(tail) >= 2:
                    # "坚果礼盒" said "坚果": the head is only packaging, the modifier names it.
                    add(run[:-len(tail)], 2.4)
            for k in range(len(run) - 2, 0, -1):       # Chinese head nouns sit at the end
                add(run[k:], 2.0 if len(run) - k >= 2 else 0.0)
            # "纯棉T恤": the Latin tail after a CJK run belongs to the head ("T恤")
        for m in re.finditer(r"[a-z]+[\u3400-\u9fff]+", n):
            add(m.group(0), 2.4)
    syn = _synonyms()
    for s, w in list(out.items()):
        for key in (s, _singular(s)):
            for other in syn.get(key, ()):
                if other not in out:
                    out[other] = w - 0.3
    return tuple((s, w) for s, w in out.items() if w > 0)


@lru_cache(maxsize=16384)
def _surface_pattern(surface: str) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The literal pieces every match of `surface` contains, and its compiled pattern.

    Why: a turn tries thousands of (surface, text) pairs and almost none match; a substring test
    on the pieces rules most out before any regex runs (a match contains each piece verbatim, so
    the test never drops one)."""
    if _CJK.search(surface):
        return (surface,), re.compile(re.escape(surface))
    words = surface.split(" ")
    # Each word may be written in the plural ("nuts box", "phone cases"), not only the last.
    pat = r"(?<![a-z0-9])" + r"(?:e?s)?\s+".join(re.escape(w) for w in words) + r"(?:e?s)?(?![a-z0-9])"
    return tuple(words), re.compile(pat)


def _occurrences(surface: str, text: str) -> list[tuple[int, int]]:
    pieces, pat = _surface_pattern(surface)
    for piece in pieces:
        if piece not in text:
            return []
    return [(m.start(), m.end()) for m in pat.finditer(text)]


@dataclass(frozen=True)
class ItemRef:
    """One order line a message names."""

    order_id: str
    sku: str
    name: str
    score: float
    start: int                   # where in the (normalised) text it was named
    excluded: bool = False       # named, but to keep ("the charger is fine")
    end: int = -1                # where the mention ends (-1: unknown)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in _CLAUSE.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return [s for s in spans if s[1] > s[0]]


def _excluded_at(text: str, start: int) -> bool:
    """Is the mention at `start` inside a clause that keeps the item (or after "except")?"""
    for a, b in _clauses(text):
        if a <= start < b:
            clause = text[a:b]
            if _KEEP.search(clause):
                return True
            ex = _EXCEPT.search(text[a:start + 1])
            return ex is not None
    return False


def item_names(item: Mapping[str, Any], product: Mapping[str, Any] | None) -> list[str]:
    names = [str(item.get("name") or "")]
    if product:
        names += [str(product.get(k) or "") for k in ("name", "name_zh")]
        names += [str(v) for v in (product.get("names") or {}).values()]
    return [n for n in names if n]


# Where the target of a change starts ("… to cast iron", "换成黑色"): option values after it say
# what the customer wants, not which line they mean.
_TARGET = re.compile(r"\b(?:to|into|for|instead)\b|换成|改成|换个|换|改为|变成|要")


def _option_bonus(item: Mapping[str, Any], t: str) -> float:
    """Option values of the line named before any change target: "the cast iron skillet"."""
    m = _TARGET.search(t)
    head = t[:m.start()] if m else t
    bonus = 0.0
    for value in (item.get("options") or {}).values():
        v = norm(str(value))
        if len(v) >= 2 and _occurrences(v, head):
            bonus += 0.5
    return bonus


def match_items(text: str, orders: Sequence[Mapping[str, Any]],
                catalogue: Mapping[str, Mapping[str, Any]] | None = None) -> list[ItemRef]:
    """Order lines the text names, best first (one ref per order line; ties keep order order)."""
    t = norm(text)
    catalogue = catalogue or {}
    refs: list[ItemRef] = []
    for order in orders:
        for item in order.get("items") or []:
            product = catalogue.get(str(item.get("product_id") or ""))
            best: tuple[float, int, int] | None = None
            kept = False
            # Its category's words in both languages count too, below its own names.
            named = {**category_surfaces(item.get("category")), **surfaces(item_names(item, product))}
            for surface, weight in named.items():
                for a, b in _occurrences(surface, t):
                    cand = (weight + 0.01 * len(surface), a, b)
                    if best is None or cand[0] > best[0]:
                        best = cand
                    # Named twice ("充电宝和水壶那单 … 充电宝没事"): a keep clause anywhere keeps it.
                    kept = kept or (weight >= 2.0 and _excluded_at(t, a))
            if best is not None:
                refs.append(ItemRef(str(order["id"]), str(item["sku"]), str(item.get("name") or ""),
                                    round(best[0] + _option_bonus(item, t), 3), best[1],
                                    kept or _excluded_at(t, best[1]), best[2]))
    refs.sort(key=lambda r: -r.score)
    return _without_order_names(_without_locators(t, refs), t)


# "the T-shirt from the underwear order", "内衣那单的T恤": an item named right before "order"
# locates the order; the line meant is the other item named in it.
_LOCATOR = re.compile(r"\s*(?:'s\s+)?(?:order\b|订单|那单|这单|那一单|这一单|的订单|那个订单|这个订单|的那单)", re.I)


_JOINED = re.compile(r"\s*(?:和|与|跟|、|,|，|/|&|\band\b|\bplus\b)\s*(?:the\s+)?$", re.I)


def _without_locators(t: str, refs: list[ItemRef]) -> list[ItemRef]:
    def only_locating(r: ItemRef) -> bool:
        # Named again elsewhere ("水壶那单 水壶烧水有异味"): that other mention is the line meant.
        if r.end < 0 or not _LOCATOR.match(t, r.end):
            return False
        said = re.escape(t[r.start:r.end])
        return all(_LOCATOR.match(t, m.end()) for m in re.finditer(said, t))

    locators = {id(r) for r in refs if only_locating(r)}
    if not locators:
        return refs
    grew = True
    while grew:         # "衬衫和袜子那单", "the shirt and socks order": every item joined to a locator is one
        grew = False
        for r in refs:
            if id(r) not in locators and r.end >= 0 and any(
                    _JOINED.match(t[r.end:o.start]) for o in refs if id(o) in locators and o.start >= r.end):
                locators.add(id(r))
                grew = True
    kept_orders = {r.order_id for r in refs if id(r) not in locators and not r.excluded}
    return [r for r in refs if id(r) not in locators or r.order_id not in kept_orders]



# "my headphones order", "温控器那单": an item named only to say which order is meant.
_ORDER_AFTER = re.compile(r"^\s*(?:order\b|订单|那单|这单|那个订单|的订单|的那单)", re.I)


def _without_order_names(refs: list[ItemRef], t: str) -> list[ItemRef]:
    """Drop a mention that only names its order ("got my headphones order but one of the 2
    bottles is dented") when another line of that same order is named for itself."""
    def names_order(r: ItemRef) -> bool:
        return r.end >= 0 and bool(_ORDER_AFTER.search(t[r.end:]))

    spans = _clauses(t)

    def clause(r: ItemRef) -> int:
        return next((n for n, (a, b) in enumerate(spans) if a <= r.start < b), -1)
    # Only a line named for itself in ANOTHER clause makes the order's name a mere label:
    # "充电宝和水壶那单" names both lines of the order in the same breath.
    own = {(r.order_id, clause(r)) for r in refs if not names_order(r) and not r.excluded}
    return [r for r in refs if not (names_order(r) and any(o == r.order_id and c != clause(r) for o, c in own))]


def ambiguous(refs: Sequence[Mapping[str, Any]], order_id: str) -> list[str]:
    """Skus of one order named by the same words ("the skillet" with two skillets), equally well."""
    mine = [r for r in refs if r.get("order_id") == order_id and not r.get("excluded")]
    by_start: dict[Any, list[Mapping[str, Any]]] = {}
    for r in mine:
        by_start.setdefault(r.get("start"), []).append(r)
    for group in by_start.values():
        if len(group) >= 2:
            top = max(float(g.get("score") or 0) for g in group)
            tied = [str(g["sku"]) for g in group if top - float(g.get("score") or 0) < 0.3]
            if len(tied) >= 2:
                return tied
    return []


def mentions_any_item(text: str, orders: Sequence[Mapping[str, Any]],
                      catalogue: Mapping[str, Mapping[str, Any]] | None = None) -> bool:
    return bool(match_items(text, orders, catalogue))


# ------------------------------------------------------------------------------ quantities
def _num(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return _EN_NUM.get(token) or _ZH_NUM.get(token)


_QTY_OF = re.compile(r"\b(one|two|three|four|five|\d+)\s+of\s+(?:the|my|them|those|these)?\s*(two|three|four|five|\d+)?",
                     re.I)
# "send one back", "ship two of them back": the count sits between the verb and "back".
_QTY_BACK = re.compile(r"\b(?:send|ship|take|bring|give|mail|post)\s+(one|two|three|four|five|a single|\d+)\s+"
                       r"(?:of (?:them|those|these|the \w+)\s+)?back\b", re.I)
# "one is broken, the other is fine", "一个…另一个…": a count set against "the other(s)" is part.
# The count nearest before "the other" is the part meant (not "got two" earlier).
_QTY_OTHER = re.compile(r"\b(one|two|three|a single)\b(?!\s*(?:%|inch|gb|tb|oz|l\b|-person))"
                        r"(?:(?!\b(?:one|two|three|single)\b)[^.;!?]){0,60}?\bthe other(?:s| ones?)?\b", re.I)
_QTY_EN = re.compile(r"\b(?:return|send back|refund|keep|exchange|swap|cancel|just|only|change (?:it|that|the quantity)? ?to|"
                     r"make it|reduce (?:it )?to|(?:want|need|keep|get)\s+(?:just\s+|only\s+)?)\s*"
                     r"(one|two|three|four|five|a single|\d+)\b(?!\s*(?:%|inch|gb|tb|oz|l\b|-person))", re.I)
_QTY_ZH_VERB = re.compile(r"(?:退|换|寄回|退掉|退回|留|要|改成|改为|变成|只要|就要|减到|减成)\s*(" + _ZH_Q + r")\s*" + _CLASSIFIER)
_QTY_ZH_ONLY = re.compile(r"(?:只|就|仅)\s*(?:退|换|要)?\s*(" + _ZH_Q + r")\s*" + _CLASSIFIER + r"|(" + _ZH_Q + r")\s*"
                          + _CLASSIFIER + r"\s*(?:就行|就好|就够|就可以|即可)")
_QTY_ZH_OF = re.compile(r"(" + _ZH_Q + r")\s*" + _CLASSIFIER + r"\s*(?:里|中|当中|里面)\s*(?:退|换|留|要)?\s*(" + _ZH_Q + r")")
# "要长款的 3个": the wanted version, then how many of it.
_QTY_ZH_WANT = re.compile(r"要[\u3400-\u9fffa-z0-9.\-]{1,8}的\s*(" + _ZH_Q + r")\s*" + _CLASSIFIER)
_ALL = re.compile(r"\b(?:both|all of them|all|everything|the whole order)\b|两个都|两件都|都退|全部|全退|都要退|都换|所有", re.I)


_NUM_WORD = r"(one|two|three|four|five|a single|\d+)"
# "one 2TB SSD instead of two 1TB": the number before "instead of" is the one wanted.
# An order id's digits ("2611/0042", "SO-41000-B") are never the count: no "/" or "-digit" next to it.
_QTY_INSTEAD = re.compile(r"(?<![/\-])\b" + _NUM_WORD + r"\b(?![/\-]\d)(?!\s*(?:%|inch|gb|tb|oz|l\b|-person))[^,.;!?]{0,40}?"
                          r"\b(?:instead of|rather than|not)\s+(?:the\s+|my\s+)?" + _NUM_WORD + r"\b", re.I)
# The part of a message naming what is replaced ("instead of the 1TB", "而不是1TB的"): its option
# words are the old values, not the wanted ones.
_REPLACED = re.compile(r"(\b(?:instead of|rather than)\b[^,.;!?，。；！？]*|而不是[^，。；！？]*|不要原来的[^，。；！？]*)", re.I)


def without_replaced(text: str) -> str:
    """`text` without its "instead of …" part (what is being replaced) and without the clauses
    that keep something ("keep the navy", "黑色的留着"): neither names what is wanted."""
    text = _REPLACED.sub(" ", text)
    spans = [(a, b) for a, b in _clauses(text) if _KEEP.search(text[a:b])]
    if len(spans) == len(_clauses(text)):
        return text                      # nothing but keeping: leave it as written
    for a, b in spans:                   # blanked in place: "1.7L" elsewhere stays whole
        text = text[:a] + " " * (b - a) + text[b:]
    return text


_TIMES = re.compile(r"\b(\d{1,2})\s?[x×](?=\s|$)|(?<![\w])[x×]\s?(\d{1,2})\b")


_ONE_DIMENSION = re.compile(r"(?:一个|一种|一款|个)\s*(?=尺寸|尺码|码数|号码|颜色|规格|型号|版型|款式|大小)")


def quantity_for(text: str, ordered: int | None = None) -> int | None:
    """How many units the message asks about (None: it does not say). Never more than ordered."""
    # "2x warm white rather than 3x cool white", "×2": the multiplication sign is the count's own.
    t = _TIMES.sub(lambda m: f" {m.group(1) or m.group(2)} ", norm(text))
    t = _ONE_DIMENSION.sub(" ", t)      # "换一个尺寸": another value of a dimension, no count (keep13)
    q: int | None = None
    m = _QTY_INSTEAD.search(t)
    if m and _num(m.group(1)) != _num(m.group(2)):
        q = _num(m.group(1))
    m = _QTY_ZH_OF.search(t) if q is None else None
    if m:
        q = _num(m.group(2))
    if q is None:
        m = _QTY_OF.search(t) or _QTY_BACK.search(t) or _QTY_OTHER.search(t)
        if m:
            q = _num(m.group(1))
    if q is None:
        for rx in (_QTY_ZH_ONLY, _QTY_ZH_VERB, _QTY_EN, _QTY_ZH_WANT):
            m = rx.search(t)
            if m:
                q = _num(next(g for g in m.groups() if g))
                break
    if q is None and ordered and _ALL.search(t):
        q = ordered
    if q is not None and ordered is not None:
        q = min(q, ordered)
    return q if q and q > 0 else None


# A count written right before a mention ("one of the vanilla perfumes", "2 candles", "两瓶香水",
# "其中一件T恤"): up to two modifier words may sit between the count and the item's name.
_BEFORE_EN = re.compile(r"\b(one|two|three|four|five|six|a single|single|both|all|an?|\d{1,2})\s+(?:x\s+)?"
                        r"(?:of\s+(?:the|my|those|these|them)\s+)?(?:the\s+|my\s+)?(?:[a-z0-9'-]+\s+){0,2}$", re.I)
_ZH_COUNT = r"([一两二三四五六七八九十俩仨]|\d{1,2})\s*" + _CLASSIFIER
_BEFORE_ZH = re.compile(_ZH_COUNT + r"\s*(?:的)?\s*[\u3400-\u9fffa-z0-9]{0,3}$")
_AFTER_ZH = re.compile(r"^[\u3400-\u9fff]{0,2}?(?:退|换|要|留|去掉|减)\s*" + _ZH_COUNT)
# A count that says how many were bought ("买了两件T恤", "I ordered 2 shirts") is not the request.
_BOUGHT = re.compile(r"(?:买了|买|订了|下单了|购买了|\bbought|\bordered|\bgot|\bhave|\bpurchased)\s*$", re.I)
_AFTER_EN = re.compile(r"^[a-z0-9'-]*\s*(?:x|×)\s*(\d+)\b", re.I)
# "两件T恤里有一件开线了", "两个水壶其中一个不加热", "T恤中有一件": the count after the item names the
# part of the line the message is about; the count before it only says how many were bought.
_PART_AFTER_ZH = re.compile(r"^\s*(?:里面?|中间?|当中|之中)?\s*(?:的)?\s*(?:其中|有)\s*(?:的)?\s*" + _ZH_COUNT)


def quantity_at(text: str, start: int, end: int = -1, ordered: int | None = None) -> int | None:
    """The count the customer wrote for the item mentioned at `start` (normalised text offsets):
    per item, so "one of the shirts and both bottles" gives each line its own quantity. None: no
    count next to this mention. "both"/"都" mean every unit ordered."""
    t = norm(text)
    a, b = 0, len(t)
    for ca, cb in _clauses(t):
        if ca <= start < cb:
            a, b = ca, cb
    head = t[max(a, start - 40):start]
    token = None
    if end > start:
        # "两个温控器退一个": a count after the item with a verb is the request; the one before
        # only says how many there are.
        tail = t[end:b]
        m2 = _AFTER_EN.search(tail) or _AFTER_ZH.search(tail) or _PART_AFTER_ZH.search(tail)
        token = m2.group(1) if m2 else None
    m = _BEFORE_EN.search(head) or _BEFORE_ZH.search(head)
    if m and _BOUGHT.search(head[:m.start()]):
        m = None
    if token is None and m:
        token = m.group(1)
    if token is None:
        return None
    if token in ("both", "all"):
        return ordered
    # "exchange a sleeping bag" of two ordered: one unit, not the line.
    q = 1 if token in ("a", "an") else _num(token)
    if q is not None and ordered is not None:
        q = min(q, ordered)
    return q if q and q > 0 else None


# "add a second backpack", "add one more", "add 2 more", "再加一个", "再来两件": units added to a line.
_ADD_EN = re.compile(r"\badd(?:ing)?\s+(?:(a|an|one|another|a second|a third|one more|an extra|"
                     r"(?:two|three|four|five|\d+)(?:\s+more)?))\b", re.I)
_ADD_ZH = re.compile(r"(?:再|多)(?:加|来|买|要|订)\s*(" + _ZH_Q + r")\s*" + _CLASSIFIER + r"|加\s*(" + _ZH_Q + r")\s*"
                     + _CLASSIFIER)


def added_units(text: str) -> int | None:
    """How many units the message adds to a line already ordered (None: it adds none)."""
    t = norm(text)
    m = _ADD_EN.search(t)
    if m:
        word = re.sub(r"\s+more$", "", m.group(1))
        return _num(word) or 1            # "a", "another", "a second", "an extra": one more
    m = _ADD_ZH.search(t)
    if m:
        return _num(next(g for g in m.groups() if g))
    return None


def wants_all(text: str) -> bool:
    return bool(_ALL.search(norm(text)))


# ------------------------------------------------------------------------------ candidates
_ORDINALS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\b(?:first|1st|former)\b|第一|第1|头一个|前一个|上面那个"), 0),
    (re.compile(r"\b(?:second|2nd)\b|第二|第2"), 1),
    (re.compile(r"\b(?:third|3rd)\b|第三|第3"), 2),
    (re.compile(r"\b(?:fourth|4th)\b|第四|第4"), 3),
    (re.compile(r"\b(?:last|latter|bottom)\b|最后一个|最后那个|下面那个"), -1),
]
_CHEAP = re.compile(r"\bcheap(?:er|est)\b|\bless expensive\b|便宜的|便宜那|便宜点的|最便宜")
_DEAR = re.compile(r"\b(?:more expensive|most expensive|pricier|priciest|dearer)\b|贵的|贵那|最贵")
# "the newer one" / "较新的那单" of two orders: by the date each was placed.
_NEWEST = re.compile(r"\b(?:latest|newest|newer|most recent|more recent|last order|recent one|later one|the new one)\b|"
                     r"最近|最新|较新|比较新|新的那|新下的|后下的|后买的|后面那|刚买|刚下")
_OLDEST = re.compile(r"\b(?:oldest|older|earlier one|earliest|first order|the old one)\b|最早|较早|比较早|早的那|"
                     r"旧的那|老的那|先下的|先买的|之前那")


def _price(c: Mapping[str, Any]) -> Decimal:
    try:
        return Decimal(str(c.get("price") or c.get("total") or "0"))
    except InvalidOperation:
        return Decimal("0")


def pick_candidate(text: str, candidates: Sequence[Mapping[str, Any]]) -> list[int]:
    """Indexes of the candidates the text picks by position, price, recency or "both" ([] if none).

    Candidates are shown in order; orders carry `placed_at`, items `price`."""
    t = norm(text)
    n = len(candidates)
    if not n:
        return []
    if _ALL.search(t) and n > 1:
        return list(range(n))
    for rx, idx in _ORDINALS:
        if rx.search(t) and -n <= idx < n:
            return [idx % n]
    if _CHEAP.search(t):
        return [min(range(n), key=lambda i: _price(candidates[i]))]
    if _DEAR.search(t):
        return [max(range(n), key=lambda i: _price(candidates[i]))]
    dated = [i for i in range(n) if candidates[i].get("placed_at")]
    if dated and _NEWEST.search(t):
        return [max(dated, key=lambda i: str(candidates[i]["placed_at"]))]
    if dated and _OLDEST.search(t):
        return [min(dated, key=lambda i: str(candidates[i]["placed_at"]))]
    return []


def close_call(scores: Sequence[float], margin: float = 0.35) -> bool:
    """Two readings too close to choose between: ask rather than act."""
    top = sorted(scores, reverse=True)
    return len(top) >= 2 and top[0] - top[1] < margin


# ------------------------------------------------------------------------------ variants
def variant_candidates(product: Mapping[str, Any] | None, wanted: Mapping[str, Any],
                       current: Mapping[str, Any] | None = None, limit: int = 4) -> list[dict[str, Any]]:
    """In-stock variants of `product` (its public dict) that have every option value the
    customer asked for, as their option dicts, the closest to the current variant first: the
    candidates to offer when the combination asked for does not exist or is sold out
    ("30ml comes in vanilla or cedar")."""
    if not product:
        return []
    current = current or {}

    def has(v: Mapping[str, Any]) -> bool:
        opts = v.get("options") or {}
        return all(norm(str(opts.get(k, ""))) == norm(str(val)) for k, val in wanted.items())

    found = [v for v in product.get("variants") or [] if has(v) and int(v.get("stock") or 0) > 0]
    same = {k: v for k, v in current.items() if k not in wanted}
    found.sort(key=lambda v: -sum(1 for k, val in same.items() if (v.get("options") or {}).get(k) == val))
    return [dict(v.get("options") or {}) for v in found[:limit]]


_PICK_FILLER_HEAD = re.compile(r"^(?:(?:ok(?:ay)?|fine|then|so|yes|yeah|sure|那|那就|就|好|好的|行|嗯|还是|要|选|换成|改成|"
                               r"i'?ll take|let'?s do|let'?s go with|go with|make it)[\s,，的]*)+", re.I)
_PICK_FILLER_TAIL = re.compile(r"(?:[\s,，]*(?:then|please|pls|instead|吧|了|的|号|码|就行|也行|就好|好了|可以))+$", re.I)


def bare_value(text: str, values: Sequence[str]) -> str | None:
    """The one option value a message that is nothing but that value names: "L", "6kg", and a
    bare number for a measured value ("110" → "110cm", "29" → "29 inch", "2.4" → "2.4GHz") — read
    as the option before any quantity, since the customer was just shown those values. None when
    nothing fits or several values do."""
    # "那就M吧", "M then", "ok, M please": the pick's own filler words of either language
    # around the value (keep13), never other words
    said = _PICK_FILLER_HEAD.sub("", norm(text).strip(" .!?。！？的吧呀啊"))
    said = _PICK_FILLER_TAIL.sub("", said).strip(" .!?。！？的吧呀啊,，")
    if not said:
        return None
    exact = [v for v in values if norm(str(v)) == said]
    if exact:
        return str(exact[0])
    if not re.fullmatch(r"\d+(?:[.,]\d+)?", said):
        return None
    lead = re.compile(r"(?<![\d.])" + re.escape(said.replace(",", ".")) + r"(?![\d.])\s*[^\s\d.]")
    hits = {str(v) for v in values if lead.match(norm(str(v)).replace(",", "."))}
    return next(iter(hits)) if len(hits) == 1 else None
