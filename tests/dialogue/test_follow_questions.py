"""Short follow-up questions kept on their own subject: "when will it be sent out?" right after a
billing case is the order's dispatch status (never "a case is already open"), and an item-detail
yes/no question ("带滤芯吗", "does it come with a case?") is a product question, never the menu."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import context as CX
from bot.dialogue import info_cues as IC
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"


@pytest.mark.parametrize("text", ["when will it be sent out?", "when does it dispatch", "has it gone out yet"])
def test_sending_out_is_its_own_status_request(text: str) -> None:
    assert CX.own_flow(text) == "order_status"


@pytest.mark.parametrize("text,asks", [
    ("does the fountain come with a filter?", True), ("is a charging case included?", True),
    ("那个饮水机带滤芯吗", True), ("送不送收纳袋", True), ("thanks, bye", False), ("我要退货", False),
])
def test_an_item_detail_question_is_a_product_question(text: str, asks: bool) -> None:
    assert bool(IC.PRODUCT_Q.search(text)) is asks


CONVERSATIONS = [
    (EN, "telegram:5001", ["I was double charged on #W7096158", "when will it be sent out?"],
     ("#W7096158", "paid"), ("already an open case",)),
    (ZH, "telegram:1001", ["SO202611270605 我被扣了两次钱", "那啥时候发货啊"], ("SO202611270605", "发货"), ("已有",)),
]


@pytest.mark.parametrize("case", range(len(CONVERSATIONS)))
async def test_a_dispatch_question_after_a_billing_case_gets_the_status(case: int, settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    shop, who, turns, wanted, unwanted = CONVERSATIONS[case]
    out, _ = await replay(settings, shop, who, turns, tmp_path / "s.db")
    reply = out[-1]["reply"]
    assert all(w in reply for w in wanted), reply
    assert not any(u in reply for u in unwanted), reply
    assert out[-1]["trace"]["flow"]["name"] == "order_status", out[-1]["trace"]["flow"]
