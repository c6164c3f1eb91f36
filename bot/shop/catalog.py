"""Pure catalogue matching over `Product` models: which product and which option values a
(redacted) customer message names, and which variant a change of options leads to.

Shared by every backend (`Shop.search_products` may delegate here) and by the dialogue, so
"the Google Home version", "256GB", "黑色", "size 43" resolve the same way whatever the shop
system. Nothing here knows a particular shop: names and option values come from the catalogue;
the only built-in knowledge is a small zh↔en table of common option words (option_words.txt).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from bot.lang.script import fold
from bot.shop.models import Product, ProductHit, Variant

# Common option words customers write in the other language than the catalogue: a data file
# (groups of equivalent words, zh and en), read once.
OPTION_WORDS = Path(__file__).with_name("option_words.txt")


@lru_cache(maxsize=1)
def _aliases() -> dict[str, frozenset[str]]:
    """Each word of a group → every other word of it (both directions)."""
    table: dict[str, set[str]] = {}
    for line in OPTION_WORDS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        words = [norm(w) for w in line.split("|") if w.strip()]
        for w in words:
            table.setdefault(w, set()).update(x for x in words if x != w)
    return {k: frozenset(v) for k, v in table.items()}


_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_STOP = frozenset({"the", "a", "an", "of", "for", "and", "with", "in", "on", "to", "my", "version", "edition",
                   "pack", "set", "new", "one", "size", "color", "colour"})


def norm(text: str) -> str:
    """NFKC, lower case, unified spaces, simplified characters: the form every comparison uses
    (a traditional catalogue matches a simplified message and the other way round)."""
    return re.sub(r"\s+", " ", fold(unicodedata.normalize("NFKC", text).lower())).strip()


def _squash(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", text)


# Units and counters option values are measured in, each group the ways of writing one unit in
# either language: "3-person" is also "3人" / "3 people", "110cm" "110厘米", "20L" "20升". General
# measures only (people, length, volume, power, weight, counts), never one shop's words.
_UNIT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("person", "persons", "people", "man", "men", "人", "人份", "人用"),
    ("seater", "seat", "seats", "座", "座位"),
    ("cm", "厘米", "公分"), ("mm", "毫米"), ("m", "metre", "meter", "metres", "meters", "米"),
    ("inch", "inches", "in", "英寸", "寸", '"', "”", "′′"), ("ft", "foot", "feet", "英尺"),
    ("l", "litre", "liter", "litres", "liters", "升"), ("ml", "毫升"),
    ("v", "volt", "volts", "伏", "伏特"), ("w", "watt", "watts", "瓦"), ("lm", "lumen", "lumens", "流明"),
    ("kg", "kilo", "kilos", "公斤", "千克"), ("g", "gram", "grams", "克"), ("oz", "ounce", "ounces", "盎司"),
    ("mah", "毫安"),
    ("pack", "pcs", "pieces", "piece", "count", "件装", "个装", "只装", "支装", "片装", "包装"),
)
_UNIT_OF = {u: group for group in _UNIT_GROUPS for u in group}
_MEASURE = re.compile(r"^(\d+(?:\.\d+)?)\s*-?\s*([a-z\u3400-\u9fff]+|[\"”]|′′)$")
# Units of one measure that convert exactly (metric), each with its size in the measure's
# smallest unit: "1.5L" is also "1500ml", "2m" "200cm", "45mm" "4.5cm", "1kg" "1000g". Inches and
# feet are left out: 12 inch is 30.48 cm, which no customer writes for a 12-inch value.
_SCALES: tuple[dict[str, int], ...] = ({"mm": 1, "cm": 10, "m": 1000}, {"ml": 1, "l": 1000}, {"g": 1, "kg": 1000})
_SCALE_OF = {u: (scale, scale[u]) for scale in _SCALES for u in scale}
# Small Chinese numerals customers write before a counter ("三人", "两人"): digits → words.
_ZH_DIGITS = {1: ("一",), 2: ("两", "二"), 3: ("三",), 4: ("四",), 5: ("五",), 6: ("六",), 7: ("七",),
              8: ("八",), 9: ("九",), 10: ("十",)}


def _measure_surfaces(value: str) -> set[str]:
    """'3-person' → {'3 people', '3人', '三人', …}: the number with every way of writing its unit."""
    m = _MEASURE.match(value)
    if not m or m.group(2) not in _UNIT_OF:
        return set()
    number, unit = m.groups()
    out: set[str] = set()
    for n, u0 in [(number, unit), *_converted(number, _UNIT_OF[unit][0])]:
        for u in _UNIT_OF[u0]:
            if _CJK.search(u):
                out.update({n + u, f"{n} {u}"})
                if n.isdigit():
                    out.update(z + u for z in _ZH_DIGITS.get(int(n), ()))
            else:
                out.update({n + u, f"{n} {u}", f"{n}-{u}"})
    return out


def _converted(number: str, unit: str) -> list[tuple[str, str]]:
    """`number` `unit` written in the other units of its measure ("1.5", "l" → ("1500", "ml")):
    only numbers a person writes (at most two decimals, not below 0.01)."""
    if unit not in _SCALE_OF:
        return []
    scale, size = _SCALE_OF[unit]
    out = []
    for other, other_size in scale.items():
        if other == unit:
            continue
        value = round(float(number) * size / other_size, 6)
        if value < 0.01 or round(value, 2) != value:
            continue
        out.append((f"{value:.2f}".rstrip("0").rstrip("."), other))
    return out


def _surfaces(value: str) -> list[str]:
    """The ways a customer may write option value `value` (itself, squashed, aliases, the same
    measure in the other language's unit)."""
    v = norm(value)
    out = {v, _squash(v)}
    # "EU 2-pin (Type C)": said "EU 2-pin" or "Type C" — the value without its bracketed note,
    # and the note alone when it is more than a word fragment.
    bare = re.sub(r"\s*[(（][^)）]*[)）]", "", v).strip()
    if bare and bare != v:
        out.add(bare)
        out.update(n.strip() for n in re.findall(r"[(（]([^)）]*)[)）]", v) if len(n.strip()) >= 4)
    out.update(_aliases().get(v, ()))
    out.update(_measure_surfaces(_squash(v)))
    # "M 55-59cm": a letter size with its measure is said "M" alone ("the helmet in M instead");
    # a one-letter surface still needs its size cue (option_mentions) (#13 edits14).
    lettered = _LETTER_SIZE.match(v)
    if lettered:
        out.add(lettered.group(1))
    return sorted((s for s in out if s), key=len, reverse=True)


_LETTER_SIZE = re.compile(r"((?:[2-4]?x{1,3})?[sml]|x{1,3}l)\s+\d[\d.\s\-–~/]*(?:cm|mm|in|inch|\")(?:\s|$)")


def _mentions(surface: str, text: str) -> list[int]:
    """Start offsets where `surface` appears in `text` as a whole token (CJK: anywhere)."""
    if not surface:
        return []
    if _CJK.search(surface):
        # "3人" is not inside "13人" / "十三人": a leading number starts at a number's start.
        lead = r"(?<![0-9.一二两三四五六七八九十])" if re.match(r"[0-9一二两三四五六七八九十]", surface) else ""
        return [m.start() for m in re.finditer(lead + re.escape(surface), text)]
    pattern = r"(?<![a-z0-9])" + re.escape(surface) + r"(?![a-z0-9])"
    found = [m.start() for m in re.finditer(pattern, text)]
    if not found and len(surface) >= 3:        # "256gb" written "256 gb"
        spaced = r"(?<![a-z0-9])" + r"[\s\-]?".join(map(re.escape, surface)) + r"(?![a-z0-9])"
        found = [m.start() for m in re.finditer(spaced, text)]
    return found


def _partial_words(value: str) -> list[str]:
    """Distinctive words of a multi-word option value ("Apple HomeKit" → homekit, apple) that
    name it on their own; short or generic words ("home", "pack") do not."""
    # (a four-letter word counts when the option lexicon knows it — "blue" of "ocean blue", "grey"
    # of "grey felt": "nah, rather the blue one" names that value; "home", "pack" stay generic)
    words = [w for w in _WORD.findall(norm(value)) if w not in _STOP
             and (len(w) >= 5 or (len(w) == 4 and w.isalpha() and w in _aliases()))]
    if len(_WORD.findall(norm(value))) <= 1:
        return []
    # "wireless charging" said "无线充电": each distinctive word also in its other language.
    return words + [a for w in words for a in sorted(_aliases().get(w, ()))]


# A single letter right after a change target ("swap for L", "make it an M", "换成L") is a size.
_TARGET_LETTER = r"(?:(?<![a-z])(?:for|to|into|make it|an?|in|be)\s+|换成|改成|换|要|是)"
_COMPLAINT = re.compile(r"\btoo\s+(?:small|big|large|tight|loose|short|long)\b|太(?:小|大|紧|松|短|长)了?|偏(?:小|大)",
                        re.I)


# "the L for an M", "from M to L", "M instead of L": two short values of one dimension joined by a
# swap word name each other, without a size cue.
# ("L not M", "不是M，是L": a value put against the other one is a swap too)
_SWAP_JOIN = r"\s*(?:for an?|for|to an?|to|into|->|→|instead of|rather than|not|换成|改成|换|改|[,，]\s*是)\s*"


def _short_named(surface: str, others: Sequence[str], t: str) -> bool:
    """A one-letter value ("m", "l") is named only next to a size cue or swapped with another
    short value of its dimension: alone it is too ambiguous ("a" / "I'm")."""
    s = re.escape(surface)
    if re.search(r"(size|尺码|尺寸|码)[\s,，:：]*" + s + r"(?![a-z])|(?<![a-z])" + s + r"\s*(码|号)", t):
        return True
    for other in others:
        o = re.escape(other)
        if re.search(r"(?<![a-z'])(?:" + s + _SWAP_JOIN + o + "|" + o + _SWAP_JOIN + s + r")(?![a-z'])", t):
            return True
    return False


def option_mentions(product: Product, text: str, last: bool = False) -> list[tuple[str, str, int]]:
    """Every option value of `product` the text names: (dimension, value, offset), in text order
    (the offset of its first mention, or of its last with `last`, so "black …, keep the navy,
    swap the black L" names black after navy). Single letters ("m", "l") count only next to a size
    cue or in a swap with another short value ("the L for M"), as they are too ambiguous alone.
    A distinctive word of a multi-word value ("HomeKit", "Alexa", "Thunderbolt") names it when
    no value of that dimension is named in full and the word fits only one value."""
    # "too small" / "太小" says what is wrong with the current one, never that "S" is wanted;
    # blanked to spaces so offsets stay those of the text.
    t = _COMPLAINT.sub(lambda m: " " * len(m.group(0)), norm(text))
    # The product's own name ("无线耳机", "Wireless earbuds") names the product, not an option value.
    # (getattr: callers may pass only an object with `options`)
    names = (getattr(product, "name", ""), getattr(product, "name_zh", "") or "",
             *(getattr(product, "names", None) or {}).values())
    for name in sorted({norm(n) for n in names if n}, key=len, reverse=True):
        t = t.replace(name, " " * len(name))
        for run in re.findall(r"[\u3400-\u9fff]{2,}", name):      # "无线耳机" inside "无线耳机还没发货"
            t = t.replace(run, " " * len(run))
    found: list[tuple[str, str, int]] = []
    for dim, values in product.options.items():
        exact: list[tuple[str, str, int]] = []
        shorts = [norm(v) for v in values if len(norm(v)) <= 3]
        for value in values:
            for surface in _surfaces(value):
                if len(surface) == 1 and surface.isalpha() and not re.search(
                        r"(size|尺码|尺寸|码)[\s,，:：]*" + re.escape(surface) + r"(?![a-z])|(?<![a-z])" + re.escape(surface)
                        + r"\s*(码|号)|" + _TARGET_LETTER + re.escape(surface) + r"(?![a-z0-9])|"
                        # a counted unit of that size: "一套M一套L", "one M and one L"
                        + r"(?:[一二两1-9]\s*[个件套双只条台]|(?<![a-z])(?:one|two|1|2)\s+)" + re.escape(surface)
                        + r"(?![a-z0-9])", t) \
                        and not _short_named(surface, [o for o in shorts if o != surface], t):
                    continue
                hits = _mentions(surface, t)
                if hits:
                    exact.append((dim, value, hits[-1] if last else hits[0]))
                    break
        # "Bluetooth" also sits inside "Bluetooth + USB-C dongle": the longest value named wins
        # when one named value is part of another at the same place.
        # Only where the longer one is named over it: "XS to S" names both XS and S.
        exact = [e for e in exact if not any(o is not e and norm(e[1]) in norm(o[1]) and len(o[1]) > len(e[1])
                                             and any(h <= e[2] < h + len(norm(o[1])) for h in _mentions(norm(o[1]), t))
                                             for o in exact)]
        if not exact:
            partial = []
            for value in values:
                hits = [h for w in _partial_words(value) for h in _mentions(w, t)]
                if hits:
                    partial.append((dim, value, min(hits)))
            if len(partial) == 1:
                exact = partial
        if not exact:
            exact = _numbered(dim, values, t)
        if not exact:
            exact = _glossed(dim, values, t)
        found.extend(exact)
    found.sort(key=lambda f: f[2])
    return found


_NUM = r"\d+(?:\.\d+)?"
# A range however it is joined: "3-5", "3–5", "3~5", "3 to 5", "3到5", "3至5".
_RANGE = re.compile(r"(?<![\d.])(" + _NUM + r")\s*(?:-|–|~|～|to|到|至)\s*(" + _NUM + r")(?![\d.])")
# A lone number with its counter or unit written on ("12支装", "12pcs", "30片"): not "2 of them".
# ("换2件" counts units of the line, not a pack: a unit classifier counts only before 装.)
_COUNTED = re.compile(r"(?<![\d.])(" + _NUM + r")(?=\s?[a-z\u3400-\u9fff])"
                      r"(?!\s?(?:[件个双台条只套把本张份盒瓶包](?!装)|of\b|x\b|more\b|units?\b|items?\b))")


def _numbers(value: str) -> tuple[str, ...]:
    return tuple(re.findall(_NUM, norm(value)))


def _numbered(dim: str, values: Sequence[str], t: str) -> list[tuple[str, str, int]]:
    """The one value whose numbers the text writes in another way ("3到5岁" for "Ages 3-5",
    "12支装" for "Pack of 12", "6 to 12 months" for "6-12 months"): a range names the value with
    that range; a lone number with a counter names the only value with that one number."""
    hits: dict[str, int] = {}
    for m in _RANGE.finditer(t):
        got = (m.group(1), m.group(2))
        for value in values:
            if _numbers(value) == got:
                hits.setdefault(value, m.start())
    if not hits:
        # A plain measure ("110cm", "20L") is named by its own unit only (_measure_surfaces):
        # "110伏" is a voltage, not the 110cm length.
        counted = [v for v in values if not _measure_surfaces(_squash(norm(v)))]
        for m in _COUNTED.finditer(t):
            fits = [v for v in counted if _numbers(v) == (m.group(1),)]
            if len(fits) == 1 and not _RANGE.search(t[max(0, m.start() - 4):m.end() + 4]):
                hits.setdefault(fits[0], m.start())
    return [(dim, v, at) for v, at in hits.items()] if len(hits) == 1 else []


def _glossed(dim: str, values: Sequence[str], t: str) -> list[tuple[str, str, int]]:
    """The one value of dimension `dim` the text names in the other language, by a general
    Chinese–English dictionary ("细" for "Fine", "点阵" for "Dotted", "paperback" for "平装"):
    only ever one of the shop's own values, and none when two fit equally (the flow then asks
    with the candidates)."""
    from bot.lang import glossary as G
    cjk, latin = bool(_CJK.search(t)), bool(re.search(r"[a-z]{2}", t))
    best: dict[str, tuple[int, int, int]] = {}          # value → (score, surface length, offset)
    siblings = tuple(values)
    for value in values:
        got = (0, 0, -1)
        if cjk and not _CJK.search(value):
            named = G.zh_surfaces(value, siblings)
            for surface, score in named.items():
                if (score, len(surface)) > got[:2] and surface in t:
                    at = G.zh_named_at(surface, t, named, loose=score < 3)
                    if at >= 0:
                        got = (score, len(surface), at)
        elif latin and _CJK.search(value):
            for words in G.en_surfaces(value):
                score = 3 if len(words) == 1 else 2
                if (score, len(words)) > got[:2]:
                    at = G.en_named_at(words, t)
                    if at >= 0:
                        got = (score, len(words), at)
        if got[0]:
            best[value] = got
    if not best:
        if cjk:
            # "冷白" / "深灰" / "雾蓝": no dictionary entry, but each character names a word of one
            # English value (bot/lang/compounds.py).
            from bot.lang.compounds import best_compound
            hit = best_compound(t, values)
            if hit is not None:
                return [(dim, hit[0], hit[1])]
        return []
    top = max(b[:2] for b in best.values())
    winners = [v for v, b in best.items() if b[:2] == top]
    if len(winners) != 1:
        return []
    win, at = winners[0], best[winners[0]][2]
    win_words = set(_WORD.findall(norm(win)))
    wider = [v for v in values if v != win and win_words < set(_WORD.findall(norm(v)))]
    if wider and at > 0 and _CJK.match(t, at - 1) and not G.choice_before(t[:at]):
        # "极细" with Fine and Extra Fine: a modifier the dictionary did not place sits before
        # "细", and a value wider than Fine exists: too close to choose, the flow asks.
        return []
    return [(dim, win, at)]


def options_named(product: Product, text: str, prefer: str = "last") -> dict[str, str]:
    """One value per dimension the text names. When a dimension is named twice ("the 42 for a
    43"), `prefer="last"` keeps the later one (usually the wanted one), "first" the earlier."""
    out: dict[str, str] = {}
    mentions = option_mentions(product, text, last=prefer == "last")
    for dim, value, _ in (mentions if prefer == "last" else reversed(mentions)):
        out[dim] = value
    return out


def variants_matching(product: Product, options: Mapping[str, str]) -> tuple[Variant, ...]:
    """Variants of `product` that have every given option value."""
    return tuple(v for v in product.variants
                 if all(norm(v.options.get(k, "")) == norm(val) for k, val in options.items()))


def remaining_variants(product: Product, current: Mapping[str, str], wanted: Mapping[str, str],
                       excluded: Mapping[str, Iterable[str]]) -> tuple[Variant, ...]:
    """In-stock variants a change may go to when the customer ruled values out ("any colour but
    white"): the `wanted` values, none of the `excluded` ones, and the line's `current` value in
    every other dimension. Nothing kept that way in stock: the other dimensions are let go."""
    bad = {d: {norm(v) for v in vs} for d, vs in excluded.items()}

    def fits(v: Variant, keep: Mapping[str, str]) -> bool:
        return v.stock > 0 and all(norm(v.options.get(d, "")) not in vs for d, vs in bad.items()) \
            and all(norm(v.options.get(k, "")) == norm(x) for k, x in keep.items())
    keep = {k: x for k, x in current.items() if k in product.options and k not in bad}
    strict = tuple(v for v in product.variants if fits(v, {**keep, **wanted}))
    return strict or tuple(v for v in product.variants if fits(v, dict(wanted)))


def swap_variant(product: Product, current: Mapping[str, str], wanted: Mapping[str, str]) -> Variant | None:
    """The variant with `current` options changed by `wanted` (any dimension: size, colour,
    capacity, connectivity, material, …). None if the catalogue has no such combination.
    Dimensions missing from `current` are free: a unique remaining variant still resolves."""
    target = {**{k: v for k, v in current.items() if k in product.options}, **wanted}
    exact = variants_matching(product, target)
    if exact:
        return exact[0]
    loose = variants_matching(product, wanted)
    return loose[0] if len(loose) == 1 else None


def _name_score(product: Product, t: str) -> float:
    best = 0.0
    for name in [product.name, product.name_zh or "", *product.names.values()]:
        n = norm(name)
        if not n:
            continue
        if n in t:
            return 1.0
        if _CJK.search(n):
            # Chinese names: the longest common run of 2+ characters, as a share of the name.
            runs = [len(n[i:j]) for i in range(len(n)) for j in range(i + 2, len(n) + 1) if n[i:j] in t]
            best = max(best, (max(runs) / len(n)) if runs else 0.0)
            continue
        words = [w for w in _WORD.findall(n) if w not in _STOP and len(w) > 1]
        if words:
            def named(w: str) -> bool:
                return bool(_mentions(w, t) or (len(w) > 3 and _mentions(w.rstrip("s"), t)))
            hit = sum(1 for w in words if named(w))
            # The head noun ("… smart thermostat", "… backpacking tent") names the product alone.
            head = 0.6 if named(words[-1]) and len(words[-1]) > 2 else 0.0
            best = max(best, hit / len(words), head)
    return best


def search(products: Iterable[Product], text: str, lang: str | None = None,
           limit: int = 5) -> list[ProductHit]:
    """Products `text` names, best first (see `Shop.search_products`). A product counts when
    half of its name's words (or a 2-character run of a Chinese name) or one of its option
    values appear; option values alone rank below names."""
    t = norm(text)
    hits: list[ProductHit] = []
    for product in products:
        name = _name_score(product, t)
        opts = options_named(product, t)
        # An option value alone ("black") matches many products: it only counts next to a name
        # or when it is distinctive (not a bare number, at least 3 characters).
        distinctive = [v for v in opts.values() if not v.isdigit() and len(norm(v)) >= 3]
        if name < 0.5 and not distinctive:
            continue
        score = name * 2 + 0.5 * len(opts) + (0.1 if lang == "zh" and product.name_zh else 0.0)
        variants = variants_matching(product, opts) if opts else product.variants
        hits.append(ProductHit(product, round(score, 3), opts, variants))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def variant_index(products: Sequence[Product]) -> dict[str, Variant]:
    return {v.sku: v for p in products for v in p.variants}
