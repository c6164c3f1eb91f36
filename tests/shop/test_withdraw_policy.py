"""policy.can_withdraw (pure) and ShopTools.withdraw_request (trace, refusals) — withdraw14."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.trace import Trace
from bot.shop import codes
from bot.shop import policy as rules
from bot.shop.models import ExchangeItem, ExchangeRecord, ItemQty, RefundRecord, ReturnRecord
from bot.shop.tools import ShopTools
from tests.shop.contract import ALICE, BOB, ContractEnv


def _ret(status: str) -> ReturnRecord:
    return ReturnRecord("RT-1", "#C1004", status, "x", "2026-11-27T10:00:00+00:00", (ItemQty("SH-M-WH", 1),),
                        Decimal("20"), "pm_a_card")


def _refund(status: str) -> RefundRecord:
    return RefundRecord("RF-1", "#C1004", Decimal("20"), status, "2026-11-27T10:00:00+00:00", "USD", "return", "RT-1")


@pytest.mark.parametrize("status,refunds,code", [
    ("requested", [], codes.OK), ("approved", [_refund("pending")], codes.OK), ("label_sent", [], codes.OK),
    ("cancelled", [], codes.ALREADY_WITHDRAWN), ("rejected", [], codes.REQUEST_CLOSED),
    ("closed", [], codes.REQUEST_CLOSED), ("completed", [], codes.ALREADY_REFUNDED),
    ("received", [], codes.ALREADY_RECEIVED), ("refunded", [], codes.ALREADY_REFUNDED),
    ("approved", [_refund("processing")], codes.ALREADY_REFUNDED), ("requested", [_refund("refunded")], codes.ALREADY_REFUNDED),
])
def test_only_a_request_nothing_happened_to_can_be_withdrawn(status: str, refunds: list, code: str) -> None:
    d = rules.can_withdraw(_ret(status), refunds)
    assert (d.ok, d.code) == (code == codes.OK, code)
    assert d.params["return_id"] == "RT-1" and d.params["order_id"] == "#C1004" and d.params["status"] == status


def test_an_exchange_whose_replacement_left_is_not_withdrawn() -> None:
    ex = ExchangeRecord("EX-1", "#C1004", "requested", None, "2026-11-27T10:00:00+00:00",
                        (ExchangeItem("SP-GH", 1, "SP-AX"),), "Alexa")
    assert rules.can_withdraw(ex).ok and rules.can_withdraw(ex).params["exchange_id"] == "EX-1"
    assert rules.can_withdraw(ex, shipped=True).code == codes.ALREADY_SHIPPED
    done = ExchangeRecord("EX-2", "#C1004", "completed", None, "2026-11-27T10:00:00+00:00", (), "Alexa")
    assert rules.can_withdraw(done).code == codes.ALREADY_SHIPPED


async def test_the_tool_records_ids_only_and_refuses_a_stranger(env: ContractEnv) -> None:
    trace = Trace()
    tools = ShopTools(env.shop, await env.shop.policies(), env.now, trace)
    alice = await env.shop.customer_for_identity(ALICE)
    bob = await env.shop.customer_for_identity(BOB)
    made = await tools.create_return(alice, "#C1004", "changed_mind", items=[("SH-M-WH", 1)])
    rid = made.data["return_id"]
    theirs = await tools.withdraw_request(bob, "return", rid)
    assert (theirs.ok, theirs.code, theirs.data) == (False, codes.NOT_FOUND, {"return_id": rid})
    nobody = await tools.withdraw_request(None, "return", rid)
    assert (nobody.ok, nobody.code) == (False, codes.NOT_FOUND)
    out = await tools.withdraw_request(alice, "return", rid)
    assert out.ok and out.data["status"] == "cancelled" and out.data["previous_status"] == "requested"
    assert out.data["items"] == [{"sku": "SH-M-WH", "qty": 1}] and out.data["refund"]["status"] == "cancelled"
    names = [a["name"] for a in trace.actions]
    assert names.count("cancel_return") == 3
    last = trace.actions[-1]
    assert last["args"] == {"return_id": rid} and last["ok"]
    assert "Alice" not in str(last) and "Mission" not in str(last) and "alice@" not in str(last)
