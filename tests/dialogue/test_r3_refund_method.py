"""A refund asked to go to another payment method (#13): answered from the refund on record — its
id, amount, status and the method it goes back to — and the shop's own rule, never "no matching
order", a payment-method change of an order or a bare refund list; on the demo shops and a
generated shop (its refund added to the fixture), zh and en. Nothing is written."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import refund_method as RM
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"
WRITES = ("create_return", "create_exchange", "create_ticket", "change_payment", "update_payment", "cancel_order")


@pytest.mark.parametrize("text", [
    "can the refund for RMA-3001 go to my paypal instead?",
    "Could you send the money to my Alipay instead of the Visa?",
    "can my refund go to a different card?",
    "can I change where my refund goes",
    "退款能退到微信吗？",
    "退到支付宝可以吗",
    "能不能换个账户退款",
    "钱能不能打到我银行卡",
])
def test_a_refund_asked_elsewhere_is_recognised(text: str) -> None:
    assert RM.asks_other_method(text)


@pytest.mark.parametrize("text", [
    "where is my refund?", "I want to pay with paypal instead", "退款什么时候到", "我想把这个订单改成微信支付",
    "return the jacket and refund me", "can I pay by card instead of alipay?",
])
def test_other_money_talk_is_not(text: str) -> None:
    assert not RM.asks_other_method(text)


class _PM:
    def __init__(self, id: str, label: str) -> None:
        self.id, self.label, self.type = id, label, "card"


class _Customer:
    payment_methods = (_PM("pm1", "Visa •••• 1111"), _PM("pm2", "PayPal"))


def test_the_answer_names_the_refund_its_amount_and_the_method_of_its_order() -> None:
    refunds = [{"id": "RF-9", "order_id": "O-1", "amount": "12.50", "currency": "EUR", "status": "processing"}]
    orders = [{"id": "O-1", "payment_method_id": "pm2"}]
    en = RM.answer(refunds, orders, _Customer(), "Refunds go back to the original payment method.", "en")
    assert "RF-9" in en and "12.50" in en and "PayPal" in en and "Visa" not in en
    assert "original payment method" in en
    zh = RM.answer(refunds, orders, _Customer(), "", "zh")
    assert "RF-9" in zh and "处理中" in zh and "PayPal" in zh


def test_no_refund_yet_says_so_and_where_one_would_go() -> None:
    text = RM.answer([], [], _Customer(), "", "en")
    assert "no refund" in text.lower() and "payment method" in text


def _acted(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES]


CASES = [
    (EN, "whatsapp:13055550123", "can the refund for RMA-3001 go to my paypal instead?", ("RFD-5001", "159.00", "Visa")),
    (EN, "messenger:7700777", "could the refund go to a different card?", ("RFD-5002", "279.00", "PayPal")),
    (EN, "messenger:7700777", "退款能退到微信吗？就是W3846527那个", ("RFD-5002", "279.00", "原路")),
    (ZH, "feishu:ou_7f3a9c2e1b8d", "上个月那笔退款能退到微信吗", ("RF20261107-0001", "237.00", "支付宝")),
    (ZH, "feishu:ou_7f3a9c2e1b8d", "can my refund be sent to a different account instead?", ("RF20261107-0001", "237.00")),
]


@pytest.mark.parametrize("case", range(len(CASES)))
async def test_demo_shops_answer_from_the_refund_on_record(case: int, settings: Any, tmp_path: Path,
                                                           models: Any) -> None:
    shop, user, text, wanted = CASES[case]
    out, exported = await replay(settings, shop, user, [text], tmp_path / "r.db")
    reply = out[-1]["reply"]
    assert out[-1]["trace"]["flow"]["name"] == "refund_status", (out[-1]["trace"]["flow"], reply)
    for w in wanted:
        assert w in reply, reply
    assert not _acted(out)
    before = json.loads(shop.read_text(encoding="utf-8"))
    assert len(exported["refunds"]) == len(before["refunds"]) and len(exported["tickets"]) == len(before["tickets"])


@pytest.mark.parametrize("seed,text", [(7, "can the refund go to my other card instead?"), (3, "退款可以退到别的账户吗")])
async def test_a_generated_shop_answers_from_its_own_refund(seed: int, text: str, settings: Any, tmp_path: Path,
                                                            models: Any) -> None:
    g = make_shop(seed, tmp_path / "gen")
    fixture = json.loads(g.path.read_text(encoding="utf-8"))
    cid = sorted(g.identity)[0]
    order = next(o for o in fixture["orders"] if o["customer_id"] == cid and o["status"] == "delivered")
    fixture["refunds"].append({"id": f"RX-{seed}77", "order_id": order["id"], "amount": "42.90", "status": "processing",
                               "created_at": "2026-11-26T10:00:00+01:00", "currency": g.currency, "reason": "return"})
    g.path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    customer = next(c for c in fixture["customers"] if c["id"] == cid)
    label = next(p["label"] for p in customer["payment_methods"] if p["id"] == order.get("payment_method_id"))
    out, exported = await replay(settings, g.path, g.identity[cid], [text], tmp_path / "g.db")
    reply = out[-1]["reply"]
    assert out[-1]["trace"]["flow"]["name"] == "refund_status", (out[-1]["trace"]["flow"], reply)
    assert f"RX-{seed}77" in reply and "42.90" in reply and label in reply, reply
    assert not _acted(out) and len(exported["tickets"]) == len(fixture["tickets"])
