"""Whole conversations on a pet shop of our own (AUD, ids like PT/7731, flavours / ages / packs /
plugs in English, a shape dimension with Chinese values), replayed end to end through the real
pipeline: option values written in the other language, a version named by its numbers, "that
one", and a fault after talking about a cancelled order. What the store shows afterwards is
what the customer asked for, and only after their yes."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_conversation_corrections import _acted, _order, replay

SHOP = Path(__file__).with_name("data") / "pet_shop_aud.json"
ANA = "web:ana"


def _lines(order: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted((i["sku"], int(i["qty"])) for i in order["items"])


async def test_zh_flavour_change_is_made_after_the_yes(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["PT/7731 的狗粮想换成三文鱼的", "好的"], tmp_path / "c.db")
    assert not _acted(out[:1], "change_items")
    assert _lines(_order(shop, "PT/7731")) == [("DF-SAL-2", 1), ("RC-WP-M", 1), ("SC-FLAT", 1)]


async def test_unclear_change_lists_the_values_and_a_bare_size_answers_it(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["PT/7731 的狗雨衣想换一下", "L码", "是的"], tmp_path / "c.db")
    assert "Fleece-lined" in out[0]["reply"] or "抓绒" in out[0]["reply"]
    assert _lines(_order(shop, "PT/7731")) == [("DF-CHK-2", 1), ("RC-WP-L", 1), ("SC-FLAT", 1)]


async def test_exchange_for_a_version_named_by_its_range(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["I'd like to exchange the chew toy from PT/7702",
                                                    "the 6 to 12 months one", "yes"], tmp_path / "c.db")
    made = [e for e in shop["exchanges"] if e["order_id"] == "PT/7702"]
    assert len(made) == 1 and [i["new_sku"] for i in made[0]["items"]] == ["CH-6-12"]


async def test_english_word_for_a_chinese_shape(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["can I change the cat scratcher on PT/7731 to the wave one?", "yes"],
                             tmp_path / "c.db")
    assert _lines(_order(shop, "PT/7731")) == [("DF-CHK-2", 1), ("RC-WP-M", 1), ("SC-WAVE", 1)]


async def test_fault_after_a_cancelled_order_goes_to_the_delivered_fountain(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["what's the status of PT/7690?",
                                                    "my water fountain stopped pumping, can I get a replacement?",
                                                    "yes"], tmp_path / "c.db")
    assert "PT/7702" in out[1]["reply"]
    made = [e for e in shop["exchanges"]]
    assert [(e["order_id"], [i["new_sku"] for i in e["items"]]) for e in made] == [("PT/7702", ["WF-AU"])]


async def test_options_alone_asked_inside_a_change_are_the_orders_product(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["PT/7731 的狗粮想换一下", "2kg和6kg哪个贵", "那就换成6kg的", "确认"],
                             tmp_path / "c.db")
    reply = out[1]["reply"]
    assert "59" in reply and "24" in reply, reply          # both bags priced from the catalogue
    assert not _acted(out[:3], "change_items")
    assert _lines(_order(shop, "PT/7731")) == [("DF-CHK-6", 1), ("RC-WP-M", 1), ("SC-FLAT", 1)]


async def test_that_one_after_a_quoted_version(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["how much is the salmon dog food?",
                                                    "ok, change the dog food on PT/7731 to that one", "yes"],
                             tmp_path / "c.db")
    assert "29" in out[0]["reply"]
    assert _lines(_order(shop, "PT/7731")) == [("DF-SAL-2", 1), ("RC-WP-M", 1), ("SC-FLAT", 1)]


async def test_zh_that_one_after_a_quoted_version(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, ANA, ["三文鱼味的狗粮多少钱？", "PT/7731 的狗粮就换这个吧", "确认"],
                             tmp_path / "c.db")
    assert _lines(_order(shop, "PT/7731")) == [("DF-SAL-2", 1), ("RC-WP-M", 1), ("SC-FLAT", 1)]
