"""Two changes of one order asked in one message (playtest6 en dev: a payment method and a size;
an order's address and the default address): both proposed in one reply, one yes makes both,
one no makes neither. Replayed through the real pipeline; the exported store is checked."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.dialogue.flows.changes import named_method
from bot.shop.models import PaymentMethod
from tests.test_conversation_corrections import EN_SHOP, _acted, _order, replay


def test_a_card_is_told_apart_by_its_own_label_word() -> None:
    methods = [PaymentMethod("pm_v", "c", "card", "Visa •••• 4710"), PaymentMethod("pm_a", "c", "card", "Amex •••• 1013"),
               PaymentMethod("pm_p", "c", "paypal", "PayPal a@b")]
    assert named_method(methods, "card", "charge my jacket order to amex instead").id == "pm_a"
    assert named_method(methods, "card", "use my card") is None              # two cards: not guessed


async def test_payment_and_size_change_in_one_message_one_yes_makes_both(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "telegram:5001",
                             ["charge my jacket order to amex instead, and change the jacket to size L", "yes both"],
                             tmp_path / "c.db")
    assert out[0]["reply"].count("To confirm") == 2 and not _acted(out[:1], "change_items")
    order = _order(shop, "#W7096158")
    assert order["payment_method_id"] == "pm_cus_01_amex"
    assert sorted(i["sku"] for i in order["items"]) == ["BTL-18-BLK-CH", "RJ-L-BLK"]


async def test_one_no_to_two_proposed_changes_makes_neither(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "telegram:5001",
                             ["charge my jacket order to amex instead, and change the jacket to size L", "no"],
                             tmp_path / "c.db")
    assert not _acted(out, "change_items") and not _acted(out, "change_payment")
    assert _order(shop, "#W7096158")["payment_method_id"] == "pm_cus_01_paypal"


async def test_order_address_and_default_address_in_one_message(settings: Any, tmp_path: Path,
                                                                models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "telegram:5008",
                             ["W8254811 改成寄到公司 1701 Wynkoop St Suite 200 Denver CO 80202 另外把默认地址也改了",
                              "都确认"], tmp_path / "c.db")
    assert "W8254811" in out[0]["reply"] and "默认地址" in out[0]["reply"]
    assert [a["ok"] for a in _acted(out[1:], "change_address")] == [True]
    assert [a["ok"] for a in _acted(out[1:], "change_default_address")] == [True]
    assert "Wynkoop" in str(_order(shop, "#W8254811").get("shipping_address"))
