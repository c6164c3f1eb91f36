"""Cancel and address-change flows, step by step, on the real built-in shop (both demo shops)."""
from __future__ import annotations

from bot.dialogue.commands import Command, set_slot
from bot.dialogue.flows import address, cancel
from bot.dialogue.state import Frame
from tests.dialogue.conftest import Env, items_slot

YES, NO = Command("confirm"), Command("deny")


def _status(env_orders: list[dict], oid: str) -> str:
    return next(o["status"] for o in env_orders if o["id"] == oid)


# ---------------------------------------------------------------- cancel
async def test_cancel_the_only_unshipped_order_asks_first_then_cancels(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:ava", "cancel my order please")
    frame = Frame("cancel_order")
    out = await cancel.run(fc, frame)
    assert out.step == "confirm" and frame.slots["order_id"] == "#W7096158"
    assert "#W7096158" in out.answer and not en_shop.actions("cancel_order")     # nothing before the yes
    fc = await en_shop.ctx("web:ava", "yes", YES)
    out = await cancel.run(fc, frame)
    assert out.step == "done" and en_shop.actions("cancel_order")[-1]["ok"]
    assert _status(fc.orders, "#W7096158") == "cancelled" or \
        (await en_shop.tools.get_order(fc.customer, "#W7096158")).data["status"] == "cancelled"


async def test_cancel_zh_deny_changes_nothing(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "帮我取消订单", set_slot(order_id="SO202611270605"), lang="zh")
    frame = Frame("cancel_order")
    out = await cancel.run(fc, frame)
    assert out.step == "confirm" and "SO202611270605" in out.answer
    fc = await demo.ctx("telegram:1001", "算了不取消了", NO, lang="zh")
    out = await cancel.run(fc, frame)
    assert out.step == "aborted" and not demo.actions("cancel_order")
    assert (await demo.tools.get_order(fc.customer, "SO202611270605")).data["status"] == "paid"


async def test_cancel_of_a_shipped_order_is_refused_with_the_rule(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "取消这个订单", set_slot(order_id="SO202611261030"), lang="zh")
    frame = Frame("cancel_order")
    out = await cancel.run(fc, frame)
    assert out.step == "refused" and out.facts["decision"]["code"] == "already_shipped"
    assert "发货" in out.answer and not demo.actions("cancel_order")


async def test_cancel_of_a_cancelled_order_says_where_the_refund_is(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "取消订单", set_slot(order_id="SO202610290920"), lang="zh")
    out = await cancel.run(fc, Frame("cancel_order"))
    assert out.step == "refused" and out.facts["decision"]["code"] == "already_cancelled"
    assert [r["id"] for r in out.facts["refunds"]] == ["RF20261029-0001"] and "118" in out.answer


async def test_cancel_with_two_candidates_asks_which_then_takes_the_item_named(demo: Env) -> None:
    fc = await demo.ctx("web:demo", "cancel my order")
    frame = Frame("cancel_order")
    out = await cancel.run(fc, frame)
    assert out.step == "choose_order"
    assert set(frame.slots["candidates"]) == {"SO202611262325", "SO202611271000"}
    fc = await demo.ctx("web:demo", "the rice cooker one")
    fc.understood = fc.understood.__class__((items_slot("the rice cooker one", fc),), 0.9, "test")
    out = await cancel.run(fc, frame)
    assert out.step == "confirm" and frame.slots["order_id"] == "SO202611271000"


async def test_cancel_change_of_mind_at_the_confirmation_takes_the_other_order(demo: Env) -> None:
    fc = await demo.ctx("web:demo", "cancel the tote bag order")
    fc.understood = fc.understood.__class__((items_slot("cancel the tote bag order", fc),), 0.9, "test")
    frame = Frame("cancel_order")
    out = await cancel.run(fc, frame)
    assert out.step == "confirm" and frame.slots["order_id"] == "SO202611262325"
    text = "no wait, the rice cooker one instead"
    fc = await demo.ctx("web:demo", text, NO)
    fc.understood = fc.understood.__class__((NO, items_slot(text, fc)), 0.9, "test")
    out = await cancel.run(fc, frame)
    assert out.step == "confirm" and frame.slots["order_id"] == "SO202611271000"
    fc = await demo.ctx("web:demo", "yes", YES)
    out = await cancel.run(fc, frame)
    assert out.step == "done"
    assert (await demo.tools.get_order(fc.customer, "SO202611271000")).data["status"] == "cancelled"
    assert (await demo.tools.get_order(fc.customer, "SO202611262325")).data["status"] == "paid"


# ---------------------------------------------------------------- address change
async def test_address_change_asks_for_the_address_then_confirms_then_changes(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:liam", "I need to change the delivery address")
    frame = Frame("change_address")
    out = await address.run(fc, frame)
    assert out.step == "ask_address" and frame.slots["order_id"] == "#W6455030"
    fc = await en_shop.ctx("web:liam", "12 Harbour Road, Leeds", set_slot(address="12 Harbour Road, Leeds"))
    out = await address.run(fc, frame)
    assert out.step == "confirm" and "12 Harbour Road" in out.answer
    assert not en_shop.actions("change_address")
    fc = await en_shop.ctx("web:liam", "yes", YES)
    out = await address.run(fc, frame)
    assert out.step == "done" and en_shop.actions("change_address")[-1]["ok"]
    assert en_shop.actions("change_address")[-1]["args"]["order_id"] == "#W6455030"
    assert "12 Harbour Road" in out.answer


async def test_address_given_at_once_zh_goes_straight_to_confirm_and_no_aborts(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "改地址到 上海市浦东新区世纪大道100号",
                        set_slot(order_id="SO202611270605", address="上海市浦东新区世纪大道100号"), lang="zh")
    frame = Frame("change_address")
    out = await address.run(fc, frame)
    assert out.step == "confirm" and "世纪大道100号" in out.answer
    fc = await demo.ctx("telegram:1001", "不用了", NO, lang="zh")
    out = await address.run(fc, frame)
    assert out.step == "aborted" and not demo.actions("change_address")


async def test_address_of_a_shipped_order_is_refused_before_asking_for_the_address(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:ava", "change the address", set_slot(order_id="#W8615334"))
    frame = Frame("change_address")
    out = await address.run(fc, frame)
    assert out.step == "refused" and out.facts["decision"]["code"] == "already_shipped"
    assert not en_shop.actions("change_address")


# ---------------------------------------------------------------- refund status
async def test_refund_status_lists_the_customers_refunds_zh(demo: Env) -> None:
    from bot.dialogue.flows import refunds
    fc = await demo.ctx("whatsapp:8615811112222", "我的退款到哪了", lang="zh")
    frame = Frame("refund_status")
    out = await refunds.run(fc, frame)
    assert out.step == "done" and [r["order_id"] for r in out.facts["refunds"]] == ["SO202611220915"]
    assert "1299" in out.answer and fc.state.frame is None


async def test_refund_status_for_a_named_order_en(en_shop: Env) -> None:
    from bot.dialogue.flows import refunds
    fc = await en_shop.ctx("slack:U07ETHAN", "where is my refund for #W7067051", set_slot(order_id="#W7067051"))
    out = await refunds.run(fc, Frame("refund_status"))
    assert out.step == "done" and [r["id"] for r in out.facts["refunds"]] == ["RFD-5011"]
    assert "119" in out.answer


async def test_refund_status_of_someone_elses_order_is_not_found(en_shop: Env) -> None:
    from bot.dialogue.flows import refunds
    fc = await en_shop.ctx("web:ava", "refund for #W7067051?", set_slot(order_id="#W7067051"))
    out = await refunds.run(fc, Frame("refund_status"))
    assert out.step == "not_found" and "119" not in out.answer


# ---------------------------------------------------------------- invoice
async def test_invoice_with_title_and_tax_id_keeps_the_whole_title_zh(demo: Env) -> None:
    from bot.dialogue.flows import invoice
    text = "SO202611230529 开发票 抬头 上海云帆科技有限公司 税号 91310115MA1K4ABC12"
    fc = await demo.ctx("telegram:1001", text, set_slot(order_id="SO202611230529"), lang="zh")
    frame = Frame("invoice")
    read = await invoice.run(fc, frame)
    assert read.step == "confirm" and "抬头：上海云帆科技有限公司；税号：91310115MA1K4ABC12" in read.answer
    assert not await demo.store.invoices_for_order("SO202611230529")      # nothing before the yes
    out = await invoice.run(await demo.ctx("telegram:1001", "确认", Command("confirm"), lang="zh"), frame)
    assert out.step == "invoice"
    made = demo.actions("request_invoice")[-1]
    assert made["ok"]
    stored = await demo.store.invoices_for_order("SO202611230529")
    assert [i.title for i in stored] == ["上海云帆科技有限公司 / 91310115MA1K4ABC12"]


async def test_invoice_for_a_cancelled_order_is_not_offered_en(en_shop: Env) -> None:
    from bot.dialogue.flows import invoice
    fc = await en_shop.ctx("slack:U07NOAH", "I need an invoice")
    frame = Frame("invoice")
    out = await invoice.run(fc, frame)
    # Noah's orders: delivered, pending, cancelled: only the delivered one qualifies.
    assert out.step == "invoice" and out.facts["order"]["id"] == "#W4395826"


# ---------------------------------------------------------------- hand-off
async def test_handoff_opens_one_ticket_with_the_transcript_then_refers_to_it(demo: Env) -> None:
    from bot.dialogue.flows import handoff
    fc = await demo.ctx("telegram:1001", "转人工", lang="zh")
    state: dict = {"history": [("user", "耳机坏了"), ("bot", "抱歉")]}
    out = await handoff.open_ticket(demo.tools, fc.turn, state, fc.customer, "zh", "customer asked for a person")
    assert out.handoff and out.step == "handoff" and state["ticket"]
    made = demo.actions("create_ticket")
    assert len(made) == 1 and made[0]["ok"]
    again = await handoff.open_ticket(demo.tools, fc.turn, state, fc.customer, "zh", "customer asked for a person")
    assert again.handoff and state["ticket"] in again.answer and len(demo.actions("create_ticket")) == 1


async def test_handoff_en_for_a_stranger_still_reaches_a_person(en_shop: Env) -> None:
    from bot.dialogue.flows import handoff
    fc = await en_shop.ctx("web:ava", "let me talk to a human")
    state: dict = {}
    out = await handoff.open_ticket(en_shop.tools, fc.turn, state, None, "en", "customer asked for a person")
    assert out.handoff and state["ticket"] and state["ticket"] in out.answer


# ---------------------------------------------------------------- chit-chat
def test_chitchat_kinds_answer_in_both_languages_without_knowledge() -> None:
    from bot.dialogue.flows import chitchat
    from bot.lang import replies as R
    for lang in ("zh", "en"):
        for kind in chitchat.KINDS:
            out = chitchat.reply(kind, lang, "other")
            assert out.step == kind and out.answer and not out.knowledge_query and not out.handoff
        assert chitchat.reply("thanks_bye", lang, "thanks_bye").answer == R.thanks_bye(lang)
    assert chitchat.reply("greeting", "zh", "greeting").answer != chitchat.reply("greeting", "en", "greeting").answer
