"""route13, whole conversations: a fault on a delivered item reaches the replacement (never a carrier
investigation); a pickup after a fault answer takes up its remedy (never a goodbye); a new topic while
the address is asked is answered; "that one was cancelled, right?" is about the cancelled order;
"where did you send the invoice?" reads the invoice on record. The demo shop, round 9's home-goods
shop and a generated shop; Chinese and English."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH = ROOT / "config" / "demo_shop.json"
SHOP6 = ROOT / "tests" / "playtest9" / "shop6"


def _shop6(tmp_path: Path) -> Path:
    """Round 9's shop with its own knowledge folder named in the fixture."""
    data = json.loads((SHOP6 / "shop.json").read_text(encoding="utf-8"))
    data["knowledge"] = str(SHOP6 / "knowledge")
    path = tmp_path / "shop6.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _acts(out: list[dict[str, Any]], turn: int, name: str) -> list[dict[str, Any]]:
    return [a for a in out[turn]["trace"]["actions"] if a["name"] == name]


def _carrier_case(out: list[dict[str, Any]], turn: int) -> bool:
    return bool(_acts(out, turn, "create_ticket")) or "调查" in out[turn]["reply"] \
        or "investigation" in out[turn]["reply"]


async def test_a_new_unit_asked_for_an_item_broken_on_arrival_is_exchanged(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, shop = await replay(settings, ZH, "dingtalk:chenjing88", ["电饭煲寄到就是坏的，帮我换一个", "确认"],
                             tmp_path / "c.db")
    assert not _carrier_case(out, 0), out[0]["reply"]
    assert _acts(out, 0, "check_exchange") and "换一件同款新品" in out[0]["reply"]
    assert [e["order_id"] for e in shop["exchanges"] if e["order_id"] == "SO202611170528"]
    assert not [t for t in shop["tickets"] if t.get("reason") == "delivery_issue"]


async def test_a_new_item_failing_is_a_fault_not_a_lost_parcel(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "wecom:zhangwei", ["耳机刚收到就坏了"], tmp_path / "c.db")
    assert not _carrier_case(out, 0), out[0]["reply"]
    assert out[0]["trace"]["flow"]["name"] == "troubleshooting"


async def test_book_the_pickup_after_a_fault_answer_is_its_replacement(settings: Any, tmp_path: Path,
                                                                      models: Any) -> None:
    out, _ = await replay(settings, ZH, "web:demo", ["the smart watch arrived with a cracked screen",
                                                     "ok, book the pickup"], tmp_path / "c.db")
    assert "Have a great day" not in out[1]["reply"]
    assert _acts(out, 1, "check_exchange") and "SO202611220503" in out[1]["reply"]


async def test_a_fault_while_the_address_is_asked_is_answered(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "telegram:1001", ["帮我改一下SO202611270605的收货地址", "另外，收到的T恤破了个洞"],
                          tmp_path / "c.db")
    assert "新收货地址" in out[0]["reply"]
    assert "新收货地址" not in out[1]["reply"] and "SO202611210549" in out[1]["reply"]


async def test_was_it_cancelled_is_about_the_refunds_cancelled_order(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, _ = await replay(settings, ZH, "whatsapp:8615811112222", ["手表那单退款到哪了", "那单已经取消了对吧？"],
                          tmp_path / "c.db")
    checked = [a["args"].get("order_id") for a in _acts(out, 1, "check_cancel")]
    assert "SO202611252135" not in checked and "SO202611252135" not in out[1]["reply"]
    assert "SO202611220915" in out[1]["reply"] and "取消" in out[1]["reply"]


async def test_where_the_invoice_was_sent_reads_the_record(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "dingtalk:chenjing88", ["发票寄到哪里了？"], tmp_path / "c.db")
    assert "SO202611170528" in out[0]["reply"] and "邮箱" in out[0]["reply"]
    assert "请问是哪个订单" not in out[0]["reply"]


async def test_another_shop_the_same_ways(settings: Any, tmp_path: Path, models: Any) -> None:
    shop = _shop6(tmp_path)
    out, _ = await replay(settings, shop, "web:emilyp", ["床垫刚收到就坏了，给我换一个", "Where did you send my invoice?"],
                          tmp_path / "a.db")
    assert not _carrier_case(out, 0) and _acts(out, 0, "check_exchange"), out[0]["reply"]
    assert "2611/0035" in out[1]["reply"] and "Which order" not in out[1]["reply"]
    out, _ = await replay(settings, shop, "telegram:7207", ["please change the delivery address of 2611/0066",
                                                          "btw the floor lamp I got last week flickers"],
                          tmp_path / "b.db")
    assert "address" in out[0]["reply"] and "delivery address for order" not in out[1]["reply"]
    assert "2611/0047" in out[1]["reply"]


async def test_a_generated_shops_item_broken_on_arrival(settings: Any, tmp_path: Path, models: Any) -> None:
    gen = make_shop(11, tmp_path / "gen")
    cid = next(iter(gen.identity))
    delivered = gen.orders_of(cid, "delivered")[0]
    line = delivered["items"][0]
    product = next(p for p in gen.fixture["products"] if p["id"] == line["product_id"])
    word = product.get("name_zh") or product["name"]
    out, _ = await replay(settings, gen.path, gen.identity[cid], [f"{word}刚收到就坏了，给我换一个"], tmp_path / "g.db")
    assert not _carrier_case(out, 0), out[0]["reply"]


async def test_a_replacement_for_a_fault_already_on_a_case_goes_onto_it(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, shop = await replay(settings, ZH, "feishu:ou_7f3a9c2e1b8d", ["吹风机还是有焦味，麻烦给我换一个新的"], tmp_path / "c.db")
    assert "TK20261124-0001" in out[0]["reply"] and "换一件同款新品" in out[0]["reply"]
    assert _acts(out, 0, "add_to_ticket") and not _acts(out, 0, "create_ticket")
    case = next(t for t in shop["tickets"] if t["id"] == "TK20261124-0001")
    assert len(case["transcript"]) > 2


async def test_a_first_fault_report_is_on_no_other_case(settings: Any, tmp_path: Path, models: Any) -> None:
    # c2's open case names no order and this message does not say the fault is told again.
    out, _ = await replay(settings, ZH, "feishu:ou_7f3a9c2e1b8d", ["收到的智能手表屏幕不亮，给我换一个"], tmp_path / "c.db")
    assert "TK20261124-0001" not in out[0]["reply"]
