"""order14b (#13), step by step: the order a "still not here" report is about is one on its way,
never a delivered order the customer did not call delivered."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.dialogue.flows.delivery import _prefer
from bot.lang.cantonese import to_mandarin
from bot.lang.script import to_simplified

ORDERS = [{"id": "D-1", "status": "delivered", "delivered_at": "2026-11-22T15:00:00+08:00", "items": []},
          {"id": "S-1", "status": "shipped", "shipped_at": "2026-11-12T09:00:00+08:00", "items": []},
          {"id": "P-1", "status": "paid", "items": []}]


def pref(text: str, orders: list[dict[str, Any]] = ORDERS, given: dict[str, Any] | None = None) -> list[str]:
    fc = SimpleNamespace(turn=SimpleNamespace(text=to_mandarin(to_simplified(text))), orders=orders, facts={},
                         slots_given=lambda: given or {}, orders_pref=None, now=None)
    _prefer(fc)
    return [o["id"] for o in fc.orders_pref]


@pytest.mark.parametrize("text", ["我啲貨到而家都未收到，已經兩個禮拜", "快递寄到新加坡两个星期了还没收到",
                                  "my parcel still hasn't been received", "I never received my order",
                                  "包裹到現在還沒收到"])
def test_still_not_here_is_the_parcel_on_its_way(text: str) -> None:
    assert pref(text) == ["S-1"]


@pytest.mark.parametrize("text", ["显示已签收但我没收到", "tracking says delivered but I never got it",
                                  "顯示已送達 但我冇收到"])
def test_marked_delivered_is_a_delivered_order(text: str) -> None:
    assert pref(text) == ["D-1"]


def test_not_received_with_nothing_on_its_way_is_the_delivered_one() -> None:
    # No parcel in transit: "not received" can only be about the one the shop shows delivered.
    assert pref("我没收到货", [o for o in ORDERS if o["status"] != "shipped"]) == ["D-1"]


def test_an_order_named_keeps_both_kinds_in_the_pool() -> None:
    assert pref("我没收到货", given={"items": [{"order_id": "D-1"}]}) == ["D-1", "S-1"]
