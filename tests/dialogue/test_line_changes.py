"""Per-step tests of the store-change mechanisms (issue #13): the per-line change set of one
order (plan_lines), its confirmation and write (modify_order), the shipped-order answer, a
question or a correction at a confirmation (classic), lines carried from a return to an
exchange (engine), negation and per-item counts (matching) — on a GBP outdoor-gear shop with
its own option dimensions, ids and payment types, in English and Chinese."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.trace import Trace
from bot.dialogue import matching as M
from bot.dialogue.classic import asks_back, flow_for
from bot.dialogue.commands import Command
from bot.dialogue.engine import _carry_lines
from bot.dialogue.flows import changes
from bot.dialogue.state import DialogueState, Frame
from bot.shop.store import Store
from bot.shop.tools import ShopTools
from tests.dialogue.conftest import NOW, Env, items_slot, shared_kb

SHOP = Path(__file__).with_name("data") / "outdoor_shop_gbp.json"
OLA = "web:ola"


@pytest.fixture
async def outdoor(tmp_path: Path) -> AsyncIterator[Env]:
    store = await Store.open(tmp_path / "outdoor.db")
    await store.import_fixture(json.loads(SHOP.read_text(encoding="utf-8")))
    trace = Trace()
    yield Env(store, ShopTools(store, await store.policies(), NOW, trace), trace, shared_kb())
    await store.close()


def _fixture_orders() -> list[dict[str, Any]]:
    return [o for o in json.loads(SHOP.read_text(encoding="utf-8"))["orders"] if o["customer_id"] == "cu-ola"]


async def _plan(env: Env, text: str, start: dict | None = None, focus: str | None = None,
                lang: str = "en") -> tuple[dict, set[str]]:
    fc = await env.ctx(OLA, text, lang=lang)
    order = fc.order("K30418")
    assert order is not None
    return await changes.plan_lines(fc, order, text, focus=focus, start=start)


# -- plan_lines: each piece of the message changes its own line --------------------------------------
async def test_an_option_change_and_a_removal_are_two_lines(outdoor: Env) -> None:
    plan, touched = await _plan(outdoor, "please change the tent to polyester and drop the stove")
    assert touched == {"TNT-2-NY", "STV-GAS"}
    assert (plan["TNT-2-NY"]["qty"], plan["TNT-2-NY"]["new_sku"]) == (1, "TNT-2-PE")
    assert (plan["STV-GAS"]["qty"], plan["STV-GAS"]["new_sku"]) == (0, "STV-GAS")


async def test_zh_an_option_change_and_a_removal_are_two_lines(outdoor: Env) -> None:
    plan, touched = await _plan(outdoor, "帐篷换成 polyester 的，露营炉不要了", lang="zh")
    assert touched == {"TNT-2-NY", "STV-GAS"}
    assert plan["TNT-2-NY"]["new_sku"] == "TNT-2-PE" and plan["STV-GAS"]["qty"] == 0


async def test_a_line_kept_as_is_is_not_touched(outdoor: Env) -> None:
    plan, touched = await _plan(outdoor, "keep the tent as is and add another sleeping bag")
    assert touched == {"SB-SU-R"} and plan["SB-SU-R"]["qty"] == 3 and "TNT-2-NY" not in plan


async def test_a_line_said_to_stay_is_left_out_even_when_named_again(outdoor: Env) -> None:
    plan, touched = await _plan(outdoor, "swap the sleeping bags to long, the tent stays")
    assert touched == {"SB-SU-R"} and plan["SB-SU-R"]["new_sku"] == "SB-SU-L"


async def test_a_piece_without_a_line_applies_to_the_line_before_it(outdoor: Env) -> None:
    plan, touched = await _plan(outdoor, "the sleeping bags, make them long, and remove the stove")
    assert plan["SB-SU-R"]["new_sku"] == "SB-SU-L" and plan["SB-SU-R"]["qty"] == 2
    assert plan["STV-GAS"]["qty"] == 0


async def test_a_further_line_adds_to_the_changes_already_planned(outdoor: Env) -> None:
    start = {"TNT-2-NY": {"qty": 1, "new_sku": "TNT-2-PE", "price": "99.00"}}
    plan, touched = await _plan(outdoor, "and only one sleeping bag please", start=start)
    assert touched == {"SB-SU-R"}
    assert plan["TNT-2-NY"]["new_sku"] == "TNT-2-PE" and plan["SB-SU-R"]["qty"] == 1


# -- modify_order: one confirmation listing every line, one write doing every one ---------------------
async def test_modify_order_confirms_and_writes_every_planned_line(outdoor: Env) -> None:
    text = "on K30418 change the tent to polyester and drop the stove"
    fc = await outdoor.ctx(OLA, text)
    fc.understood = type(fc.understood)((Command("set_slot", {"order_id": "K30418"}),), 0.9, "test")
    frame = outdoor.state.start("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm"
    assert "polyester" in out.answer and "remove Camping stove gas" in out.answer and "£65.00 back" in out.answer
    assert "keep Sleeping bag" in out.answer
    fc = await outdoor.ctx(OLA, "yes", Command("confirm"))
    done = await changes.modify_order(fc, frame)
    assert done.step == "done"
    [write] = outdoor.actions("change_items")
    assert write["args"]["swaps"] == [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"},
                                      {"sku": "STV-GAS", "qty": 0, "new_sku": "STV-GAS"}]


async def test_a_change_to_another_line_at_the_confirmation_joins_the_pending_one(outdoor: Env) -> None:
    fc = await outdoor.ctx(OLA, "change the tent on K30418 to polyester")
    fc.understood = type(fc.understood)((items_slot("the tent on K30418", fc),
                                         Command("set_slot", {"order_id": "K30418"})), 0.9, "test")
    frame = outdoor.state.start("modify_order")
    first = await changes.modify_order(fc, frame)
    assert first.step == "confirm" and frame.slots["swaps"] == [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}]
    fc = await outdoor.ctx(OLA, "and only one sleeping bag please", Command("correct_slot", {"qty": 1}))
    second = await changes.modify_order(fc, frame)
    assert second.step == "confirm" and "polyester" in second.answer and "2 → 1" in second.answer
    assert frame.slots["swaps"] == [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"},
                                    {"sku": "SB-SU-R", "qty": 1, "new_sku": "SB-SU-R"}]
    assert not outdoor.actions("change_items")


async def test_a_correction_of_the_one_line_proposed_stays_a_correction(outdoor: Env) -> None:
    fc = await outdoor.ctx(OLA, "change the tent on K30418 to polyester")
    fc.understood = type(fc.understood)((items_slot("the tent on K30418", fc),
                                         Command("set_slot", {"order_id": "K30418"})), 0.9, "test")
    frame = outdoor.state.start("modify_order")
    await changes.modify_order(fc, frame)
    fc = await outdoor.ctx(OLA, "actually make it 3-person nylon", Command("correct_slot", {"options": {}}))
    again = await changes.modify_order(fc, frame)
    assert again.step == "confirm" and frame.slots["swaps"] == [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-3-NY"}]
    assert "plan" not in frame.slots


@pytest.mark.parametrize(("order_id", "lang", "words"), [
    ("K30419", "en", ("already shipped", "return")), ("K30419", "zh", ("已经发货", "退回")),
    ("K30311", "en", ("already been delivered", "start a return")), ("K30311", "zh", ("已经签收", "退货"))])
async def test_a_line_change_after_shipping_says_so_and_points_to_a_return(outdoor: Env, order_id: str, lang: str,
                                                                           words: tuple[str, str]) -> None:
    fc = await outdoor.ctx(OLA, "remove the poles", Command("set_slot", {"order_id": order_id}), lang=lang)
    frame = outdoor.state.start("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "refused" and all(w in out.answer for w in words), out.answer
    assert "address" not in out.answer and "地址" not in out.answer
    assert not outdoor.actions("change_items")


# -- classic: a question is not a yes; routing by the order written, the payment named -----------------
@pytest.mark.parametrize("text", ["how much extra?", "要补多少钱？", "ok how much extra?", "does it come in blue?",
                                  "什么时候能到？"])
def test_a_question_at_a_prompt_is_not_a_yes(text: str) -> None:
    assert asks_back(text)


@pytest.mark.parametrize("text", ["yes", "确认", "是的", "sure, go ahead", "yes please. when will it arrive?", "好的"])
def test_a_yes_is_a_yes(text: str) -> None:
    assert not asks_back(text)


@pytest.mark.parametrize(("text", "flow"), [
    ("remove the stove from K30418", "modify_order"),
    ("K30418: keep the tent as is and add another sleeping bag", "modify_order"),
    ("can I pay K30418 by bank transfer instead", "change_payment"),
    ("K30418 改成货到付款", "change_payment"),
])
def test_line_and_payment_changes_are_routed_even_when_the_classifier_is_unsure(text: str, flow: str) -> None:
    orders = _fixture_orders()
    assert flow_for("other", text, orders)[0] == flow


def test_a_cancel_mentioning_how_it_was_paid_is_not_a_payment_change() -> None:
    assert flow_for("cancel_order", "I want to cancel K30418, I paid by card", _fixture_orders())[0] == "cancel_order"


# -- engine: switching a partial return to an exchange keeps the lines and the count ----------------
def test_switching_from_a_partial_return_to_an_exchange_carries_the_units() -> None:
    st = DialogueState()
    old = st.start("return_request", order_id="K30311")
    old.step = "confirm"
    old.slots["chosen"] = [{"sku": "SB-WI-R", "qty": 1, "ordered": 2}]
    new = st.start("exchange_request")
    assert old in st.paused
    _carry_lines(st, old, new, {})
    assert new.slots["items"] == [{"order_id": "K30311", "sku": "SB-WI-R", "excluded": False, "qty": 1}]
    assert new.slots["order_id"] == "K30311" and old not in st.paused


def test_lines_named_in_the_new_request_are_not_overwritten() -> None:
    st = DialogueState()
    old = Frame("return_request", "confirm", {"order_id": "K30311", "chosen": [{"sku": "SB-WI-R", "qty": 1}]})
    new = Frame("exchange_request")
    _carry_lines(st, old, new, {"items": [{"order_id": "K30311", "sku": "POL-130"}]})
    assert "items" not in new.slots


# -- matching: "stays" keeps, "a sleeping bag" is one unit --------------------------------------------
def test_an_item_that_stays_is_excluded() -> None:
    refs = M.match_items("return one of the two sleeping bags, the poles stay", [_fixture_orders()[2]])
    assert {(r.sku, r.excluded) for r in refs} == {("SB-WI-R", False), ("POL-130", True)}


def test_a_single_unit_written_with_an_article() -> None:
    text = "I'd like to exchange a sleeping bag"
    ref = next(r for r in M.match_items(text, [_fixture_orders()[2]]) if r.sku == "SB-WI-R")
    assert M.quantity_at(text, ref.start, ref.end, 2) == 1
    text = "I'd like to exchange the sleeping bags"
    ref = next(r for r in M.match_items(text, [_fixture_orders()[2]]) if r.sku == "SB-WI-R")
    assert M.quantity_at(text, ref.start, ref.end, 2) is None


# -- payment methods: named as the shop labels them, found by their own label or type -----------------
def _pm(pid: str, kind: str, label: str) -> Any:
    from types import SimpleNamespace
    return SimpleNamespace(id=pid, type=kind, label=label)


@pytest.mark.parametrize(("kind", "label", "en", "zh"), [
    ("card", "Visa •••• 2211", "Visa card", "银行卡（Visa）"),
    ("card", "Mastercard •••• 8812", "Mastercard", "银行卡（Mastercard）"),
    ("paypal", "PayPal mi***", "PayPal", "PayPal"),
    ("bank_transfer", "Barclays bank transfer", "bank transfer (Barclays)", "银行转账（Barclays）"),
    ("cash_on_delivery", "Cash on delivery", "cash on delivery", "货到付款")])
def test_a_method_is_named_by_its_label_never_its_digits(kind: str, label: str, en: str, zh: str) -> None:
    m = _pm("pm", kind, label)
    assert changes.method_name(m, "en") == en and changes.method_name(m, "zh") == zh
    assert not any(ch.isdigit() for ch in changes.method_name(m, "en"))


def test_a_method_found_by_its_own_label_word() -> None:
    methods = [_pm("a", "card", "Visa •••• 2211"), _pm("b", "bank_transfer", "Barclays bank transfer")]
    assert changes._own_method(methods, "use the barclays one please").id == "b"
    assert changes._own_method(methods, "use the other one") is None


async def test_payment_change_reads_back_the_method_named(outdoor: Env) -> None:
    fc = await outdoor.ctx(OLA, "can I pay K30418 by bank transfer instead", Command("set_slot", {"order_id": "K30418"}))
    frame = outdoor.state.start("change_payment")
    out = await changes.change_payment(fc, frame)
    assert out.step == "confirm" and "bank transfer (Barclays)" in out.answer
    assert frame.slots["pm_id"] == "pm-ola-bank"
    fc = await outdoor.ctx(OLA, "yes", Command("confirm"))
    done = await changes.change_payment(fc, frame)
    assert done.step == "done" and [a["args"]["payment_method_id"] for a in outdoor.actions("change_payment")] == \
        ["pm-ola-bank"]


@pytest.mark.parametrize("intent", ["cancel_order", "other"])
@pytest.mark.parametrize("text", ["please cancel K30418, I'll order again with another card", "取消K30418吧 我换张卡重新下单"])
def test_a_cancel_naming_another_card_is_never_a_payment_or_line_change(intent: str, text: str) -> None:
    assert flow_for(intent, text, _fixture_orders())[0] in (None, "cancel_order")
