"""Item matching with compiled surfaces and a substring pre-test (bot/dialogue/matching.py, #17)
finds exactly the spans the pattern built afresh each call found, on every surface of two shops'
names against texts that name them, name them in the plural, name them in part, or not at all."""
import json
import re
from pathlib import Path

import pytest

from bot.dialogue import matching as M

ROOT = Path(__file__).resolve().parents[2]
SHOPS = [ROOT / "config" / "demo_shop.json", ROOT / "tests" / "dialogue" / "data" / "beauty_shop_eur.json"]


def reference(surface: str, text: str) -> list[tuple[int, int]]:
    # The code before the change, verbatim.
    if M._CJK.search(surface):
        return [(m.start(), m.end()) for m in re.finditer(re.escape(surface), text)]
    pat = r"(?<![a-z0-9])" + r"(?:e?s)?\s+".join(re.escape(w) for w in surface.split(" ")) + r"(?:e?s)?(?![a-z0-9])"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def _names(shop: Path) -> list[list[str]]:
    data = json.loads(shop.read_text(encoding="utf-8"))
    out = []
    for p in data.get("products", []):
        out.append([str(p.get(k) or "") for k in ("name", "name_zh")] + [str(v) for v in (p.get("names") or {}).values()])
    return out


@pytest.mark.parametrize("shop", SHOPS, ids=lambda p: p.stem)
def test_same_spans_as_the_pattern_built_each_call(shop):
    all_names = _names(shop)
    assert all_names
    surfaces = sorted({s for names in all_names for s in M.surfaces(names)})
    texts = ["i want to return my shoes", "鞋子开胶了怎么办", "hello", "the charger is fine but the cases are broken"]
    for names in all_names:
        for n in names:
            t = M.norm(n)
            texts += [t, f"return the {t}s please", f"my {t} and the other one", f"我的{t}坏了", t.replace(" ", "  ")]
    hits = 0
    for s in surfaces:
        for t in texts:
            want = reference(s, t)
            assert M._occurrences(s, t) == want, (s, t)
            hits += bool(want)
    assert hits > len(surfaces)          # the texts do name the surfaces: not a test of empties only
