"""scope12: the item scope and split said in the first message, product questions vs. changes,
no needless "which item?".

- "黑色那件换成M码", "the black one in M instead": the line named by its own option value
  (`bot/dialogue/line_by_value.py`), and "in M" / "XS to S" name the new size (`bot.shop.catalog`).
- "一件白色一件藏青色", "一套M一套L", "one white and one navy": one unit changes, one stays, the
  count stays (`unit_split.each_split`).
- "我只退那个充电宝，水壶不退": a return of that line, never a fault or a clarification
  (`negation`: a bare 退 after 只/想/要/我 asks for it).
- "what's the price difference between the two versions of X": catalogue prices, never a
  price-drop claim (`product_questions.compares_versions`); "is the item size L?" next to a status
  question, or "I'd like one" after a stock question, starts no exchange.
Unit tests per reading (both languages, two catalogues) plus conversations on both demo shops."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import negation as N
from bot.dialogue import product_questions as PQ
from bot.dialogue import unit_split as US
from bot.dialogue.classic import _mentions
from bot.dialogue.line_by_value import line_named_by_value
from tests.test_conversation_corrections import _order, replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"


def _cat(path: Path) -> dict[str, Any]:
    return {p["id"]: p for p in json.loads(path.read_text(encoding="utf-8"))["products"]}


def _acts(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name and a.get("ok")]


_JACKETS = {"id": "#W8254811", "items": [
    {"sku": "RJ-L-BLK", "product_id": "P-RAIN", "options": {"size": "L", "color": "black"}, "qty": 1},
    {"sku": "RJ-M-NVY", "product_id": "P-RAIN", "options": {"size": "M", "color": "navy"}, "qty": 1}]}
# Another catalogue shape: two dimensions, neither called colour, on one order.
_PETS = {"id": "pet-77", "items": [
    {"sku": "h.xs.o", "product_id": "HARN", "options": {"pet size": "XS", "colour": "sunset orange"}, "qty": 1},
    {"sku": "h.m.b", "product_id": "HARN", "options": {"pet size": "M", "colour": "ocean blue"}, "qty": 1}]}
_PET_CAT = {"HARN": {"id": "HARN", "name": "Dog harness", "options": {
    "pet size": ["XS", "S", "M", "L"], "colour": ["ocean blue", "sunset orange"]}}}


@pytest.mark.parametrize("text,want", [
    ("黑色那件换成M码", "RJ-L-BLK"),
    ("#W8254811 the black one in M instead please", "RJ-L-BLK"),
    ("藏青色的换成L码", "RJ-M-NVY"),
    ("换成M码", None),                       # only the target named: which line is still open
])
def test_the_line_named_by_its_own_value(text: str, want: str | None) -> None:
    assert line_named_by_value(text, _JACKETS, _cat(EN)) == want


@pytest.mark.parametrize("text,want", [
    ("the orange one to S please", "h.xs.o"),
    ("ocean blue 那个换成L", "h.m.b"),
    ("change it to S", None),
])
def test_the_line_named_by_value_on_another_catalogue(text: str, want: str | None) -> None:
    assert line_named_by_value(text, _PETS, _PET_CAT) == want


def test_a_short_size_swap_names_both_sizes() -> None:
    from bot.shop.catalog import option_mentions
    from bot.shop.models import Product
    harness = Product(id="HARN", name="Dog harness", name_zh=None, category="pets",
                      options={"pet size": ("XS", "S", "M", "L")}, names={})
    assert [v for _, v, _ in option_mentions(harness, "XS to S")] == ["XS", "S"]
    assert [v for _, v, _ in _mentions(_cat(EN)["P-RAIN"], "the black one in M instead")] == ["black", "M"]
    assert [v for _, v, _ in _mentions(_cat(ZH)["P-UW-SET"], "两套改成一套M一套L")] == ["M", "L"]
    assert _mentions(_cat(ZH)["P-UW-SET"], "I have one question about my order") == []


@pytest.mark.parametrize("text,want", [
    ("那两件T恤能换成一件白色一件藏青色吗", "to navy"),
    ("两件T恤白色藏青色各一件", "to navy"),
    ("one white and one navy please", "to navy"),
    ("make them one of each colour, white and navy", "to navy"),
    ("两件都换成藏青色", None),                 # both units change: no split
    ("其中一件换成藏青色", None),               # a part, said the other way (kept_units reads it)
])
def test_one_of_each_splits_a_line_of_two(text: str, want: str | None) -> None:
    line = {"sku": "TS-COTTON", "product_id": "P-TS-COTTON", "options": {"size": "M", "color": "white"}, "ordered": 2}
    assert US.each_split(text, line, _cat(ZH)) == want
    assert US.each_split(text, {**line, "ordered": 1}, _cat(ZH)) is None


def test_a_bare_return_word_after_only_is_asked_for() -> None:
    assert N.polarity("SO202611211710 我只退那个充电宝，水壶不退") == (["return_request"], [])
    assert N.polarity("这单我只想退T恤，坚果就不退了") == (["return_request"], [])
    assert N.polarity("不要退了") == ([], ["return_request"])
    assert N.polarity("我不想退，想要补发")[1] == ["return_request"]


@pytest.mark.parametrize("text,want", [
    ("what's the price difference between the two versions of the headphones?", True),
    ("how much more is the 40oz bottle than the 32oz one?", True),
    ("电热水壶1.7L的比1.5L的贵多少", True),
    ("两款差价是多少", True),
    ("I bought it last week and now the price dropped, can I get the difference back?", False),
    ("降价了，差价能退给我吗", False),
    ("where is my order", False),
])
def test_a_price_comparison_of_versions(text: str, want: bool) -> None:
    assert PQ.compares_versions(text) is want


def test_price_gap_says_the_difference() -> None:
    variants = [{"price": "129.00", "currency": "CNY"}, {"price": "149.00", "currency": "CNY"}]
    assert "20.00" in PQ.price_gap(variants, "CNY", "zh")
    assert "$20.00" in PQ.price_gap([{**v, "currency": "USD"} for v in variants], "USD", "en")
    assert PQ.price_gap(variants[:1], "CNY", "en") == ""
    kettles = [{"price": p, "options": {"capacity": c, "material": m}} for p, c, m in
               (("129.00", "1.5L", "steel"), ("149.00", "1.7L", "steel"), ("139.00", "1.5L", "glass"),
                ("159.00", "1.7L", "glass"))]
    # "1.7L比1.5L贵多少": the capacity's difference (20), not the dearest minus the cheapest (30)
    assert "20.00" in PQ.price_gap(kettles, "CNY", "zh", ["capacity"])


def test_item_questions_and_wishes_ask_no_change() -> None:
    assert PQ.only_asks("is the harness size L?") and PQ.only_asks("那个狗狗胸背带是L码的吗？")
    assert not PQ.only_asks("can I change the harness to size L?") and not PQ.only_asks("胸背带能换成L码吗")
    assert not PQ.asks_change("I'd like one") and PQ.asks_change("I'd like to exchange it")


# -- conversations on both demo shops --------------------------------------------------------------
async def test_the_black_one_in_m_changes_that_line_en(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "discord:880055667788",
                             ["#W8254811 the black one in M instead please", "yes"], tmp_path / "c.db")
    assert "which" not in out[0]["reply"].lower(), out[0]["reply"]
    assert sorted(i["sku"] for i in _order(shop, "#W8254811")["items"]) == ["RJ-M-BLK", "RJ-M-NVY"]


async def test_the_black_one_in_m_changes_that_line_zh(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "discord:880055667788", ["#W8254811 黑色那件换成M码", "好的"],
                             tmp_path / "c.db")
    assert "哪一件" not in out[0]["reply"], out[0]["reply"]
    assert sorted(i["sku"] for i in _order(shop, "#W8254811")["items"]) == ["RJ-M-BLK", "RJ-M-NVY"]


async def test_one_of_each_size_keeps_the_count_zh(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "line:U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
                             ["SO202611261310 两套内衣改成一套M一套L", "退款会退到哪里？", "确认"], tmp_path / "c.db")
    items = sorted((i["sku"], i["qty"]) for i in _order(shop, "SO202611261310")["items"])
    assert items == [("UW-SET", 1), ("UW-SET-L", 1)], [o["reply"] for o in out]


async def test_one_of_each_colour_exchanges_one_unit_zh(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "telegram:1001",
                             ["SO202611210549 那两件T恤能换成一件白色一件藏青色吗，尺码不变", "好的"], tmp_path / "c.db")
    made = [e for e in shop["exchanges"] if e["order_id"] == "SO202611210549"]
    assert [(i["sku"], i["new_sku"], i["qty"]) for e in made for i in e["items"]] == \
        [("TS-COTTON", "TS-COTTON-M-NV", 1)], [o["reply"] for o in out]


async def test_only_this_line_is_returned_with_no_clarification_zh(settings: Any, tmp_path: Path,
                                                                  models: Any) -> None:
    out, shop = await replay(settings, ZH, "wecom:zhaomin",
                             ["SO202611211710 我只退那个充电宝，水壶不退", "运费谁出？", "行，确认"], tmp_path / "c.db")
    assert "确认" in out[0]["reply"] and "故障" not in out[0]["reply"], out[0]["reply"]
    made = [r for r in shop["returns"] if r["order_id"] == "SO202611211710"]
    assert [(i["sku"], i["qty"]) for r in made for i in r["items"]] == [("PB-10K", 1)], [o["reply"] for o in out]


async def test_product_questions_change_nothing_en(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN, "telegram:5001",
                          ["what's the price difference between the two versions of the Aurora headphones",
                           "Do you have the skillet in carbon steel 12 inch? I'd like one"], tmp_path / "c.db")
    assert "$30.00" in out[0]["reply"] and "price at the time of purchase" not in out[0]["reply"], out[0]["reply"]
    assert out[1]["trace"]["flow"]["name"] == "product_info", out[1]["reply"]
    assert not _acts(out, "create_exchange") and not _acts(out, "change_items")


async def test_price_comparison_zh(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "telegram:1001", ["电热水壶1.7L的比1.5L的贵多少"], tmp_path / "c.db")
    assert "差价是 20.00" in out[0]["reply"] and out[0]["trace"]["flow"]["name"] == "product_info", out[0]["reply"]
