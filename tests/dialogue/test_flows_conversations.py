"""Whole conversations on a shop the code was never written for (EUR, scent / capacity / length
options, ids HB-26-004417 and 310045892), replayed end to end through the real pipeline: what
the customer asked is what the exported store shows afterwards."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_conversation_corrections import _acted, _order, replay

SHOP = Path(__file__).with_name("data") / "beauty_shop_eur.json"


def _lines(order: dict[str, Any]) -> list[tuple[str, int]]:
    return [(i["sku"], int(i["qty"])) for i in order["items"]]


async def test_cancelling_some_lines_keeps_the_order_and_the_rest(settings: Any, tmp_path: Path,
                                                                  models: Any) -> None:
    out, shop = await replay(settings, SHOP, "web:mia",
                             ["cancel the candles from my order HB-26-004502, keep the extensions", "yes"],
                             tmp_path / "c.db")
    assert not _acted(out, "cancel_order")
    order = _order(shop, "HB-26-004502")
    assert order["status"] == "paid" and _lines(order) == [("EXT-50-BRN", 1)]


async def test_zh_return_of_two_units_stores_the_count_and_a_short_reason(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, shop = await replay(settings, SHOP, "telegram:7001", ["退两瓶香水，订单HB-26-004417，味道太冲了", "确认"],
                             tmp_path / "c.db")
    made = [r for r in shop["returns"] if r["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and made[0]["reason"] == "disliked: 味道太冲了"
    assert [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("EDP-VAN-50", 2)]


async def test_gift_card_refused_then_the_candle_returned(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, "web:mia",
                             ["I want to return the gift card", "ok the candle then", "yes"], tmp_path / "c.db")
    assert "gift card" in out[0]["reply"].lower() and "policy" in out[0]["reply"]
    made = [r for r in shop["returns"] if r["order_id"] == "HB-26-004417"]
    assert [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("CDL-LAV-L", 1)]


async def test_exchange_changed_at_the_confirmation_makes_the_latest_one(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, shop = await replay(settings, SHOP, "telegram:7001",
                             ["exchange my vanilla perfume for the fig one, order HB-26-004417",
                              "no, cedar 30ml instead", "yes"], tmp_path / "c.db")
    made = [e for e in shop["exchanges"] if e["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and [i["new_sku"] for i in made[0]["items"]] == ["EDP-CED-30"]


async def test_payment_already_on_the_order_changes_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, SHOP, "web:lena", ["switch HB-26-004600 to paypal"], tmp_path / "c.db")
    assert "already" in out[0]["reply"] and not _acted(out, "change_payment")
    assert not [c for c in shop["order_changes"] if c["order_id"] == "HB-26-004600"]
