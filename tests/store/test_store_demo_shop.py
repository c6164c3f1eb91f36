"""The shipped demo shop (config/demo_shop.json) imports, round-trips and is rich enough."""
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.shop.policy import can_return
from bot.shop.store import ORDER_STATUSES, rebase_fixture_dates

CATALOG = {
    "SHOE-RUN-42": ("跑鞋 42码", "Running shoes size 42", "shoes"),
    "HD-2000": ("AirFlow HD-2000 吹风机", "AirFlow HD-2000 hair dryer", "appliances"),
    "EB-PRO": ("无线耳机 Pro", "Wireless earbuds Pro", "electronics"),
    "KT-15": ("电热水壶 1.5L", "Electric kettle 1.5L", "appliances"),
    "TS-COTTON": ("纯棉T恤", "Cotton T-shirt", "apparel"),
    "JK-DOWN": ("羽绒服", "Down jacket", "apparel"),
    "SNACK-NUT": ("坚果礼盒", "Nut gift box", "food"),
    "UW-SET": ("内衣套装", "Underwear set", "underwear"),
    "MUG-CUSTOM": ("定制马克杯", "Custom mug", "customized"),
    "PB-10K": ("充电宝 10000mAh", "Power bank 10000mAh", "electronics"),
    "WATCH-S2": ("智能手表 S2", "Smart watch S2", "electronics"),
    "BAG-TOTE": ("帆布包", "Canvas tote bag", "bags"),
    "RC-3L": ("电饭煲 3L", "Rice cooker 3L", "appliances"),
}
TRACKING = {"SF": r"SF\d{13}", "JD": r"JDVA\d{11}", "YTO": r"YT\d{13}", "ZTO": r"7\d{13}",
            "EMS": r"EA\d{9}CN", "UPS": r"1Z[0-9A-Z]{16}", "DHL": r"\d{10}"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def latest_timestamp(fixture):
    return max(datetime.fromisoformat(v) for k in ("orders", "returns", "exchanges", "refunds", "tickets", "invoices")
               for r in fixture[k] for f, v in r.items() if f.endswith("_at") and v)


async def test_demo_shop_round_trips_unchanged(open_store, tmp_path, demo_shop, cipher):
    store = await open_store(tmp_path / "demo.db", cipher=cipher)
    await store.import_fixture(demo_shop)
    assert await store.export_fixture() == demo_shop
    await store.close()


def test_demo_shop_counts_and_shape(demo_shop):
    f = demo_shop
    assert f["policies"] == {"return_window_days": 7, "exchange_window_days": 15,
                             "non_returnable_categories": ["food", "underwear", "customized"]}
    customers = {c["id"]: c for c in f["customers"]}
    zh = {cid for cid, c in customers.items() if CJK.search(c["name"])}
    assert len(customers) >= 12 and len(zh) >= 6 and len(customers) - len(zh) >= 6
    assert all(1 <= len(c["identities"]) <= 3 for c in customers.values())
    idents = {i: c["id"] for c in customers.values() for i in c["identities"]}
    platforms = {i.split(":", 1)[0] for i in idents}
    assert {"telegram", "slack", "line", "whatsapp", "feishu", "wecom", "dingtalk", "discord", "web"} <= platforms
    assert idents["telegram:1001"] == "c1" and customers["c1"]["name"] == "张伟"
    assert "telegram:1002" in idents
    assert any(i.startswith("whatsapp:861") for i in idents)
    assert any(re.fullmatch(r"slack:U\w+", i) for i in idents) and any(i.startswith("feishu:ou_") for i in idents)
    assert any(i.startswith("line:U") for i in idents)
    assert not CJK.search(customers[idents["web:demo"]]["name"])

    orders = f["orders"]
    assert len(orders) >= 50
    assert len({o["id"] for o in orders}) == len(orders)
    assert all(re.fullmatch(r"SO\d{12}", o["id"]) for o in orders)
    assert set(Counter(o["status"] for o in orders)) == set(ORDER_STATUSES)
    assert {o["carrier"] for o in orders if o["carrier"]} == set(TRACKING)
    assert {o["currency"] for o in orders} == {"CNY", "USD"}
    by_customer = Counter(o["customer_id"] for o in orders)
    assert by_customer["c1"] >= 3 and by_customer[idents["web:demo"]] >= 3
    for o in orders:
        chinese = o["customer_id"] in zh
        assert o["currency"] == ("CNY" if chinese else "USD")
        if o["status"] in ("shipped", "delivered", "returned"):
            assert re.fullmatch(TRACKING[o["carrier"]], o["tracking_no"]), o["tracking_no"]
            assert o["shipped_at"]
        else:
            assert o["carrier"] is None and o["tracking_no"] is None and o["shipped_at"] is None
        assert bool(o["delivered_at"]) == (o["status"] in ("delivered", "returned"))
        total = 0
        for item in o["items"]:
            zh_name, en_name, category = CATALOG[item["sku"]]
            assert item["name"] == (zh_name if chinese else en_name) and item["category"] == category
            total += float(item["price"]) * item["qty"]
        assert abs(total - float(o["total"])) < 0.005
    order_ids = {o["id"] for o in orders}
    for key in ("returns", "refunds", "exchanges", "invoices"):
        assert all(r["order_id"] in order_ids for r in f[key])
    assert len(f["returns"]) >= 3 and len(f["refunds"]) >= 3 and len(f["tickets"]) >= 2
    returned = {o["id"] for o in orders if o["status"] == "returned"}
    assert returned <= {r["order_id"] for r in f["returns"] if r["status"] == "completed"}


def test_demo_shop_is_useful_on_the_day_after_its_latest_record(demo_shop):
    """The demo's "today" is one day after its latest timestamp (what rebase produces)."""
    now = latest_timestamp(demo_shop) + timedelta(days=1)
    orders = demo_shop["orders"]
    c1 = [o for o in orders if o["customer_id"] == "c1"]
    assert any(o["status"] == "shipped" for o in c1)
    ages = [now - datetime.fromisoformat(o["delivered_at"]) for o in c1 if o["status"] == "delivered"]
    assert any(timedelta(days=2) <= a < timedelta(days=3) for a in ages)   # delivered 2 days ago
    delivered = [now - datetime.fromisoformat(o["delivered_at"]) for o in orders if o["status"] == "delivered"]
    assert sum(a < timedelta(days=7) for a in delivered) >= 5
    assert sum(a > timedelta(days=8) for a in delivered) >= 5


async def test_rebased_demo_keeps_c1_recent_delivery_returnable(open_store, tmp_path, demo_shop):
    now = datetime.now(UTC)
    fixture = rebase_fixture_dates(demo_shop, now)
    assert latest_timestamp(fixture) == now.replace(microsecond=0) - timedelta(days=1)
    store = await open_store(tmp_path / "demo.db")
    await store.import_fixture(fixture)
    policies = await store.policies()
    orders = await store.list_orders((await store.customer_for_identity("telegram:1001")).id)
    recent = [o for o in orders if o.status == "delivered" and any(i.sku == "SHOE-RUN-42" for i in o.items)]
    assert can_return(recent[0], policies, now).ok
    await store.close()


def test_demo_shop_catalogue_payment_methods_and_addresses(demo_shop):
    f = demo_shop
    variants = {v["sku"]: (p, v) for p in f["products"] for v in p["variants"]}
    assert len(f["products"]) >= 12 and len(variants) >= 40
    assert all(p["name"] and CJK.search(p["name_zh"]) for p in f["products"])
    dims = {d for p in f["products"] for d in p["options"]}
    assert {"size", "color", "capacity", "material"} <= dims
    assert any(v["stock"] == 0 for _, v in variants.values()) and any(v["stock"] > 5 for _, v in variants.values())
    owner = {pm["id"]: c["id"] for c in f["customers"] for pm in c["payment_methods"]}
    assert all(c["default_address"] and len(c["payment_methods"]) >= 2 for c in f["customers"])
    for o in f["orders"]:
        assert owner[o["payment_method_id"]] == o["customer_id"]
        for item in o["items"]:
            product, variant = variants[item["sku"]]
            assert (item["product_id"], item["options"]) == (product["id"], variant["options"])
            # USD customers pay the variant's USD price, Chinese customers its CNY price.
            assert item["price"] == (variant["prices"]["USD"] if o["currency"] == "USD" else variant["price"])
    # Every product with options has a sibling variant to swap to.
    assert all(len(p["variants"]) >= 2 for p in f["products"] if p["options"])
