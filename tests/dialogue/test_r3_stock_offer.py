"""Round 3 (issue #13, stock10): a stock answer about another version of a product the customer
has on an order line ends with one short sentence offering the change of that line
(`bot.dialogue.stock_offer.offer_question`), so the silent offer the answer leaves is said out
loud; the yes to it proposes the change as a confirmation, nothing written before the second
yes. Unit tests of the sentence plus conversations on the demo shops and generated shops."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.stock_offer import change_offer, offer_question
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "create_exchange", "create_return")

ORDERS = [{"id": "K-77", "status": "delivered",
           "items": [{"sku": "S-42-B", "product_id": "P", "options": {"size": "42", "colour": "black"}}]}]
PRODUCT = {"id": "P", "name": "Trail shoe", "name_zh": "越野鞋"}
QUOTED = [{"sku": "S-43-W", "options": {"size": "43", "colour": "white"}, "stock": 2}]


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["name"]) for n, o in enumerate(out) for a in o["trace"]["actions"]
            if a["name"] in WRITES and a.get("ok")]


def test_offer_question_names_the_line_and_its_order_in_both_languages() -> None:
    offer = change_offer(PRODUCT, QUOTED, ORDERS, None)
    assert offer is not None
    assert offer_question(offer, PRODUCT, ORDERS, "en") == \
        " Shall I change the Trail shoe (42/black) on order K-77 to this one?"
    zh = offer_question(offer, PRODUCT, ORDERS, "zh")
    assert zh.startswith("需要帮您把订单 K-77 的越野鞋（42/") and zh.endswith("换成这个吗？"), zh


def test_offer_question_without_options_names_the_product_only() -> None:
    orders = [{"id": "9", "status": "paid", "items": [{"sku": "A", "product_id": "P"}]}]
    offer = change_offer(PRODUCT, QUOTED, orders, None)
    assert offer is not None
    assert offer_question(offer, PRODUCT, orders, "en") == " Shall I change the Trail shoe on order 9 to this one?"


@pytest.mark.parametrize("shop,user,text,oid,line_text", [
    (EN, "telegram:5001", "is the aurora headset available in silver with bluetooth?", "#W9024138", "black/Bluetooth"),
    (ZH, "slack:U01ABC", "跑鞋43码白色的有货吗", "SO202611230529", "跑鞋（42/"),
    ("g41", "telegram:41177", "is the yoga mat in 6mm clay in stock?", "ORD/2026/07727", "Yoga mat (6mm/sage)"),
    ("g7", "telegram:7077", "do you have the bike light set with strap mount?", "C-4Q3P", "Bike light set (clip)"),
])
async def test_stock_answer_ends_with_the_offer(settings: Any, tmp_path: Path, models: Any, shop: Any, user: str,
                                                text: str, oid: str, line_text: str) -> None:
    if isinstance(shop, str):
        shop = make_shop(int(shop[1:]), tmp_path / "gen").path
    out, _ = await replay(settings, shop, user, [text], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert oid in reply and line_text in reply, reply
    assert reply.rstrip().endswith(("to this one?", "换成这个吗？")), reply
    assert _writes(out) == []


@pytest.mark.parametrize("shop,user,texts", [
    (EN, "telegram:5001", ["do you have the headphones in silver?"]),        # two versions quoted: which?
    (ZH, "wecom:liuyang", ["羽绒服M码还有吗"]),                                # their jacket is on its way
])
async def test_no_offer_sentence_without_one_changeable_line(settings: Any, tmp_path: Path, models: Any,
                                                             shop: Path, user: str, texts: list[str]) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "to this one?" not in reply and "换成这个吗" not in reply, reply


async def test_yes_to_the_offer_proposes_then_writes_the_exchange(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "slack:U01ABC", ["跑鞋43码白色的有货吗", "好的", "确认"], tmp_path / "c.db")
    assert "换成这个吗" in out[0]["reply"], out[0]["reply"]
    assert _writes(out[:2]) == [], [o["reply"] for o in out]
    made = [e for e in shop["exchanges"] if e["order_id"] == "SO202611230529"]
    assert [(i["sku"], i["new_sku"]) for e in made for i in e["items"]] == [("SHOE-RUN-42", "SHOE-RUN-43-WH")], \
        [o["reply"] for o in out]


async def test_gen_shop_yes_to_the_offer_changes_the_paid_line(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(41, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:41177",
                             ["is the yoga mat in 6mm clay in stock?", "yes please", "yes"], tmp_path / "c.db")
    assert _writes(out[:2]) == [], [o["reply"] for o in out]
    order = next(o for o in shop["orders"] if o["id"] == "ORD/2026/07727")
    assert sorted(i["sku"] for i in order["items"]) == ["P410-1", "P413-4"], [o["reply"] for o in out]
