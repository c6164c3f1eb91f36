"""A new unit of the same item for a faulty one, and the faulty unit's refund after a fault answer
(`bot.dialogue.same_unit`): the cues in Chinese and English, negation respected, and the routing
on a delivered order in focus."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.dialogue import same_unit as SU


@pytest.mark.parametrize("text", [
    "send me a new one", "replace just the broken unit", "can you swap the faulty one for a working one?",
    "还是坏的 给我换个新的", "只换坏的那个就行", "给我寄个新的吧",
])
def test_a_new_unit_of_the_same_item_is_asked(text: str) -> None:
    assert SU.asks(text)


@pytest.mark.parametrize("text", [
    "I don't want a replacement, refund it", "不想换新，直接退款吧", "no need for a new one, just refund me",
    "can I change the delivery address?", "where is my parcel",
])
def test_a_refusal_or_another_request_is_no_replacement(text: str) -> None:
    assert not SU.asks(text)


@pytest.mark.parametrize("text", [
    "can you send me a new one with the EU plug?", "a replacement unit in a different colour please",
    "坏了 给我换个新的 换成别的颜色", "给我寄个新的，换成大号的",
])
def test_a_new_one_of_another_version_is_no_same_version_replacement(text: str) -> None:
    # (the option asked for must not be lost to "a new unit of the same version")
    assert not SU.asks(text)
    assert SU.asks("send me a new one, the same as before")


@pytest.mark.parametrize("text", [
    "just replace the one that stopped working", "one of them is dead, replace it", "只换一个就行", "其中一个坏了 换个新的",
])
def test_one_unit_said_without_a_fault_word(text: str) -> None:
    assert SU.one_unit(text)
    assert not SU.one_unit("replace both of them")


def test_one_unit_named_by_its_fault() -> None:
    assert SU.one_unit("replace just the broken unit") and SU.one_unit("坏的那个给我换了")
    assert not SU.one_unit("send me new ones, both are dead")


@pytest.mark.parametrize("text", ["refund the faulty one and keep the other item", "return the broken one please",
                                  "坏的那个退了吧，另一个留着"])
def test_the_faulty_units_refund(text: str) -> None:
    assert SU.refunds_faulty(text)


def test_no_refund_when_ruled_out_or_not_about_the_faulty_unit() -> None:
    assert not SU.refunds_faulty("I don't want a refund for the broken one, just fix it")
    assert not SU.refunds_faulty("where is my refund?")


def test_fault_said_now_or_just_before() -> None:
    assert SU.fault_said("still broken after I tried the fix")
    assert SU.fault_said("send a new one", [("user", "the kettle doesn't heat"), ("assistant", "…")])
    assert SU.fault_said("给我换个新的", [("user", "水壶不加热了")])
    assert not SU.fault_said("send me a new one")


@dataclass
class _Ctx:
    orders: list[dict[str, Any]]
    flow: str | None = None
    step: str | None = None
    last_order_id: str | None = None
    last_skus: tuple[str, ...] = ()
    history: list[tuple[str, str]] = field(default_factory=list)


ORDERS = [{"id": "A-1", "status": "delivered", "items": [{"sku": "K1", "qty": 2}, {"sku": "B1", "qty": 1}]},
          {"id": "A-2", "status": "paid", "items": [{"sku": "K1", "qty": 1}]}]


def test_route_a_new_one_after_a_fault_is_the_exchange_not_a_parcel_case() -> None:
    ctx = _Ctx(ORDERS, last_order_id="A-1", last_skus=("K1",))
    flow, why = SU.route("delivery_issue", "intent delivery_issue", "tried the fix, still broken, send a new one",
                         ctx, {})
    assert flow == "exchange_request" and "same item" in why


def test_route_refund_of_the_faulty_one_takes_the_line_in_focus_one_unit() -> None:
    ctx = _Ctx(ORDERS, last_order_id="A-1", last_skus=("K1",))
    slots: dict[str, Any] = {}
    flow, _ = SU.route("refund_status", "intent refund_status", "refund the faulty one and keep the other item",
                       ctx, slots)
    assert flow == "return_request"
    assert slots["items"] == [{"order_id": "A-1", "sku": "K1", "excluded": False}] and slots["qty"] == 1


def test_route_leaves_a_waiting_confirmation_and_other_requests_alone() -> None:
    waiting = _Ctx(ORDERS, flow="return_request", step="confirm", last_order_id="A-1", last_skus=("K1",))
    assert SU.route("exchange_request", "w", "send a new one, it's broken", waiting, {})[0] == "exchange_request"
    assert SU.route("return_request", "w", "it's broken, send a new one", waiting, {})[0] == "return_request"
    idle = _Ctx(ORDERS, last_order_id="A-1", last_skus=("K1",))
    assert SU.route("cancel_order", "w", "cancel A-2", idle, {})[0] == "cancel_order"
    assert SU.route("order_status", "w", "where is my order", idle, {})[0] == "order_status"
