"""routezh14 (#13), step by step: a Chinese follow-up that names a new topic leaves the flow waiting
(money owed not back at any question; a fault or damage at a value question or a change's yes), the
flow chosen is the one whose cue is in the message, and the shared cues the copies were folded into."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.dialogue import arrival_fault, stale_flow, which_orders, withdraw
from bot.dialogue.classic import flow_for
from bot.dialogue.flows import side_question
from bot.dialogue.flows.delivery import _prefer
from bot.lang import cues as C
from bot.lang.cantonese import to_mandarin
from bot.lang.script import to_simplified

ORDERS = [{"id": "A-1", "status": "delivered", "items": [{"sku": "LK", "name": "U-lock"}]},
          {"id": "A-2", "status": "shipped", "items": [{"sku": "LK", "name": "U-lock"}]},
          {"id": "A-3", "status": "cancelled", "items": [{"sku": "SC", "name": "scooter"}]},
          {"id": "A-4", "status": "paid", "items": [{"sku": "HM", "name": "helmet"}]}]


def working(text: str) -> str:
    """What the dialogue reads of a customer's message (simplified; written Cantonese as Mandarin)."""
    return to_mandarin(to_simplified(text))


@pytest.mark.parametrize("text", ["之前取消的那單 錢到現在還沒退", "另外我之前取消的手錶 退款到現在都沒收到",
                                  "沙發那單取消好久了 退款還沒到", "之前取消咗嘅滑板車 錢仲未退返俾我", "钱还没到账",
                                  "my refund still hasn't arrived", "the money is still not back"])
def test_money_owed_not_back(text: str) -> None:
    assert stale_flow.owed(working(text))


@pytest.mark.parametrize("text", ["退款要幾天", "這單錢退了嗎", "退款什么时候到", "直接给我退款 包裹还没到",
                                  "I'd like a refund", "扣了兩次款"])
def test_no_money_owed(text: str) -> None:
    assert not stale_flow.owed(working(text))


def test_money_owed_leaves_any_waiting_question_but_a_money_flow() -> None:
    text = working("之前取消的那單 錢到現在還沒退")
    for step, flow in (("confirm", "modify_order"), ("ask_change", "modify_order"), ("choose_order", "exchange_request"),
                       ("ask_address", "change_address")):
        assert stale_flow.new_topic(step, text, {}, flow)[0] == "refund_status", (step, flow)
    assert stale_flow.new_topic("confirm", text, {}, "refund_status") is None
    assert stale_flow.new_topic("choose_order", text, {}, "payment_issue") is None


def test_double_charge_leaves_any_waiting_question() -> None:
    for text in ("等等 我發現信用卡被扣了兩次款", "頭盔那單 我被重複扣款了", "扣咗我兩次錢"):
        assert stale_flow.new_topic("ask_change", working(text), {}, "modify_order")[0] == "payment_issue", text


def test_a_fault_leaves_a_value_question_and_a_change_confirmation() -> None:
    damage = working("另外電動車送到時車頭燈已經碎了")
    assert stale_flow.new_topic("ask_change", damage, {}, "modify_order")[0] == "delivery_issue"
    assert stale_flow.new_topic("ask_address", damage, {}, "change_address")[0] == "delivery_issue"
    assert stale_flow.new_topic("confirm", damage, {}, "modify_order")[0] == "delivery_issue"
    fault = working("還有 上次收到的吊燈燈罩裂了")
    assert stale_flow.new_topic("ask_wanted", fault, {}, "exchange_request")[0] == "troubleshooting"
    # a fault is the reason of a return's yes, and may be the pick among orders: the question stays
    assert stale_flow.new_topic("confirm", damage, {}, "return_request") is None
    assert stale_flow.new_topic("choose_order", damage, {}, "modify_order") is None
    # a product named by a symptom-like word at a change's yes is no fault ("无线充电盒")
    assert stale_flow.new_topic("confirm", "再加一个无线充电盒的可以吗", {}, "modify_order") is None
    # an address given answers the address question
    assert stale_flow.new_topic("ask_address", damage + " <ADDRESS_1>", {}, "change_address") is None


def test_where_the_invoice_went_leaves_a_value_question_not_the_invoice_flow() -> None:
    text = working("發票寄咗去邊度")
    assert stale_flow.new_topic("ask_change", text, {}, "modify_order")[0] == "invoice"
    assert stale_flow.new_topic("ask_address", text, {}, "invoice") is None


def test_money_owed_is_the_refund_not_a_cancel_or_a_return() -> None:
    text = working("之前取消咗嘅滑板車 錢仲未退返俾我")
    for intent in ("cancel_order", "other", "order_status", "return_request"):
        assert flow_for(intent, text, ORDERS, [])[0] == "refund_status", intent
    # a parcel that has not come and a refund asked for it: not this rule
    assert flow_for("cancel_order", working("包裹還沒到 直接給我退款"), ORDERS, [])[0] != "refund_status"


def test_refund_days_asked_without_a_question_mark_is_a_side_question() -> None:
    for text in ("退款要幾天", "退錢要幾多日", "退款要多長時間"):
        assert side_question.kind(working(text)) == "refund", text
    assert side_question.kind("好的") is None


def test_damage_on_arrival_picks_among_delivered_orders_first() -> None:
    fc = SimpleNamespace(turn=SimpleNamespace(text=working("之前收到嘅U型鎖到貨就是壞的")), orders=ORDERS,
                         facts={}, slots_given=lambda: {}, orders_pref=None)
    _prefer(fc)
    assert [o["id"] for o in fc.orders_pref] == ["A-1"]
    only_shipped = [o for o in ORDERS if o["status"] != "delivered"]
    fc = SimpleNamespace(turn=SimpleNamespace(text=working("到貨就是壞的")), orders=only_shipped, facts={},
                         slots_given=lambda: {}, orders_pref=None)
    _prefer(fc)
    assert [o["id"] for o in fc.orders_pref] == ["A-2"]


def test_arrival_damage_with_the_part_named_between() -> None:
    assert C.TRANSIT_DAMAGE.search(working("電動車送到時車頭燈已經碎了"))
    assert C.TRANSIT_DAMAGE.search("收到的时候屏幕就已经裂了")
    assert not C.TRANSIT_DAMAGE.search("收到货以后用了两周就坏了")       # a fault after use, not the carrier's
    assert not C.TRANSIT_DAMAGE.search("收到后第三天就坏了")


# ---- the shared cues the copies were folded into (behaviour kept) ---------------------------------

def test_same_item_carries_the_new_unit_words_of_arrival_fault() -> None:
    for text in ("帮我换个新的", "补发一个", "重新发一个给我", "要个新的", "send me a new one", "I want a replacement",
                 "replace it please"):
        assert C.SAME_ITEM.search(text) and arrival_fault.wants_new(text), text
    for text in ("恒温器想换个 不要黑色的", "swap it for the black one", "exchange it", "帮我换一下"):
        assert not C.SAME_ITEM.search(text), text                    # another version may be meant
    for text in ("给我换一个", "exchange it for the black one", "I want a new one"):
        assert arrival_fault.wants_new(text), text                    # still a new unit on the fault path
    assert not arrival_fault.wants_new("it arrived broken")


def test_parcel_handling_is_shared_and_keeps_item_fault_apart_from_carrier_damage() -> None:
    assert C.PARCEL_HANDLING.search("外箱压扁了") and C.PARCEL_HANDLING.search("the box came crushed")
    assert not C.PARCEL_HANDLING.search("刚收到就坏了")
    assert arrival_fault.item_fault("刚收到就坏了") and not arrival_fault.carrier_damage("刚收到就坏了")
    assert arrival_fault.carrier_damage("包裹压坏了 里面的灯也坏了")
    assert arrival_fault.item_fault("arrived broken, send me a new one")
    assert C.TRANSIT_DAMAGE.search("砸坏了") and C.TRANSIT_DAMAGE.search("the parcel was crushed")


def test_which_orders_reads_the_shared_not_received_and_not_shipped_cues() -> None:
    assert which_orders.asked_state("我哪一单还没到") == "to_come"
    assert which_orders.asked_state("哪单还没有收到") == "to_come"
    assert which_orders.asked_state("which order have I not yet received") == "to_come"
    assert which_orders.asked_state("which one is still on the way") == "to_come"
    assert which_orders.asked_state("哪单还没发货") == "to_send"
    assert which_orders.asked_state("which of my orders hasn't been dispatched") == "to_send"
    assert which_orders.asked_state("我的订单还没到") is None                 # no "which": not the pick
    assert C.NOT_SHIPPED.search("还没有发出") and C.NOT_RECEIVED.search("I have not yet received it")


def test_withdraw_reads_the_shared_change_of_mind() -> None:
    assert withdraw.withdraws("never mind, I'll keep it") == "return"
    assert withdraw.withdraws("算了 留着吧") == "return"
    assert withdraw.withdraws("on second thought I'll keep it") == "return"
    assert withdraw.withdraws("改主意了 自己留着") == "return"
    assert withdraw.withdraws("I'll keep it") is None                  # keeping alone is no changed mind
    assert C.CHANGE_MIND.search("on second thought") and not C.CHANGE_MIND.search("好的，换黑色")
