"""keep13 (#13): an explicit exchange of a delivered item starts the exchange without a needless
question — "要换成大一号的" / "one size up" moves along the product's own size dimension (any
wording of its name, letter sizes in their own order) — and, when the asked version is sold out,
a yes to the one version left in stock takes it (Chinese and English alike). Velo shop (CHF) and
the demo shop."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.flows.exchange import _ordered, _scale_dimension
from tests.test_conversation_corrections import DEMO_SHOP, replay

VELO = Path(__file__).with_name("data") / "velo_shop_chf.json"


def _exchanged(shop: dict[str, Any], order_id: str) -> list[tuple[str, str]]:
    return [(i["sku"], i["new_sku"]) for e in shop["exchanges"] if e["order_id"] == order_id for i in e["items"]]


# --- the steps ---------------------------------------------------------------------------------
@pytest.mark.parametrize("values,ordered", [
    (["L", "S", "XL", "M"], ["S", "M", "L", "XL"]),
    (["44", "40", "42"], ["40", "42", "44"]),
    (["54cm", "52cm", "56cm"], ["52cm", "54cm", "56cm"]),
    (["petite", "regular", "tall"], ["petite", "regular", "tall"]),      # the shop's own order
])
def test_size_values_are_ordered_small_to_large(values: list[str], ordered: list[str]) -> None:
    assert _ordered(values) == ordered


@pytest.mark.parametrize("options,current,dim", [
    ({"size": ["S", "M"], "colour": ["red"]}, {"size": "S", "colour": "red"}, "size"),
    ({"Frame size": ["S", "M", "L"], "colour": ["red"]}, {"Frame size": "M", "colour": "red"}, "Frame size"),
    ({"尺码": ["S", "M"], "颜色": ["红"]}, {"尺码": "S", "颜色": "红"}, "尺码"),
    ({"volume": ["20L", "30L"], "colour": ["red"]}, {"volume": "20L", "colour": "red"}, "volume"),
    ({"colour": ["red", "blue"]}, {"colour": "red"}, None),
])
def test_the_dimension_a_bigger_moves_along(options: dict[str, list[str]], current: dict[str, str],
                                             dim: str | None) -> None:
    assert _scale_dimension(options, current) == dim


# --- whole conversations ---------------------------------------------------------------------
RELATIVE = [
    (DEMO_SHOP, "telegram:1001", ["SO202611210549 T恤要换成大一号的", "对"], "SO202611210549", ("TS-COTTON", "TS-COTTON-L")),
    (DEMO_SHOP, "telegram:1001", ["the T-shirts in SO202611210549 are small, exchange them for a size bigger", "yes"],
     "SO202611210549", ("TS-COTTON", "TS-COTTON-L")),
    (VELO, "web:mara", ["骑行服要换成大一号的", "对"], "VN/26/4452", ("JRS-M-RC", "JRS-L-RC")),
    (VELO, "web:mara", ["头盔太小了 麻烦帮我换大一号", "好喔"], "VN/26/4417", ("HLM-M-BK", "HLM-L-BK")),
    (VELO, "web:mara", ["my jersey from VN/26/4452 is too tight, can I get one size up?", "yes"], "VN/26/4452",
     ("JRS-M-RC", "JRS-L-RC")),
    (VELO, "web:mara", ["VN/26/4417 头盔M号太小了，帮我换L号", "对"], "VN/26/4417", ("HLM-M-BK", "HLM-L-BK")),
]


@pytest.mark.parametrize("shop,user,texts,order_id,swap", RELATIVE)
async def test_an_explicit_size_change_is_proposed_and_written(settings: Any, tmp_path: Path, models: Any, shop: Path,
                                                               user: str, texts: list[str], order_id: str,
                                                               swap: tuple[str, str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[0]["trace"]["dialogue"]["step"] == "confirm", out[0]["reply"]     # no "return or exchange?"
    assert _exchanged(exported, order_id) == [swap]


@pytest.mark.parametrize("texts,swap", [
    (["VN/26/4417 手套换成L号", "好", "对"], ("GLV-M", "GLV-S")),
    (["VN/26/4417 gloves to size L please", "yes", "yes"], ("GLV-M", "GLV-S")),
])
async def test_sold_out_says_so_and_a_yes_takes_the_one_in_stock(settings: Any, tmp_path: Path, models: Any,
                                                                 texts: list[str], swap: tuple[str, str]) -> None:
    out, shop = await replay(settings, VELO, "web:mara", texts, tmp_path / "c.db")
    assert "缺货" in out[0]["reply"] or "out of stock" in out[0]["reply"], out[0]["reply"]
    # a bare yes to the one version offered (same price) writes at once (yes13); a pick is confirmed first
    assert out[1]["trace"]["dialogue"]["step"] == ("done" if texts[1] in ("好", "yes") else "confirm"), out[1]["reply"]
    assert _exchanged(shop, "VN/26/4417") == [swap]


async def test_a_yes_among_several_in_stock_writes_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "telegram:1001", ["羽绒服换成M码藏青色", "好"], tmp_path / "c.db")
    assert "缺货" in out[0]["reply"]
    assert not [e for e in shop["exchanges"] if e["order_id"] == "SO202611150519"]


@pytest.mark.parametrize("text,value", [("那就M吧", "M"), ("M then", "M"), ("ok, M please", "M"), ("就XL吧", "XL"),
                                        ("要L号的", "L"), ("那就110吧", "110cm")])
def test_a_pick_with_its_filler_words_is_the_value(text: str, value: str) -> None:
    from bot.dialogue.matching import bare_value
    assert bare_value(text, ["S", "M", "L", "XL", "110cm"]) == value


@pytest.mark.parametrize("text", ["I want M and L", "就这样吧", "那就算了吧", "Ms"])
def test_other_words_are_no_pick(text: str) -> None:
    from bot.dialogue.matching import bare_value
    assert bare_value(text, ["S", "M", "L", "XL"]) is None


# an unshipped order: the option change says the asked version is sold out and what is in stock
@pytest.mark.parametrize("texts", [
    ["VN/26/4471 手套改成L号", "好", "对"],
    ["VN/26/4471 change the gloves to size L", "yes", "yes"],
    ["VN/26/4471 手套改成L号", "那就M吧", "对"],
    ["VN/26/4471 change the gloves to size L", "M then", "yes"],
])
async def test_a_sold_out_option_change_lists_the_stock_and_writes_the_pick(settings: Any, tmp_path: Path, models: Any,
                                                                           texts: list[str]) -> None:
    out, shop = await replay(settings, VELO, "web:tom", texts, tmp_path / "c.db")
    first = out[0]["reply"]
    assert ("缺货" in first and "M" in first) or ("out of stock" in first and "In stock: M" in first), first
    # a bare yes to the one version offered (same price) writes at once (yes13); a pick is confirmed first
    assert out[1]["trace"]["dialogue"]["step"] == ("done" if texts[1] in ("好", "yes") else "confirm"), out[1]["reply"]
    order = next(o for o in shop["orders"] if o["id"] == "VN/26/4471")
    assert sorted(i["sku"] for i in order["items"]) == ["GLV-M", "JRS-L-RC"]


async def test_a_sold_out_pick_in_the_exchange_takes_the_named_value(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, VELO, "web:mara", ["VN/26/4417 手套换成L号", "那就S吧", "对"], tmp_path / "c.db")
    assert _exchanged(shop, "VN/26/4417") == [("GLV-M", "GLV-S")]


@pytest.mark.parametrize("text", ["the gloves don't fit, can I swap them for another size?", "T恤尺寸不合适，想换一个尺寸",
                                  "could I get another colour", "换个颜色吧"])
def test_another_size_is_no_same_version_replacement(text: str) -> None:
    from bot.dialogue.same_unit import asks
    assert not asks(text)


@pytest.mark.parametrize("text,units", [("T恤尺寸不合适，想换一个尺寸", None), ("换一个尺码吧", None),
                                        ("其中一件换成L码", 1), ("换一件，另一件不用换", 1)])
def test_a_dimension_after_one_is_no_count(text: str, units: int | None) -> None:
    from bot.dialogue.unit_split import exchanged_units
    assert exchanged_units(text, 2) == units


# "another size" / "换一个尺寸": that dimension's in-stock values asked, a bare value answers it
@pytest.mark.parametrize("shop,user,texts,order_id,swap", [
    (DEMO_SHOP, "telegram:1001", ["T恤尺寸不合适，想换一个尺寸", "L", "对"], "SO202611210549",
     [("TS-COTTON", 2, "TS-COTTON-L")]),
    (VELO, "web:mara", ["I need a different size for the helmet", "L please", "yes"], "VN/26/4417",
     [("HLM-M-BK", 1, "HLM-L-BK")]),
    (VELO, "web:mara", ["the gloves don't fit, can I swap them for another size?", "S", "yes"], "VN/26/4417",
     [("GLV-M", 1, "GLV-S")]),
    (VELO, "web:mara", ["手套尺寸不对 想换", "S号", "对"], "VN/26/4417", [("GLV-M", 1, "GLV-S")]),
])
async def test_another_size_asks_that_dimension_and_writes_the_pick(settings: Any, tmp_path: Path, models: Any,
                                                                    shop: Path, user: str, texts: list[str],
                                                                    order_id: str, swap: list[tuple[str, int, str]]
                                                                    ) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    first = out[0]["reply"]
    assert ("尺码" in first and "有货" in first) or "Which size" in first, first
    made = [(i["sku"], i["qty"], i["new_sku"]) for e in exported["exchanges"] if e["order_id"] == order_id
            for i in e["items"]]
    assert made == swap
