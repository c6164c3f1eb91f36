"""Whole conversations where a follow-up refers back (bot/dialogue/context.py), replayed end to
end on the built-in shops: the reply and the store's records follow what the customer referred to."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, _acted, replay


async def test_which_order_for_the_invoice_is_answered_by_its_items(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "wecom:zhaomin",
                             ["给我开个公司发票，抬头南京云帆网络科技有限公司，税号91320100MA1XYZ1234", "就是充电宝和水壶那单", "确认"],
                             tmp_path / "c.db")
    made = _acted(out, "request_invoice")
    assert len(made) == 1 and made[0]["args"]["order_id"] == "SO202611211710"
    assert out[1]["trace"]["flow"]["name"] == "invoice" and out[1]["trace"]["flow"]["step"] == "confirm"
    assert "SO202611211710" in out[1]["reply"] and "南京云帆网络科技有限公司" in out[1]["reply"]
    assert "SO202611211710" in out[2]["reply"]


async def test_my_other_order_gets_that_orders_status(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "telegram:5001", ["where's my tent", "ok and my other order?"],
                          tmp_path / "c.db")
    assert "#W8615334" in out[0]["reply"]
    assert out[1]["trace"]["flow"]["name"] == "order_status"
    assert "#W7096158" in out[1]["reply"] and "#W8615334" not in out[1]["reply"]


async def test_check_it_after_a_late_parcel_opens_one_investigation(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "discord:880055667788",
                             ["#W1425822 显示已发货好几天了还没到", "帮我查一下"], tmp_path / "c.db")
    tickets = [a for a in _acted(out, "create_ticket") if a["ok"]]
    assert len(tickets) == 1
    assert out[1]["trace"]["flow"]["name"] == "delivery_issue"
    assert out[1]["reply"] != out[0]["reply"]


async def test_an_open_exchange_is_referred_to_and_yes_reaches_a_person(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "telegram:1002",
                             ["I want to return one of the t-shirts from SO202611170513",
                              "ok what about exchanging it for a navy L instead", "yes"], tmp_path / "c.db")
    assert "EX20261121-0001" in out[1]["reply"]
    assert len([e for e in shop["exchanges"] if e["order_id"] == "SO202611170513"]) == 1   # no duplicate
    assert out[2]["trace"]["handoff"] is True


async def test_yes_restating_the_quantity_changes_the_order_at_once(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "feishu:ou_7f3a9c2e1b8d",
                             ["帆布包那单还没发 能不能少要一个", "对 改成一个"], tmp_path / "c.db")
    made = [a for a in _acted(out, "change_items") if a["ok"]]
    assert len(made) == 1
    order = next(o for o in shop["orders"] if o["id"] == "SO202611270438")
    assert [(i["sku"], i["qty"]) for i in order["items"]] == [("BAG-TOTE", 1)]
