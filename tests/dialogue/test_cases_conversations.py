"""Delivery, payment and invoice cases as whole conversations through the real pipeline on the
built-in store (understanding, engine, flows, shop), in Chinese and English: what the customer
said is what the exported store holds afterwards — one case per problem, titles as given."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_conversation_corrections import EN_SHOP, replay

CYCLE = Path(__file__).with_name("data") / "cycle_shop_gbp.json"


def _tickets(shop: dict[str, Any], reason: str) -> list[dict[str, Any]]:
    return [t for t in shop["tickets"] if t["reason"] == reason]


async def test_missing_parcel_then_a_detail_makes_one_case_with_the_detail(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, shop = await replay(settings, CYCLE, "web:ida", ["my front light says delivered but I never got it",
                                                          "the neighbours dont have it either"], tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["name"] == "delivery_issue" and "H01QJA0012345678" in out[0]["reply"]
    assert out[1]["trace"]["flow"]["step"] == "already_open"
    made = [t for t in _tickets(shop, "delivery_issue") if t.get("order_id") == "CY-0042-K"]
    assert len(made) == 1


async def test_zh_a_case_the_shop_holds_is_not_opened_again(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, CYCLE, "web:ole", ["车前灯显示签收了但是我没收到"], tmp_path / "c.db")
    assert "CASE-3301" in out[0]["reply"]
    assert [t["id"] for t in _tickets(shop, "delivery_issue")] == ["CASE-3301"]


async def test_double_charge_then_when_is_it_back_names_the_method_and_keeps_one_case(settings: Any, tmp_path: Path,
                                                                                     models: Any) -> None:
    out, shop = await replay(settings, CYCLE, "web:ida", ["I was charged twice for the 65 pound order",
                                                          "so when do I get the extra back"], tmp_path / "c.db")
    assert "PayPal" in out[1]["reply"] and "3–5 business days" in out[1]["reply"]
    assert [t["order_id"] for t in _tickets(shop, "payment_issue")] == ["CY-0057-K"]


async def test_zh_personal_invoice_title_given_after_the_question_is_stored(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, shop = await replay(settings, CYCLE, "web:ida", ["铜铃那单要开发票 开成个人的", "就写张伟", "是的"],
                             tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["step"] == "ask_title"
    assert out[1]["trace"]["flow"]["step"] == "confirm" and "张伟" in out[1]["reply"]
    assert [(i["order_id"], i.get("title")) for i in shop["invoices"] if i["order_id"] == "CY-0061-K"] \
        == [("CY-0061-K", "张伟")]


async def test_reissue_asked_twice_is_one_ticket(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "web:owen", ["给我开张发票 温控器那单 抬头 Davis Consulting LLC",
                                                            "是的 重开 抬头写 Davis Consulting LLC"], tmp_path / "c.db")
    assert "INV-8001" in out[0]["reply"]
    assert len(_tickets(shop, "invoice_reissue")) == 1


async def test_zh_resend_after_a_missing_parcel_stays_on_that_case(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, CYCLE, "web:ida", ["车前灯显示签收了 但我没收到", "那给我补发一个吧"], tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["name"] == "delivery_issue" and "补发" in out[1]["reply"]
    assert "保修" not in out[1]["reply"]
    assert len([t for t in _tickets(shop, "delivery_issue") if t.get("order_id") == "CY-0042-K"]) == 1
