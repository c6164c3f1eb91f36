"""Which scope an order-level message has (orders12): a whole order named by one of its items
vs. one line of it (flows/cancel), an explicit request for a person in either language
(lang/cues.ASKS_PERSON), and "all my orders" (flows/status). Real shop lines, both languages."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.flows import status
from bot.dialogue.flows.cancel import partial_lines, whole_order_named
from bot.lang import cues as C

ROOT = Path(__file__).resolve().parents[2]
_EN = json.loads((ROOT / "config" / "demo_shop_en.json").read_text(encoding="utf-8"))
ORDER: dict[str, Any] = next(o for o in _EN["orders"] if o["id"] == "#W7096158")     # rain jacket + bottle
CATALOGUE = {p["id"]: p for p in _EN["products"]}
for _line in ORDER["items"]:
    _line.setdefault("product_id", next(p["id"] for p in _EN["products"]
                                        if any(v["sku"] == _line["sku"] for v in p.get("variants") or [])))


@pytest.mark.parametrize("text", ["I don't want the rain jacket order anymore", "cancel the order with the water bottle",
                                  "有冲锋衣那单不要了", "把有保温水壶的那单取消了", "取消订单，就是买了冲锋衣的那个"])
def test_an_item_pointing_at_the_order_is_the_whole_order(text: str) -> None:
    assert whole_order_named(text, ORDER, CATALOGUE)
    assert not partial_lines(text, [], ORDER, CATALOGUE)


@pytest.mark.parametrize("text", ["cancel just the water bottle", "remove the rain jacket from my order",
                                  "保温水壶不要了", "订单里的冲锋衣不要了", "只取消保温水壶", "drop the bottle, keep the rest"])
def test_a_line_scope_word_is_one_line(text: str) -> None:
    assert not whole_order_named(text, ORDER, CATALOGUE)


def test_that_order_with_the_item_only_carried_is_the_order() -> None:
    carried = [{"order_id": ORDER["id"], "sku": "BTL-18-BLK-CH", "excluded": False, "carried": True}]
    assert not partial_lines("ok then cancel that order", carried, ORDER, CATALOGUE)
    assert not partial_lines("那这单取消了吧", carried, ORDER, CATALOGUE)
    assert partial_lines("just cancel that one line", carried, ORDER, CATALOGUE)


@pytest.mark.parametrize("text", ["我要人工", "转人工客服", "找个真人", "能不能让人工来", "我要找真人", "I want a real person",
                                  "can I speak to a human agent", "get me a human"])
def test_a_person_asked_for(text: str) -> None:
    assert C.ASKS_PERSON.search(text) or C.WANTS_PERSON.search(text)
    assert C.WANTS_PERSON.search(text)


@pytest.mark.parametrize("text", ["你是真人吗", "are you a real person?", "人工智能是什么"])
def test_a_question_about_the_bot_is_no_request(text: str) -> None:
    assert not C.ASKS_PERSON.search(text)


@pytest.mark.parametrize("text,want", [("where are my orders?", True), ("我的订单都到哪了", True), ("所有订单的状态", True),
                                       ("where is my order?", False), ("我的订单到哪了", False)])
def test_all_orders_asked(text: str, want: bool) -> None:
    assert status._all_orders(text) is want


@pytest.mark.parametrize("text", ["不用转人工，我自己看", "别找人工了", "no need for a human, thanks", "I don't need an agent"])
def test_a_person_ruled_out(text: str) -> None:
    assert C.NO_PERSON.search(text)


@pytest.mark.parametrize("text", ["我要人工", "找个真人", "I want a real person"])
def test_a_person_asked_is_not_ruled_out(text: str) -> None:
    assert not C.NO_PERSON.search(text)
