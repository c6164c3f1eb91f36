"""Wrong store changes found by playtest5, step by step on the real built-in shop: a partial
removal is an item change (not a cancel); a new slot value at a confirmation corrects the
proposal; a change naming a variant and a quantity applies both."""
from __future__ import annotations

from bot.dialogue import matching as M
from bot.dialogue.classic import ClassicSource, flow_for, partial_removal
from bot.dialogue.commands import Command, UnderstandingContext, set_slot
from bot.dialogue.engine import _brief
from bot.dialogue.flows import changes
from bot.dialogue.state import Frame
from tests.dialogue.conftest import Env, items_slot

YES = Command("confirm")


def _ctx(text: str, orders: list[dict], flow: str | None = None, step: str | None = None,
         slots: dict | None = None) -> UnderstandingContext:
    return UnderstandingContext(text=text, language="en", history=(), flow=flow, step=step, slots=slots or {},
                                orders=tuple(_brief(o) for o in orders), catalogue=(), last_flow=None)


# ---------------------------------------------------------------- 1. partial removal is not a cancel
async def test_cancel_naming_one_line_kept_is_routed_to_an_item_change(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5008", "x")
    orders = [_brief(o) for o in fc.orders]
    for text in ("W8254811 里的黑色那件不要了，navy的留着", "cancel the black jacket, keep the navy one"):
        refs = M.match_items(text, orders, fc.catalogue)
        assert partial_removal(text, orders, refs), text
        assert flow_for("cancel_order", text, orders, refs)[0] == "modify_order", text


async def test_cancel_of_the_whole_order_stays_a_cancel(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5008", "x")
    orders = [_brief(o) for o in fc.orders]
    for text in ("cancel order W8254811", "cancel both jackets", "cancel the jacket order"):
        refs = M.match_items(text, orders, fc.catalogue)
        assert flow_for("cancel_order", text, orders, refs)[0] == "cancel_order", text


async def test_classic_marks_the_change_as_a_removal(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5008", "x")
    text = "drop the black jacket from W8254811, keep the navy"
    u = ClassicSource().from_nlu(_ctx(text, fc.orders), "cancel_order", 0.97, {}, fc.catalogue)
    assert list(u.flows()) == ["modify_order"]
    slots = u.first("set_slot").args
    assert slots["remove"] is True and slots["order_id"] == "#W8254811"


async def test_removal_proposes_dropping_only_the_line_then_writes_qty_zero(en_shop: Env) -> None:
    text = "W8254811 里的黑色那件不要了，navy的留着"
    fc = await en_shop.ctx("telegram:5008", text, lang="zh")
    fc.understood = fc.understood.__class__((items_slot(text, fc), set_slot(order_id="#W8254811", remove=True)),
                                            0.9, "test")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm"
    assert frame.slots["swaps"] == [{"sku": "RJ-L-BLK", "qty": 0, "new_sku": "RJ-L-BLK"}]
    assert "159.00" in out.answer and "navy" in out.answer
    assert not en_shop.actions("change_items") and not en_shop.actions("cancel_order")
    out = await changes.modify_order(await en_shop.ctx("telegram:5008", "对", YES, lang="zh"), frame)
    assert out.step == "done"
    made = en_shop.actions("change_items")[-1]
    assert made["ok"] and made["args"]["swaps"] == [{"sku": "RJ-L-BLK", "qty": 0, "new_sku": "RJ-L-BLK"}]
    order = (await en_shop.tools.get_order(await en_shop.customer("telegram:5008"), "#W8254811")).data
    assert order["status"] == "paid" and [i["sku"] for i in order["items"]] == ["RJ-M-NVY"]


async def test_removing_some_units_lowers_the_quantity(en_shop: Env) -> None:
    text = "remove one of the two SSDs"
    fc = await en_shop.ctx("whatsapp:14155550199", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc), set_slot(remove=True)), 0.9, "test")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and frame.slots["swaps"] == [{"sku": "SSD-1T-UC", "qty": 1, "new_sku": "SSD-1T-UC"}]


async def test_removing_every_line_is_not_done_as_a_change(en_shop: Env) -> None:
    text = "remove the thermostat"
    fc = await en_shop.ctx("telegram:5005", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc), set_slot(remove=True)), 0.9, "test")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step != "confirm" and "cancel" in out.answer and not en_shop.actions("change_items")
