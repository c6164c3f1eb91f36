"""Round 4 (#13, mind11) an order referred to by how it was paid ("the order I paid with PayPal",
"用微信付的那单", "the one I paid by bank transfer"): the orders whose own payment method fits —
one: that order (the invoice lands there, never on the order discussed before); several: asked
among those only. Units of `paid_with`, then conversations on the demo shops and a generated
shop (CHF, ids like C-4Q3P)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.dialogue.paid_with import invoice_for_paid_order, named_types, paid_with
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"

CUSTOMER = SimpleNamespace(payment_methods=[
    SimpleNamespace(id="m1", type="card", label="Visa •••• 4071"),
    SimpleNamespace(id="m2", type="paypal", label="PayPal av***"),
    SimpleNamespace(id="m3", type="gift_card", label="Gift card •••• 2210"),
    SimpleNamespace(id="m4", type="card", label="Amex •••• 1013")])
ORDERS = [{"id": "A1", "payment_method_id": "m1"}, {"id": "A2", "payment_method_id": "m2"},
          {"id": "A3", "payment_method_id": "m3"}, {"id": "A4", "payment_method_id": "m4"}]


@pytest.mark.parametrize("text,want", [
    ("the order I paid with PayPal", ["A2"]),
    ("the one I paid with my gift card", ["A3"]),           # a gift card is not a bank card
    ("the one I paid by card", ["A1", "A4"]),
    ("the one on my Amex", ["A4"]),                          # the label's own word
    ("用礼品卡付的那单", ["A3"]),
    ("信用卡付的那单", ["A1", "A4"]),
])
def test_paid_with(text: str, want: list[str]) -> None:
    assert paid_with(text, ORDERS, CUSTOMER) == want


@pytest.mark.parametrize("text", ["where is my parcel?", "can I pay with PayPal instead?x"[:0] or "what cards do you take",
                                  "退款多久到账"])
def test_no_payment_reference(text: str) -> None:
    assert paid_with(text, ORDERS, CUSTOMER) is None


def test_types_and_invoice_cue() -> None:
    assert named_types("用微信付的那单") == ["wechat_pay"]
    assert named_types("bank transfer") == ["bank_transfer"]
    assert invoice_for_paid_order("帮我开张发票，就是用微信付的那单，已经发货了的")
    assert not invoice_for_paid_order("帮我开张发票")


def _invoiced(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["args"]["order_id"]) for n, o in enumerate(out) for a in o["trace"]["actions"]
            if a["name"] == "request_invoice" and a.get("ok")]


async def test_en_invoice_for_the_paypal_order(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001",
                             ["I need an invoice for the order I paid with PayPal. Company: Acme LLC", "yes"],
                             tmp_path / "c.db")
    assert _invoiced(out) == [(1, "#W7096158")], [o["reply"] for o in out]


async def test_gen_invoice_for_the_bank_transfer_order(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077",
                             ["where is B-6K5M?", "I need an invoice for the order I paid by bank transfer, company Nordic AB",
                              "yes"], tmp_path / "c.db")
    assert _invoiced(out) == [(2, "C-4Q3P")], [o["reply"] for o in out]


async def test_zh_invoice_asked_among_the_wechat_orders(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "slack:U01ABC", ["帮我开张发票，就是用微信付的那单"], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert out[0]["trace"]["flow"]["name"] == "invoice", reply
    # c1's WeChat orders only — never the card / Alipay ones
    assert "SO202611270605" in reply and "SO202611261030" in reply
    assert "SO202611230529" not in reply and "SO202611210549" not in reply
    assert not _invoiced(out)


async def test_zh_card_order_picked_among_candidates(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "slack:U01ABC",
                             ["帮我开张发票，就是用微信付的那单", "电热水壶那个", "抬头 个人", "确认"], tmp_path / "c.db")
    assert [oid for _, oid in _invoiced(out)] == ["SO202611270605"], [o["reply"] for o in out]


async def test_zh_wechat_order_that_shipped(settings: Any, tmp_path: Path, models: Any) -> None:
    # two WeChat orders, one paid and one shipped: "已经发货了的" picks the shipped one
    out, shop = await replay(settings, ZH, "slack:U01ABC",
                             ["帮我开张发票，就是用微信付的那单，已经发货了的", "抬头：个人", "确认"], tmp_path / "c.db")
    assert [oid for _, oid in _invoiced(out)] == ["SO202611261030"], [o["reply"] for o in out]
