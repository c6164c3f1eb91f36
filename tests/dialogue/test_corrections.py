"""Wrong store changes found by playtest5, step by step on the real built-in shop: a partial
removal is an item change (not a cancel); a new slot value at a confirmation corrects the
proposal; a change naming a variant and a quantity applies both."""
from __future__ import annotations

from bot.dialogue import matching as M
from bot.dialogue.classic import ClassicSource, flow_for, partial_removal
from bot.dialogue.commands import Command, UnderstandingContext, set_slot
from bot.dialogue.engine import _brief
from bot.dialogue.flows import changes, exchange
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
    assert "159.00" in out.answer and "藏青色" in out.answer     # the kept line in its Chinese name
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


# ---------------------------------------------------------------- 2. a new value at a confirmation corrects it
async def _at_confirm(env: Env, identity: str, flow: str, text: str, lang: str = "en",
                      run: object = None) -> tuple[Frame, object]:
    fc = await env.ctx(identity, text, lang=lang)
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    frame = Frame(flow)
    out = await run(fc, frame)  # type: ignore[operator]
    assert out.step == "confirm"
    return frame, out


async def test_classic_reads_new_option_values_at_a_confirmation_as_a_correction(demo: Env) -> None:
    fc = await demo.ctx("slack:U01ABC", "x", lang="zh")
    frame, _ = await _at_confirm(demo, "slack:U01ABC", "exchange_request", "跑鞋42码有点小，能换成43吗", "zh",
                                 exchange.run)
    ctx = _ctx("算了，还是换白色43的吧", fc.orders, "exchange_request", "confirm", frame.slots)
    u = ClassicSource().from_nlu(ctx, "modify_order", 0.44, {}, fc.catalogue)
    assert u.names() == ("correct_slot",)                  # not a "no", not a yes
    assert u.first("correct_slot").args["options"] == {"color": "white", "size": "43"}


async def test_classic_reads_a_payment_method_at_a_confirmation_as_a_correction(demo: Env) -> None:
    fc = await demo.ctx("slack:U03MJ5P2Q", "x")
    ctx = _ctx("and pay with my card instead of paypal", fc.orders, "modify_order", "confirm",
               {"order_id": "SO202611250912"})
    u = ClassicSource().from_nlu(ctx, "order_status", 0.55, {}, fc.catalogue)
    assert u.names() == ("correct_slot",) and u.first("correct_slot").args == {"payment": "card"}


async def test_plain_yes_and_no_are_still_answers(demo: Env) -> None:
    fc = await demo.ctx("slack:U03MJ5P2Q", "x")
    for text, name in (("yes", "confirm"), ("no", "deny"), ("确认", "confirm")):
        ctx = _ctx(text, fc.orders, "modify_order", "confirm", {"order_id": "SO202611250912"})
        assert ClassicSource().from_nlu(ctx, "other", 0.9, {}, fc.catalogue).names()[0] == name


async def test_exchange_correction_reproposes_then_creates_the_new_variant(demo: Env) -> None:
    frame, _ = await _at_confirm(demo, "slack:U01ABC", "exchange_request", "跑鞋42码有点小，能换成43吗", "zh",
                                 exchange.run)
    assert frame.slots["new_sku"] == "SHOE-RUN-43"
    text = "算了，还是换白色43的吧"
    fc = await demo.ctx("slack:U01ABC", text, Command("correct_slot", {"options": {"color": "white", "size": "43"}}),
                        lang="zh")
    out = await exchange.run(fc, frame)
    assert out.step == "confirm" and frame.slots["new_sku"] == "SHOE-RUN-43-WH"
    assert not demo.actions("create_exchange")              # asked again, nothing done
    out = await exchange.run(await demo.ctx("slack:U01ABC", "确认", YES, lang="zh"), frame)
    made = demo.actions("create_exchange")[-1]
    assert out.step == "done" and made["ok"] and made["args"]["new_sku"] == "SHOE-RUN-43-WH"


async def test_payment_correction_is_used_by_the_change(demo: Env) -> None:
    text = "can I switch my hair dryer to the rose gold one before it ships?"
    frame, _ = await _at_confirm(demo, "slack:U03MJ5P2Q", "modify_order", text, run=changes.modify_order)
    fc = await demo.ctx("slack:U03MJ5P2Q", "and pay with my card instead of paypal",
                        Command("correct_slot", {"payment": "card"}))
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and "card" in out.answer and not demo.actions("change_items")
    out = await changes.modify_order(await demo.ctx("slack:U03MJ5P2Q", "confirm", YES), frame)
    made = demo.actions("change_items")[-1]
    assert out.step == "done" and made["ok"]
    assert made["args"]["payment_method_id"] == "pm-c11-card"
    assert made["args"]["swaps"] == [{"sku": "HD-2000", "qty": 1, "new_sku": "HD-2000-RG"}]


# ---------------------------------------------------------------- 3. variant and quantity together
async def test_a_change_naming_a_variant_and_a_quantity_applies_both(demo: Env) -> None:
    text = "帆布包那单还没付款，能改成一个黑色的吗"
    frame, out = await _at_confirm(demo, "dingtalk:lina_0817", "modify_order", text, "zh", changes.modify_order)
    assert frame.slots["swaps"] == [{"sku": "BAG-TOTE", "qty": 1, "new_sku": "BAG-TOTE-BK"}]
    assert "49.00" in out.answer                          # two natural bags → one black: one bag's price back


async def test_a_variant_named_after_a_quantity_change_keeps_the_quantity(en_shop: Env) -> None:
    frame, _ = await _at_confirm(en_shop, "whatsapp:14155550199", "modify_order",
                                 "I only need one SSD not two, can you change order #W1722178", run=changes.modify_order)
    assert frame.slots["swaps"] == [{"sku": "SSD-1T-UC", "qty": 1, "new_sku": "SSD-1T-UC"}]
    fc = await en_shop.ctx("whatsapp:14155550199", "actually make it the 2TB one",
                           Command("correct_slot", {"options": {"capacity": "2TB"}}))
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and frame.slots["swaps"] == [{"sku": "SSD-1T-UC", "qty": 1, "new_sku": "SSD-2T-UC"}]
    # unpaid order: the new total (1 × $179.99), not a refund of the difference
    assert "new total $179.99" in out.answer and "back via" not in out.answer
    await changes.modify_order(await en_shop.ctx("whatsapp:14155550199", "confirm", YES), frame)
    made = en_shop.actions("change_items")[-1]
    assert made["ok"] and made["args"]["swaps"] == [{"sku": "SSD-1T-UC", "qty": 1, "new_sku": "SSD-2T-UC"}]


def test_an_order_number_without_its_prefix_is_the_known_order() -> None:
    from bot.dialogue.classic import _known_id
    assert _known_id("1722178", ["#W1722178", "#W8804658"]) == "#W1722178"
    assert _known_id("999", ["#W1722178"]) == "999"


async def test_one_variant_instead_of_two_of_another_in_one_message(en_shop: Env) -> None:
    assert M.quantity_for("one 2TB SSD instead of two 1TB") == 1
    frame, out = await _at_confirm(en_shop, "whatsapp:14155550199", "modify_order",
                                   "on #W1722178 I want one 2TB SSD instead of two 1TB", run=changes.modify_order)
    assert frame.slots["swaps"] == [{"sku": "SSD-1T-UC", "qty": 1, "new_sku": "SSD-2T-UC"}]


# ---------------------------------------------------------------- 4. follow-ups keep the thread
async def test_a_follow_up_on_an_open_delivery_case_refers_to_it(demo: Env) -> None:
    from bot.dialogue.flows import delivery
    text = "物流显示杯子签收了，可我根本没收到"
    fc = await demo.ctx("dingtalk:chenjing88", text, lang="zh")
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    out = await delivery.run(fc, Frame("delivery_issue"))
    assert out.step == "done" and len(demo.actions("create_ticket")) == 1
    ticket = out.facts["ticket"]
    out = await delivery.run(await demo.ctx("dingtalk:chenjing88", "那怎么办，要等多久", lang="zh"),
                             Frame("delivery_issue"))
    assert out.step == "already_open" and out.facts["order"]["id"] == "SO202611231738"
    assert ticket in out.answer and "3" in out.answer
    assert len(demo.actions("create_ticket")) == 1          # no second ticket on another order


async def test_an_item_named_like_a_payment_method_is_the_item(en_shop: Env) -> None:
    fc = await en_shop.ctx("whatsapp:13055550123", "x")
    text = "return the gift card from my SSD order"
    u = ClassicSource().from_nlu(_ctx(text, fc.orders), "modify_order", 0.67, {}, fc.catalogue)
    assert list(u.flows()) == ["return_request"]
    text = "can I pay with gift card instead of paypal"
    u = ClassicSource().from_nlu(_ctx(text, fc.orders), "modify_order", 0.9, {}, fc.catalogue)
    assert list(u.flows()) == ["change_payment"]


async def test_after_a_refused_return_then_the_other_item_is_a_return_of_it(en_shop: Env) -> None:
    fc = await en_shop.ctx("whatsapp:13055550123", "x")
    ctx = _ctx("fine, then the SSD", fc.orders)
    ctx = UnderstandingContext(**{**ctx.__dict__, "last_flow": "return_request"})
    u = ClassicSource().from_nlu(ctx, "other", 0.52, {}, fc.catalogue)
    assert list(u.flows()) == ["return_request"]
    assert [i["sku"] for i in u.first("set_slot").args["items"]] == ["SSD-1T-UC"]


async def test_a_swap_with_a_not_in_it_is_not_a_removal(demo: Env) -> None:
    fc = await demo.ctx("dingtalk:lina_0817", "x")
    text = "帆布包那单能改成黑色的吗，不要原色的"
    u = ClassicSource().from_nlu(_ctx(text, fc.orders), "modify_order", 0.9, {}, fc.catalogue)
    assert list(u.flows()) == ["modify_order"] and "remove" not in u.first("set_slot").args


async def test_a_no_naming_the_proposed_value_is_still_a_no(demo: Env) -> None:
    fc = await demo.ctx("slack:U01ABC", "x", lang="zh")
    frame, _ = await _at_confirm(demo, "slack:U01ABC", "exchange_request", "跑鞋42码有点小，能换成43吗", "zh",
                                 exchange.run)
    for text, name in (("no, I don't want size 43 anymore", "deny"), ("不用了，改成白色的", "correct_slot")):
        ctx = _ctx(text, fc.orders, "exchange_request", "confirm", frame.slots)
        assert ClassicSource().from_nlu(ctx, "other", 0.6, {}, fc.catalogue).names()[0] == name, text
