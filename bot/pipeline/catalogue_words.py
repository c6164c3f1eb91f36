"""The shop's own product words kept out of PERSON redaction (issue #14: business data stays).

A catalogue value can look like a name to the recognizers: a colour "蓝黑" or "Olive", a model
"Brooks", a scent "Rosalind". Redacted, "那就蓝黑吧" reaches the dialogue as "那就<PERSON_1>吧" and
the customer's choice is lost. A PERSON finding whose whole text is one of the shop's product
names or option values is therefore not redacted. Only an exact, whole-span match counts (a
name that merely contains such a word stays redacted), and only PERSON: phones, e-mails and
addresses are never a catalogue word.

    words = await CatalogueWords.of(shop)        # cached per shop, refreshed every few minutes
    findings = words.keep_business(text, findings)
"""
from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Sequence
from typing import Any

from bot.lang.script import fold, script_of

log = logging.getLogger(__name__)

_REFRESH_S = 300.0
_HAN = re.compile(r"[\u3400-\u9fff]")
_cache: dict[int, tuple[float, CatalogueWords]] = {}


def _norm(text: str) -> str:
    # one script: a traditional catalogue word is found in a simplified span and vice versa
    return fold(unicodedata.normalize("NFKC", text).strip(" \t'\"“”‘’.,，。!！?？").casefold())


class CatalogueWords:
    def __init__(self, words: frozenset[str], originals: tuple[str, ...] = ()) -> None:
        self.words = words
        # as the shop writes them: a reply converted to traditional keeps these exactly (霧面灰,
        # not OpenCC's 霧麵灰), longest first so a name wins over a value inside it
        self.originals = originals
        # the script the shop writes its catalogue in ("hant" / "hans" / None): the reply's script
        # for a Chinese writer who has given no evidence of theirs yet (TurnScript.of)
        self.script = script_of(" ".join(originals)) if originals else None

    @classmethod
    def from_products(cls, products: Sequence[Any]) -> CatalogueWords:
        words: set[str] = set()
        originals: set[str] = set()
        for p in products:
            names = [p.name, p.name_zh, *dict(getattr(p, "names", {}) or {}).values()]
            values = [v for vs in dict(p.options).values() for v in vs]
            words.update(_norm(str(w)) for w in names + values if w)
            originals.update(str(w).strip() for w in names + values + list(dict(p.options)) if w and _HAN.search(str(w)))
        # one character is too little to tell a product word from a surname
        return cls(frozenset(w for w in words if len(w) >= 2), tuple(sorted(originals, key=len, reverse=True)))

    @classmethod
    async def of(cls, shop: Any) -> CatalogueWords:
        """The words of `shop`'s catalogue; empty when it has none or cannot be read now."""
        hit = _cache.get(id(shop))
        if hit is not None and time.monotonic() - hit[0] < _REFRESH_S:
            return hit[1]
        fn = getattr(shop, "products", None)
        try:
            words = cls.from_products(await fn()) if fn is not None else cls(frozenset())
        except Exception:          # noqa: BLE001 - a catalogue outage must not stop redaction
            log.warning("catalogue unavailable for the redaction allow-list")
            words = cls(frozenset())
        _cache[id(shop)] = (time.monotonic(), words)
        return words

    def keep_business(self, text: str, findings: Sequence[Any]) -> list[Any]:
        """The findings without the PERSON spans that are exactly a catalogue word."""
        if not self.words:
            return list(findings)
        return [f for f in findings
                if not (f.type == "PERSON" and _norm(text[f.start:f.end]) in self.words)]
