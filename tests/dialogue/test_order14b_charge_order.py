"""order14b (#13), step by step: a double charge is about the order just paid or the one whose
amount is written (thousands separators included); written Cantonese time words reach the cues."""
from __future__ import annotations

import pytest

from bot.dialogue.context import described_orders
from bot.dialogue.flows.payment import JUST_PAID, just_paid
from bot.lang.cantonese import to_mandarin
from bot.lang.script import to_simplified

ORDERS = [{"id": "O-OLD", "status": "delivered", "placed_at": "2026-11-19T11:00:00+08:00", "total": "9300.00",
           "currency": "HKD", "items": []},
          {"id": "O-NEW", "status": "paid", "placed_at": "2026-11-26T20:00:00+08:00", "total": "1010.00",
           "currency": "HKD", "items": []},
          {"id": "O-CAN", "status": "cancelled", "placed_at": "2026-11-27T09:00:00+08:00", "total": "3280.00",
           "currency": "HKD", "items": []}]


def working(text: str) -> str:
    return to_mandarin(to_simplified(text))


@pytest.mark.parametrize("text", ["啱啱俾咗錢 但係扣咗兩次", "刚付款 被扣了两次钱", "剛剛付款被重複扣款", "頭先落咗單 扣咗兩次",
                                  "I just paid for my order but got charged twice", "just placed an order, charged 2x"])
def test_just_paid_cue(text: str) -> None:
    assert JUST_PAID.search(working(text))


@pytest.mark.parametrize("text", ["我被扣了两次款", "I was charged twice", "上个月扣了两次"])
def test_no_just_paid_cue(text: str) -> None:
    assert not JUST_PAID.search(working(text))


def test_just_paid_is_the_newest_live_order() -> None:
    assert just_paid(ORDERS) == "O-NEW"            # the cancelled one placed later is not it
    tie = [dict(o, placed_at="2026-11-26T20:00:00+08:00") for o in ORDERS[:2]]
    assert just_paid(tie) is None                  # truly open: the flow asks which
    assert just_paid([ORDERS[2]]) is None


def test_amount_with_thousands_separator_names_its_order() -> None:
    assert described_orders("charged twice hk$1,010 pls check", ORDERS, None) == ["O-NEW"]
    assert described_orders("the 9,300.00 one", ORDERS, None) == ["O-OLD"]
    assert described_orders("1010蚊嗰單扣咗兩次", ORDERS, None) == ["O-NEW"]


def test_cantonese_time_words() -> None:
    assert working("啱啱俾咗錢") == "刚刚给了钱"
    assert working("頭先落咗單") == "刚才下了单"
