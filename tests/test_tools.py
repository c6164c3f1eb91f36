"""Shop tools against a real store seeded with the demo shop: ownership, side effects, trace privacy."""
import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.core.trace import Trace
from bot.shop.store import Store
from bot.shop.tools import ShopTools, ToolResult

DEMO = json.loads((Path(__file__).resolve().parents[1] / "config" / "demo_shop.json").read_text(encoding="utf-8"))
NOW = max(datetime.fromisoformat(v) for k in ("orders", "returns", "exchanges", "refunds", "tickets", "invoices")
          for r in DEMO[k] for f, v in r.items() if f.endswith("_at") and v) + timedelta(days=1)
NEW_ADDRESS = "浙江省杭州市余杭区文一西路969号 新地址"
TITLE = "上海张氏贸易有限公司"
TRANSCRIPT = ["user: 我叫张伟，电话13812345678，快递一直没到", "bot: 抱歉，马上为您转人工"]


def find(customer_id, status, pred=lambda o: True):
    return next(o for o in DEMO["orders"] if o["customer_id"] == customer_id and o["status"] == status and pred(o))


def age(o):
    return NOW - datetime.fromisoformat(o["delivered_at"])


@pytest.fixture
async def env(tmp_path):
    store = await Store.open(tmp_path / "tools.db")
    await store.import_fixture(DEMO)
    trace = Trace()
    tools = ShopTools(store, await store.policies(), NOW, trace)
    c1 = (await tools.resolve_customer("telegram:1001")).customer
    emily = (await tools.resolve_customer("web:demo")).customer
    yield store, tools, trace, c1, emily
    await store.close()


async def test_resolve_customer(env):
    store, tools, trace, c1, emily = env
    assert (c1.id, c1.name) == ("c1", "张伟")
    r = await tools.resolve_customer("telegram:424242")
    assert (r.ok, r.code, r.data, r.customer) == (False, "not_found", {}, None)
    assert trace.actions[-1] == {"name": "resolve_customer", "args": {}, "ok": False, "result": {"code": "not_found"}}


async def test_list_and_get_orders(env):
    store, tools, trace, c1, emily = env
    r = await tools.list_orders(c1, limit=3)
    placed = [o["placed_at"] for o in r.data["orders"]]
    assert r.ok and len(placed) == 3 and r.data["count"] == sum(o["customer_id"] == "c1" for o in DEMO["orders"])
    assert [datetime.fromisoformat(p) for p in placed] == sorted((datetime.fromisoformat(p) for p in placed),
                                                                 reverse=True)
    assert (await tools.list_orders(None)).data == {"orders": [], "count": 0}
    shipped = find("c1", "shipped")
    g = await tools.get_order(c1, shipped["id"])
    assert g.ok and g.data["tracking_no"] == shipped["tracking_no"] and g.data["carrier"] == shipped["carrier"]
    assert set(g.data) == {"id", "status", "placed_at", "shipped_at", "delivered_at", "carrier", "tracking_no",
                           "currency", "total", "items", "payment_method_id", "ship_country"}
    assert set(g.data["items"][0]) == {"sku", "product_id", "name", "options", "qty", "price", "category"}


async def test_someone_elses_order_is_indistinguishable_from_a_missing_one(env):
    store, tools, trace, c1, emily = env
    before = await store.export_fixture()
    theirs = find("c8", "paid")["id"]   # Emily's paid order: cancellable, changeable, invoiceable
    delivered = find("c8", "delivered", lambda o: age(o) < timedelta(days=7))["id"]
    calls = [
        ("get_order", lambda c, o: tools.get_order(c, o)),
        ("cancel_order", lambda c, o: tools.cancel_order(c, o)),
        ("check_cancel", lambda c, o: tools.check_cancel(c, o)),
        ("change_address", lambda c, o: tools.change_address(c, o, "<ADDRESS_1>")),
        ("check_address_change", lambda c, o: tools.check_address_change(c, o)),
        ("request_invoice", lambda c, o: tools.request_invoice(c, o)),
        ("refund_status", lambda c, o: tools.refund_status(c, o)),
    ]
    for name, call in calls:
        for oid in (theirs, delivered):
            as_stranger = await call(c1, oid)
            trace_stranger = trace.actions[-1]
            as_unknown_identity = await call(None, oid)
            assert as_stranger == as_unknown_identity == ToolResult(False, "not_found", {"order_id": oid}), name
            assert trace.actions[-1] == trace_stranger
            missing = await call(c1, "SO209912312359")
            assert (missing.ok, missing.code, set(missing.data)) == (False, "not_found", {"order_id"})
    for name, call in [("create_return", lambda c, o: tools.create_return(c, o, "size_issue")),
                       ("check_return", lambda c, o: tools.check_return(c, o)),
                       ("create_exchange", lambda c, o: tools.create_exchange(c, o, None, "size 43", "size_issue")),
                       ("check_exchange", lambda c, o: tools.check_exchange(c, o))]:
        assert await call(c1, delivered) == await call(None, delivered) == \
            ToolResult(False, "not_found", {"order_id": delivered}), name
    assert await store.export_fixture() == before   # nothing happened to Emily's orders
    # Emily herself can see it.
    assert (await tools.get_order(emily, theirs)).ok


async def test_cancel_paid_creates_processing_refund_and_pending_none(env):
    store, tools, trace, c1, emily = env
    paid = find("c1", "paid")
    assert (await tools.check_cancel(c1, paid["id"])).ok
    assert len(await store.refunds_for_customer("c1", paid["id"])) == 0   # checks have no side effects
    r = await tools.cancel_order(c1, paid["id"])
    assert r.ok and r.data["refund"]["amount"] == paid["total"] and r.data["refund"]["status"] == "processing"
    pending = find("c8", "pending")
    r2 = await tools.cancel_order(emily, pending["id"])
    assert r2.ok and r2.data["refund"] is None
    out = await store.export_fixture()
    status = {o["id"]: o["status"] for o in out["orders"]}
    assert status[paid["id"]] == status[pending["id"]] == "cancelled"
    refunds = [f for f in out["refunds"] if f["order_id"] in (paid["id"], pending["id"])]
    assert [(f["order_id"], f["amount"], f["status"]) for f in refunds] == [(paid["id"], paid["total"], "processing")]
    assert refunds[0]["id"].startswith("RF") and datetime.fromisoformat(refunds[0]["created_at"]) == NOW
    again = await tools.cancel_order(c1, paid["id"])
    assert (again.ok, again.code) == (False, "already_cancelled")


async def test_cancel_or_readdress_after_shipping_is_refused_and_leaves_order(env):
    store, tools, trace, c1, emily = env
    shipped = find("c1", "shipped")
    before = await store.export_fixture()
    assert (await tools.cancel_order(c1, shipped["id"])).code == "already_shipped"
    assert (await tools.change_address(c1, shipped["id"], NEW_ADDRESS)).code == "already_shipped"
    assert await store.export_fixture() == before


async def test_change_address(env):
    store, tools, trace, c1, emily = env
    paid = find("c1", "paid")
    r = await tools.change_address(c1, paid["id"], NEW_ADDRESS)
    assert r.ok and r.data["address"] == "[changed]"
    assert trace.actions[-1]["args"] == {"order_id": paid["id"], "address": "[changed]"}
    await tools.change_address(c1, paid["id"], "<ADDRESS_2>")
    assert trace.actions[-1]["args"]["address"] == "<ADDRESS_2>"
    await tools.change_address(c1, paid["id"], NEW_ADDRESS)
    out = await store.export_fixture()
    assert next(o for o in out["orders"] if o["id"] == paid["id"])["shipping_address"] == NEW_ADDRESS


async def test_create_return_with_refund_then_refuse_duplicate(env):
    store, tools, trace, c1, emily = env
    recent = find("c1", "delivered", lambda o: age(o) < timedelta(days=3))
    r = await tools.create_return(c1, recent["id"], "size_issue")
    assert r.ok and r.data["return_id"].startswith("RT") and r.data["refund"]["status"] == "pending"
    assert r.data["refund"]["amount"] == recent["total"]
    again = await tools.create_return(c1, recent["id"], "size_issue")
    assert (again.ok, again.code, again.data["return_id"]) == (False, "return_exists", r.data["return_id"])
    out = await store.export_fixture()
    ret = next(x for x in out["returns"] if x["id"] == r.data["return_id"])
    assert (ret["order_id"], ret["status"], ret["reason"], ret["skus"]) == (
        recent["id"], "requested", "size_issue", [i["sku"] for i in recent["items"]])
    refund = next(x for x in out["refunds"] if x["id"] == r.data["refund"]["id"])
    assert (refund["amount"], refund["status"], refund["return_id"]) == (recent["total"], "pending", ret["id"])
    st = await tools.refund_status(c1, recent["id"])
    assert st.ok and [f["id"] for f in st.data["refunds"]] == [refund["id"]]


async def test_return_of_mixed_order_leaves_out_food(env):
    store, tools, trace, c1, emily = env
    mixed = find("c1", "delivered", lambda o: {i["category"] for i in o["items"]} == {"food", "apparel"})
    r = await tools.create_return(c1, mixed["id"], "不想要了")
    apparel = next(i for i in mixed["items"] if i["category"] == "apparel")
    assert r.ok and r.data["skus"] == [apparel["sku"]] and r.data["excluded"] == ["SNACK-NUT"]
    assert Decimal(r.data["refund"]["amount"]) == Decimal(apparel["price"]) * apparel["qty"]
    assert trace.actions[-1]["args"]["reason"] == "[text]"   # free text reason not in trace


async def test_expired_return_is_refused_with_the_rule_and_creates_nothing(env):
    store, tools, trace, c1, emily = env
    old = find("c1", "delivered", lambda o: timedelta(days=8) < age(o) < timedelta(days=15))
    before = await store.export_fixture()
    r = await tools.create_return(c1, old["id"], "changed_mind")
    assert (r.ok, r.code, r.data["days"]) == (False, "return_window_expired", 7)
    assert r.data["delivered_at"] == old["delivered_at"]
    assert await store.export_fixture() == before
    # Still inside the exchange window.
    sku = old["items"][0]["sku"]
    e = await tools.create_exchange(c1, old["id"], sku, "XL", "size_issue")
    assert e.ok and e.data["exchange_id"].startswith("EX")
    out = await store.export_fixture()
    ex = next(x for x in out["exchanges"] if x["id"] == e.data["exchange_id"])
    assert (ex["order_id"], ex["sku"], ex["wanted"], ex["status"], ex["reason"]) == (
        old["id"], sku, "XL", "requested", "size_issue")
    assert (await tools.check_exchange(c1, old["id"], sku)).code == "exchange_exists"


async def test_refund_status_only_own_refunds(env):
    store, tools, trace, c1, emily = env
    r = await tools.refund_status(emily)
    own = {o["id"] for o in DEMO["orders"] if o["customer_id"] == "c8"}
    assert r.ok and r.data["refunds"] and {f["order_id"] for f in r.data["refunds"]} <= own
    assert all(set(f) >= {"id", "amount", "currency", "status", "created_at"} for f in r.data["refunds"])
    assert (await tools.refund_status(None)).code == "no_refunds"


async def test_ticket_and_invoice(env):
    store, tools, trace, c1, emily = env
    t = await tools.create_ticket(c1, "telegram:1001", "conv-7", "human_agent", TRANSCRIPT)
    assert t.ok and t.data["ticket_id"].startswith("TK")
    assert trace.actions[-1]["args"] == {"customer_id": "c1", "conversation": "conv-7", "reason": "human_agent",
                                         "lines": 2}
    anon = await tools.create_ticket(None, "web:someone", "conv-8", "human_agent", ["user: hi"])
    delivered = find("c1", "delivered")
    inv = await tools.request_invoice(c1, delivered["id"], TITLE)
    assert inv.ok and inv.data["invoice_id"].startswith("IV")
    dup = await tools.request_invoice(c1, delivered["id"])
    assert (dup.ok, dup.code, dup.data["invoice_id"]) == (True, "already_requested", inv.data["invoice_id"])
    unpaid = find("c8", "pending")
    assert (await tools.request_invoice(emily, unpaid["id"])).code == "not_paid"
    out = await store.export_fixture()
    ticket = next(x for x in out["tickets"] if x["id"] == t.data["ticket_id"])
    assert (ticket["customer_id"], ticket["conversation"], ticket["reason"], ticket["transcript"]) == (
        "c1", "conv-7", "human_agent", TRANSCRIPT)
    assert next(x for x in out["tickets"] if x["id"] == anon.data["ticket_id"])["customer_id"] is None
    invoice = next(x for x in out["invoices"] if x["id"] == inv.data["invoice_id"])
    assert (invoice["order_id"], invoice["title"], invoice["status"]) == (delivered["id"], TITLE, "requested")


async def test_trace_actions_hold_no_personal_data(env):
    store, tools, trace, c1, emily = env
    paid, recent = find("c1", "paid"), find("c1", "delivered", lambda o: age(o) < timedelta(days=3))
    await tools.list_orders(c1)
    await tools.get_order(c1, recent["id"])
    await tools.check_cancel(c1, paid["id"])
    await tools.change_address(c1, paid["id"], NEW_ADDRESS)
    await tools.cancel_order(c1, paid["id"])
    await tools.check_return(c1, recent["id"])
    await tools.create_return(c1, recent["id"], "鞋码偏小，我电话13812345678")
    await tools.check_exchange(c1, recent["id"])
    await tools.create_ticket(c1, "telegram:1001", "conv", "human_agent", TRANSCRIPT)
    await tools.request_invoice(c1, recent["id"], TITLE)
    await tools.refund_status(c1)
    await tools.list_orders(emily)
    names = {a["name"] for a in trace.actions}
    assert len(names) >= 11
    dump = json.dumps(trace.actions, ensure_ascii=False)
    pii = [NEW_ADDRESS, TITLE, "telegram:1001", "web:demo", *TRANSCRIPT]
    for c in DEMO["customers"]:
        pii += [c["name"], c["phone"], c["email"]]
    pii += [o["shipping_address"] for o in DEMO["orders"]]
    assert [p for p in pii if p in dump] == []
    assert recent["id"] in dump and recent["tracking_no"] in dump   # the useful facts are there


# ---------------------------------------------------------------------------- the catalogue tools
def own(customer_id, oid):
    return next(o for o in DEMO["orders"] if o["id"] == oid and o["customer_id"] == customer_id)


async def test_item_change_by_capacity_priced_in_the_orders_currency(env):
    store, tools, trace, c1, emily = env
    paid = next(o for o in DEMO["orders"] if o["customer_id"] == "c8" and o["status"] in ("paid", "pending")
                and o["items"][0]["sku"] == "RC-3L")                               # Emily pays in USD
    m = await tools.match_variant(emily, paid["id"], "RC-3L", "can I get the 5L one instead?")
    assert m.ok and (m.data["new_sku"], m.data["changed"]) == ("RC-5L", {"capacity": "5L"})
    assert (m.data["price"], m.data["currency"], m.data["price_difference"]) == ("85.00", "USD", "16.00")
    r = await tools.change_items(emily, paid["id"], [("RC-3L", 1, "RC-5L")])
    assert r.ok and (r.data["price_difference"], r.data["currency"], r.data["total"]) == ("16.00", "USD", "85.00")
    assert r.data["before"] == [{"sku": "RC-3L", "qty": 1}] and r.data["after"] == [{"sku": "RC-5L", "qty": 1}]
    out = await store.export_fixture()
    order = next(o for o in out["orders"] if o["id"] == paid["id"])
    assert [(i["sku"], i["price"], i["options"]) for i in order["items"]] == [("RC-5L", "85.00", {"capacity": "5L"})]
    assert [c["kind"] for c in out["order_changes"] if c["order_id"] == paid["id"]] == ["items"]
    # Another product is refused, and so is anything after shipping.
    assert (await tools.change_items(c1, find("c1", "paid")["id"], [("KT-15", 1, "RC-5L")])).code == \
        "different_product"
    assert (await tools.change_items(c1, find("c1", "shipped")["id"], [("HD-2000", 1, "HD-2000-RG")])).code == \
        "already_shipped"


async def test_match_variant_reads_chinese_option_words(env):
    store, tools, trace, c1, emily = env
    paid = find("c1", "paid")                       # the 1.5L stainless kettle
    m = await tools.match_variant(c1, paid["id"], "KT-15", "能换成玻璃的吗")
    assert m.ok and m.data["new_sku"] == "KT-15-GL" and m.data["changed"] == {"material": "glass"}
    same = await tools.match_variant(c1, paid["id"], "KT-15", "还是1.5L就好")
    assert (same.ok, same.code) == (False, "no_change")


async def test_payment_change_refuses_someone_elses_method_like_an_unknown_one(env):
    store, tools, trace, c1, emily = env
    paid = find("c1", "paid")
    before = await store.export_fixture()
    theirs = await tools.change_payment(c1, paid["id"], emily.payment_methods[0].id)
    unknown = await tools.change_payment(c1, paid["id"], "pm-nobody")
    assert (theirs.ok, theirs.code, theirs.data) == (False, "payment_method_not_found",
                                                     {"payment_method_id": emily.payment_methods[0].id})
    assert (unknown.ok, unknown.code, set(unknown.data)) == (False, "payment_method_not_found", {"payment_method_id"})
    assert await store.export_fixture() == before
    other = next(p.id for p in c1.payment_methods if p.id != paid["payment_method_id"])
    ok = await tools.change_payment(c1, paid["id"], other)
    assert ok.ok and ok.data["type"] in {"alipay", "wechat_pay", "card"}
    assert (await tools.get_order(c1, paid["id"])).data["payment_method_id"] == other


async def test_default_address_change_is_exported_and_not_traced(env):
    store, tools, trace, c1, emily = env
    r = await tools.change_default_address(c1, NEW_ADDRESS)
    assert r.ok and trace.actions[-1]["args"] == {"address": "[changed]"}
    out = await store.export_fixture()
    assert next(c for c in out["customers"] if c["id"] == "c1")["default_address"] == NEW_ADDRESS
    assert NEW_ADDRESS not in json.dumps(trace.actions, ensure_ascii=False)
    labels = [p["label"] for c in DEMO["customers"] for p in c["payment_methods"]]
    await tools.payment_methods(c1)
    assert not [x for x in labels if x in json.dumps(trace.actions, ensure_ascii=False)]


async def test_return_one_of_two_shirts_with_quantity(env):
    store, tools, trace, c1, emily = env
    mixed = find("c1", "delivered", lambda o: {i["sku"] for i in o["items"]} == {"SNACK-NUT", "TS-COTTON"})
    r = await tools.create_return(c1, mixed["id"], "size_issue", items=[("TS-COTTON", 1)])
    assert r.ok and r.data["items"] == [{"sku": "TS-COTTON", "qty": 1}] and r.data["refund"]["amount"] == "79.00"
    assert r.data["refund_to"] == mixed["payment_method_id"]
    left = await tools.check_return(c1, mixed["id"], items=[("TS-COTTON", 2)])
    assert (left.ok, left.code, left.data["max"]) == (False, "invalid_quantity", 1)
    assert (await tools.check_return(c1, mixed["id"], items=[("TS-COTTON", 1)])).ok


async def test_exchange_to_a_variant_chosen_by_capacity(env):
    store, tools, trace, c1, emily = env
    c7 = (await tools.resolve_customer(next(c for c in DEMO["customers"] if c["id"] == "c7")["identities"][0])).customer
    order = find("c7", "delivered", lambda o: {i["sku"] for i in o["items"]} == {"PB-10K", "KT-15"})
    m = await tools.match_variant(c7, order["id"], "PB-10K", "the 20000mAh power bank please")
    assert m.ok and m.data["new_sku"] == "PB-20K"
    check = await tools.check_exchange(c7, order["id"], "PB-10K", new_sku="PB-20K")
    assert check.ok and check.data["price_difference"] == "50.00"
    e = await tools.create_exchange(c7, order["id"], "PB-10K", "20000mAh", "capacity", new_sku="PB-20K")
    assert e.ok and e.data["items"] == [{"sku": "PB-10K", "qty": 1, "new_sku": "PB-20K"}]
    assert e.data["price_difference"] == "50.00"
    out = await store.export_fixture()
    ex = next(x for x in out["exchanges"] if x["id"] == e.data["exchange_id"])
    assert (ex["items"], ex["price_difference"], ex["wanted"]) == (
        [{"sku": "PB-10K", "qty": 1, "new_sku": "PB-20K"}], "50.00", "20000mAh")
    assert (await tools.check_exchange(c7, order["id"], "KT-15", new_sku="PB-20K")).code == "different_product"


async def test_order_ids_as_the_customer_writes_them(env):
    store, tools, trace, c1, emily = env
    paid = find("c1", "paid")["id"]                       # SO2026…
    spaced = "so " + " ".join(paid[2:][i:i + 4] for i in range(0, len(paid) - 2, 4))
    r = await tools.find_order_ids(c1, f"我的订单 {spaced} 还没发货")
    assert r.data["order_ids"] == [paid] and r.data["unknown"] == []
    theirs = find("c8", "paid")["id"]
    r2 = await tools.find_order_ids(c1, f"what about {theirs}?")
    assert r2.data == {"order_ids": [], "unknown": [theirs]}
    assert (await tools.get_order(c1, paid.lower())).data["id"] == paid


async def test_search_products_in_both_languages(env):
    store, tools, trace, c1, emily = env
    zh = await tools.search_products("有1.7L的电热水壶吗", "zh")
    top = zh.data["products"][0]
    assert top["product"]["id"] == "P-KT" and top["name"] == "电热水壶" and top["options"] == {"capacity": "1.7L"}
    assert {v["sku"] for v in top["variants"]} == {"KT-17", "KT-17-GL"}
    en = await tools.search_products("is the rose gold hair dryer back in stock", "en")
    assert en.data["products"][0]["product"]["id"] == "P-HD-2000"
    assert {v["sku"] for v in en.data["products"][0]["variants"]} == {"HD-2000-RG", "HD-2000-RG-US"}
