"""#13 edits13 — the three held-out classes that wrote the wrong thing to the store:

1. a correction inside an open option-swap confirmation changes exactly the dimension named
   ("no, size XL", "no, I meant red", "颜色不对，要灰色") and the yes writes that variant; a value
   the asked combination forces on another dimension is said before the yes;
2. "remove X" removes X, even when one product word fits two lines told apart by an option value
   ("take the 12 inch skillet off order …", "把不锈钢煎锅去掉"), never cancels the whole order, and
   the confirmation names the new total;
3. an address in a local format (Taiwan, Hong Kong, Singapore) is confirmed and stored whole.

Demo shops and a Taipei bicycle shop none of the code was written against (tests/dialogue/
bike_shop.py: TWD, TPE-ids, frame size / wheel size / colour, lumens / mount)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import forced_options as FO
from bot.dialogue import matching as M
from bot.dialogue import rejected_options as RO
from bot.dialogue import tied_lines as TL
from bot.dialogue.classic import partial_removal
from bot.dialogue.flows.changes import _new_total
from tests.dialogue import bike_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

WRITES = ("cancel_order", "change_items", "create_exchange", "create_return", "change_address")
BIKE_USER = bike_shop.USER


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str, Any]]:
    return [(n, a["name"], a.get("args")) for n, o in enumerate(out)
            for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok", True)]


def _order(shop: dict[str, Any], order_id: str) -> dict[str, Any]:
    return next(o for o in shop["orders"] if o["id"] == order_id)


# --- unit: a "no" that names another value ------------------------------------------------------

@pytest.mark.parametrize("text,mentions,current,other", [
    ("no, size XL", [("size", "XL", 9, 11)], {"size": "L", "color": "black"}, True),
    ("no, I meant red", [("color", "red", 12, 15)], {"size": "M", "color": "navy"}, True),
    ("不是，要L的", [("frame size", "L", 4, 5)], {"frame size": "M"}, True),
    ("no, not the 43 either", [("size", "43", 12, 14)], {"size": "42"}, False),     # rejected: a plain no
    ("no, black is what I have", [("color", "black", 4, 9)], {"color": "black"}, False),  # the line's own
    ("no thanks", [], {"size": "L"}, False),
])
def test_a_no_naming_another_value_is_a_correction(text: str, mentions: list[tuple[str, str, int, int]],
                                                   current: dict[str, str], other: bool) -> None:
    assert RO.names_other(text, mentions, current) is other


# --- unit: a value forced by the asked combination is said ---------------------------------------

def test_a_dimension_the_match_changes_unasked_is_named() -> None:
    match = {"options": {"frame size": "52", "wheel size": "650b", "colour": "olive"},
             "changed": {"frame size": "52", "wheel size": "650b"}}
    line = {"frame size": "54", "wheel size": "700c", "colour": "sand"}
    assert FO.forced(match, line) == {"colour": "olive"}
    assert "olive" in FO.note(match, line, "en") and "sand" in FO.note(match, line, "en")
    assert "olive" in FO.note(match, line, "zh") and FO.note(match, line, "zh").startswith("注意")


def test_nothing_is_said_when_only_the_asked_values_change() -> None:
    match = {"options": {"size": "M", "color": "black"}, "changed": {"size": "M"}}
    assert FO.forced(match, {"size": "L", "color": "black"}) == {}
    assert FO.note(match, {"size": "L", "color": "black"}, "en") == ""


# --- unit: tied lines told apart by the value said with the product ------------------------------

_SKILLETS = {"id": "#W1", "status": "paid", "items": [
    {"sku": "SK-12-SS", "product_id": "P-SK", "options": {"size": "12 inch", "material": "stainless steel"}, "qty": 1},
    {"sku": "SK-10-CI", "product_id": "P-SK", "options": {"size": "10 inch", "material": "cast iron"}, "qty": 2}]}
_CATALOGUE = {"P-SK": {"id": "P-SK", "name": "Skillet", "name_zh": "煎锅", "category": "kitchen",
                       "options": {"size": ["10 inch", "12 inch"], "material": ["cast iron", "stainless steel"]}}}


def _tie(at: int = 10) -> list[M.ItemRef]:
    return [M.ItemRef("#W1", "SK-12-SS", "Skillet", 3.0, at), M.ItemRef("#W1", "SK-10-CI", "Skillet", 3.0, at)]


@pytest.mark.parametrize("text,left", [
    ("take the 12 inch skillet off order #W1", ["SK-12-SS"]),
    ("remove the cast iron skillet", ["SK-10-CI"]),
    ("把不锈钢煎锅去掉", ["SK-12-SS"]),
    ("remove the skillet", ["SK-12-SS", "SK-10-CI"]),              # nothing tells them apart: both stay
    ("change the skillet to 12 inch", ["SK-12-SS", "SK-10-CI"]),   # the value is the wish, not the line
])
def test_a_tie_is_cut_to_the_line_whose_value_is_named(text: str, left: list[str]) -> None:
    assert [r.sku for r in TL.narrow(text, _tie(), [_SKILLETS], _CATALOGUE)] == left


def test_a_line_named_only_after_the_change_target_is_the_wish() -> None:
    order = {"id": "#W2", "items": [{"sku": "J-M-NVY", "product_id": "P-J"}, {"sku": "J-L-BLK", "product_id": "P-J"}]}
    refs = [M.ItemRef("#W2", "J-M-NVY", "jacket", 2.5, 11), M.ItemRef("#W2", "J-L-BLK", "jacket", 2.0, 39)]
    text = "change the navy jacket in #W2 to black"
    assert [r.sku for r in TL.wish_not_line(text, refs, [order])] == ["J-M-NVY"]
    kept = [M.ItemRef("#W2", "J-M-NVY", "jacket", 2.5, 11), M.ItemRef("#W2", "J-L-BLK", "jacket", 2.0, 30, True)]
    assert len(TL.wish_not_line("drop the navy jacket, keep the black one", kept, [order])) == 2


def test_the_order_named_as_where_the_line_is_keeps_the_removal_partial() -> None:
    refs = [M.ItemRef("#W1", "SK-12-SS", "Skillet", 3.0, 10)]
    assert partial_removal("take the 12 inch skillet off order #W1", [_SKILLETS], refs)
    assert partial_removal("订单#W1里的不锈钢煎锅删掉", [_SKILLETS], refs)
    assert not partial_removal("cancel the whole order #W1", [_SKILLETS], refs)


def test_a_removal_names_the_new_total() -> None:
    order = {"id": "TPE-1", "total": "2800.00", "currency": "TWD"}
    en, zh = _new_total(order, 1200.0, "en")
    assert "1,600" in en or "1600" in en
    assert "1600" in _new_total(order, 1200.0, "zh")[1]
    assert _new_total({"id": "X"}, 10.0, "en") == ("", "")
    assert _new_total(order, 0.0, "en") == ("", "")


# --- conversations -------------------------------------------------------------------------------

def _shop(tmp_path: Path, name: str) -> Path:
    return {"demo": DEMO_SHOP, "en": EN_SHOP}.get(name) or bike_shop.write(tmp_path)


@pytest.mark.parametrize("shop,user,texts,order_id,old,new", [
    ("en", "telegram:5008", ["change the black jacket in #W8254811 to size M", "no, size XL", "yes"],
     "#W8254811", "RJ-L-BLK", "RJ-XL-BLK"),
    ("en", "telegram:5008", ["change the navy jacket in #W8254811 to black", "no, I meant red", "yes"],
     "#W8254811", "RJ-M-NVY", "RJ-M-RED"),
    ("bike", BIKE_USER, ["TPE-88123 的自行车想换成L号", "颜色不对，要灰色", "可以啊"], "TPE-88123", "CITY-M-BK", "CITY-L-GY"),
    ("bike", BIKE_USER, ["please change the bike in TPE-88123 to grey", "no, frame size L", "yes"],
     "TPE-88123", "CITY-M-BK", "CITY-L-GY"),
    ("bike", BIKE_USER, ["TPE-88123 change the helmet to size M", "wrong colour, black please", "yes"],
     "TPE-88123", "HLM-L-GY", "HLM-M-BK"),
])
async def test_a_correction_at_the_swap_confirmation_writes_the_variant_named(
        settings: Any, tmp_path: Path, models: Any, shop: str, user: str, texts: list[str], order_id: str,
        old: str, new: str) -> None:
    out, exported = await replay(settings, _shop(tmp_path, shop), user, texts, tmp_path / "c.db")
    writes = _writes(out)
    assert [(n, w) for n, w, _ in writes] == [(2, "change_items")], out[1]["reply"]
    assert writes[0][2]["swaps"][0]["new_sku"] == new
    skus = [i["sku"] for i in _order(exported, order_id)["items"]]
    assert new in skus and old not in skus


async def test_a_combination_that_does_not_exist_is_said_and_nothing_written(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, _shop(tmp_path, "bike"), BIKE_USER,
                          ["change the bike in TPE-88123 to frame size L", "no, white"], tmp_path / "c.db")
    assert not _writes(out)
    assert "white" in out[1]["reply"] and "frame size S, colour white" in out[1]["reply"]


async def test_a_value_the_combination_forces_is_said_before_the_exchange_is_written(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, _shop(tmp_path, "bike"), BIKE_USER,
                          ["TPE-87011 的碎石公路车想换成650b", "不对，车架要52的", "好喔"], tmp_path / "c.db")
    assert "olive" in out[1]["reply"] and "注意" in out[1]["reply"]
    writes = _writes(out)
    assert [(n, w) for n, w, _ in writes] == [(2, "create_exchange")]
    assert writes[0][2]["new_sku"] == "GRV-52-650-OL"


@pytest.mark.parametrize("shop,user,texts,order_id,gone,kept", [
    ("en", "discord:880011223344", ["take the 12 inch skillet off order #W6455030", "yes"],
     "#W6455030", "SKL-12-SS", ["SKL-10-CI"]),
    ("en", "discord:880011223344", ["#W6455030 把不锈钢煎锅去掉", "好"], "#W6455030", "SKL-12-SS", ["SKL-10-CI"]),
    ("bike", BIKE_USER, ["TPE-88157 把U型锁去掉", "好的"], "TPE-88157", "LOCK-U", ["LGT-400-CL", "BTL-550"]),
    ("bike", BIKE_USER, ["remove the front light from TPE-88157, keep the lock and bottles", "yes"],
     "TPE-88157", "LGT-400-CL", ["LOCK-U", "BTL-550"]),
])
async def test_remove_x_removes_x_and_keeps_the_rest(settings: Any, tmp_path: Path, models: Any, shop: str,
                                                      user: str, texts: list[str], order_id: str, gone: str,
                                                      kept: list[str]) -> None:
    out, exported = await replay(settings, _shop(tmp_path, shop), user, texts, tmp_path / "c.db")
    writes = _writes(out)
    assert [(n, w) for n, w, _ in writes] == [(1, "change_items")], out[0]["reply"]
    assert "total" in out[0]["reply"] or "总额" in out[0]["reply"]
    order = _order(exported, order_id)
    assert order["status"] != "cancelled"
    left = {i["sku"] for i in order["items"] if i["qty"] > 0}
    assert gone not in left and set(kept) <= left


@pytest.mark.parametrize("shop,user,texts,order_id,whole", [
    ("bike", BIKE_USER, ["TPE-88157 地址改为九龙旺角弥敦道600号5楼B室", "是"], "TPE-88157", "九龙旺角弥敦道600号5楼B室"),
    ("bike", BIKE_USER, ["please send TPE-88157 to 3F, No. 5, Alley 4, Lane 123, Sec. 1, Fuxing S. Rd., "
                         "Da'an Dist., Taipei City 106", "yes"], "TPE-88157",
     "3F, No. 5, Alley 4, Lane 123, Sec. 1, Fuxing S. Rd., Da'an Dist., Taipei City 106"),
    ("en", "telegram:5001", ["new address for #W7096158: Blk 123 Ang Mo Kio Ave 3 #05-67 Singapore 560123", "yes"],
     "#W7096158", "Blk 123 Ang Mo Kio Ave 3 #05-67 Singapore 560123"),
    ("bike", BIKE_USER, ["change the address of TPE-88157 to Flat 5B, 8/F, Tower 2, 18 Harbour Road, Wan Chai, "
                         "Hong Kong", "yes"], "TPE-88157", "Flat 5B, 8/F, Tower 2, 18 Harbour Road, Wan Chai, Hong Kong"),
    ("bike", BIKE_USER, ["TPE-88157 的收货地址改成台北市大安区复兴南路一段123巷4弄5号3楼", "好"], "TPE-88157",
     "台北市大安区复兴南路一段123巷4弄5号3楼"),
])
async def test_a_local_format_address_is_confirmed_and_stored_whole(
        settings: Any, tmp_path: Path, models: Any, shop: str, user: str, texts: list[str], order_id: str,
        whole: str) -> None:
    out, exported = await replay(settings, _shop(tmp_path, shop), user, texts, tmp_path / "c.db")
    assert [(n, w) for n, w, _ in _writes(out)] == [(1, "change_address")]
    assert _order(exported, order_id)["shipping_address"] == whole


# --- unit: the wish a correction leaves ----------------------------------------------------------

def test_a_correction_keeps_the_proposals_other_asked_values() -> None:
    planned = RO.planned_options({"swap_info": {"CITY-M-BK": {"options": {"frame size": "M", "colour": "grey"}}}}, {})
    assert planned == {"frame size": "M", "colour": "grey"}
    assert RO.corrected_wish({"frame size": "L"}, planned) == "frame size L , colour grey"


def test_an_exchanges_planned_options_are_its_new_variant() -> None:
    catalogue = {"B-G": {"variants": [{"sku": "G-54-650-SD", "options": {"frame size": "54", "wheel size": "650b"}}]}}
    slots = {"new_sku": "G-54-650-SD"}
    assert RO.planned_options(slots, catalogue, {"product_id": "B-G"}) == {"frame size": "54", "wheel size": "650b"}
    assert RO.planned_options({}, catalogue, {"product_id": "B-G"}) == {}


@pytest.mark.parametrize("text,mentions,current,kept", [
    ("the size should be L not M", [("size", "L", 19, 20), ("size", "M", 25, 26)], {"size": "M"}, {"size": "L"}),
    ("不是M，是L", [("size", "M", 2, 3), ("size", "L", 5, 6)], {"size": "M"}, {"size": "L"}),
])
def test_the_value_put_against_the_rejected_one_is_kept(text: str, mentions: list[tuple[str, str, int, int]],
                                                        current: dict[str, str], kept: dict[str, str]) -> None:
    assert RO.drop_rejected(text, {"size": mentions[-1][1]}, mentions, current) == kept


@pytest.mark.parametrize("text,value", [
    ("不是M，是L", "L"), ("the size should be L not M", "L"), ("wrong size, M please", "M"), ("尺寸：L", "L"),
])
def test_a_one_letter_size_is_read_next_to_a_size_cue_or_against_another(text: str, value: str) -> None:
    from bot.dialogue.classic import _mentions
    product = next(p for p in bike_shop.PRODUCTS if p["id"] == "B-CITY")
    assert value in [v for _, v, _ in _mentions(product, text)]


@pytest.mark.parametrize("text", ["I'm fine with it", "a bike for me", "it is ok"])
def test_a_lone_letter_is_still_no_size(text: str) -> None:
    from bot.dialogue.classic import _mentions
    product = next(p for p in bike_shop.PRODUCTS if p["id"] == "B-CITY")
    assert [v for _, v, _ in _mentions(product, text) if len(v) == 1] == []


def test_a_line_named_only_by_its_value_after_the_target_is_the_wish() -> None:
    order = {"id": "T-1", "items": [{"sku": "BIKE", "product_id": "P-B", "options": {"colour": "matte black"}},
                                    {"sku": "HLM", "product_id": "P-H", "options": {"colour": "grey"}}]}
    text = "t-1 change the helmet to black"
    h, b = text.index("helmet"), text.index("black")
    refs = [M.ItemRef("T-1", "HLM", "helmet", 2.06, h, False, h + 6), M.ItemRef("T-1", "BIKE", "bike", 2.05, b, False, b + 5)]
    assert [r.sku for r in TL.wish_not_line(text, refs, [order])] == ["HLM"]


@pytest.mark.parametrize("texts,new", [
    (["TPE-88123 自行车帮我换成灰色", "不是M，是L", "好"], "CITY-L-GY"),
    (["please change the bike in TPE-88123 to grey", "the size should be L not M", "yes"], "CITY-L-GY"),
    (["TPE-88123 change the helmet to black", "wrong size, M please", "yes"], "HLM-M-BK"),
])
async def test_more_corrections_on_the_bicycle_shop(settings: Any, tmp_path: Path, models: Any, texts: list[str],
                                                    new: str) -> None:
    out, exported = await replay(settings, _shop(tmp_path, "bike"), BIKE_USER, texts, tmp_path / "c.db")
    writes = _writes(out)
    assert [(n, w) for n, w, _ in writes] == [(2, "change_items")], out[1]["reply"]
    assert writes[0][2]["swaps"][0]["new_sku"] == new
    assert new in [i["sku"] for i in _order(exported, "TPE-88123")["items"]]
