"""Follow-ups that refer back (bot/dialogue/context.py), step by step on the real built-in shops:
the other order, a reference-only detail for the topic just answered, items that answer "which
order?", an address given earlier, a refund asked about one order, flow-specific continuations."""
from __future__ import annotations

from typing import Any

from bot.dialogue import context as CX
from bot.dialogue import matching as M
from bot.dialogue.classic import ClassicSource
from bot.dialogue.commands import Command, UnderstandingContext, set_slot
from bot.dialogue.engine import _brief
from bot.dialogue.flows import refunds, status
from bot.dialogue.state import Frame
from tests.dialogue.conftest import Env


def _ctx(text: str, orders: list[dict[str, Any]], *, last_flow: str | None = None, last_order: str | None = None,
         last_skus: tuple[str, ...] = (), flow: str | None = None, step: str | None = None,
         slots: dict[str, Any] | None = None, product: str | None = None, address: str | None = None,
         lang: str = "en") -> UnderstandingContext:
    return UnderstandingContext(text=text, language=lang, history=(), flow=flow, step=step, slots=slots or {},
                                orders=tuple(_brief(o) for o in orders), catalogue=(), last_flow=last_flow,
                                last_order_id=last_order, last_skus=last_skus, last_product_id=product,
                                last_address=address)


def _understand(ctx: UnderstandingContext, intent: str, conf: float, catalogue: dict[str, Any] | None = None) -> Any:
    return ClassicSource().from_nlu(ctx, intent, conf, {}, catalogue or {})


def _slots(u: Any) -> dict[str, Any]:
    c = u.first("set_slot")
    return dict(c.args) if c else {}


# ------------------------------------------------------------------ "and my other order?"
async def test_other_order_after_a_status_answer_is_that_orders_status(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5001", "x")
    ctx = _ctx("ok and my other order?", fc.orders, last_flow="order_status", last_order="#W8615334")
    u = _understand(ctx, "modify_order", 0.6)
    assert u.flows() == ("order_status",)
    # the only other order still on its way or waiting (the rest are delivered)
    assert _slots(u)["order_id"] == "#W7096158"


async def test_other_order_with_several_candidates_asks_among_them_only(demo: Env) -> None:
    fc = await demo.ctx("wecom:zhaomin", "x", lang="zh")
    last = fc.orders[0]["id"]
    ctx = _ctx("那另一单呢", fc.orders, last_flow="invoice", last_order=last, lang="zh")
    u = _understand(ctx, "other", 0.4)
    assert u.flows() == ("invoice",)
    cands = _slots(u)["candidates"]
    assert last not in cands and len(cands) >= 2


async def test_the_other_item_after_a_return_is_the_other_line(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5001", "x")
    ctx = _ctx("what about the other one?", fc.orders, last_flow="return_request", last_order="#W9024138",
               last_skus=("BTL-32-BLK-ST",))
    u = _understand(ctx, "other", 0.5)
    assert u.flows() == ("return_request",)
    assert [i["sku"] for i in _slots(u)["items"]] == ["HP700-BLK-BT"]


async def test_other_order_status_step_reports_that_order(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5001", "ok and my other order?", set_slot(candidates=["#W7096158", "#W9024138"]))
    fc.state.last_order_id = "#W8615334"
    frame = Frame("order_status")
    out = await status.run(fc, frame)
    # both offered, the flow asks which; never the order already answered about
    assert out.step == "choose_order"
    assert "#W8615334" not in out.answer and "#W7096158" in out.answer


# ------------------------------------------------------------------ reference-only details
async def test_an_order_named_after_a_refund_answer_is_that_orders_refund(demo: Env) -> None:
    fc = await demo.ctx("whatsapp:13125550123", "x")
    ctx = _ctx("the watch order, SO202611030518", fc.orders, last_flow="refund_status")
    u = _understand(ctx, "cancel_order", 0.35)
    assert u.flows() == ("refund_status",)
    assert _slots(u)["order_id"] == "SO202611030518"


async def test_a_payment_detail_after_a_billing_case_stays_on_that_case(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "x", lang="zh")
    oid = fc.orders[0]["id"]
    for text, intent in ((f"订单号{oid}，微信付的", "order_status"), ("paypal", "other")):
        ctx = _ctx(text, fc.orders, last_flow="payment_issue", last_order=oid, lang="zh")
        u = _understand(ctx, intent, 0.55)
        assert u.flows() == ("payment_issue",), text
        assert _slots(u)["order_id"] == oid, text


async def test_a_new_request_naming_an_order_is_not_a_detail(demo: Env) -> None:
    fc = await demo.ctx("whatsapp:13125550123", "x")
    ctx = _ctx("cancel SO202611030518", fc.orders, last_flow="refund_status")
    u = _understand(ctx, "cancel_order", 0.9)
    assert u.flows() == ("cancel_order",)


async def test_a_new_item_with_its_own_question_takes_that_question(en_shop: Env) -> None:
    fc = await en_shop.ctx("slack:U07ETHAN", "x")
    ctx = _ctx("and my water bottles? they haven't arrived", fc.orders, last_flow="refund_status",
               last_order="#W7067051")
    u = _understand(ctx, "other", 0.35)
    assert u.flows() == ("order_status",)


# ------------------------------------------------------------------ "which order?" answered by items
async def test_items_naming_one_offered_order_answer_which_order(demo: Env) -> None:
    fc = await demo.ctx("wecom:zhaomin", "x", lang="zh")
    text = "就是充电宝和水壶那单"
    cands = [o["id"] for o in fc.orders][:4]
    ctx = _ctx(text, fc.orders, flow="invoice", step="choose_order", slots={"candidates": cands}, lang="zh")
    u = _understand(ctx, "product_issue", 0.83)
    assert not u.flows()                              # not a new troubleshooting request
    items = _slots(u)["items"]
    assert {i["order_id"] for i in items} == {"SO202611211710"}


def test_answers_choice_needs_exactly_one_offered_order() -> None:
    orders = [{"id": "A1", "items": [{"sku": "k", "name": "Kettle"}]},
              {"id": "B2", "items": [{"sku": "m", "name": "Mug"}]}]
    ctx = _ctx("the kettle and the mug", orders, flow="invoice", step="choose_order", slots={"candidates": ["A1", "B2"]})
    assert not CX.answers_choice(ctx, M.match_items("the kettle and the mug", ctx.orders))
    assert CX.answers_choice(ctx, M.match_items("the kettle one", ctx.orders))


# ------------------------------------------------------------------ flow-specific continuations
async def test_send_it_to_my_email_after_an_invoice_is_that_invoice(en_shop: Env) -> None:
    fc = await en_shop.ctx("line:U8a7f0owen", "x", lang="zh")
    ctx = _ctx("那发到我邮箱", fc.orders, last_flow="invoice", last_order="#W5730240", lang="zh")
    u = _understand(ctx, "order_status", 0.32)
    assert u.flows() == ("invoice",) and _slots(u)["order_id"] == "#W5730240"


async def test_check_it_after_a_late_parcel_opens_the_investigation(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5001", "x", lang="zh")
    ctx = _ctx("帮我查一下", fc.orders, last_flow="order_status", last_order="#W8615334", lang="zh")
    u = _understand(ctx, "order_status", 0.53)
    assert u.flows() == ("delivery_issue",) and _slots(u)["order_id"] == "#W8615334"


async def test_another_option_after_a_product_answer_is_that_product(demo: Env) -> None:
    fc = await demo.ctx("whatsapp:447700900123", "x")
    pid = next(p for p, v in fc.catalogue.items() if "45mm" in str(v.get("options")))
    ctx = _ctx("what about black 45mm?", fc.orders, last_flow="product_info", product=pid)
    u = _understand(ctx, "other", 0.88, fc.catalogue)
    assert u.flows() == ("product_info",) and _slots(u)["product_id"] == pid


async def test_that_address_for_the_default_is_the_one_given_earlier() -> None:
    ctx = _ctx("also update my default address to that", [], flow="change_address", step="confirm",
               slots={"address": "<ADDRESS_1>"})
    assert CX.carried_address(ctx, ctx.text, "default_address") == "<ADDRESS_1>"
    assert CX.carried_address(ctx, "update my default address", "default_address") is None


# ------------------------------------------------------------------ refunds about one order
async def test_refund_asked_for_an_order_without_one_says_so_and_its_status(demo: Env) -> None:
    fc = await demo.ctx("telegram:1003", "还有那个手表订单呢", lang="zh")
    watch = next(o for o in fc.orders if any("手表" in str(i.get("name")) for i in o["items"]))
    fc.understood = fc.understood.__class__((Command("set_slot", {"order_id": watch["id"]}),), 0.9, "test")
    out = await refunds.run(fc, Frame("refund_status"))
    assert out.step == "done"
    assert f"订单 {watch['id']} 没有退款记录" in out.answer
    assert "账户下暂时没有退款记录" not in out.answer


# ------------------------------------------------------------------ "it's been two days" after a status
async def test_delay_pushback_within_the_carriers_time_says_so_and_when_to_come_back(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "怎么还没到啊，都两天了", lang="zh")
    fc.state.last_flow, fc.state.last_order_id = "order_status", "SO202611261030"      # JD, shipped yesterday
    first = (await demo.tools.get_order(fc.customer, "SO202611261030")).data
    out = await status.run(fc, Frame("order_status"))
    assert out.step == "done"
    # 1–3 business days from Fri Nov 27: Wed Dec 2, the status answer's estimate (cases10: was 11月30日,
    # business days counted as calendar days).
    assert "正常的运输时间内" in out.answer and "1–3" in out.answer and "12月2日" in out.answer
    assert out.answer != __import__("bot.lang.replies", fromlist=["x"]).order_status(first, "zh")
    assert not demo.actions("create_ticket")


async def test_delay_pushback_past_the_carriers_time_opens_the_investigation(demo: Env) -> None:
    fc = await demo.ctx("wecom:zhaomin", "it's been 4 days, is that normal?")
    fc.state.last_flow, fc.state.last_order_id = "order_status", "SO202611231003"      # SF 1–3 days, 4 days ago
    frame = Frame("order_status")
    out = await status.run(fc, frame)
    assert frame.flow == "delivery_issue" and out.step == "done"
    made = demo.actions("create_ticket")
    assert len(made) == 1 and made[0]["ok"]
    assert fc.state.opened.get("delivery:SO202611231003")


async def test_a_first_status_question_about_an_overdue_parcel_opens_the_investigation(demo: Env) -> None:
    # Judged (playtest6 dv14): SF takes 1–3 days and it has been 4; "type 转人工" was only partly
    # right, the inquiry with the carrier is opened at once.
    fc = await demo.ctx("wecom:zhaomin", "where is my rice cooker, it's been 4 days")
    out = await status.run(fc, Frame("order_status"))
    assert "SO202611231003" in out.answer and "1–3" in out.answer
    assert len(demo.actions("create_ticket")) == 1


async def test_a_first_status_question_within_the_carriers_days_opens_nothing(demo: Env) -> None:
    fc = await demo.ctx("wecom:zhaomin", "where is my rice cooker")
    fc.now = fc.now.replace(day=25)              # shipped on the 24th: within SF's 1–3 days
    out = await status.run(fc, Frame("order_status"))
    assert "SO202611231003" in out.answer and "1–3" in out.answer and not demo.actions("create_ticket")


# ------------------------------------------------------------------ an open request is referred to
def test_an_open_exchange_is_named_with_what_it_asks_for() -> None:
    from bot.lang import replies as R
    order = {"id": "SO1", "status": "delivered", "items": [{"sku": "TS", "name": "Cotton T-shirt"}]}
    params = {"order_id": "SO1", "sku": "TS", "exchange_id": "EX-1", "status": "requested", "wanted": "size L"}
    en = R.refusal("exchange_exists", params, order, "exchange_request", "en")
    zh = R.refusal("exchange_exists", params, order, "exchange_request", "zh")
    assert "EX-1" in en and "Cotton T-shirt" in en and "size L" in en
    assert "EX-1" in zh and "换货" in zh and "size L" in zh


# ------------------------------------------------------------------ a clause restating the first request
def test_a_clause_restating_the_item_change_is_not_a_second_request() -> None:
    orders = [{"id": "A1", "status": "paid", "items": [{"sku": "RC-3L", "name": "Rice cooker 3L"}]},
              {"id": "B2", "status": "delivered", "items": [{"sku": "MUG", "name": "Mug"}]}]
    assert CX.restates("exchange_request", ["modify_order"], "我想换成5L的", orders)
    assert not CX.restates("exchange_request", ["modify_order"], "exchange the mug for a blue one", orders)
    assert not CX.restates("order_status", ["modify_order"], "where is my mug", orders)


# ------------------------------------------------------------------ clarify with candidates
def test_clarify_about_a_named_item_offers_what_its_status_allows() -> None:
    orders = [{"id": "#X9", "status": "delivered", "placed_at": "2026-11-01",
               "items": [{"sku": "T1", "name": "Smart thermostat"}, {"sku": "S1", "name": "Speaker"}]}]
    slots = {"items": [{"order_id": "#X9", "sku": "T1", "excluded": False}]}
    en = CX.clarify([], "en", False, orders, slots)
    assert "Smart thermostat" in en and "#X9" in en and "Speaker" not in en
    assert "returning an item" in en and "the warranty" in en and "cancelling" not in en
    zh = CX.clarify([], "zh", True, orders, slots)
    assert "退货" in zh and "保修" in zh and "转人工" in zh


def test_clarify_with_nothing_named_lists_recent_orders_as_candidates() -> None:
    orders = [{"id": f"O{i}", "status": "paid", "placed_at": f"2026-11-0{i}", "items": [{"sku": "k", "name": f"Item{i}"}]}
              for i in range(1, 6)]
    text = CX.clarify([], "en", False, orders, {})
    assert "O5" in text and "O4" in text and "O3" in text and "O1" not in text
    assert CX.clarify(["return_request", "exchange_request"], "en", False, orders, {}).count("O5") == 0


# ------------------------------------------------------------------ an order picked by its state
def test_an_order_described_by_its_state_is_picked_among_the_customers() -> None:
    orders = [{"id": "A1", "status": "paid", "items": []}, {"id": "B2", "status": "shipped", "items": []},
              {"id": "C3", "status": "delivered", "items": []}, {"id": "D4", "status": "delivered", "items": []}]
    assert CX.by_state("cancel the one that hasn't shipped", _ctx("", orders)) == ["A1"]
    assert CX.by_state("在路上的那个到哪了", _ctx("", orders)) == ["B2"]
    assert CX.by_state("the one that was delivered", _ctx("", orders)) == ["C3", "D4"]
    at_choice = _ctx("", orders, flow="return_request", step="choose_order", slots={"candidates": ["D4", "B2"]})
    assert CX.by_state("已经到的那个", at_choice) == ["D4"]
    assert CX.by_state("where is my order", _ctx("", orders)) == []


def test_classic_sets_the_order_picked_by_state() -> None:
    orders = [{"id": "A1", "status": "paid", "items": [{"sku": "x", "name": "Lamp"}]},
              {"id": "B2", "status": "shipped", "items": [{"sku": "y", "name": "Desk"}]}]
    u = _understand(_ctx("please cancel the order that hasn't shipped yet", orders), "cancel_order", 0.9)
    assert u.flows() == ("cancel_order",) and _slots(u)["order_id"] == "A1"


def test_clarify_on_a_product_question_is_not_anchored_on_an_owned_item() -> None:
    orders = [{"id": "#X9", "status": "delivered", "items": [{"sku": "T1", "name": "Tent 1-person green"}]}]
    slots = {"items": [{"order_id": "#X9", "sku": "T1", "excluded": False}]}
    text = CX.clarify([], "en", False, orders, slots, "Do you have the 3-person tent in orange?")
    assert "#X9" not in text and "a question about a product" in text


async def test_thanks_after_a_case_is_not_a_detail_for_it(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "x")
    oid = fc.orders[0]["id"]
    for text in ("thank you so much!", "好的谢谢"):
        ctx = _ctx(text, fc.orders, last_flow="delivery_issue", last_order=oid)
        u = _understand(ctx, "thanks_bye", 0.95)
        assert not u.flows(), text


async def test_a_question_after_a_case_is_about_it_but_not_noted_as_a_detail(demo: Env) -> None:
    fc = await demo.ctx("telegram:1001", "x", lang="zh")
    oid = fc.orders[0]["id"]
    u = _understand(_ctx("那怎么办啊", fc.orders, last_flow="delivery_issue", last_order=oid, lang="zh"), "other", 0.5)
    assert u.flows() == ("delivery_issue",)
    assert not any("a detail" in r for r in u.reasons)
    u = _understand(_ctx("paypal", fc.orders, last_flow="payment_issue", last_order=oid), "other", 0.5)
    assert any("a detail" in r for r in u.reasons)


# ------------------------------------------------------------------ warranty of the product just described
async def test_warranty_after_a_product_answer_is_that_products(demo: Env) -> None:
    from bot.dialogue.flows import warranty
    fc = await demo.ctx("whatsapp:447700900123", "does it come with a warranty?")
    pid = next(p for p, v in fc.catalogue.items() if "45mm" in str(v.get("options")))
    ctx = _ctx("does it come with a warranty?", fc.orders, last_flow="product_info", product=pid)
    u = _understand(ctx, "product_issue", 0.7, fc.catalogue)
    assert u.flows() == ("warranty",) and _slots(u)["product_id"] == pid
    fc.understood = u
    out = await warranty.run(fc, Frame("warranty"))
    name = fc.catalogue[pid]["name"]
    assert out.step == "done" and name in out.answer and "12-month" in out.answer
    assert "order" not in out.answer.split("How to claim")[0]          # not about an order they own


async def test_another_order_named_after_a_case_does_not_continue_the_case(demo: Env) -> None:
    fc = await demo.ctx("wecom:zhaomin", "x", lang="zh")
    case, other = "SO202611211710", "SO202611231003"
    u = _understand(_ctx(f"{other} 呢", fc.orders, last_flow="delivery_issue", last_order=case, lang="zh"), "order_status", 0.5)
    assert "delivery_issue" not in u.flows()
    u = _understand(_ctx(f"订单号 {case}", fc.orders, last_flow="delivery_issue", last_order=case, lang="zh"), "other", 0.5)
    assert u.flows() == ("delivery_issue",)


def test_a_question_whether_it_arrived_picks_no_order_by_state() -> None:
    orders = [{"id": "B2", "status": "shipped", "items": []}, {"id": "C3", "status": "delivered", "items": []}]
    assert CX.by_state("has my parcel already arrived?", _ctx("", orders)) == []
    assert CX.by_state("我的包裹已经到了吗", _ctx("", orders)) == []
    assert CX.by_state("the one that was delivered", _ctx("", orders)) == ["C3"]


# ------------------------------------------------------------------ a yes restating the proposal
def test_yes_restating_the_proposed_quantity_confirms_it() -> None:
    orders = [{"id": "A1", "status": "paid", "items": [{"sku": "BAG", "name": "Tote bag", "qty": 2}]}]
    slots = {"order_id": "A1", "qty": 1, "items": [{"order_id": "A1", "sku": "BAG", "excluded": False}]}
    u = _understand(_ctx("对 改成一个", orders, flow="modify_order", step="confirm", slots=slots, lang="zh"),
                    "modify_order", 0.6)
    assert u.names()[0] == "confirm" and "correct_slot" not in u.names()
    u = _understand(_ctx("对 改成两个", orders, flow="modify_order", step="confirm", slots=slots, lang="zh"),
                    "modify_order", 0.6)
    assert u.names() == ("correct_slot",) and u.commands[0].args["qty"] == 2
    assert CX.same_as_proposal({"options": {"color": "black"}}, {"options": {"color": "black", "size": "M"}})
    assert not CX.same_as_proposal({"options": {"color": "white"}}, {"options": {"color": "black"}})


# ------------------------------------------------------------------ "the big one" among same-product lines
def test_pick_by_size_needs_a_size_word_and_comparable_sizes() -> None:
    lines = [{"sku": "A", "name": "Skillet 12 inch", "options": {"size": "12 inch", "material": "steel"}},
             {"sku": "B", "name": "Skillet 10 inch", "options": {"size": "10 inch", "material": "iron"}}]
    assert CX.pick_by_size("the big skillet", lines) == [0]
    assert CX.pick_by_size("小的那个", lines) == [1]
    assert CX.pick_by_size("the skillet", lines) == []
    assert CX.pick_by_size("the big one", [{"name": "Mug"}, {"name": "Cup"}]) == []


async def test_the_big_one_settles_which_line_a_change_is_about(en_shop: Env) -> None:
    from bot.dialogue.flows import changes
    from tests.dialogue.conftest import items_slot
    text = "change the big skillet to cast iron, it's not shipped yet"
    fc = await en_shop.ctx("discord:880011223344", text)
    fc.understood = fc.understood.__class__((items_slot(text, fc),), 0.9, "test")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm", out.answer
    assert frame.slots["swaps"][0]["sku"] == "SKL-12-SS" and frame.slots["swaps"][0]["new_sku"] == "SKL-12-CI"


def test_a_fault_or_new_request_naming_an_offered_order_is_not_the_answer() -> None:
    orders = [{"id": "A1", "items": [{"sku": "k", "name": "Kettle"}]},
              {"id": "B2", "items": [{"sku": "m", "name": "Mug"}]}]
    for text in ("actually the kettle is broken", "cancel the kettle"):
        ctx = _ctx(text, orders, flow="invoice", step="choose_order", slots={"candidates": ["A1", "B2"]})
        assert not CX.answers_choice(ctx, M.match_items(text, ctx.orders)), text
    ctx = _ctx("the kettle one", orders, flow="invoice", step="choose_order", slots={"candidates": ["A1", "B2"]})
    assert CX.answers_choice(ctx, M.match_items("the kettle one", ctx.orders))


def test_other_reference_in_mixed_chinese_and_english() -> None:
    for text in ("my other 订单呢", "那另一个order呢", "and the other one?", "另外那单呢"):
        assert CX.OTHER_REF.search(text), text
    assert not CX.OTHER_REF.search("where is my order")
