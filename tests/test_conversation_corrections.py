"""Conversations from playtest5's wrong store changes, replayed end to end on the built-in shops:
what the customer asked is what the exported store shows afterwards."""
from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.cli.main import _replay
from bot.core.settings import PROJECT_ROOT
from bot.pipeline.runtime import Runtime

NOW = "2026-11-28T12:00:00+08:00"
EN_SHOP = PROJECT_ROOT / "config" / "demo_shop_en.json"
DEMO_SHOP = PROJECT_ROOT / "config" / "demo_shop.json"


async def replay(settings: Any, shop: Path, user: str, texts: list[str], db: Path
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    settings.data["data"]["db"] = str(db)
    lines = [{"conversation": "c", "user": user, "text": t} for t in texts]
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    await _replay(settings, str(shop), datetime.fromisoformat(NOW), fresh=True, stdin=stdin, stdout=out, stderr=err)
    rt = await Runtime.open(settings, seed=False)
    try:
        exported = await rt.store.export_fixture()
    finally:
        await rt.close()
    return [json.loads(x) for x in out.getvalue().splitlines()], exported


def _order(shop: dict[str, Any], order_id: str) -> dict[str, Any]:
    return next(o for o in shop["orders"] if o["id"] == order_id)


def _acted(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name]


async def test_dropping_one_jacket_keeps_the_order_and_the_other_jacket(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "telegram:5008", ["W8254811 里的黑色那件不要了，navy的留着", "对"],
                             tmp_path / "c.db")
    assert not _acted(out, "cancel_order")
    order = _order(shop, "#W8254811")
    assert order["status"] == "paid"
    assert [(i["sku"], i["qty"]) for i in order["items"]] == [("RJ-M-NVY", 1)]


async def test_a_new_colour_and_size_at_the_confirmation_makes_that_exchange(settings: Any, tmp_path: Path,
                                                                             models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "slack:U01ABC",
                             ["跑鞋42码有点小，能换成43吗", "算了，还是换白色43的吧", "确认"], tmp_path / "c.db")
    made = [e for e in shop["exchanges"] if e["order_id"] == "SO202611230529"]
    assert len(made) == 1
    assert [(i["sku"], i["new_sku"]) for i in made[0]["items"]] == [("SHOE-RUN-42", "SHOE-RUN-43-WH")]


async def test_a_payment_method_asked_at_the_confirmation_pays_the_change(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "slack:U03MJ5P2Q",
                             ["can I switch my hair dryer to the rose gold one before it ships?",
                              "and pay with my card instead of paypal", "confirm"], tmp_path / "c.db")
    changed = _acted(out, "change_items")
    assert len(changed) == 1 and changed[0]["ok"]
    assert changed[0]["args"]["payment_method_id"] == "pm-c11-card"
    assert [i["sku"] for i in _order(shop, "SO202611250912")["items"]] == ["HD-2000-RG"]


async def test_a_variant_named_after_a_quantity_change_applies_both(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "whatsapp:14155550199",
                             ["I only need one SSD not two, can you change order 1722178",
                              "actually make it the 2TB one", "confirm"], tmp_path / "c.db")
    assert [(i["sku"], i["qty"]) for i in _order(shop, "#W1722178")["items"]] == [("SSD-2T-UC", 1)]


async def test_a_follow_up_on_a_delivery_case_opens_no_second_ticket(settings: Any, tmp_path: Path,
                                                                     models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "dingtalk:chenjing88",
                             ["物流显示杯子签收了，可我根本没收到", "那怎么办，要等多久"], tmp_path / "c.db")
    assert len(_acted(out, "create_ticket")) == 1
    assert "TK" in out[1]["reply"] and "SO202611260234" not in out[1]["reply"]


async def test_a_gift_card_return_is_refused_and_the_ssd_returned_instead(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "whatsapp:13055550123",
                             ["return the gift card from my SSD order", "fine, then the SSD", "yes"], tmp_path / "c.db")
    assert not _acted(out, "change_payment")
    made = [r for r in shop["returns"] if r["order_id"] == "#W3111853"]
    assert len(made) == 1 and [i["sku"] for i in made[0]["items"]] == ["SSD-1T-UC"]


async def test_one_black_bag_paid_by_alipay_asked_at_the_confirmation(settings: Any, tmp_path: Path,
                                                                      models: Any) -> None:
    # 支付宝 is a payment method, not a person's name the redactor hides.
    out, shop = await replay(settings, DEMO_SHOP, "dingtalk:lina_0817",
                             ["帆布包那单还没付款，能改成一个黑色的吗", "付款方式换成支付宝", "确认"], tmp_path / "c.db")
    assert "支付宝" in out[1]["reply"]
    changed = _acted(out, "change_items")
    assert len(changed) == 1 and changed[0]["ok"]
    assert changed[0]["args"]["swaps"] == [{"sku": "BAG-TOTE", "qty": 1, "new_sku": "BAG-TOTE-BK"}]
    assert changed[0]["args"]["payment_method_id"] == "pm-c2-alipay"
    assert [(i["sku"], i["qty"]) for i in _order(shop, "SO202611270438")["items"]] == [("BAG-TOTE-BK", 1)]
