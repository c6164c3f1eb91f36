"""#13 (vague13): vague references resolved from the customer's own orders, and an open return in
a refund answer.

- "which of my orders hasn't arrived?" / "我哪一单还没到": the orders still to come (one: its
  status), never "which order?" back nor a carrier case about a delivered parcel;
- "the tyres of the other one" / "另一单的轮胎": the other of the orders just discussed, even when
  the part named is no line of it;
- "my last order" in a request no order of which can take it: the newest order, refused for its
  own reason, never "none of your orders";
- "where is my refund?" / "我的退款呢" with a return open: that return and its refund state.
Demo shops, playtest9's shop6 (Canadian, slashed ids) and a generated shop.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.core.settings import PROJECT_ROOT
from bot.dialogue import other_order, which_orders
from tests.dialogue.test_r4_records import _gen
from tests.test_conversation_corrections import DEMO_SHOP, replay

SHOP6 = PROJECT_ROOT / "tests" / "playtest9" / "shop6" / "shop.json"


# ---- units ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,state", [
    ("我哪一单还没到？", "to_come"), ("我有一单还没收到，是哪单", "to_come"), ("我哪个订单还没到货", "to_come"),
    ("哪一笔还没寄到", "to_come"), ("哪张单还在路上", "to_come"), ("哪几单还没送达", "to_come"),
    ("which of my orders hasn't arrived yet?", "to_come"), ("which order is still not delivered?", "to_come"),
    ("which one of my orders is not here yet?", "to_come"), ("which parcel haven't I received", "to_come"),
    ("哪一单还没发货", "to_send"), ("which one hasn't shipped yet", "to_send"),
    ("where is my order", None), ("我的订单还没到", None), ("哪一笔退款还没到账", None), ("你们用哪个快递", None),
    ("which one is cheaper", None), ("which colour is in stock?", None),
])
def test_which_order_questions_name_the_state_asked(text: str, state: str | None) -> None:
    assert which_orders.asked_state(text) == state


def test_the_orders_still_to_come_are_picked_newest_first() -> None:
    orders = [{"id": "A", "status": "delivered", "placed_at": "2026-11-20"},
              {"id": "B", "status": "shipped", "placed_at": "2026-11-21"},
              {"id": "C", "status": "paid", "placed_at": "2026-11-25"},
              {"id": "D", "status": "cancelled", "placed_at": "2026-11-26"}]
    assert [o["id"] for o in which_orders.matching("to_come", orders)] == ["C", "B"]
    assert [o["id"] for o in which_orders.matching("to_send", orders)] == ["C"]


def test_discussed_orders_keep_the_latest_last() -> None:
    assert other_order.remember([], ["A", "B"], "A") == ["B", "A"]
    assert other_order.remember(["B", "A"], [], "A") == ["B", "A"]
    assert other_order.remember(["B", "A"], ["C"], "C") == ["B", "A", "C"]
    assert other_order.remember(["A", "B", "C", "D"], ["E"], None) == ["B", "C", "D", "E"]


@pytest.mark.parametrize("text,other", [
    ("另一单的轮胎呢", "B"), ("另外那单的充电盒充不进电", "B"), ("the tyres of the other one are flat", "B"),
    ("what about the zipper on the other order?", "B"), ("and my other order?", "B"),
    ("A 的呢", None), ("the other colour please", None), ("换另一个颜色", None),
])
def test_the_other_one_is_the_other_of_the_orders_discussed(text: str, other: str | None) -> None:
    orders = [{"id": "A"}, {"id": "B"}, {"id": "C"}]
    assert other_order.other_of(text, ["C", "B", "A"], "A", orders) == other


def test_no_other_order_discussed_resolves_nothing() -> None:
    orders = [{"id": "A"}, {"id": "B"}]
    assert other_order.other_of("另一单的轮胎呢", ["A"], "A", orders) is None
    assert other_order.other_of("另一单的轮胎呢", ["B", "A"], None, orders) is None


# ---- whole conversations ----------------------------------------------------------------------
def _acts(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name]


@pytest.mark.parametrize("shop,user,text,says,never", [
    ("zh", "telegram:1001", "我哪一单还没到？", ["SO202611261030", "SO202611270605"], ["SO202611230529", "哪个订单"]),
    ("en", "web:demo", "which order is still not delivered?", ["SO202611251006", "SO202611262325"],
     ["SO202611220503", "SO202611130506", "which order"]),
    ("s6", "whatsapp:12505550209", "which one of my orders is not here yet?", ["2611/0060"], ["2611/0055"]),
    ("s6", "telegram:7202", "我哪个订单还没到货", ["2611/0051"], ["2611/0008", "哪个订单"]),
])
async def test_which_order_is_still_to_come(shop: str, user: str, text: str, says: list[str], never: list[str],
                                            settings: Any, tmp_path: Path, models: Any) -> None:
    path = {"zh": DEMO_SHOP, "en": DEMO_SHOP, "s6": SHOP6}[shop]
    out, _ = await replay(settings, path, user, [text], tmp_path / "w.db")
    reply = out[0]["reply"]
    assert all(s in reply for s in says) and not any(n in reply for n in never), reply
    assert not _acts(out, "create_ticket") and not _acts(out, "add_to_ticket"), reply


async def test_which_order_one_only_is_its_status_not_a_parcel_case(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    # c6: one order still to come (paid), the others delivered — "是哪单" names it, never asks
    # among the delivered ones as a missing parcel.
    out, _ = await replay(settings, DEMO_SHOP, "whatsapp:8615811112222", ["我有一单还没收到，是哪单"], tmp_path / "w.db")
    reply = out[0]["reply"]
    assert "SO202611252135" in reply and "SO202611180550" not in reply, reply
    assert out[0]["trace"]["flow"]["name"] == "order_status", out[0]["trace"]["flow"]


async def test_which_order_on_a_generated_shop(settings: Any, tmp_path: Path, models: Any) -> None:
    from tests.dialogue.gen_shop import make_shop
    s = make_shop(5, tmp_path, "hash")
    cid = s.fixture["customers"][0]["id"]
    mine = s.orders_of(cid)
    coming = {o["id"] for o in mine if o["status"] in ("pending", "paid", "shipped")}
    done = {o["id"] for o in mine if o["status"] == "delivered"}
    out, _ = await replay(settings, s.path, s.identity[cid], ["which of my orders haven't arrived yet?"],
                          tmp_path / "g.db")
    reply = out[0]["reply"]
    assert all(o in reply for o in coming) and not any(o in reply for o in done), reply


@pytest.mark.parametrize("shop,user,texts,other,focus", [
    ("zh", "telegram:1001", ["SO202611230529 和 SO202611050521 都收到了", "SO202611230529 的鞋没问题",
                             "另一单的充电盒充不进电"], "SO202611050521", "SO202611230529"),
    ("en", "web:demo", ["I got SO202611220503 and SO202611130506", "the first one is great",
                        "but the laces of the other one are already torn"], "SO202611130506", "SO202611220503"),
    ("s6", "web:emilyp", ["帮我看一下 2611/0002 和 2611/0035", "2611/0002 没事", "另外那单的边角开线了"],
     "2611/0035", "2611/0002"),
    ("s6", "telegram:7202", ["我有两个订单 2611/0051 和 2611/0008", "2611/0008 收到了", "另一单的床垫呢"],
     "2611/0051", "2611/0008"),
])
async def test_a_part_of_the_other_order(shop: str, user: str, texts: list[str], other: str, focus: str,
                                         settings: Any, tmp_path: Path, models: Any) -> None:
    path = {"zh": DEMO_SHOP, "en": DEMO_SHOP, "s6": SHOP6}[shop]
    out, _ = await replay(settings, path, user, texts, tmp_path / "o.db")
    reply = out[-1]["reply"]
    assert other in reply and focus not in reply, reply
    assert out[-1]["trace"]["flow"]["name"] != "product_info", reply


async def test_my_last_order_that_cannot_take_the_change_is_named(settings: Any, tmp_path: Path,
                                                                  models: Any) -> None:
    out, _ = await replay(settings, SHOP6, "whatsapp:12505550209",
                          ["I need to change the address on my latest order"], tmp_path / "l.db")
    reply = out[0]["reply"]
    assert "2611/0060" in reply and "None of your orders" not in reply, reply
    assert not _acts(out, "change_address"), reply


@pytest.mark.parametrize("shop,user,text,says", [
    ("s6", "telegram:7202", "where is my refund?", ["RT-5031", "2611/0008", "warehouse"]),
    ("s6", "wechat:lijing_rmd", "我的退款到哪了", ["RT-5031", "2611/0008", "仓库收到退货后"]),
    ("zh", "whatsapp:8613912345678", "我的退款呢", ["RT20261126-0001", "RF20261126-0001"]),
    ("zh", "line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7", "钱还没退给我", ["RT20261126-0001", "RF20261126-0001"]),
    ("gen", None, "hi, I still haven't got my money back", ["R-9001"]),
    ("gen", None, "我的退款呢？", ["R-9001"]),
])
async def test_an_open_return_is_part_of_the_refund_answer(shop: str, user: str | None, text: str, says: list[str],
                                                           settings: Any, tmp_path: Path, models: Any) -> None:
    path, user = (_gen(tmp_path) if shop == "gen" else ({"zh": DEMO_SHOP, "s6": SHOP6}[shop], user))
    out, _ = await replay(settings, path, user, [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert all(s in reply for s in says), reply
    assert "I don't see any refund" not in reply and "暂时没有退款记录" not in reply, reply
    assert "无法改退到其他账户" not in reply, reply


async def test_a_refunded_return_is_not_said_open(settings: Any, tmp_path: Path, models: Any) -> None:
    # c4's return is completed and refunded: the refund list only, no "open return".
    out, _ = await replay(settings, DEMO_SHOP, "telegram:1003", ["我的退款呢"], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert "RF20261114-0001" in reply and "处理中的退货" not in reply, reply


# ---- a parcel abroad: the time abroad, never the domestic days ---------------------------------
def _facts(data: dict[str, Any]) -> Any:
    from bot.dialogue.facts import Facts
    return Facts(data)


@pytest.mark.parametrize("facts,carrier,days", [
    ({"delivery": {"carriers": {"Post": {"days": "2–4", "international_days": "6–10"}}}}, "Post", "6–10"),
    ({"delivery": {"international": {"days": "7–14"}, "carriers": {"Post": {"days": "2–4"}}}}, "Post", "7–14"),
    ({"delivery": {"cross_border": {"days": "5–12"}, "carriers": {"Post": {"days": "2–4"}}}}, "Post", "5–12"),
    ({"delivery": {"carriers": {"Post": {"days": "2–4"}}}}, "Post", ""),
])
def test_a_domestic_carrier_abroad_is_never_quoted_its_home_days(facts: dict[str, Any], carrier: str,
                                                                 days: str) -> None:
    from bot.dialogue import timing
    order = {"carrier": carrier, "shipping_address": "350 5th Ave, New York, NY 10118, USA",
             "currency": "CAD", "international": True}
    assert timing.route_days(_facts({"shop": {"country": "CA"}, **facts}), order, "CAD") == (days, True)
    home = {**order, "international": False}
    assert timing.route_days(_facts({"shop": {"country": "CA"}, **facts}), home, "CAD") == ("2–4", False)


@pytest.mark.parametrize("text,days,never", [
    ("我的包裹什么时候到", "7–14", "1–2"), ("how long will my parcel take to arrive?", "7–14", "1–2"),
])
async def test_a_parcel_abroad_in_a_whole_conversation(text: str, days: str, never: str, settings: Any,
                                                       tmp_path: Path, models: Any) -> None:
    import json
    data = json.loads(SHOP6.read_text(encoding="utf-8"))
    data["facts"] = {"shop": {"country": "CA"}, "delivery": {"international": {"days": "7–14"},
                                                             "carriers": {"SF Express": {"days": "1–2"}}}}
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, _ = await replay(settings, path, "telegram:7206", [text], tmp_path / "i.db")   # 2611/0019 to Hong Kong
    reply = out[0]["reply"]
    assert "2611/0019" in reply and days in reply and never not in reply, reply
