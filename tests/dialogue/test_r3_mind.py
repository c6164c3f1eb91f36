"""Round 3 (#13) a changed mind at a pending confirmation: the value the customer rejects
("不要X了", "not X", "forget X") leaves the pending change, the new value stays, the bot asks
again, and nothing is written before the yes — on the outdoor shop (sleeping bag season/fit) and
the demo shop (running shoes size/colour)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_conversation_corrections import DEMO_SHOP, replay

DATA = Path(__file__).with_name("data")
OUTDOOR = DATA / "outdoor_shop_gbp.json"
WRITES = ("change_items", "create_exchange")


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["name"]) for n, o in enumerate(out) for a in o["trace"]["actions"] if a["name"] in WRITES]


def _bag_sku(shop: dict[str, Any]) -> list[str]:
    order = next(o for o in shop["orders"] if o["id"] == "K30418")
    return [i["sku"] for i in order["items"] if i["product_id"] == "P-BAG"]


def _shoe_exchange(shop: dict[str, Any]) -> list[str]:
    made = [e for e in shop["exchanges"] if e["order_id"] == "SO202611230529"]
    return [i["new_sku"] for e in made for i in e["items"]]


# first ask proposes winter; the correction rejects winter and wants long -> summer-long
OUTDOOR_MIND = [
    ["K30418 can I switch the sleeping bags to the winter ones?", "不要冬季的了，换成long"],
    ["K30418 can I switch the sleeping bags to the winter ones?", "no, not the winter one - long instead"],
    ["K30418 睡袋换成冬季的", "算了不要冬季的，要long的"],
    ["K30418 睡袋换成冬季的", "forget the winter, make it long"],
    ["please change my sleeping bags in K30418 to winter", "actually forget winter, long fit please"],
    ["K30418 sleeping bag -> winter pls", "nah not winter. long"],
]


@pytest.mark.parametrize("texts", OUTDOOR_MIND)
async def test_outdoor_rejected_season_is_dropped(settings: Any, tmp_path: Path, models: Any,
                                                  texts: list[str]) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola", [*texts, "yes"], tmp_path / "c.db")
    writes = _writes(out)
    assert writes and all(n == len(texts) for n, _ in writes), writes   # only after the yes
    assert _bag_sku(shop) == ["SB-SU-L"], _bag_sku(shop)


# first ask proposes white; the correction rejects white and wants 43 -> black 43
DEMO_MIND = [
    ["跑鞋能换成白色的吗", "不要白色了，换成43"],
    ["跑鞋能换成白色的吗", "not the white one, 43 instead"],
    ["can I exchange my running shoes for white ones", "actually forget the white, make it size 43"],
    ["跑鞋想换白色", "白色的不要了 43码吧"],
]


@pytest.mark.parametrize("texts", DEMO_MIND)
async def test_demo_rejected_colour_is_dropped(settings: Any, tmp_path: Path, models: Any,
                                               texts: list[str]) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "slack:U01ABC", [*texts, "确认"], tmp_path / "c.db")
    writes = _writes(out)
    assert writes and all(n == len(texts) for n, _ in writes), writes
    assert _shoe_exchange(shop) == ["SHOE-RUN-43"], _shoe_exchange(shop)


async def test_plain_correction_without_rejection_still_combines(settings: Any, tmp_path: Path,
                                                                 models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "slack:U01ABC",
                             ["跑鞋42码有点小，能换成43吗", "算了，还是换白色43的吧", "确认"], tmp_path / "c.db")
    assert _shoe_exchange(shop) == ["SHOE-RUN-43-WH"]


@pytest.mark.parametrize("no", ["no, not the winter one", "不要冬季的"])
async def test_a_bare_rejection_stays_a_no(settings: Any, tmp_path: Path, models: Any, no: str) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola",
                             ["K30418 can I switch the sleeping bags to the winter ones?", no, "yes"], tmp_path / "c.db")
    assert not [w for w in _writes(out) if w[0] < 2]          # nothing written before a yes
    assert "SB-WI-R" not in _bag_sku(shop) and "SB-WI-L" not in _bag_sku(shop)


def test_rejected_value_goes_back_to_the_lines_own() -> None:
    from bot.dialogue.rejected_options import drop_rejected, names_new, rejected_at
    text = "不要冬季的了，换成long"
    ms = [("season", "winter", 2, 4), ("fit", "long", 9, 13)]
    assert rejected_at(text, 2, 4) and not rejected_at(text, 9, 13)
    assert drop_rejected(text, {"season": "winter", "fit": "long"}, ms, {"season": "summer", "fit": "regular"}) \
        == {"season": "summer", "fit": "long"}
    assert names_new(text, ms, {"season": "summer", "fit": "regular"})
    plain = "actually white 43"
    pm = [("color", "white", 9, 14), ("size", "43", 15, 17)]
    assert drop_rejected(plain, {"color": "white", "size": "43"}, pm, {"color": "black", "size": "42"}) \
        == {"color": "white", "size": "43"}
    assert not names_new(plain, pm, {"color": "black", "size": "42"})
    en = "forget the black, make it the grey"
    em = [("color", "black", 11, 16), ("color", "grey", 30, 34)]
    assert drop_rejected(en, {"color": "grey"}, em, {"color": "black"}) == {"color": "grey"}
