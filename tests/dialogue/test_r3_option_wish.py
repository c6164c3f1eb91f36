"""Round 3 (issue #13, stock10): an option wish with no product word ("I'd like silver instead",
"my headphones, I want silver", "换成白色的吧") once the order is known is the change of that
line — an item change before shipping, an exchange once delivered — proposed as a confirmation
(`bot.dialogue.option_wish`, routed in classic.from_nlu). Units of the reading, then whole
conversations on the demo shops and generated shops (tests/dialogue/gen_shop.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.option_wish import Wish, wished_lines
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "create_exchange", "create_return", "change_address", "cancel_order")

CAT = {"P": {"id": "P", "name": "Trail shoe", "options": {"size": ["42", "43"], "colour": ["black", "white"]}},
       "Q": {"id": "Q", "name": "Mug", "options": {"colour": ["white", "red"]}}}
ORDERS = [{"id": "K-1", "status": "delivered",
           "items": [{"sku": "S42B", "product_id": "P", "options": {"size": "42", "colour": "black"}}]},
          {"id": "K-2", "status": "paid", "items": [{"sku": "MW", "product_id": "Q", "options": {"colour": "white"}}]},
          {"id": "K-3", "status": "shipped",
           "items": [{"sku": "S43B", "product_id": "P", "options": {"size": "43", "colour": "black"}}]}]


@pytest.mark.parametrize("text,scope,want", [
    ("I'd like white instead", ["K-1"], [Wish("K-1", "S42B", "delivered")]),
    ("换成白色的吧", ["K-1"], [Wish("K-1", "S42B", "delivered")]),
    ("make it red", [], [Wish("K-2", "MW", "paid")]),                 # the one line that has red
    ("I want white", [], [Wish("K-1", "S42B", "delivered")]),         # the mug is white already
    ("size 43 please", [], [Wish("K-1", "S42B", "delivered")]),       # the shipped shoe is never changed here
    ("is it available in white?", ["K-1"], []),                       # a question, not a wish
    ("I'd like to know if it comes in white", ["K-1"], []),            # asks about the product
    ("想知道有没有白色的", ["K-1"], []),
    ("I don't want white", ["K-1"], []),
    ("I want to return it, white is ugly", ["K-1"], []),
    ("I'd like white instead", ["K-2"], []),                          # that line is white already
])
def test_wished_lines(text: str, scope: list[str], want: list[Wish]) -> None:
    assert wished_lines(text, ORDERS, CAT, scope) == want


def test_several_lines_take_the_value() -> None:
    orders = [*ORDERS, {"id": "K-4", "status": "paid",
                        "items": [{"sku": "MR", "product_id": "Q", "options": {"colour": "red"}}]}]
    assert {w.order_id for w in wished_lines("I'd like white", orders, CAT, [])} == {"K-1", "K-4"}


def test_a_line_matched_on_another_order_does_not_narrow_the_written_one() -> None:
    assert wished_lines("make it red", ORDERS, CAT, ["K-2"], [("K-9", "X")]) == [Wish("K-2", "MW", "paid")]


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


@pytest.mark.parametrize("shop,user,texts,oid,pair", [
    (EN, "telegram:5001", ["W9024138", "I'd like silver instead", "yes"], "#W9024138", ("HP700-BLK-BT", "HP700-SLV-BT")),
    (EN, "telegram:5001", ["W9024138", "my headphones, I want silver", "yes"], "#W9024138",
     ("HP700-BLK-BT", "HP700-SLV-BT")),
    (ZH, "slack:U01ABC", ["SO202611230529", "换成白色的吧", "确认"], "SO202611230529", ("SHOE-RUN-42", "SHOE-RUN-42-WH")),
])
async def test_wish_after_the_order_is_known_is_the_exchange(settings: Any, tmp_path: Path, models: Any, shop: Path,
                                                             user: str, texts: list[str], oid: str,
                                                             pair: tuple[str, str]) -> None:
    out, state = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert _writes(out[:2]) == [], [o["reply"] for o in out]
    assert out[1]["trace"]["flow"] == {"name": "exchange_request", "step": "confirm"}, out[1]["reply"]
    made = [e for e in state["exchanges"] if e["order_id"] == oid]
    assert [(i["sku"], i["new_sku"]) for e in made for i in e["items"]] == [pair], [o["reply"] for o in out]


async def test_gen_shop_wish_on_the_written_order_changes_that_line(settings: Any, tmp_path: Path, models: Any) -> None:
    # seed 41: "clay" is also the mat on another order (ORD/2026/07796); the written order's sage mat changes.
    g = make_shop(41, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:41177", ["ORD/2026/07727 I want clay instead", "yes"],
                             tmp_path / "c.db")
    assert "clay" in out[0]["reply"] and "ORD/2026/07727" in out[0]["reply"], out[0]["reply"]
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    order = next(o for o in shop["orders"] if o["id"] == "ORD/2026/07727")
    assert sorted(i["sku"] for i in order["items"]) == ["P410-1", "P413-4"]


async def test_gen_shop_zh_wish_after_the_order(settings: Any, tmp_path: Path, models: Any) -> None:
    # seed 7 (ids like C-4Q3P): the order named first, the wish alone next.
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077", ["C-4Q3P", "换成strap的吧", "确认"], tmp_path / "c.db")
    assert _writes(out[:2]) == [], [o["reply"] for o in out]
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    order = next(o for o in shop["orders"] if o["id"] == "C-4Q3P")
    assert sorted(i["sku"] for i in order["items"]) == ["P72-2", "P73-1"]
