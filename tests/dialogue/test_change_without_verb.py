"""Round-two change requests (#13): option values across languages by measure and a general
lexicon (catalog), an option value of one unshipped line without a change verb (routing), a
correction naming no line in a multi-line change (keeps what was asked), and a sold-out line in a
multi-line change (names the in-stock options). Units per step, then whole conversations with
exact store writes, zh and en, on the outdoor (GBP), music (CHF), cycle (GBP) and demo shops."""
from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.dialogue.classic import option_change_named
from bot.dialogue.matching import match_items
from bot.shop import catalog
from bot.shop.models import Product, Variant
from tests.test_conversation_corrections import _order, replay

DATA = Path(__file__).with_name("data")
OUTDOOR = DATA / "outdoor_shop_gbp.json"
CYCLE = DATA / "cycle_shop_gbp.json"
MUSIC = Path(__file__).with_name("fixtures") / "music_shop" / "shop.json"
DEMO = Path(__file__).resolve().parents[2] / "config" / "demo_shop.json"
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange")


def _product(options: dict[str, list[str]], name: str = "Widget", name_zh: str = "小件") -> Product:
    dims = list(options)
    variants = tuple(Variant(f"V{i}", "P", dict(zip(dims, combo)), Decimal("10"), 3)
                     for i, combo in enumerate(itertools.product(*options.values())))
    return Product("P", name, name_zh, "misc", {k: tuple(v) for k, v in options.items()}, variants)


# -- catalog: measures and the lexicon -------------------------------------------------------------
def test_a_count_of_people_names_the_value_in_either_language() -> None:
    p = _product({"berth": ["2-person", "3-person"]})
    for text in ("要3人的", "换成三人的", "a 3 person one", "3 people please", "the 3-person"):
        assert catalog.options_named(p, text) == {"berth": "3-person"}, text
    assert catalog.options_named(p, "两人的就行") == {"berth": "2-person"}


def test_a_number_without_its_unit_or_inside_another_number_names_nothing() -> None:
    p = _product({"berth": ["2-person", "3-person"]})
    for text in ("3 of them", "I want 3", "13人", "十三人", "要3个"):
        assert catalog.options_named(p, text) == {}, text


def test_lengths_volumes_power_and_light_output_across_units() -> None:
    p = _product({"length": ["110cm", "130cm"], "volume": ["20L", "30L"], "voltage": ["230V", "110V"],
                  "output": ["400lm", "800lm"]})
    assert catalog.options_named(p, "the 130厘米 ones") == {"length": "130cm"}
    assert catalog.options_named(p, "30升的") == {"volume": "30L"}
    assert catalog.options_named(p, "20 litre please") == {"volume": "20L"}
    assert catalog.options_named(p, "要110伏的") == {"voltage": "110V"}
    assert catalog.options_named(p, "800流明") == {"output": "800lm"}


def test_chinese_catalogue_measures_are_named_in_english_units() -> None:
    p = _product({"长度": ["110厘米", "130厘米"], "人数": ["2人", "4人"]})
    assert catalog.options_named(p, "the 130 cm one") == {"长度": "130厘米"}
    assert catalog.options_named(p, "for 4 people") == {"人数": "4人"}


def test_the_lexicon_names_fits_seasons_sides_and_materials() -> None:
    p = _product({"fit": ["regular", "long"], "season": ["summer", "winter"], "hand": ["left", "right"],
                  "shell": ["nylon", "polyester"]})
    assert catalog.options_named(p, "要长款的") == {"fit": "long"}
    assert catalog.options_named(p, "加长") == {"fit": "long"}
    assert catalog.options_named(p, "冬季款") == {"season": "winter"}
    assert catalog.options_named(p, "左手的") == {"hand": "left"}
    assert catalog.options_named(p, "涤纶") == {"shell": "polyester"}
    # and the other way round: English words for a Chinese catalogue
    z = _product({"版型": ["标准", "加长"], "材质": ["尼龙", "涤纶"]})
    assert catalog.options_named(z, "the long one in nylon") == {"版型": "加长", "材质": "尼龙"}


# -- routing: an option value without a change verb -----------------------------------------------
_CATALOGUE = {"P-BAG": {"id": "P-BAG", "name": "Sleeping bag", "name_zh": "睡袋",
                        "options": {"season": ["summer", "winter"], "fit": ["regular", "long"]}},
              "P-POT": {"id": "P-POT", "name": "Cook pot", "name_zh": "锅",
                        "options": {"size": ["1L", "2L"]}}}


def _bag(sku: str = "BAG-SR") -> dict[str, Any]:
    return {"sku": sku, "product_id": "P-BAG", "name": "Sleeping bag summer regular", "qty": 2,
            "options": {"season": "summer", "fit": "regular"}}


def _orders(*statuses: str) -> list[dict[str, Any]]:
    return [{"id": f"Q-{n}", "status": s, "items": [_bag()]} for n, s in enumerate(statuses, 1)]


def _named(text: str, orders: list[dict[str, Any]]) -> str | None:
    return option_change_named(text, orders, match_items(text, orders, _CATALOGUE), _CATALOGUE)


def test_another_value_of_one_unshipped_line_is_that_orders_change() -> None:
    orders = _orders("paid", "delivered")
    assert _named("can I get the long sleeping bag, 3 of them", orders) == "Q-1"
    assert _named("睡袋要冬季的", orders) == "Q-1"


def test_the_lines_own_value_a_question_or_another_request_is_no_change() -> None:
    orders = _orders("paid")
    assert _named("the regular sleeping bag", orders) is None          # what it already is
    assert _named("is the long sleeping bag warm enough?", orders) is None
    assert _named("长款的睡袋有没有货", orders) is None
    assert _named("return the long sleeping bag", orders) is None
    assert _named("the long sleeping bag to my new address", orders) is None


def test_several_unshipped_orders_or_only_shipped_ones_stay_unrouted() -> None:
    assert _named("the long sleeping bag", _orders("paid", "pending")) is None
    assert _named("the long sleeping bag", _orders("shipped", "delivered")) is None
    # the order written picks one of several
    assert _named("Q-2: the long sleeping bag", _orders("paid", "pending")) == "Q-2"


# -- whole conversations ---------------------------------------------------------------------------
def _lines(shop: dict[str, Any], order_id: str) -> list[tuple[str, int]]:
    return [(i["sku"], int(i["qty"])) for i in _order(shop, order_id)["items"]]


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


async def test_en_an_option_and_a_count_without_a_change_verb(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola",
                             ["can I get the long sleeping bag on K30418, 3 of them", "yes"], tmp_path / "a.db")
    assert "fit long" in out[0]["reply"] and "3 ×" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-NY", 1), ("SB-SU-L", 3), ("STV-GAS", 1)]


async def test_zh_a_count_of_people_without_a_change_verb(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola", ["K30418 帐篷要3人的", "是的"], tmp_path / "b.db")
    assert "3-person" in out[0]["reply"] and "确认" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-3-NY", 1), ("SB-SU-R", 2), ("STV-GAS", 1)]


async def test_a_question_naming_an_option_changes_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola", ["is the long sleeping bag warm enough for winter?"],
                             tmp_path / "q.db")
    assert "confirm" not in out[0]["reply"].lower()
    assert _writes(out) == [] and _lines(shop, "K30418") == [("TNT-2-NY", 1), ("SB-SU-R", 2), ("STV-GAS", 1)]


async def test_en_a_correction_naming_no_line_keeps_the_earlier_option(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola",
                             ["K30418: the tent in polyester and the sleeping bags in winter", "actually 3-person",
                              "yes"], tmp_path / "c.db")
    assert "berth 3-person, fabric polyester" in out[1]["reply"] and "season winter" in out[1]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-3-PE", 1), ("SB-WI-R", 2), ("STV-GAS", 1)]


async def test_zh_a_correction_naming_no_line_keeps_the_earlier_option(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola",
                             ["K30418 帐篷要涤纶的，睡袋要冬季的", "还是要3人的", "确认"], tmp_path / "d.db")
    assert "“berth 3-person”，面料 涤纶" in out[1]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-3-PE", 1), ("SB-WI-R", 2), ("STV-GAS", 1)]


async def test_en_a_sold_out_line_names_what_is_in_stock(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, MUSIC, "telegram:8801",
                             ["A-0002-K: the strings 12-53 and the ukulele tenor please", "soprano then", "yes"],
                             tmp_path / "e.db")
    first = out[0]["reply"]
    assert "sold out" in first and "In stock: body soprano" in first and "concert" not in first.split("In stock")[1]
    assert _writes(out[:2]) == []
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "A-0002-K") == [("STR-1253", 3), ("UKE-SOP", 1)]


async def test_zh_a_sold_out_line_names_what_is_in_stock(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, MUSIC, "telegram:8801",
                             ["A-0002-K 琴弦改成12-53的，尤克里里换成tenor", "那就soprano", "好的"], tmp_path / "f.db")
    assert "缺货" in out[0]["reply"] and "有货的：“body soprano”" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "A-0002-K") == [("STR-1253", 3), ("UKE-SOP", 1)]


async def test_zh_light_output_in_chinese_units_on_an_unpaid_order(settings: Any, tmp_path: Path,
                                                                   models: Any) -> None:
    out, shop = await replay(settings, CYCLE, "web:ida", ["CY-0066-K 要800流明的", "是"], tmp_path / "g.db")
    assert "800lm" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "CY-0066-K") == [("LT-800-BK", 1)]


async def test_demo_shop_zh_litres_in_chinese_without_a_change_verb(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, shop = await replay(settings, DEMO, "whatsapp:8613912345678", ["SO202611262115 的电饭煲要5升的", "确认"],
                             tmp_path / "h.db")
    assert "5L" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "SO202611262115") == [("RC-5L", 1)]


async def test_demo_shop_en_capacity_and_material_without_a_change_verb(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, shop = await replay(settings, DEMO, "telegram:1001",
                             ["could I have the 1.7 litre glass kettle on SO202611270605", "yes"], tmp_path / "i.db")
    assert "1.7L" in out[0]["reply"] and "glass" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "SO202611270605") == [("KT-17-GL", 1)]


def test_a_count_after_the_wanted_version_is_the_new_quantity() -> None:
    from bot.dialogue.matching import quantity_for
    assert quantity_for("睡袋要长款的 3个") == 3
    assert quantity_for("要冬季的两个") == 2
    assert quantity_for("要长款的") is None and quantity_for("要3人的") is None


async def test_zh_a_version_and_a_count_without_a_change_verb(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola", ["K30418 睡袋要长款的 3个", "好的"], tmp_path / "j.db")
    assert "加长" in out[0]["reply"] and "×3" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-NY", 1), ("SB-SU-L", 3), ("STV-GAS", 1)]


def test_a_negated_value_is_no_change_proposal() -> None:
    orders = _orders("paid")
    assert _named("I don't want the long sleeping bag", orders) is None
    assert _named("睡袋不要长款的", orders) is None
