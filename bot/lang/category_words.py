"""An order line named by its category, in either language ("the plant", "那个绿植").

The words come from category_words.txt (general categories, zh and en); an order line's
`category` code picks the groups that share a word with it. These surfaces weigh less than the
line's own names, so "the hose" still beats "the tool" when both are on the order.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from bot.lang.script import fold

WORDS = Path(__file__).with_name("category_words.txt")
# Below every name surface of bot/dialogue/matching.py (a head noun weighs 2.0).
WEIGHT = 1.5


def _norm(text: str) -> str:
    # one script: a category written "腳踏車" finds the lexicon's "脚踏车" line
    return re.sub(r"\s+", " ", fold(unicodedata.normalize("NFKC", str(text)).lower())).strip()


@lru_cache(maxsize=1)
def _groups() -> tuple[frozenset[str], ...]:
    out = []
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        words = frozenset(_norm(w) for w in line.split("|") if w.strip())
        if words:
            out.append(words)
    return tuple(out)


@lru_cache(maxsize=512)
def _for(category: str) -> tuple[tuple[str, float], ...]:
    code = _norm(re.sub(r"[_\-/]+", " ", category))
    keys = {code, *code.split(" ")} - {""}
    found: dict[str, float] = {}
    for group in _groups():
        if keys & group:
            found.update((w, WEIGHT) for w in group if len(w) >= 2)
    return tuple(found.items())


def category_surfaces(category: object) -> dict[str, float]:
    """How a customer may name a line of `category` by its kind, with the (low) match weight."""
    return dict(_for(str(category))) if category else {}


def category_word(category: object, lang: str) -> str:
    """A category code ("live_plants") as a word for a reply in `lang` ("植物" / "live plants"):
    the first word of its group in that language; the code itself, spaced, when none is known."""
    code = _norm(re.sub(r"[_\-/]+", " ", str(category or "")))
    keys = {code, *code.split(" ")} - {""}
    cjk = re.compile(r"[\u3400-\u9fff]")
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        words = [_norm(w) for w in line.split("#", 1)[0].split("|") if w.strip()]
        if keys & set(words):
            pick = next((w for w in words if bool(cjk.search(w)) == (lang == "zh")), "")
            if pick:
                return code if lang != "zh" else pick
    return "" if lang == "zh" else code
