"""An order line's name in the customer's language, from the shop's own catalogue.

A shop's order lines carry one name, written in whatever language the shop uses ("Expanding
garden hose 30m spray", "跑鞋 42码 黑色"). A customer writing Chinese should read the
catalogue's Chinese name (`name_zh`) and one writing English its English `name`, with the
line's option values — translated through the general zh/en option words when one is known
(option_words.txt), kept as written otherwise ("30m"). Without a catalogue entry in the other
language the line's own name stays: nothing is made up.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, MutableMapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

# The catalogue matcher's own word groups (bot/shop/catalog.py), read by path so replies need not
# import the shop layer (that edge would close an import cycle through the server).
OPTION_WORDS = Path(__file__).resolve().parents[1] / "shop" / "option_words.txt"

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _translations() -> dict[str, tuple[str, str]]:
    """Each option word -> (its first English word, its first Chinese word) in file order."""
    table: dict[str, tuple[str, str]] = {}
    for line in OPTION_WORDS.read_text(encoding="utf-8").splitlines():
        words = [w.strip() for w in line.split("#", 1)[0].split("|") if w.strip()]
        en = next((w for w in words if not _CJK.search(w)), "")
        zh = next((w for w in words if _CJK.search(w)), "")
        for w in words:
            table.setdefault(norm(w), (en, zh))
    return table


def norm(text: str) -> str:
    """The same folding as bot.shop.catalog.norm: NFKC, lower case, single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


# Codes read the same in both languages: letter sizes ("M", "XL"), anything with a digit
# ("42", "1.5L", "230V", "11-52"). Customers write "M码", not "中号码".
_CODE = re.compile(r"^[A-Z]{1,4}$|\d")


def option_word(value: str, lang: str) -> str:
    """`value` ("black") in `lang` ("黑色"); the value itself when no general word is known, or
    when it is a code that reads the same in both languages ("M", "42", "230V")."""
    if _CODE.search(value.strip()):
        return value
    en, zh = _translations().get(norm(value), ("", ""))
    return (zh if lang == "zh" else en) or value


# Letters that read the same in a Chinese sentence: short codes ("EU", "XL", "M"), units after a
# number ("600ml", "1.6m", "230V"). "lined 240 pages", "brass", "Pro" are English words.
_UNITS = {"ml", "cl", "mm", "cm", "km", "kg", "mg", "mah", "wh", "kw", "gb", "tb", "mb", "hz", "in", "ft", "oz", "lb",
          "pcs", "pc"}


def _neutral(text: str) -> bool:
    runs = re.findall(r"[A-Za-z]+", text)
    return all(len(r) <= 2 or r.isupper() or r.lower() in _UNITS for r in runs)


def foreign(text: str, lang: str) -> str:
    """`text` as a `lang` reply shows it: quoted as the shop wrote it when it is in the other
    language and has no name in this one ("“lined 240 pages”" in Chinese, "“墨黑”" in English),
    never half-translated; codes and units read the same in both ("EU", "600ml") and stay bare."""
    text = str(text)
    if not text or text.startswith(("“", "\"")):
        return text
    if lang == "zh":
        other = bool(_LATIN.search(text)) and not _CJK.search(text) and not _neutral(text)
    else:
        other = bool(_CJK.search(text)) and not _LATIN.search(text)
    return f"“{text}”" if other else text


def shown_value(value: str, lang: str) -> str:
    """An option value in `lang`: the general word when one is known ("black" → "黑色"), else as
    the shop wrote it, quoted when in the other language (`foreign`)."""
    return foreign(option_word(str(value), lang), lang)


def line_name(item: Mapping[str, Any], product: Mapping[str, Any] | None, lang: str) -> str:
    """The name of order line `item` for a customer writing `lang` ("zh" or "en"): the catalogue's
    name in that language with the line's option values (`shown_value`); a product with no name in
    that language keeps the shop's own, quoted as a whole (`foreign`), never half-translated."""
    own = str(item.get("name") or "")
    if not product:
        return own if lang != "zh" or _neutral(own) else f"“{own}”"
    if lang == "zh":
        base = str(product.get("name_zh") or "")
        if _CJK.search(own) and _neutral(own):
            return own          # already Chinese
        if not base:
            # no Chinese name in the catalogue: the shop's own, quoted as a whole
            return f"“{own}”" if not _neutral(own) else own
    else:
        base = str(product.get("name") or "")
        if not base or not _CJK.search(own) or not _LATIN.search(base):
            return own
    options = item.get("options") or {}
    words = [shown_value(str(v), lang) for v in options.values() if str(v)] if isinstance(options, Mapping) else []
    return " ".join([base, *words])


def localise_lines(orders: Sequence[MutableMapping[str, Any]], products: Mapping[str, Mapping[str, Any]]) -> None:
    """Give every order line its `name_zh` and `name_en` from the catalogue (in place), so replies
    can name it in the customer's language; `name` stays the shop's own."""
    for order in orders:
        for item in order.get("items") or []:
            if not isinstance(item, MutableMapping):
                continue
            product = products.get(str(item.get("product_id") or ""))
            for lang in ("zh", "en"):
                item.setdefault(f"name_{lang}", line_name(item, product, lang))


def shown_name(item: Mapping[str, Any], lang: str) -> str:
    """What a reply calls the line: its name in `lang` when known, else the shop's own name."""
    return str(item.get("name_zh" if lang == "zh" else "name_en") or item.get("name") or item.get("sku") or "")
