"""Round 3 (issue #13, stock10): a change of several lines where one target version is sold out.
The question names the sold-out part with the in-stock versions and says the other changes are
kept; the customer's next pick ("then the navy", "那就藏青色吧", "ok then clay") is bound to that
line as the whole candidate offered (the value asked for first kept), and every change is
proposed in one confirmation (`bot.dialogue.sold_out_pick`, changes._propose_plan/_with_plan,
classic._sold_out_answer). Units of the pick, then conversations on the demo and generated shops."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.sold_out_pick import pick_among
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import _order, replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "create_exchange", "create_return", "change_address", "cancel_order")
JACKET = {"id": "J", "options": {"size": ["S", "M", "L"], "color": ["black", "red", "navy"]}}
CANDS = [{"size": "L", "color": "black"}, {"size": "L", "color": "navy"}]


@pytest.mark.parametrize("text,want", [
    ("then navy", {"size": "L", "color": "navy"}),
    ("ok the navy one then", {"size": "L", "color": "navy"}),
    ("那就藏青色吧", {"size": "L", "color": "navy"}),
    ("black is fine", {"size": "L", "color": "black"}),
    ("size L", None),                  # fits both: not a pick
    ("red", None),                     # fits none of those offered
    ("hmm let me think", None),        # names nothing
])
def test_pick_among(text: str, want: dict | None) -> None:
    assert pick_among(text, JACKET, CANDS) == want


def test_pick_needs_a_product_and_candidates() -> None:
    assert pick_among("navy", None, CANDS) is None
    assert pick_among("navy", JACKET, []) is None


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _items(shop: dict[str, Any], oid: str) -> list[tuple[str, int]]:
    return sorted((i["sku"], int(i["qty"])) for i in _order(shop, oid)["items"])


async def test_zh_sold_out_part_pick_keeps_the_size_and_the_other_change(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001",
                             ["W7096158 夹克换成L码红色的，水壶改成2个", "那就藏青色吧", "确认"], tmp_path / "c.db")
    first = out[0]["reply"]
    assert "缺货" in first and "藏青色" in first and "先保留" in first and "1 → 2" in first, first
    assert _writes(out[:2]) == [], [o["reply"] for o in out]
    assert "尺码 L，颜色 藏青色" in out[1]["reply"] and "1 → 2" in out[1]["reply"], out[1]["reply"]
    assert _writes(out) == ["change_items"]
    assert _items(shop, "#W7096158") == [("BTL-18-BLK-CH", 2), ("RJ-L-NVY", 1)]


async def test_gen_shop_sold_out_part_pick_then_both_changes(settings: Any, tmp_path: Path, models: Any) -> None:
    # seed 41 (ids ORD/2026/…, GBP): the 4mm sage mat is sold out, 4mm clay is offered; the light's strap waits.
    g = make_shop(41, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:41177",
                             ["ORD/2026/07727 yoga mat to 4mm sage and the bike light set to strap",
                              "ok then clay", "yes"], tmp_path / "c.db")
    first = out[0]["reply"]
    assert "sold out" in first and "clay" in first and "keep the other change" in first and "strap" in first, first
    assert "thickness 4mm, colour clay" in out[1]["reply"] and "strap" in out[1]["reply"], out[1]["reply"]
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    assert _items(shop, "ORD/2026/07727") == [("P410-2", 1), ("P413-2", 1)]


async def test_en_sold_out_part_pick_in_english(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001",
                             ["W7096158: jacket in size L red please, and the bottle to 2", "then the navy", "yes"],
                             tmp_path / "c.db")
    assert "sold out" in out[0]["reply"], out[0]["reply"]
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    assert _items(shop, "#W7096158") == [("BTL-18-BLK-CH", 2), ("RJ-L-NVY", 1)]
