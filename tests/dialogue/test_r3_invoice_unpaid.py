"""An invoice for an order not paid yet (#13): when it can be issued (after payment), the title and
tax number read back (never dropped), no "no matching order", no confirmation and nothing written;
demo shops and a generated shop, zh and en."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import invoice_unpaid as IU
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"
NOT_FOUND = ("couldn't find", "no matching", "没有找到", "没有查到", "(yes/no)", "（是/否）")


def test_the_unpaid_order_is_the_one_named_or_the_only_one_when_nothing_paid() -> None:
    orders = [{"id": "A1", "status": "pending"}, {"id": "B2", "status": "paid"}]
    assert IU.unpaid_order("A1", orders, [orders[1]])["id"] == "A1"
    assert IU.unpaid_order("B2", orders, [orders[1]]) is None
    assert IU.unpaid_order(None, orders, [orders[1]]) is None          # a paid order to invoice: not this
    assert IU.unpaid_order(None, orders[:1], [])["id"] == "A1"


def test_the_text_keeps_the_title_and_the_tax_number() -> None:
    en = IU.text({"id": "A1"}, "ACME Ltd", "91310000123456789X", "", "en")
    assert "A1" in en and "paid" in en and "ACME Ltd" in en and "91310000123456789X" in en
    zh = IU.text({"id": "A1"}, "上海某某公司", "91310000MA1FL8X123", "", "zh")
    assert "付款" in zh and "上海某某公司" in zh and "91310000MA1FL8X123" in zh


CASES = [
    (EN, "slack:U07NOAH", "能给W1722178开发票吗，抬头 上海某某公司 税号 91310000MA1FL8X123",
     ("W1722178", "上海某某公司", "91310000MA1FL8X123", "付款")),
    (EN, "slack:U07NOAH", "I need an invoice for W1722178, company Brightline Ltd, tax number 91310000123456789X",
     ("W1722178", "Brightline Ltd", "91310000123456789X", "paid")),
    (ZH, "dingtalk:chenjing88", "SO202611260953 开个发票，抬头 杭州青禾贸易有限公司，税号 91330100MA2B3C4D5E",
     ("SO202611260953", "杭州青禾贸易有限公司", "91330100MA2B3C4D5E", "付款")),
]


@pytest.mark.parametrize("case", range(len(CASES)))
async def test_demo_shops_say_when_the_invoice_can_be_issued(case: int, settings: Any, tmp_path: Path,
                                                             models: Any) -> None:
    shop, user, text, wanted = CASES[case]
    out, exported = await replay(settings, shop, user, [text], tmp_path / "i.db")
    reply = out[-1]["reply"]
    for w in wanted:
        assert w in reply, reply
    assert not any(w in reply for w in NOT_FOUND), reply
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"] == "request_invoice"]
    assert len(exported["invoices"]) == len(json.loads(shop.read_text(encoding="utf-8")).get("invoices", []))


@pytest.mark.parametrize("seed", [4, 11])
async def test_a_generated_shop_unpaid_order(seed: int, settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(seed, tmp_path / "g")
    order = next(o for o in g.fixture["orders"] if o["status"] == "pending")
    ident = g.identity[order["customer_id"]]
    out, _ = await replay(settings, g.path, ident, [f"invoice for {order['id']} please, tax number DE812345678"],
                          tmp_path / "g.db")
    reply = out[-1]["reply"]
    assert order["id"] in reply and "DE812345678" in reply and "paid" in reply, reply
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"] == "request_invoice"]
