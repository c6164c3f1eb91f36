"""route13, one step at a time: a fault on a delivered item goes to the fault / replacement path
(never a carrier case); a new topic leaves the address flow waiting; "was it cancelled, right?" is
about the cancelled order; "where did you send the invoice?" is about the invoice on record; a
pickup asked after a fault answer takes up its remedy. Demo orders and generated-shop orders."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.dialogue import arrival_fault as AF
from bot.dialogue import cancelled_question as CQ
from bot.dialogue import fault_pickup as FP
from bot.dialogue import stale_flow as SF
from bot.dialogue.classic import flow_for
from bot.dialogue.invoice_sent import asks_where_sent
from tests.dialogue.gen_shop import make_shop

ROOT = Path(__file__).resolve().parents[2]


def _demo_orders(customer: str) -> list[dict[str, Any]]:
    data = json.loads((ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8"))
    return [o for o in data["orders"] if o["customer_id"] == customer]


# ---- a fault on a delivered item ---------------------------------------------------------------

ITEM_FAULTS = ["耳机刚收到就坏了", "电饭煲寄到就是坏的，帮我换一个", "床垫刚收到就坏了，给我换一个", "才拿到就坏了",
               "my running shoes arrived damaged, please send a replacement", "the lamp arrived broken and won't turn on",
               "it arrived broken, I want a new one", "收到的车灯到了就坏了，不亮"]
CARRIER = ["杯子到了就坏了", "the cup set arrived smashed", "箱子压扁了 里面的杯子到了就碎了", "the box arrived crushed",
           "包裹到了就是破的", "it arrived damaged in transit"]


@pytest.mark.parametrize("text", ITEM_FAULTS)
def test_an_item_to_put_right_is_no_carrier_damage(text: str) -> None:
    assert AF.item_fault(text) and not AF.carrier_damage(text)


@pytest.mark.parametrize("text", CARRIER)
def test_the_carriers_damage_stays_a_carrier_case(text: str) -> None:
    assert AF.carrier_damage(text) and not AF.item_fault(text)


@pytest.mark.parametrize("text,intent", [("耳机刚收到就坏了", "product_issue"), ("刚收到就坏了", "other"),
                                         ("the lamp arrived broken and won't turn on", "delivery_issue")])
def test_a_new_item_failing_is_troubleshooting(text: str, intent: str) -> None:
    assert flow_for(intent, text, _demo_orders("c1"))[0] == "troubleshooting"


@pytest.mark.parametrize("text,intent", [("电饭煲寄到就是坏的，帮我换一个", "exchange_request"),
                                         ("it arrived broken, I want a new one", "product_issue"),
                                         ("收到就是坏的，给我换一个新的", "delivery_issue")])
def test_a_new_unit_asked_for_is_the_replacement(text: str, intent: str) -> None:
    assert flow_for(intent, text, _demo_orders("c5"))[0] == "exchange_request"


def test_a_generated_shops_delivered_item_goes_the_same_way(tmp_path: Path) -> None:
    shop = make_shop(7, tmp_path)
    cid = next(iter(shop.identity))
    orders = shop.orders_of(cid)
    assert any(o["status"] == "delivered" for o in orders)
    assert flow_for("product_issue", "刚收到就坏了，给我换一个", orders)[0] == "exchange_request"
    assert flow_for("product_issue", "just got it and it arrived broken, it won't turn on", orders)[0] == "troubleshooting"
    assert flow_for("product_issue", "the parcel arrived crushed", orders)[0] == "delivery_issue"


def test_without_a_delivered_order_the_arrival_is_not_read_as_a_fault() -> None:
    shipped = [o for o in _demo_orders("c1") if o["status"] == "shipped"]
    assert flow_for("product_issue", "刚收到就坏了，给我换一个", shipped)[0] != "exchange_request"


# ---- a new topic while the address is asked ----------------------------------------------------

@pytest.mark.parametrize("text,flow", [("另外，收到的T恤破了个洞", "troubleshooting"),
                                       ("btw the floor lamp I got last week flickers", "troubleshooting"),
                                       ("also it arrived broken, send me a new one", "exchange_request"),
                                       ("对了，我被扣了两次钱", "payment_issue"),
                                       ("I was charged twice for it", "payment_issue"),
                                       ("发票寄到哪里了？", "invoice"),
                                       ("the box arrived crushed", "delivery_issue")])
def test_a_new_topic_leaves_the_address_question(text: str, flow: str) -> None:
    assert SF.new_topic("ask_address", text, {}) is not None
    assert SF.new_topic("ask_address", text, {})[0] == flow        # type: ignore[index]


@pytest.mark.parametrize("text", ["北京市朝阳区建国路88号", "<ADDRESS_1>", "12 Baker Street, London", "ok"])
def test_an_address_or_a_yes_is_no_new_topic(text: str) -> None:
    assert SF.new_topic("ask_address", text, {}) is None


def test_only_a_free_value_question_is_left() -> None:
    assert SF.new_topic("confirm", "另外，收到的T恤破了个洞", {}) is None
    assert SF.new_topic("ask_address", "另外，收到的T恤破了个洞", {"address": "<ADDRESS_1>"}) is None


# ---- "that one was cancelled, right?" ---------------------------------------------------------

@pytest.mark.parametrize("text", ["那单已经取消了对吧？", "that one was cancelled, right?", "是不是已经取消了",
                                  "is my order cancelled?", "The nut gift box order was cancelled, right?", "取消了吗"])
def test_a_question_about_the_cancelled_state(text: str) -> None:
    assert CQ.asks_if_cancelled(text)


@pytest.mark.parametrize("text", ["帮我取消订单", "cancel my order please", "I want to cancel", "不要了 取消吧",
                                  "can you cancel it?"])
def test_a_cancel_request_is_no_question(text: str) -> None:
    assert not CQ.asks_if_cancelled(text)


def test_the_cancelled_order_meant() -> None:
    orders = _demo_orders("c6")           # one cancelled order (its refund processing) and one paid
    assert CQ.cancelled_meant(orders, None, "SO202611220915") == "SO202611220915"
    assert CQ.cancelled_meant(orders, None, None) == "SO202611220915"
    assert CQ.cancelled_meant(orders, "SO202611252135", None) is None      # the paid one named: its own answer


# ---- "where did you send the invoice?" --------------------------------------------------------

@pytest.mark.parametrize("text", ["发票寄到哪里了？", "where did you send the invoice?", "发票发到哪了", "还没收到发票",
                                  "how was the invoice for the mattress sent to me?", "I never received the invoice"])
def test_where_the_invoice_went(text: str) -> None:
    assert asks_where_sent(text)


@pytest.mark.parametrize("text", ["我要开发票", "I need an invoice for my order", "发票什么时候能开", "invoice please"])
def test_an_invoice_request_is_not_a_where_question(text: str) -> None:
    assert not asks_where_sent(text)


# ---- a pickup after a fault answer -------------------------------------------------------------

def _ctx(last_flow: str, orders: list[dict[str, Any]], order_id: str, skus: tuple[str, ...] = ()) -> Any:
    return SimpleNamespace(last_flow=last_flow, last_order_id=order_id, last_skus=skus, orders=orders)


@pytest.mark.parametrize("text", ["ok, book the pickup", "please arrange a pickup", "帮我安排上门取件", "那就帮我预约上门取件吧",
                                  "can a courier collect it?"])
def test_a_pickup_after_a_fault_answer_is_its_replacement(text: str) -> None:
    orders = _demo_orders("c8")
    got = FP.remedy(text, _ctx("troubleshooting", orders, "SO202611220503", ("WATCH-S2",)))
    assert got is not None and got[0] == "exchange_request"
    assert got[1]["order_id"] == "SO202611220503"
    assert got[1]["items"] == [{"order_id": "SO202611220503", "sku": "WATCH-S2", "excluded": False}]


def test_a_pickup_with_money_back_is_the_return() -> None:
    orders = _demo_orders("c8")
    got = FP.remedy("pick it up and refund me", _ctx("troubleshooting", orders, "SO202611220503"))
    assert got is not None and got[0] == "return_request"


def test_a_pickup_elsewhere_is_no_remedy() -> None:
    orders = _demo_orders("c8")
    assert FP.remedy("book the pickup", _ctx("order_status", orders, "SO202611220503")) is None
    assert FP.remedy("book the pickup", _ctx("troubleshooting", orders, "SO202611262325")) is None   # not delivered
    assert FP.remedy("thanks, bye", _ctx("troubleshooting", orders, "SO202611220503")) is None


# ---- money taken twice at any waiting question; "for it" is the order just answered -------------

@pytest.mark.parametrize("step", ["confirm", "choose_order", "ask_address", "ask_payment"])
@pytest.mark.parametrize("text", ["等等，这单好像重复扣款了", "wait, I was actually charged twice for it", "我被扣了两次钱"])
def test_a_double_charge_leaves_any_waiting_question(step: str, text: str) -> None:
    assert SF.new_topic(step, text, {}) == ("payment_issue", f"a payment problem named while {step} waits")


@pytest.mark.parametrize("text", ["要补差价吗？", "is there a price difference?", "支付失败了怎么办", "the payment failed"])
def test_money_the_question_itself_may_be_about_stays(text: str) -> None:
    assert SF.new_topic("confirm", text, {}) is None


def test_for_it_is_the_order_just_answered() -> None:
    from bot.dialogue.it_order import referred
    orders = _demo_orders("c1")
    assert referred("also my card was charged twice for it", "SO202611270605", orders) == "SO202611270605"
    assert referred("这单被扣了两次钱", "SO202611270605", orders) == "SO202611270605"
    assert referred("my card was charged twice", "SO202611270605", orders) is None
    assert referred("charged twice for it", "SO-NOT-MINE", orders) is None
    assert referred("charged twice for it", None, orders) is None


def test_a_case_naming_no_order_counts_only_when_the_fault_is_told_again() -> None:
    from bot.dialogue.open_fault_case import AGAIN
    assert AGAIN.search("吹风机还是有焦味") and AGAIN.search("it's still broken") and AGAIN.search("又坏了")
    assert not AGAIN.search("收到的智能手表屏幕不亮") and not AGAIN.search("the screen is cracked")
