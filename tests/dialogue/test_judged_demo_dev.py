"""Fixes for the independent judge's demo-shop dev split (tests/playtest6/demo/dev/FAILURES.md),
one step at a time on the real built-in demo shop. Each test names the judged turn it comes from;
the rules they check are general (carrier/payment facts from facts.toml, the shop's own item
names), never the test sentence."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.dialogue import matching as M
from bot.dialogue import timing as TM
from bot.dialogue.classic import ClassicSource
from bot.dialogue.commands import Command, UnderstandingContext
from bot.dialogue.engine import _brief
from bot.dialogue.facts import Facts
from bot.dialogue.flows import changes, delivery, exchange, refunds, status
from bot.dialogue.legacy import yes_no
from bot.dialogue.state import Frame
from tests.dialogue.conftest import Env, items_slot

YES = Command("confirm")


def _ctx(text: str, orders: list[dict[str, Any]], *, flow: str | None = None, step: str | None = None,
         slots: dict[str, Any] | None = None, lang: str = "zh") -> UnderstandingContext:
    return UnderstandingContext(text=text, language=lang, history=(), flow=flow, step=step, slots=slots or {},
                                orders=tuple(_brief(o) for o in orders), catalogue=(), last_flow=None,
                                last_order_id=None, last_skus=(), last_product_id=None, last_address=None)


# ------------------------------------------------------------------ delivery times per carrier
def test_transit_reads_the_carriers_own_days_and_border() -> None:
    facts = Facts.load()
    now = datetime.fromisoformat("2026-11-28T12:00:00+08:00")
    dhl = TM.transit(facts, {"carrier": "DHL", "shipped_at": "2026-11-22T10:00:00+08:00"}, now)
    assert dhl.normal_days == "5–12" and dhl.international and not dhl.late       # 6 days of 5–12
    sf = TM.transit(facts, {"carrier": "SF", "shipped_at": "2026-11-23T10:00:00+08:00"}, now)
    assert sf.normal_days == "1–3" and sf.late                                      # 5 days of 1–3
    other = TM.transit(facts, {"carrier": "NEWCO", "shipped_at": "2026-11-27T10:00:00+08:00"}, now)
    assert other.normal_days == facts.get("delivery.default.days") and not other.late


async def test_status_of_an_international_parcel_states_that_carriers_days(demo: Env) -> None:
    # dv21: DHL is 5–12 business days plus customs, not "most parcels arrive within 1–3 days".
    fc = await demo.ctx("web:demo", "where is my power bank")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    out = await status.run(fc, Frame("order_status"))
    assert "SO202611251006" in out.answer and "5–12" in out.answer and "customs" in out.answer
    assert "1–3" not in out.answer and not demo.actions("create_ticket")


async def test_status_of_a_parcel_within_its_carriers_days_is_not_called_late(demo: Env) -> None:
    # dv8: YTO 2–4 days, shipped 3 days ago: on time, no apology for a delay.
    fc = await demo.ctx(_owner("SO202611241031"), "羽绒服和T恤那单 到哪了", lang="zh")
    fc.understood = fc.understood.__class__((Command("set_slot", {"order_id": "SO202611241031"}),), 0.9, "test")
    out = await status.run(fc, Frame("order_status"))
    assert "2–4" in out.answer and "比正常情况长" not in out.answer and not demo.actions("create_ticket")


def _owner(order_id: str) -> str:
    """The identity of the demo customer who placed `order_id`."""
    fixture = json.loads((Path(__file__).resolve().parents[2] / "config" / "demo_shop.json").read_text("utf-8"))
    cust = next(o["customer_id"] for o in fixture["orders"] if o["id"] == order_id)
    return next(c["identities"][0] for c in fixture["customers"] if c["id"] == cust)


async def test_a_slow_parcel_within_its_carriers_days_opens_no_investigation_until_asked_again(demo: Env) -> None:
    # dv30: DHL shipped 6 days ago, "almost a week": still within 5–12 business days.
    who = "discord:518273645091827364"
    fc = await demo.ctx(who, "tshirts still not delivered its been almost a week")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    frame = Frame("delivery_issue")
    out = await delivery.run(fc, frame)
    assert out.step == "within_normal_time" and "5–12" in out.answer and not demo.actions("create_ticket")
    # Asked again in the same conversation: now the inquiry is opened.
    fc = await demo.ctx(who, "it still hasn't come, please check with them")
    out = await delivery.run(fc, Frame("delivery_issue", slots={"order_id": "SO202611221055"}))
    assert out.step == "done" and len(demo.actions("create_ticket")) == 1


async def test_a_parcel_said_lost_opens_the_inquiry_even_within_the_days(demo: Env) -> None:
    fc = await demo.ctx("discord:518273645091827364", "my tshirts parcel is lost, tracking hasn't moved")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    out = await delivery.run(fc, Frame("delivery_issue"))
    assert out.step == "done" and len(demo.actions("create_ticket")) == 1


# ------------------------------------------------------------------ refund timelines per payment method
async def test_refund_timeline_is_the_one_of_the_orders_payment_method(demo: Env) -> None:
    # dv5: the earbuds were paid by card: 5–10 business days, not "bank cards 3–7".
    fc = await demo.ctx("whatsapp:8613912345678", "耳机退款到哪一步了", lang="zh")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    out = await refunds.run(fc, Frame("refund_status"))
    assert "RF20261126-0001" in out.answer and "5–10 个工作日" in out.answer and "3–7" not in out.answer
    assert not out.facts["overdue"]          # pending: waits for the returned parcel, not late


async def test_a_refund_past_its_timeline_is_flagged_with_a_person_offered(demo: Env) -> None:
    # dv12: Alipay refund processing since 11-22 (6 days, Alipay 1–3): overdue.
    fc = await demo.ctx("whatsapp:8615811112222", "手表那单取消了钱还没退回来", lang="zh")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    out = await refunds.run(fc, Frame("refund_status"))
    assert out.facts["overdue"] == ["RF20261122-0001"]
    assert "1–3 天" in out.answer and "超过正常到账时间" in out.answer and "转人工" in out.answer


# ------------------------------------------------------------------ yes that was not read as yes
def test_a_bare_neng_or_the_requests_verb_with_ba_is_a_yes() -> None:
    # dv7: "能 退吧 没拆封" at the return confirmation was taken as a remark: nothing created.
    assert yes_no("能 退吧 没拆封") is True and yes_no("退吧") is True and yes_no("换吧") is True
    assert yes_no("能不能退") is None and yes_no("能退吗") is None and yes_no("不能") is False


async def test_neng_tui_ba_at_the_return_confirmation_confirms(demo: Env) -> None:
    fc = await demo.ctx("telegram:1003", "x", lang="zh")
    ctx = _ctx("能 退吧 没拆封", fc.orders, flow="return_request", step="confirm",
               slots={"order_id": "SO202611190543"})
    u = ClassicSource().from_nlu(ctx, "return_request", 0.92, {}, {})
    assert u.first("confirm") is not None and u.first("set_slot") is None


# ------------------------------------------------------------------ policy questions start nothing
async def test_a_return_rules_question_is_a_rule_answer_not_a_return(demo: Env) -> None:
    # dv20: "退货规则是什么 吃的能退吗" started a return of the hair dryer; then the help page
    # answered only the damaged-goods rule. The policy answer states the window and the excluded
    # categories, and starts nothing on an order (policy_info only offers).
    fc = await demo.ctx("dingtalk:lina_0817", "x", lang="zh")
    for text, lang, conf in (("退货规则是什么 吃的能退吗", "zh", 0.98), ("what are the rules for returns on food?", "en", 0.9)):
        u = ClassicSource().from_nlu(_ctx(text, fc.orders, lang=lang), "return_request", conf, {}, {})
        started = [c.args["flow"] for c in u.commands if c.name == "start_flow"]
        assert started in ([], ["policy_info"]) and "return_request" not in started


# ------------------------------------------------------------------ the item the customer means
def test_an_item_named_to_locate_the_order_is_not_the_line_meant() -> None:
    # dv35: "the white tshirt from the underwear order" picked the underwear set (and refused).
    orders = [{"id": "A", "items": [{"sku": "T1", "name": "Linen shirt"}, {"sku": "U1", "name": "Sock pack"}]}]
    refs = M.match_items("the linen shirt from the sock pack order is too small", orders)
    assert [r.sku for r in refs] == ["T1"]
    zh = [{"id": "A", "items": [{"sku": "T1", "name": "亚麻衬衫"}, {"sku": "U1", "name": "运动袜子"}]}]
    assert [r.sku for r in M.match_items("袜子那单的衬衫小了", zh)] == ["T1"]
    # An order named only by its items keeps them all ("羽绒服和T恤那单 到哪了").
    assert {r.sku for r in M.match_items("衬衫和袜子那单到哪了", zh)} == {"T1", "U1"}


def test_a_plural_modifier_with_the_head_noun_names_the_item() -> None:
    # dv25: "the nuts box came crushed" matched nothing and the ticket went to the jacket order.
    orders = [{"id": "A", "items": [{"sku": "N", "name": "Nut gift box"}]},
              {"id": "B", "items": [{"sku": "J", "name": "Down jacket"}]}]
    assert [r.order_id for r in M.match_items("also the nuts box came crushed", orders)] == ["A"]
    assert [r.sku for r in M.match_items("two phones cases please", [{"id": "C", "items": [
        {"sku": "P", "name": "Phone case"}]}])] == ["P"]


async def test_damage_named_on_another_item_goes_to_that_items_order(demo: Env) -> None:
    who = "telegram:1002"
    fc = await demo.ctx(who, "fine. also the nuts box came crushed")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    fc.state.opened["delivery:SO202611251914"] = "TK-earlier"      # a case on the jacket already open
    out = await delivery.run(fc, Frame("delivery_issue"))
    made = demo.actions("create_ticket")
    assert "SO202611221744" in out.answer and len(made) == 1


# ------------------------------------------------------------------ "just replace it"
async def test_just_replace_it_proposes_the_same_version_and_yes_creates_it(demo: Env) -> None:
    # dv23: "just replace it" for a broken watch asked which version; "yes confirm" looped.
    who = "web:demo"
    fc = await demo.ctx(who, "just replace it", Command("set_slot", {"order_id": "SO202611220503"}))
    frame = Frame("exchange_request")
    out = await exchange.run(fc, frame)
    assert out.step == "confirm" and frame.slots["new_sku"] == frame.slots["sku"]
    fc = await demo.ctx(who, "yes confirm", YES)
    out = await exchange.run(fc, frame)
    made = demo.actions("create_exchange")
    assert out.step == "done" and len(made) == 1 and made[0]["ok"]


def test_replace_it_with_something_else_is_not_the_same_version() -> None:
    from bot.lang import cues as C
    assert C.SAME_ITEM.search("just replace it") and C.SAME_ITEM.search("can you replace them")
    assert not C.SAME_ITEM.search("replace it with the 45mm one")


def test_is_that_covered_is_a_warranty_question() -> None:
    from bot.dialogue.classic import flow_for
    flow, _ = flow_for("product_issue", "the smart watch strap broke after 3 days, is that covered", [])
    assert flow == "warranty"


def test_an_item_that_locates_the_order_and_is_named_again_stays_the_line_meant() -> None:
    # dv15: "充电宝和水壶那单 水壶烧水有异味 充电宝没事": the kettle, not the power bank kept.
    zh = [{"id": "A", "items": [{"sku": "P", "name": "充电宝 10000mAh"}, {"sku": "K", "name": "电热水壶 1.5L"}]}]
    refs = M.match_items("充电宝和水壶那单 水壶烧水有异味 充电宝没事", zh)
    assert {r.sku for r in refs if not r.excluded} == {"K"}


# ------------------------------------------------------------------ one confirmation, both changes
async def test_an_item_change_with_a_new_address_confirms_and_makes_both(demo: Env) -> None:
    # dv33: "size 43 white and ship to <address>": the address was dropped from the confirmation
    # and never changed on "confirm both".
    who = "telegram:1005"
    text = "pls change the shoe order to size 43 white and ship to <ADDRESS_1>"
    fc = await demo.ctx(who, text, Command("set_slot", {"address": "<ADDRESS_1>"}))
    fc.understood = fc.understood.__class__((*fc.understood.commands, items_slot(text, fc)), 0.9, "test")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and "43" in out.answer and "<ADDRESS_1>" in out.answer
    assert not demo.actions("change_items") and not demo.actions("change_address")
    fc = await demo.ctx(who, "confirm both", YES)
    out = await changes.modify_order(fc, frame)
    assert out.step == "done" and demo.actions("change_items")[-1]["ok"]
    moved = demo.actions("change_address")
    assert len(moved) == 1 and moved[0]["ok"]


# ------------------------------------------------------------------ the size wanted, not the complaint
async def test_too_small_swap_for_a_letter_size_asks_for_that_size(demo: Env) -> None:
    # dv35: "is too small, swap for L?" proposed size S ("small") instead of L.
    who = "line:U0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"
    text = "the white tshirt from the underwear order is too small, swap for L?"
    fc = await demo.ctx(who, text)
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    frame = Frame("exchange_request")
    out = await exchange.run(fc, frame)
    assert out.step == "confirm" and "size L" in out.answer and "size S" not in out.answer
    assert frame.slots["new_sku"] != frame.slots["sku"]


# ------------------------------------------------------------------ a fit complaint is not a fault
async def test_a_fit_complaint_with_items_kept_is_a_return_of_the_others(demo: Env) -> None:
    # dv2: "T恤两件都不合适 坚果留着" was troubleshooting ("开不了机、充不进电？").
    from bot.dialogue.classic import flow_for
    fc = await demo.ctx("wecom:zhangwei", "x", lang="zh")
    text = "上周收到的那单 T恤两件都不合适 坚果留着"
    refs = M.match_items(text, fc.orders, fc.catalogue)
    assert {r.excluded for r in refs} == {True, False}
    assert flow_for("product_issue", text, fc.orders, refs)[0] == "return_request"
    # A real fault stays troubleshooting.
    fault = "T恤洗了一次就破了 坚果留着"
    assert flow_for("product_issue", fault, fc.orders, M.match_items(fault, fc.orders, fc.catalogue))[0] \
        == "troubleshooting"


# ------------------------------------------------------------------ money follow-ups
async def test_money_not_arrived_after_a_refund_answer_stays_on_that_refund(demo: Env) -> None:
    # dv5: "都两天了还没到账 能快点吗" after the refund status got the rice cooker's order status.
    who = "whatsapp:8613912345678"
    fc = await demo.ctx(who, "x", lang="zh")
    ctx = UnderstandingContext(text="都两天了还没到账 能快点吗", language="zh", history=(), flow=None, step=None,
                               slots={}, orders=tuple(_brief(o) for o in fc.orders), catalogue=(),
                               last_flow="refund_status", last_order_id="SO202611220541", last_skus=(),
                               last_product_id=None, last_address=None)
    u = ClassicSource().from_nlu(ctx, "order_status", 0.4, {}, {})
    assert u.first("start_flow") is not None and u.first("start_flow").args["flow"] == "refund_status"
    fc = await demo.ctx(who, "都两天了还没到账 能快点吗", lang="zh")
    fc.state.last_flow = "refund_status"
    out = await refunds.run(fc, Frame("refund_status"))
    assert "RF20261126-0001" in out.answer and "5–10 个工作日" in out.answer and "转人工" in out.answer
    assert "您的退款进度如下" not in out.answer          # not the same list again
    assert "RF20261114-0002" not in out.answer          # that one is already back: not what is asked


async def test_when_is_the_extra_back_after_a_payment_case_gives_the_methods_timeline(demo: Env) -> None:
    # dv22: "so when do i get the extra 12 dollars back" after a charged-twice case listed old refunds.
    from bot.dialogue.flows import payment
    who = "slack:U02EMC7K9"
    fc = await demo.ctx(who, "i was charged twice for the tote bag order")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    first = await payment.run(fc, Frame("payment_issue"))
    assert first.step == "done" and len(demo.actions("create_ticket")) == 1
    oid = first.facts["order"]["id"]
    ctx = UnderstandingContext(text="so when do i get the extra 12 dollars back", language="en", history=(),
                               flow=None, step=None, slots={}, orders=tuple(_brief(o) for o in fc.orders),
                               catalogue=(), last_flow="payment_issue", last_order_id=oid, last_skus=(),
                               last_product_id=None, last_address=None)
    u = ClassicSource().from_nlu(ctx, "refund_status", 0.7, {}, {})
    assert u.first("start_flow").args["flow"] == "payment_issue"
    fc = await demo.ctx(who, "so when do i get the extra 12 dollars back",
                        Command("set_slot", {"order_id": oid}))
    out = await payment.run(fc, Frame("payment_issue"))
    days = Facts.load().refund_days(TM.payment_type(fc.customer, first.facts["order"]), "en")
    assert out.step == "already_open" and days in out.answer and len(demo.actions("create_ticket")) == 1


# ------------------------------------------------------------------ someone else's data
def test_orders_by_a_written_phone_number_or_on_someones_behalf_are_refused() -> None:
    # dv19: "帮我查下<phone>这个手机号的订单", then "那是我老婆的 她让我问的".
    from bot.lang import cues as C
    for text in ("帮我查下<PHONE_NUMBER_1>这个手机号的订单", "那是我老婆的 她让我问的",
                 "check the orders for <EMAIL_ADDRESS_1>", "my husband asked me to check his order"):
        assert C.OTHERS_DATA.search(text), text
    for text in ("帮我查下订单", "我给我老婆买的耳机坏了", "where is my order", "我的手机号<PHONE_NUMBER_1>"):
        assert not C.OTHERS_DATA.search(text), text


# ------------------------------------------------------------------ invoice titles
def test_invoice_titles_are_read_whole_and_questions_are_no_title() -> None:
    from bot.dialogue.flows.invoice import invoice_title
    assert invoice_title("电饭煲发票能换个抬头吗 开成个人的") is None
    assert invoice_title("抬头就写陈静") == "陈静"                                    # dv10: not "就写陈静"
    assert invoice_title("发票 for the watch order, company ACME Trading Ltd tax id 91310000MA1FL8XQ2K") \
        == "ACME Trading Ltd / 91310000MA1FL8XQ2K"                                  # dv37: the whole name


async def test_a_title_after_an_invoice_answer_is_the_invoice_not_an_address(demo: Env) -> None:
    # dv10: "抬头就写<name>" started an address change.
    from bot.dialogue.classic import flow_for
    fc = await demo.ctx("feishu:ou_a1b2c3d4e5f6", "x", lang="zh")
    assert flow_for("change_address", "抬头就写<PERSON_1>", fc.orders)[0] == "invoice"


async def test_another_title_for_an_issued_invoice_asks_it_then_files_the_reissue(demo: Env) -> None:
    from bot.dialogue.flows import invoice
    who = "feishu:ou_a1b2c3d4e5f6"
    fc = await demo.ctx(who, "电饭煲发票能换个抬头吗 开成个人的", lang="zh")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    out = await invoice.run(fc, Frame("invoice"))
    assert out.step == "ask_title" and not demo.actions("create_ticket")
    oid = out.facts["order"]["id"]
    fc = await demo.ctx(who, "抬头就写<PERSON_1>", Command("set_slot", {"order_id": oid}), lang="zh")
    frame = Frame("invoice")
    out = await invoice.run(fc, frame)
    assert out.step == "confirm" and "<PERSON_1>" in out.answer and not demo.actions("create_ticket")
    out = await invoice.run(await demo.ctx(who, "是的", Command("confirm"), lang="zh"), frame)
    made = demo.actions("create_ticket")
    assert out.step == "reissue" and len(made) == 1 and "<PERSON_1>" in out.answer


async def test_a_new_invoice_with_a_title_reads_it_back(demo: Env) -> None:
    from bot.dialogue.flows import invoice
    text = "我想开发票 for the watch order, company ACME Trading Ltd tax id 91310000MA1FL8XQ2K"
    fc = await demo.ctx("web:demo", text, lang="zh")
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    frame = Frame("invoice")
    out = await invoice.run(fc, frame)
    assert out.step == "confirm" and "抬头：ACME Trading Ltd；税号：91310000MA1FL8XQ2K" in out.answer
    out = await invoice.run(await demo.ctx("web:demo", "ok", Command("confirm"), lang="zh"), frame)
    assert out.step == "invoice" and "ACME Trading Ltd / 91310000MA1FL8XQ2K" in out.answer


# ------------------------------------------------------------------ options in the other language
async def test_an_option_value_said_in_chinese_is_named_but_not_inside_the_product_name(demo: Env) -> None:
    # dv13: "再加一个无线充电盒的可以吗" (the wireless charging case) at an item-change confirmation
    # was taken as a remark; "无线耳机…" must not name that case just by the product's name.
    from bot.shop import catalog
    product = next(p for p in await demo.store.products() if p.id == "P-EB-PRO")
    assert catalog.options_named(product, "再加一个无线充电盒的可以吗") == {"case": "wireless charging"}
    assert catalog.options_named(product, "无线耳机还没发货吧 想要黑色的") == {"color": "black"}
    assert catalog.options_named(product, "the Wireless earbuds Pro in black") == {"color": "black"}


async def test_adding_an_option_at_an_item_change_confirmation_reproposes_with_stock(demo: Env) -> None:
    who = "web:yanglei"
    fc = await demo.ctx(who, "耳机还没发货吧 想要黑色的", lang="zh")
    fc.understood = fc.understood.__class__((items_slot(fc.turn.text, fc),), 0.9, "test")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and "黑色" in out.answer   # a zh reply names the colour in Chinese (was "black")
    ctx = _ctx("再加一个无线充电盒的可以吗", fc.orders, flow="modify_order", step="confirm", slots=dict(frame.slots))
    u = ClassicSource().from_nlu(ctx, "modify_order", 1.0, {}, fc.catalogue)
    fix = u.first("correct_slot")
    assert fix is not None and fix.args["options"] == {"case": "wireless charging"}
    fc = await demo.ctx(who, "再加一个无线充电盒的可以吗", fix, lang="zh")
    out = await changes.modify_order(fc, frame)
    # black + wireless charging is sold out: say so and offer what is in stock, change nothing.
    assert out.step != "done" and "缺货" in out.answer and not demo.actions("change_items")
    offered = out.facts["candidates"]
    assert {"color": "white", "case": "wireless charging"} in offered
    assert all(c != {"color": "black", "case": "wireless charging"} for c in offered)
