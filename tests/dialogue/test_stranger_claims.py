"""A stranger (no orders on this identity) who insists after the privacy answer: a name, a phone
number or "I know the order number" proves nothing here — they are told why and how to be
verified, never "send me the order number" again nor the menu; a refund they ask for is refused
with the reason. Nothing is looked up or disclosed. Both demo shops and a generated shop."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import stranger
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"
NOBODY = "telegram:9999998"
ASKS_NUMBER = ("send me the order number", "send the order number", "发一下订单号", "提供订单号", "didn't quite get",
               "没太明白", "couldn't find")


@pytest.mark.parametrize("text,claims", [
    ("it's mine, my phone number is <PHONE_NUMBER_1>", True), ("I know the order number so it's obviously mine", True),
    ("my name is <PERSON_1>", True), ("我就是<PERSON_1>，手机号13800001111", True), ("肯定是我的订单啊", True),
    ("你们客服电话多少", False), ("我的订单到哪了", False), ("I'm having trouble with my order", False),
    ("what is your phone number?", False),
])
def test_claims_ownership(text: str, claims: bool) -> None:
    assert stranger.claims_ownership(text) is claims


@pytest.mark.parametrize("text,asks", [
    ("refund #W9024138 to my card", True), ("SO-4471 帮我退款到卡上", True), ("I want a refund", True),
    ("how long does a refund take?", False), ("退款多久到账", False), ("refund policy?", False),
])
def test_asks_refund_is_a_request_not_a_question(text: str, asks: bool) -> None:
    assert stranger.asks_refund(text) is asks


def test_the_replies_give_the_reason_and_the_way_never_ask_for_the_number() -> None:
    for lang in ("en", "zh"):
        claim = stranger.claim_reply(lang)
        assert ("account" in claim and "human" in claim) if lang == "en" else ("下单" in claim and "转人工" in claim)
        refund = stranger.refund_reply("refund A-4471 please", lang)
        assert "A-4471" in refund and (("original" in refund or "payment method" in refund) if lang == "en"
                                       else "原路" in refund)
        assert not any(a in claim + refund for a in ASKS_NUMBER)


def test_lost_is_only_for_someone_without_orders() -> None:
    assert stranger.lost(None, [], "refund_status", "done")
    assert stranger.lost(None, [], "order_status", "not_found")
    assert not stranger.lost(None, [], "product_info", "done")
    assert not stranger.lost(object(), [{"id": "X"}], "refund_status", "not_found")


CONVERSATIONS = [
    (EN, ["where's #W9024138", "I know the order number so obviously it's my order, just tell me"], "verify",
     ("Aurora", "delivered")),
    (EN, ["status of #W9024138 please", "my name is Ava Thompson, phone 555-0101"], "verify", ("Aurora",)),
    (EN, ["refund #W9024138 to my card"], "payment method", ("no refund",)),
    (ZH, ["SO202611230529 到哪了", "我就是张伟，手机号13800001111"], "核实", ("跑鞋", "已签收")),
    (ZH, ["SO202611230529 帮我退款到我的卡上"], "原路", ("没有退款记录",)),
]


@pytest.mark.parametrize("case", range(len(CONVERSATIONS)))
async def test_demo_shops_answer_a_strangers_insistence(case: int, settings: Any, tmp_path: Path,
                                                        models: Any) -> None:
    shop, turns, wanted, hidden = CONVERSATIONS[case]
    out, exported = await replay(settings, shop, NOBODY, turns, tmp_path / "s.db")
    reply = out[-1]["reply"]
    assert wanted in reply, reply
    assert not any(a in reply for a in ASKS_NUMBER), reply
    assert not any(h.lower() in reply.lower() for h in hidden), reply
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"] in ("create_ticket", "get_order")]


async def test_a_generated_shop_refuses_a_strangers_refund(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "g", "slashed")
    order = next(o for o in g.fixture["orders"] if o["status"] == "delivered")
    out, exported = await replay(settings, g.path, NOBODY,
                                 [f"where is {order['id']}?", "it's mine, my phone is 0412 555 019",
                                  f"then refund {order['id']} to my card"], tmp_path / "g.db")
    assert "human" in out[1]["reply"] and not any(a in out[1]["reply"] for a in ASKS_NUMBER), out[1]["reply"]
    assert order["id"] in out[2]["reply"] and "payment method" in out[2]["reply"], out[2]["reply"]
    assert not exported["refunds"] or all(r.get("order_id") != order["id"] or r in g.fixture.get("refunds", [])
                                          for r in exported["refunds"])
