"""Information flows step by step (product info, warranty, faults, policy questions) on the real
built-in shop, and the classic routing into them."""
from __future__ import annotations

from typing import Any

from bot.dialogue import info_texts as IT
from bot.dialogue.classic import ClassicSource
from bot.dialogue.commands import Command, UnderstandingContext, set_slot
from bot.dialogue.flows import policy_info, product_info, troubleshoot, warranty
from bot.dialogue.state import Frame
from tests.dialogue.conftest import Env, items_slot

UK = "whatsapp:447700900123"       # demo shop customer who pays in USD (the catalogue is in CNY)
YES = Command("confirm")


# ---------------------------------------------------------------- money
def test_a_price_is_never_shown_with_another_currencys_sign() -> None:
    v = {"price": "1399.00", "currency": "CNY", "prices": {"USD": "219.00"}}
    assert IT.price_in(v, "USD") == ("219.00", "USD")
    assert IT.price_in(v, "EUR") == ("1399.00", "CNY")           # not sold in EUR: our own price, our sign
    assert IT.price_in({"price": "59.00"}, "USD") == ("59.00", "USD")  # no currency recorded: the shop's own
    assert IT.money("219", "USD", "en") == "$219.00" and IT.money("1399", "CNY", "zh") == "1399.00元"
    assert IT.money("59", "CHF", "en") == "59.00 CHF" and IT.money("59", None, "en") == "59.00"


# ---------------------------------------------------------------- product info
async def test_price_in_the_customers_currency_with_stock(demo: Env) -> None:
    fc = await demo.ctx(UK, "how much is the smart watch 45mm in silver? in stock?")
    out = await product_info.run(fc, Frame("product_info"))
    assert "$219.00" in out.answer and "1399" not in out.answer
    assert "45mm/silver: $219.00, out of stock" in out.answer
    assert "45mm/black: $219.00, in stock (3)" in out.answer      # the nearest version in stock


async def test_options_only_follow_up_is_about_the_last_product(demo: Env) -> None:
    await product_info.run(await demo.ctx(UK, "how much is the smart watch 45mm in silver?"), Frame("product_info"))
    fc = await demo.ctx(UK, "what about black 45mm?")
    out = await product_info.run(fc, Frame("product_info"))
    assert out.step == "done" and "45mm/black: $219.00, in stock (3)" in out.answer and "silver" not in out.answer


async def test_two_values_of_one_dimension_compare_those_versions(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:ava", "what's the difference in price between the 1TB and 2TB portable SSD?")
    out = await product_info.run(fc, Frame("product_info"))
    assert "1TB/USB-C: $109.99" in out.answer and "2TB/USB-C: $179.99" in out.answer and "500GB" not in out.answer


async def test_stock_question_out_of_stock_offers_what_is_in_stock(en_shop: Env) -> None:
    fc = await en_shop.ctx("messenger:7700777", "Do you have the 3-person tent in orange?")
    out = await product_info.run(fc, Frame("product_info"))
    assert "3-person/orange: $349.00, out of stock" in out.answer and "3-person/green: $349.00, in stock (1)" in out.answer
    nxt = await product_info.run(await en_shop.ctx("messenger:7700777", "how much is the green one"),
                                 Frame("product_info"))
    assert "3-person/green: $349.00" in nxt.answer


async def test_product_question_in_chinese_uses_the_chinese_name(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:ava", "登山帐篷有橙色的吗", lang="zh")
    out = await product_info.run(fc, Frame("product_info"))
    assert out.answer.startswith("Ridgeline 登山帐篷") and "橙色" in out.answer and "缺货" in out.answer


# ---------------------------------------------------------------- warranty
async def test_warranty_of_the_product_just_asked_about_not_an_old_order(demo: Env) -> None:
    await product_info.run(await demo.ctx(UK, "how much is the smart watch 45mm?"), Frame("product_info"))
    fc = await demo.ctx(UK, "does it come with a warranty?")
    fc.state.last_flow = "product_info"
    out = await warranty.run(fc, Frame("warranty"))
    assert "Smart watch S2" in out.answer and "12-month" in out.answer and "Underwear" not in out.answer


async def test_no_warranty_says_what_the_windows_still_allow(en_shop: Env) -> None:
    text = "is my thermostat from W4395826 under warranty?"
    fc = await en_shop.ctx("slack:U07NOAH", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    out = await warranty.run(fc, Frame("warranty"))
    assert "no warranty" in out.answer and "return or exchange it until Dec 23, 2026" in out.answer
    assert out.facts["returnable"] is True and out.facts["return_until"]


async def test_warranty_follow_up_after_a_fault_is_about_that_item(demo: Env) -> None:
    text = "水壶烧不开水了，灯都不亮"
    fc = await demo.ctx("dingtalk:zhaomin_hz", text, lang="zh")
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    await troubleshoot.run(fc, Frame("troubleshooting"))
    out = await warranty.run(await demo.ctx("dingtalk:zhaomin_hz", "保修多久？能修吗", lang="zh"), Frame("warranty"))
    assert "电热水壶" in out.answer and "12 个月" in out.answer and "保修方式" in out.answer


# ---------------------------------------------------------------- faults
async def test_a_guide_about_another_kind_of_product_is_never_pasted(en_shop: Env) -> None:
    text = "my thermostat from W4395826 won't connect to wifi anymore"
    fc = await en_shop.ctx("slack:U07NOAH", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    out = await troubleshoot.run(fc, Frame("troubleshooting"))
    assert out.step == "done" and "snippet" not in out.facts
    assert "thermostat" in out.answer and "exchange it for a new one" in out.answer and "return it" in out.answer
    assert out.facts["remedies"][-1] == "person" and "pass it to a colleague" in out.answer


async def test_the_products_own_guide_then_the_remedies_the_dates_allow(demo: Env) -> None:
    text = "水壶烧不开水了，灯都不亮"
    fc = await demo.ctx("dingtalk:zhaomin_hz", text, lang="zh")
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    out = await troubleshoot.run(fc, Frame("troubleshooting"))
    assert out.facts["snippet"].startswith("kettle") and "底座" in out.answer
    assert out.facts["remedies"] == ["exchange", "return", "warranty"] and "办理保修维修" in out.answer


async def test_a_fault_on_a_non_returnable_item_offers_a_person_without_a_refusal(en_shop: Env) -> None:
    text = "胡须修剪器坏了，充不进电"
    fc = await en_shop.ctx("whatsapp:15035550152", text, lang="zh")
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    out = await troubleshoot.run(fc, Frame("troubleshooting"))
    assert out.step == "done" and out.facts["remedies"] == ["person"]
    # A fault is not a return: the category's return rule is not stated as a refusal (#13 round 2).
    assert "不支持退货" not in out.answer and "转给同事" in out.answer and "具体是什么情况" not in out.answer


# ---------------------------------------------------------------- policy questions
async def test_a_policy_question_on_a_product_answers_and_only_offers(en_shop: Env) -> None:
    text = "what's your return policy on tents"
    fc = await en_shop.ctx("messenger:7700777", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc), set_slot(topic="return_request")), 0.9, "test")
    frame = Frame("policy_info")
    fc.state.frame = frame
    out = await policy_info.run(fc, frame)
    assert "30 days" in out.answer and "can be returned" in out.answer and "Would you like me to start one" in out.answer
    assert out.intent == "return_request" and frame.step == "confirm"
    assert not en_shop.actions("create_return")
    fc2 = await en_shop.ctx("messenger:7700777", "yes please")
    fc2.understood = fc2.understood.__class__((YES,), 0.95, "test")
    nxt = await policy_info.run(fc2, frame)
    assert nxt.step == "confirm" and "To confirm: return" in nxt.answer      # the return asks its own yes
    assert not en_shop.actions("create_return")


async def test_a_policy_question_on_a_non_returnable_category(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:ava", "are gift cards returnable? what's the policy")
    frame = Frame("policy_info")
    out = await policy_info.run(fc, frame)
    assert "cannot be returned" in out.answer and frame.step == "done"


# ---------------------------------------------------------------- routing (classic source)
def _ctx(text: str, orders: list[dict[str, Any]], catalogue: list[dict[str, Any]], last_flow: str | None = None,
         lang: str = "en") -> UnderstandingContext:
    return UnderstandingContext(text, lang, (), None, None, {}, tuple(orders), tuple(catalogue), last_flow=last_flow)


async def _brief(env: Env, identity: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    fc = await env.ctx(identity, "")
    from bot.dialogue.engine import _brief as brief
    return [brief(o) for o in fc.orders], fc.catalogue


async def test_routing_into_the_information_flows(en_shop: Env) -> None:
    orders, cat = await _brief(en_shop, "messenger:7700777")
    src = ClassicSource()

    def flows(text: str, intent: str, conf: float, last_flow: str | None = None) -> tuple[str, ...]:
        return src.from_nlu(_ctx(text, orders, list(cat.values()), last_flow), intent, conf, {}, cat).flows()

    # a stock question although the customer owns a tent: not a question about her order
    assert flows("Do you have the 3-person tent in orange?", "other", 0.62) == ("product_info",)
    assert flows("what's your return policy on tents", "return_request", 0.98) == ("policy_info",)
    assert flows("what about 2-person?", "other", 0.88, last_flow="product_info") == ("product_info",)
    assert flows("my tent is broken, it won't stay up", "other", 0.3) == ("troubleshooting",)


async def test_a_fault_with_the_item_named_is_troubleshooting(en_shop: Env) -> None:
    orders, cat = await _brief(en_shop, "slack:U07NOAH")
    u = ClassicSource().from_nlu(_ctx("my thermostat from W4395826 won't connect to wifi anymore", orders,
                                      list(cat.values())), "other", 0.24, {}, cat)
    assert u.flows() == ("troubleshooting",)


async def test_warranty_question_after_a_fault_is_not_a_help_centre_page(demo: Env) -> None:
    orders, cat = await _brief(demo, "dingtalk:zhaomin_hz")
    u = ClassicSource().from_nlu(_ctx("保修多久？能修吗", orders, list(cat.values()), "troubleshooting", "zh"),
                                 "product_issue", 0.33, {}, cat)
    assert u.flows() == ("warranty",) and "knowledge_answer" not in u.names()


async def test_naming_items_while_asked_which_order_is_not_a_fault(demo: Env) -> None:
    orders, cat = await _brief(demo, "dingtalk:zhaomin_hz")
    c = UnderstandingContext("就是充电宝和水壶那单", "zh", (), "invoice", "choose_order", {}, tuple(orders),
                             tuple(cat.values()), last_flow=None)
    u = ClassicSource().from_nlu(c, "product_issue", 0.83, {}, cat)
    assert "troubleshooting" not in u.flows() and u.first("set_slot") is not None


# ---------------------------------------------------------------- delivery time against the carrier's
def test_transit_reads_the_route_from_the_order_and_the_carrier() -> None:
    from datetime import datetime

    from bot.dialogue import timing as TM
    from bot.dialogue.facts import Facts
    f = Facts.load()
    now = datetime.fromisoformat("2026-11-28T12:00:00+08:00")
    cross = {"carrier": "DHL", "currency": "USD", "status": "shipped", "shipped_at": "2026-11-25T09:00:00+00:00"}
    home = dict(cross, currency="CNY")
    assert TM.transit(f, cross, now, "CNY").normal_days == "5–12" and TM.transit(f, cross, now, "CNY").international
    assert TM.transit(f, home, now, "CNY").normal_days == "1–3" and not TM.transit(f, home, now, "CNY").international
    assert TM.transit(f, dict(home, carrier="JD", shipped_at="2026-11-20T09:00:00+08:00"), now, "CNY").late
    assert not TM.transit(f, cross, now, "CNY").late and TM.transit(f, cross, now, "CNY").since_shipped == 3


async def test_it_has_been_n_days_is_counted_against_the_carriers_time(demo: Env) -> None:
    from bot.dialogue.flows import status
    text = "it's been 4 days, is that normal?"
    fc = await demo.ctx("web:demo", text)
    fc.understood = fc.understood.__class__((items_slot("power bank", fc),), 0.9, "test")
    out = await status.run(fc, Frame("order_status"))
    assert "DHL usually takes 5–12 business days" in out.answer and "still within the normal time" in out.answer
    assert "1–3" not in out.answer and out.facts["late"] is False


# ---------------------------------------------------------------- refund timelines by payment method
async def test_a_cancel_refund_states_the_timeline_of_the_orders_own_payment_method(demo: Env) -> None:
    from bot.dialogue.flows import cancel
    fc = await demo.ctx("web:dlee", "cancel order SO202611260629", set_slot(order_id="SO202611260629"))
    frame = Frame("cancel_order")
    await cancel.run(fc, frame)
    out = await cancel.run(await demo.ctx("web:dlee", "yes", YES), frame)
    assert out.step == "done" and "3–5 business days" in out.answer            # PayPal (facts.toml)
    assert "Alipay" not in out.answer


async def test_refund_status_for_a_card_customer_has_no_wallet_timeline(en_shop: Env) -> None:
    from bot.dialogue.flows import refunds
    fc = await en_shop.ctx("slack:U07ETHAN", "where's my refund for the keyboard")
    out = await refunds.run(fc, Frame("refund_status"))
    assert "RFD-5011" in out.answer and "5–10 business days" in out.answer   # card (facts.toml)
    assert "Alipay" not in out.answer and "debit cards" not in out.answer


# ---------------------------------------------------------------- help-centre relevance
def test_a_product_page_needs_the_product_named_and_sold_here() -> None:
    import json

    from bot.dialogue.engine import relevant_snippets
    from tests.dialogue.conftest import ROOT, shared_kb
    kb = shared_kb()

    def catalogue(name: str) -> dict[str, Any]:
        return {p["id"]: p for p in json.loads((ROOT / "config" / name).read_text(encoding="utf-8"))["products"]}
    en_cat, demo_cat = catalogue("demo_shop_en.json"), catalogue("demo_shop.json")
    q = "保温水壶怎么清洗"           # an insulated bottle: the kettle descaling page is no answer
    hits = kb.search(q, lang="zh")
    assert hits and hits[0].id.startswith("kettle")
    assert relevant_snippets(hits, q, [], en_cat) == []
    q2 = "电水壶怎么除水垢"
    assert [s.id for s in relevant_snippets(kb.search(q2, lang="zh"), q2, [], demo_cat)][:1] == ["kettle-limescale-zh"]
    # a general page (products: []) is never dropped for naming no product
    q3 = "what are your opening hours"
    assert "contact-hours-en" in [s.id for s in relevant_snippets(kb.search(q3, lang="en"), q3, [], en_cat)]


async def test_a_catalogue_without_currencies_ships_at_home(en_shop: Env) -> None:
    # Variant prices without a currency are in the shop's own (its orders'): a UPS parcel of a
    # USD order in this shop is domestic, so UPS's domestic time, not its cross-border one.
    from bot.dialogue.flows import status
    fc = await en_shop.ctx("discord:880055667788", "#W1425822 it's been 4 days, is that normal?",
                           set_slot(order_id="#W1425822"))
    out = await status.run(fc, Frame("order_status"))
    assert "UPS usually takes 1–5 business days" in out.answer and "5–12" not in out.answer


async def test_a_size_chart_is_no_fix_for_a_fault(demo: Env) -> None:
    text = "my running shoes sole is coming off"
    fc = await demo.ctx("telegram:1001", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    out = await troubleshoot.run(fc, Frame("troubleshooting"))
    assert "Measure your foot" not in out.answer and "snippet" not in out.facts
    assert out.step == "done" and out.facts["remedies"]          # a described fault: no "what happens?"


async def test_which_is_cheaper_names_it_and_the_cheaper_one_follows_up(en_shop: Env) -> None:
    fc = await en_shop.ctx("web:ava", "which one is cheaper, the 10 inch or the 12 inch cast iron skillet?")
    out = await product_info.run(fc, Frame("product_info"))
    assert "10 inch/cast iron: $39.00" in out.answer and "12 inch/cast iron: $49.00" in out.answer
    assert out.answer.endswith("That's 10 inch/cast iron, at $39.00.")
    nxt = await product_info.run(await en_shop.ctx("web:ava", "the more expensive one"), Frame("product_info"))
    # The quote is the 12 inch only; the sentence after it offers to change the customer's own
    # 10 inch line on #W7624894 to it (stock10), so "10 inch" is looked for in the quote alone.
    quote, _, offer = nxt.answer.partition(" Shall I change")
    assert "12 inch/cast iron: $49.00" in quote and "10 inch" not in quote
    assert "#W7624894" in offer


async def test_routing_warranty_for_a_product_named_and_picks_after_a_listing(en_shop: Env) -> None:
    orders, cat = await _brief(en_shop, "web:ava")
    src = ClassicSource()
    u = src.from_nlu(_ctx("how long is the warranty on the portable SSD?", orders, list(cat.values())), "other",
                     0.46, {}, cat)
    assert u.flows() == ("warranty",)
    u = src.from_nlu(_ctx("the cheaper one", orders, list(cat.values()), "product_info"), "other", 0.78, {}, cat)
    assert u.flows() == ("product_info",)


async def test_two_products_in_one_question_are_compared_not_asked_about(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "充电宝和耳机哪个便宜", lang="zh")
    out = await product_info.run(fc, Frame("product_info"))
    assert out.step == "done" and "充电宝" in out.answer and "无线耳机 Pro" in out.answer
    assert "充电宝更便宜" in out.answer


async def test_a_price_question_is_not_a_fault_whatever_the_classifier_said(demo: Env) -> None:
    orders, cat = await _brief(demo, "telegram:1001")
    u = ClassicSource().from_nlu(_ctx("充电宝和耳机哪个便宜", orders, list(cat.values()), lang="zh"), "product_issue",
                                 0.68, {}, cat)
    assert u.flows() == ("product_info",)


async def test_asking_to_check_after_a_status_answer_opens_the_inquiry(en_shop: Env) -> None:
    orders, cat = await _brief(en_shop, "discord:880055667788")
    u = ClassicSource().from_nlu(_ctx("帮我查一下", orders, list(cat.values()), "order_status", "zh"), "order_status",
                                 0.53, {}, cat)
    assert u.flows() == ("delivery_issue",)


async def test_a_short_follow_on_after_product_info_stays_on_the_product(en_shop: Env) -> None:
    orders, cat = await _brief(en_shop, "web:ava")
    src = ClassicSource()
    u = src.from_nlu(_ctx("那哑光的呢", orders, list(cat.values()), "product_info", "zh"), "order_status", 0.3, {}, cat)
    assert u.flows() == ("product_info",)
    u = src.from_nlu(_ctx("谢谢", orders, list(cat.values()), "product_info", "zh"), "thanks_bye", 0.95, {}, cat)
    assert "product_info" not in u.flows()


def test_finish_words_name_catalogue_values_in_either_language() -> None:
    from bot.dialogue.flows.product_info import option_values
    vase = {"options": {"finish": ["matte", "glossy"], "height": ["20cm", "30cm"]}}
    assert option_values(vase, "哑光的30cm有吗") == {"finish": ["matte"], "height": ["30cm"]}
    assert option_values(vase, "亮面的") == {"finish": ["glossy"]}
